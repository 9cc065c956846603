#!/usr/bin/env bash
# Checks release-config.sh's Linux branch as a release runner would run it:
# the packages' maintainer from the repository's owner, or from the
# PACKAGE_MAINTAINER variable, written into a copy of src-tauri/Cargo.toml;
# a malformed one stops the release. Run by scripts/test.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() { echo "test-release-config: $*" >&2; exit 1; }

# Runs release-config.sh for Linux in a fresh runner environment; extra
# NAME=VALUE arguments go into that environment.
release_config() {
    cp "$here/../../src-tauri/Cargo.toml" "$work/Cargo.toml"
    : >"$work/env"
    : >"$work/output"
    env -i PATH="$PATH" RUNNER_OS=Linux RUNNER_TEMP="$work" GITHUB_ENV="$work/env" GITHUB_OUTPUT="$work/output" \
        GITHUB_REPOSITORY=school-it/classroom GITHUB_REPOSITORY_OWNER=school-it GITHUB_REPOSITORY_OWNER_ID=4242 \
        CARGO_MANIFEST="$work/Cargo.toml" RELEASE_CONFIG="$work/release.conf.json" "$@" \
        bash "$here/release-config.sh" >"$work/log" 2>&1
}

authors() { grep -E '^authors' "$work/Cargo.toml" || true; }

release_config || fail "failed: $(cat "$work/log")"
[[ "$(authors)" == 'authors = ["school-it <4242+school-it@users.noreply.github.com>"]' ]] \
    || fail "the owner's no-reply address expected, got: $(authors)"
[[ "$(sed -n 2p "$work/Cargo.toml")" == authors* ]] || fail "authors must follow [package]"

release_config PACKAGE_MAINTAINER="Ana Díaz <ana@school.example>" || fail "failed: $(cat "$work/log")"
[[ "$(authors)" == 'authors = ["Ana Díaz <ana@school.example>"]' ]] || fail "PACKAGE_MAINTAINER expected, got: $(authors)"

if release_config PACKAGE_MAINTAINER="Ana Díaz"; then
    fail "a maintainer without an address must stop the release"
fi
grep -q 'not a maintainer of the form' "$work/log" || fail "no reason given: $(cat "$work/log")"
[[ -z "$(authors)" ]] || fail "the manifest must be left as it was"
echo "release-config.sh: the Linux packages' maintainer, 3 cases passed"
