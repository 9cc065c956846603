#!/usr/bin/env bash
# Runs the LAN discovery tests (real multicast in network namespaces; needs
# root): creates .venv/ in the repository root if missing, installs
# tests/lab/requirements.txt into it, builds `classroom` unless CLASSROOM_BIN
# names one and the desktop app unless CLASSROOM_APP names one, installs
# tauri-driver if missing, runs pytest (which brings tests/lab/lab.sh up and
# down).
# Extra arguments go to pytest (e.g. `-k zeroconf -v`).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."

if [[ $(id -u) -ne 0 ]]; then
    echo "tests/lab/run.sh: needs root for network namespaces (try: sudo -E $0)" >&2
    exit 2
fi

if [[ ! -x .venv/bin/python ]]; then
    "${PYTHON:-python3}" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r tests/lab/requirements.txt

if [[ -z "${CLASSROOM_BIN:-}" ]]; then
    cargo build -p classroom-cli --bin classroom
fi
if [[ -z "${CLASSROOM_APP:-}" ]]; then
    npx tauri build --debug --no-bundle
fi
if ! command -v tauri-driver >/dev/null; then
    cargo install tauri-driver --locked
fi

# The namespaces go away even if pytest is interrupted.
trap 'bash tests/lab/lab.sh down' EXIT
export PYTHONDONTWRITEBYTECODE=1
.venv/bin/python -m pytest tests/lab "$@"
