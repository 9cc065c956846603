#!/usr/bin/env bash
# Release builds: turns the repository's signing secrets and variables into
# what `tauri build` reads, for one runner (RUNNER_OS), and skips each kind of
# signing whose secrets are absent. Called by .github/workflows/release.yml
# with the secrets in its environment; RELEASING.md lists them.
#
# Tauri's bundler treats a variable that is set but empty as present (an empty
# APPLE_API_ISSUER still starts notarization, an empty APPLE_CERTIFICATE still
# tries to import a certificate), so nothing here passes a secret on unless
# it is non-empty: the ones that are go to $GITHUB_ENV, for the build step only
# (it is the last step that runs anything from the repository).
#
# Settings that belong in tauri.conf.json go to a config file merged over it
# (`tauri build --config FILE`), written to $RELEASE_CONFIG; its path is this
# step's output `args`. That file's content is compiled into the app, so it
# never holds a secret: the updater's public key and the Windows sign command
# are repository variables, not secrets.
#
# Outputs (to $GITHUB_OUTPUT): args=--config FILE (or empty), and one line
# per kind of signing saying whether it is on.
set -euo pipefail

: "${RUNNER_OS:?}" "${GITHUB_ENV:?}" "${GITHUB_OUTPUT:?}" "${RUNNER_TEMP:?}" "${GITHUB_REPOSITORY:?}"
RELEASE_CONFIG=${RELEASE_CONFIG:-tauri.release.conf.json}

# Appends NAME=VALUE to $GITHUB_ENV (multi-line safe), only when VALUE is set.
export_env() {
    local name=$1 value=${2-}
    [[ -n "$value" ]] || return 0
    local delimiter
    delimiter="EOF_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
    printf '%s<<%s\n%s\n%s\n' "$name" "$delimiter" "$value" "$delimiter" >>"$GITHUB_ENV"
}

say() { printf '%s\n' "$*"; echo "- $*" >>"${GITHUB_STEP_SUMMARY:-/dev/null}"; }

config='{}'
merge() { config=$(jq -c --argjson add "$1" '. * $add' <<<"$config"); }

# The in-app updater's artifacts: a .sig beside each installer and latest.json
# (tauri-action's uploadUpdaterJson). Needs the private key (secret) and the
# public key it is checked against (variable); the endpoint is this repository.
# requireSignedVersion: a signature must name the version it was made for
# (tauri build records it), so a tampered latest.json cannot offer an older
# signed release as a newer one.
updater=off
if [[ -n "${TAURI_SIGNING_PRIVATE_KEY:-}" && -n "${TAURI_UPDATER_PUBKEY:-}" ]]; then
    updater=on
    export_env TAURI_SIGNING_PRIVATE_KEY "$TAURI_SIGNING_PRIVATE_KEY"
    export_env TAURI_SIGNING_PRIVATE_KEY_PASSWORD "${TAURI_SIGNING_PRIVATE_KEY_PASSWORD:-}"
    endpoint="https://github.com/${GITHUB_REPOSITORY}/releases/latest/download/latest.json"
    merge "$(jq -n --arg pubkey "$TAURI_UPDATER_PUBKEY" --arg endpoint "$endpoint" \
        '{bundle: {createUpdaterArtifacts: true}, plugins: {updater: {pubkey: $pubkey, endpoints: [$endpoint], requireSignedVersion: true}}}')"
    say "Updater artifacts: on (signed .sig files and latest.json, endpoint $endpoint)"
elif [[ -n "${TAURI_SIGNING_PRIVATE_KEY:-}" ]]; then
    echo "::warning title=Updater artifacts skipped::secret TAURI_SIGNING_PRIVATE_KEY is set but variable TAURI_UPDATER_PUBKEY is not"
    say "Updater artifacts: off (TAURI_UPDATER_PUBKEY variable missing)"
else
    say "Updater artifacts: off (no TAURI_SIGNING_PRIVATE_KEY secret)"
fi
echo "updater=$updater" >>"$GITHUB_OUTPUT"

