#!/usr/bin/env bash
# Builds Classroom and hosts a class from this machine. Arguments go to
# `classroom host`; without any, a class called "My class" is hosted.
#   scripts/start.sh --class "Physics 101" --teacher "Mrs. Núñez"
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/install-deps.sh
cargo build --release --locked --bin classroom

if (($# == 0)); then
    set -- --class "My class" --teacher "Teacher"
fi
exec target/release/classroom host "$@"
