#!/usr/bin/env bash
# Runs every check and test of the project: formatting, lints, the Rust
# tests (real sockets on loopback), the UI's type check, lint and tests,
# the Python interoperability tests, the GitHub workflows' linters, and the
# LAN discovery tests (real multicast, only inside network namespaces they
# create; needs root).
# This is the README's test command; .ci/run calls it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/install-deps.sh

step() { printf '\n== %s\n' "$*"; }

step "npm ci"
npm ci --no-audit --no-fund

step "UI: the student web client (ui/dist-web), before any cargo step: the hub embeds it and its tests read it"
npm run build:web

step "GitHub workflows: actionlint (with shellcheck) and zizmor, from .venv"
if [[ ! -x .venv/bin/python ]]; then
    "${PYTHON:-python3}" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r .github/requirements.txt
PATH="$PWD/.venv/bin:$PATH" .venv/bin/actionlint
.venv/bin/zizmor --offline --no-progress .github/workflows/
bash -n .github/scripts/*.sh
.venv/bin/shellcheck .github/scripts/*.sh
bash .github/scripts/test-release-config.sh

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo clippy -p classroom-core --all-targets --features fuzzing --locked -- -D warnings

step "Rust tests"
cargo test --workspace --locked

step "Fuzz regressions (the kept inputs of fuzz/ through their targets' checks)"
cargo test -p classroom-core --features fuzzing --test fuzz_regressions --locked

step "TypeScript declarations generated from the Rust types are current"
cargo test -p classroom-core --features typescript --test typescript --locked

step "The hub binary the UI's end-to-end test drives (the browser client against target/debug/classroom)"
# cargo test above builds it too (for the CLI's tests); built here by name so
# the UI tests do not depend on that.
cargo build -p classroom-cli --bin classroom --locked

step "UI: tsc --noEmit (strict), eslint, vitest, production builds (desktop and web)"
npm run typecheck
npm run lint
npm test
npm run build

step "The web client on phones and tablets (a real hub, Chromium at 360x640 and 768x1024, light and dark): axe WCAG 2.1 AA, 44 px targets, the full-screen chat, the on-screen keyboard"
CLASSROOM_BIN="$PWD/target/debug/classroom" node ui/web/check-mobile.mjs

step "The real app under Xvfb: teacher and student copies, a terminal client, and students in Chromium, Firefox and WebKitGTK chat (WebDriver)"
bash tests/app/run.sh

step "Python interoperability tests (a third-party WebSocket client against classroom host)"
CLASSROOM_BIN="$PWD/target/debug/classroom" bash tests/interop/run.sh

step "LAN discovery tests (real mDNS between network namespaces, python-zeroconf, the real app; needs root)"
if [[ $(id -u) -eq 0 ]]; then
    CLASSROOM_BIN="$PWD/target/debug/classroom" CLASSROOM_APP="$PWD/target/debug/classroom-app" bash tests/lab/run.sh
elif sudo -n true 2>/dev/null; then
    sudo -n env "PATH=$PATH" CLASSROOM_BIN="$PWD/target/debug/classroom" \
        CLASSROOM_APP="$PWD/target/debug/classroom-app" bash tests/lab/run.sh
elif [[ "${CLASSROOM_SKIP_LAB:-}" == 1 ]]; then
    echo "skipped: CLASSROOM_SKIP_LAB=1 (CI runs them as root)"
else
    echo "error: the LAN discovery tests need root for network namespaces: run as root, allow sudo," >&2
    echo "       or set CLASSROOM_SKIP_LAB=1 to skip them on this machine" >&2
    exit 1
fi

printf '\nAll checks passed.\n'
