#!/usr/bin/env bash
# The real-app test: builds the app (UI bundled in) and the CLI, makes sure
# tauri-driver is installed, and runs tests/app under a virtual X display.
# Screenshots land in artifacts/app/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

if ! command -v tauri-driver >/dev/null; then
    cargo install tauri-driver --locked
fi
if [[ ! -x .venv/bin/python ]]; then
    "${PYTHON:-python3}" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r tests/app/requirements.txt

npx tauri build --debug --no-bundle
cargo build -p classroom-cli --bin classroom

export PYTHONDONTWRITEBYTECODE=1
exec xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python -m pytest -c tests/app/pytest.ini tests/app "$@"
