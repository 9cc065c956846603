#!/usr/bin/env bash
# Installs the system packages Classroom needs to build and test on
# Debian/Ubuntu. Idempotent; needs root (or sudo).
set -euo pipefail

packages=(build-essential pkg-config curl ca-certificates python3 python3-venv python3-pip)

missing=()
for pkg in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
    sudo=""
    [[ $(id -u) -eq 0 ]] || sudo="sudo"
    echo "Installing: ${missing[*]}"
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null; then
    echo "error: cargo (Rust) is not installed; see https://rustup.rs" >&2
    exit 1
fi
