#!/usr/bin/env bash
# Installs what Classroom needs, builds the desktop app and starts it.
# Arguments go to the app (e.g. --host-class "Physics 101" --teacher "Mrs. Núñez").
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/install-deps.sh
npm ci --no-audit --no-fund
# A self-contained release binary (the UI bundled in); the first build takes
# several minutes, later ones seconds.
npx tauri build --no-bundle
exec target/release/classroom-app "$@"