case "$RUNNER_OS" in
macOS)
    codesign=off notarize=off
    if [[ -n "${APPLE_CERTIFICATE:-}" && -n "${APPLE_CERTIFICATE_PASSWORD:-}" && -n "${APPLE_SIGNING_IDENTITY:-}" ]]; then
        codesign=on
        export_env APPLE_CERTIFICATE "$APPLE_CERTIFICATE"
        export_env APPLE_CERTIFICATE_PASSWORD "$APPLE_CERTIFICATE_PASSWORD"
        export_env APPLE_SIGNING_IDENTITY "$APPLE_SIGNING_IDENTITY"
        say "macOS code signing: on (Developer ID certificate, hardened runtime)"
        # Notarization only for a signed app, and only with all three parts of
        # the App Store Connect API key.
        if [[ -n "${APPLE_API_KEY:-}" && -n "${APPLE_API_ISSUER:-}" && -n "${APPLE_API_PRIVATE_KEY:-}" ]]; then
            notarize=on
            key_path="$RUNNER_TEMP/AuthKey_${APPLE_API_KEY}.p8"
            (umask 077 && printf '%s\n' "$APPLE_API_PRIVATE_KEY" >"$key_path")
            export_env APPLE_API_KEY "$APPLE_API_KEY"
            export_env APPLE_API_ISSUER "$APPLE_API_ISSUER"
            export_env APPLE_API_KEY_PATH "$key_path"
            say "macOS notarization: on (App Store Connect API key)"
        else
            say "macOS notarization: off (APPLE_API_KEY, APPLE_API_ISSUER and APPLE_API_PRIVATE_KEY are not all set)"
        fi
    else
        # Ad-hoc signature: the app still runs on Apple silicon, but Gatekeeper
        # makes users open it with right-click > Open the first time.
        merge '{"bundle": {"macOS": {"signingIdentity": "-"}}}'
        say "macOS code signing: ad-hoc only (APPLE_CERTIFICATE, APPLE_CERTIFICATE_PASSWORD and APPLE_SIGNING_IDENTITY are not all set); not notarized"
    fi
    echo "codesign=$codesign" >>"$GITHUB_OUTPUT"
    echo "notarize=$notarize" >>"$GITHUB_OUTPUT"
    ;;
Windows)
    codesign=off
    if [[ -n "${WINDOWS_SIGN_COMMAND:-}" ]]; then
        codesign=on
        # The command's credentials are secrets in its environment (e.g. Azure
        # Trusted Signing's service principal), never in the command itself.
        export_env AZURE_CLIENT_ID "${AZURE_CLIENT_ID:-}"
        export_env AZURE_CLIENT_SECRET "${AZURE_CLIENT_SECRET:-}"
        export_env AZURE_TENANT_ID "${AZURE_TENANT_ID:-}"
        if [[ "$WINDOWS_SIGN_COMMAND" == trusted-signing-cli* ]] && ! command -v trusted-signing-cli >/dev/null; then
            cargo install trusted-signing-cli --locked
        fi
        merge "$(jq -n --arg command "$WINDOWS_SIGN_COMMAND" '{bundle: {windows: {signCommand: $command}}}')"
        say "Windows code signing: on (signCommand from the WINDOWS_SIGN_COMMAND variable)"
    else
        say "Windows code signing: off (no WINDOWS_SIGN_COMMAND variable); SmartScreen warns on first run"
    fi
    echo "codesign=$codesign" >>"$GITHUB_OUTPUT"
    ;;
Linux)
    say "Linux packages: no OS signature (distributions sign their own repositories); with the updater on, each package gets its .sig"
    # The .deb's Maintainer must have an address (package-maintainer.sh):
    # the PACKAGE_MAINTAINER variable ("Name <address>"), or else the
    # repository owner's GitHub no-reply address, which reaches them.
    maintainer=${PACKAGE_MAINTAINER:-}
    if [[ -z "$maintainer" ]]; then
        : "${GITHUB_REPOSITORY_OWNER:?}" "${GITHUB_REPOSITORY_OWNER_ID:?}"
        maintainer="$GITHUB_REPOSITORY_OWNER <${GITHUB_REPOSITORY_OWNER_ID}+${GITHUB_REPOSITORY_OWNER}@users.noreply.github.com>"
    fi
    bash "$(dirname "$0")/package-maintainer.sh" "$maintainer"
    say "Linux packages' maintainer: $maintainer"
    ;;
*)
    echo "unknown RUNNER_OS: $RUNNER_OS" >&2
    exit 1
    ;;
esac

if [[ "$config" == '{}' ]]; then
    echo "args=" >>"$GITHUB_OUTPUT"
else
    jq . <<<"$config" >"$RELEASE_CONFIG"
    echo "args=--config $RELEASE_CONFIG" >>"$GITHUB_OUTPUT"
fi
