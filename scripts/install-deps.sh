#!/usr/bin/env bash
# Installs the system packages Classroom needs to build, run and test on
# Debian/Ubuntu. Idempotent; needs root (or sudo).
set -euo pipefail

packages=(
    # Rust core and CLI
    build-essential pkg-config curl ca-certificates python3 python3-venv python3-pip
    # Desktop app (Tauri v2 on WebKitGTK)
    file libssl-dev libxdo-dev libwebkit2gtk-4.1-dev libgtk-3-dev libsoup-3.0-dev librsvg2-dev
    libayatana-appindicator3-dev
    # Tests of the real app: a virtual display, WebDriver for WebKitGTK,
    # screenshots, typing into the native save dialog
    xvfb xauth webkit2gtk-driver imagemagick xdotool
    # LAN discovery tests (tests/lab/): network and UTS namespaces, a firewall rule
    iproute2 util-linux nftables
    # Screenshots that show every script as users see it (Arabic, Hebrew,
    # CJK, colour emoji in the chat)
    fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji
)

# Students in real browsers (tests/app/test_browser.py, the web client's
# phone and tablet check, its benchmarks): Chromium and its WebDriver, and
# Firefox ESR (its WebDriver, geckodriver, comes from crates.io below).
# WebKitGTK's MiniBrowser comes with libwebkit2gtk-4.1-0, driven by
# webkit2gtk-driver's WebKitWebDriver (above). Ubuntu packages Chromium and
# Firefox only as snaps: there the tests use the Chrome and Firefox the
# machine has (GitHub's Ubuntu runners have both, with their drivers).
if [[ -r /etc/os-release ]] && (. /etc/os-release && [[ $ID == debian ]]); then
    packages+=(chromium chromium-driver firefox-esr)
fi

missing=()
for pkg in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
    sudo=""
    [[ $(id -u) -eq 0 ]] || sudo="sudo"
    echo "Installing: ${missing[*]}"
    $sudo apt-get update -q
    install() { DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "$@"; }
    if ! log=$(install "${missing[@]}" 2>&1); then
        # A machine whose libraries are newer than the mirror's -dev packages
        # (e.g. libpcre2-8-0 10.42-1+deb12u1 against libpcre2-dev 10.42-1)
        # needs those libraries moved to the version the -dev package wants.
        pins=$(grep -oE 'Depends: [^ ]+ \(= [^)]+\) but' <<<"$log" | sed -E 's/Depends: ([^ ]+) \(= ([^)]+)\) but/\1=\2/' | sort -u || true)
        if [[ -z "$pins" ]]; then
            echo "$log" >&2
            exit 1
        fi
        echo "Aligning library versions with their -dev packages: $pins"
        # shellcheck disable=SC2086
        install --allow-downgrades $pins "${missing[@]}"
    fi
fi

if ! command -v cargo >/dev/null; then
    echo "error: cargo (Rust) is not installed; see https://rustup.rs" >&2
    exit 1
fi
if ! command -v npm >/dev/null; then
    echo "error: npm (Node.js 20 or newer) is not installed" >&2
    exit 1
fi

# Firefox's WebDriver is not packaged by Debian; crates.io has it.
if ! command -v geckodriver >/dev/null; then
    echo "Installing geckodriver (Firefox's WebDriver) from crates.io"
    cargo install geckodriver --locked --quiet
fi
