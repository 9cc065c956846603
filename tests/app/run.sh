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
# The app under test is a copy: any plain `cargo build` of the workspace
# rebuilds target/debug/classroom-app without the bundled UI (it then loads
# the dev server's URL), which must not change the app under a running test.
mkdir -p target/app-under-test
cp target/debug/classroom-app target/app-under-test/classroom-app
export CLASSROOM_APP="${CLASSROOM_APP:-$PWD/target/app-under-test/classroom-app}"
cargo build -p classroom-cli --bin classroom

export PYTHONDONTWRITEBYTECODE=1
exec xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python -m pytest -c tests/app/pytest.ini tests/app "$@"
