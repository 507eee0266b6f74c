#!/usr/bin/env bash
# The demo job over Samples/: read every sample spreadsheet, import the three published
# roadmaps with their schedules, and show the reporting calendar. Everything lands in out/.
# Later stages (validation, consolidation, the pipeline) extend this script as they land.
set -euo pipefail
cd "$(dirname "$0")/.."
svod="${1:-.build/release/svod}"
mkdir -p out/sheets out/roadmaps

# Write a command's output to a file atomically: a failed step never leaves half a file.
emit() {
    local target=$1; shift
    local tmp; tmp="$(dirname "$target")/.$(basename "$target").tmp"
    if "$@" > "$tmp"; then mv "$tmp" "$target"; else rm -f "$tmp"; return 1; fi
}

for file in Samples/roadmaps/*.xlsx; do
    name=$(basename "$file" .xlsx)
    emit "out/sheets/$name.json" "$svod" sheet "$file" --format json
    emit "out/roadmaps/$name.json" "$svod" roadmap inspect "$file" --json
    "$svod" roadmap normalize "$file" -o "out/roadmaps/$name.yaml"
    measures=$(grep -c '"due_months"' "out/roadmaps/$name.json")
    warnings=$(grep -c '"code"' "out/roadmaps/$name.json" || true)
    echo "demo: $file -> out/roadmaps/$name.{json,yaml}: $measures measures, $warnings warnings"
done

echo
"$svod" roadmap inspect Samples/roadmaps/primorye-2021.xlsx | head -16
echo
echo "Reporting calendar, Primorye 2021 (Asia/Vladivostok):"
"$svod" calendar 2021 --time-zone Asia/Vladivostok | tee out/calendar-primorye-2021.txt
