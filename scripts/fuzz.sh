#!/usr/bin/env bash
# Runs every fuzz target in fuzz/ (cargo-fuzz, libFuzzer, on the nightly
# toolchain) for a bounded time, one after the other, and prints a table
# of target, executions, seconds and crashes. Not part of CI nor of
# scripts/test.sh: a run takes minutes, and what it finds needs a person
# (docs/fuzzing.md says how a found input becomes a regular test).
#
#   scripts/fuzz.sh                       every target, 60 s each
#   FUZZ_SECONDS=300 scripts/fuzz.sh names export
#
# FUZZ_SECONDS   time per target (default 60)
# FUZZ_RSS_MB    memory limit per target, in MB (default 2048)
# FUZZ_SANITIZER address (the default, as cargo-fuzz) or none (faster)
#
# Each target starts from its kept inputs (core/tests/fuzz_regressions/<target>)
# and what earlier runs found (fuzz/corpus/<target>, git-ignored). A target
# stops at its first crash: the input is in fuzz/artifacts/<target>/ and the
# whole output in fuzz/target/fuzz-logs/<target>.log. Exits 1 if any crashed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../fuzz"

seconds=${FUZZ_SECONDS:-60}
rss_mb=${FUZZ_RSS_MB:-2048}
sanitizer=${FUZZ_SANITIZER:-address}

if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "error: cargo-fuzz and the nightly toolchain are needed:" >&2
    echo "       rustup toolchain install nightly && cargo install cargo-fuzz --locked" >&2
    exit 1
fi

if [[ $# -gt 0 ]]; then
    targets=("$@")
else
    mapfile -t targets < <(cargo +nightly fuzz list)
fi

# The export target keeps its store in a temporary folder: inside the
# ignored target folder, emptied after the run.
export TMPDIR="$PWD/target/fuzz-tmp"
logs="$PWD/target/fuzz-logs"
mkdir -p "$TMPDIR" "$logs"
trap 'rm -rf "$TMPDIR"' EXIT

echo "Building the fuzz targets (sanitizer: $sanitizer)…"
cargo +nightly fuzz build --sanitizer "$sanitizer" >"$logs/build.log" 2>&1 || {
    cat "$logs/build.log" >&2
    exit 1
}

rows=()
failed=0
for target in "${targets[@]}"; do
    corpus="corpus/$target"
    artifacts="artifacts/$target"
    seeds="../core/tests/fuzz_regressions/$target"
    mkdir -p "$corpus" "$artifacts"
    log="$logs/$target.log"
    before=$(find "$artifacts" -type f | wc -l)
    echo "Fuzzing $target for ${seconds} s…"
    start=$SECONDS
    status=0
    # New inputs go to the first folder only: the kept ones are not touched.
    cargo +nightly fuzz run --sanitizer "$sanitizer" "$target" "$corpus" "$seeds" -- \
        -max_total_time="$seconds" -rss_limit_mb="$rss_mb" -timeout=30 \
        -print_final_stats=1 -artifact_prefix="$artifacts/" >"$log" 2>&1 || status=$?
    elapsed=$((SECONDS - start))
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    crashes=$(($(find "$artifacts" -type f | wc -l) - before))
    if [[ $status -ne 0 && $crashes -eq 0 ]]; then
        crashes="error"
    fi
    if [[ $status -ne 0 ]]; then
        failed=1
        echo "  $target stopped (exit $status): see $log" >&2
    fi
    rows+=("$(printf '%-14s %14s %9s %9s' "$target" "${executions:-?}" "$elapsed" "$crashes")")
done

echo
printf '%-14s %14s %9s %9s\n' target executions seconds crashes
printf '%s\n' "${rows[@]}"
exit "$failed"
