#!/usr/bin/env bash
# Runs each fuzz target for FUZZ_SECONDS seconds (default: 600 s shared by all targets) and
# copies what it finds (crash-*, timeout-*, oom-*) to Tests/SpreadsheetTests/Fixtures/fuzz/<target>/,
# where FuzzRegressionTests (Spreadsheet targets) and MutationTests (SvodCore targets) replay
# them on every `make test`. The corpus grows in Fuzz/work/corpus/<target> across runs.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=.build-fuzz/fuzz
TARGETS=(xlsx xlsx_parts ods xls csv deadline text pipeline schema registry)
[ $# -gt 0 ] && TARGETS=("$@")
TOTAL=${FUZZ_TOTAL_SECONDS:-600}
SECONDS_EACH=${FUZZ_SECONDS:-$(( TOTAL / ${#TARGETS[@]} ))}
# Leaks are not crashes here (Foundation keeps a buffer per empty file read, Yams caches).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
export SVOD_FUZZ_TMP=${SVOD_FUZZ_TMP:-$( [ -d /dev/shm ] && echo /dev/shm || echo /tmp )}
found=0
for target in "${TARGETS[@]}"; do
    corpus=Fuzz/work/corpus/$target
    artifacts=Fuzz/work/artifacts/$target
    keep=Tests/SpreadsheetTests/Fixtures/fuzz/$target
    mkdir -p "$corpus" "$artifacts"
    echo "fuzz: $target for ${SECONDS_EACH}s"
    # One process at a time. A finding ends a libFuzzer run; the loop starts the next one
    # with the time left, so one bug does not end the target's turn (fork mode would, but it
    # re-runs the whole corpus between jobs, which costs slow targets most of their time).
    : > "Fuzz/work/$target.log"
    started=$(date +%s)
    while true; do
        left=$(( SECONDS_EACH - ($(date +%s) - started) ))
        [ "$left" -gt 0 ] || break
        run_started=$(date +%s)
        "$OUT/$target" -max_total_time="$left" -timeout=10 -rss_limit_mb=2048 -max_len=262144 \
            -artifact_prefix="$artifacts/" -print_final_stats=1 "$corpus" "Fuzz/work/seeds/$target" \
            >> "Fuzz/work/$target.log" 2>&1
        # A finding at start-up (in the corpus itself) would end every run at once.
        [ $(( $(date +%s) - run_started )) -ge 2 ] || break
    done
    runs=$(grep -E '^stat::number_of_executed_units' "Fuzz/work/$target.log" | awk '{s += $2} END {print s + 0}')
    echo "fuzz: $target: $runs runs, corpus $(ls "$corpus" | wc -l) inputs"
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
