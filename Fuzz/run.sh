#!/usr/bin/env bash
# Runs each fuzz target for FUZZ_SECONDS seconds (default: 600 s shared by all targets) and
# copies what it finds (crash-*, timeout-*, oom-*) to Tests/SpreadsheetTests/Fixtures/fuzz/<target>/,
# where FuzzRegressionTests (Spreadsheet targets) and MutationTests (SvodCore targets) replay
# them on every `make test`. The corpus grows in Fuzz/work/corpus/<target> across runs.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=.build-fuzz/fuzz
TARGETS=(xlsx xlsx_parts csv deadline text pipeline schema registry)
[ $# -gt 0 ] && TARGETS=("$@")
TOTAL=${FUZZ_TOTAL_SECONDS:-600}
SECONDS_EACH=${FUZZ_SECONDS:-$(( TOTAL / ${#TARGETS[@]} ))}
export SVOD_FUZZ_TMP=${SVOD_FUZZ_TMP:-$( [ -d /dev/shm ] && echo /dev/shm || echo /tmp )}
found=0
for target in "${TARGETS[@]}"; do
    corpus=Fuzz/work/corpus/$target
    artifacts=Fuzz/work/artifacts/$target
    keep=Tests/SpreadsheetTests/Fixtures/fuzz/$target
    mkdir -p "$corpus" "$artifacts"
    echo "fuzz: $target for ${SECONDS_EACH}s"
    # One worker, crashes and timeouts recorded and skipped, so one bug does not end the run.
    "$OUT/$target" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
        -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -max_len=262144 \
        -artifact_prefix="$artifacts/" "$corpus" "Fuzz/work/seeds/$target" \
        > "Fuzz/work/$target.log" 2>&1
    grep -E '^#[0-9]+: cov|^INFO: fuzzed for|DONE' "Fuzz/work/$target.log" | tail -2
    for artifact in "$artifacts"/crash-* "$artifacts"/timeout-* "$artifacts"/oom-*; do
        [ -e "$artifact" ] || continue
        name=$(basename "$artifact")
        mkdir -p "$keep"
        if [ ! -e "$keep/$name" ] && [ ! -e "$keep/$name.xlsx" ]; then
            found=$((found + 1))
            echo "fuzz: $target found $name (kept in $keep)"
            if [ "$target" = xlsx_parts ]; then
                # Keep the package the input stands for, which the tests read as a plain file.
                SVOD_FUZZ_KEEP="$PWD/$keep/$name.xlsx" timeout 20 "$OUT/$target" "$artifact" > /dev/null 2>&1
            else
                cp "$artifact" "$keep/$name"
            fi
        fi
    done
done
echo "fuzz: $found new finding(s); replay with: make test"
