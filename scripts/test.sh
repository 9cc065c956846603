#!/usr/bin/env bash
# Runs every check and test of the project: formatting, lints, the Rust
# tests (real sockets on loopback), and the Python interoperability tests.
# This is the README's test command; .ci/run calls it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/install-deps.sh

step() { printf '\n== %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "Rust tests"
cargo test --workspace --locked

step "Python interoperability tests (a third-party WebSocket client against classroom host)"
CLASSROOM_BIN="$PWD/target/debug/classroom" bash tests/interop/run.sh

printf '\nAll checks passed.\n'
