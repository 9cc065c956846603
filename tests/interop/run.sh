#!/usr/bin/env bash
# Runs the Python interoperability test against the real hub binary:
# creates .venv/ in the repository root if missing, installs
# tests/interop/requirements.txt into it, builds `classroom`, runs pytest.
# Extra arguments go to pytest (e.g. `-k health -v`).
# Set CLASSROOM_BIN to test an existing binary instead of building one.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."

if [[ ! -x .venv/bin/python ]]; then
    "${PYTHON:-python3}" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r tests/interop/requirements.txt

if [[ -z "${CLASSROOM_BIN:-}" ]]; then
    cargo build -p classroom-cli --bin classroom
fi

export PYTHONDONTWRITEBYTECODE=1
exec .venv/bin/python -m pytest tests/interop "$@"
