#!/usr/bin/env bash
# The demo job: read every sample spreadsheet through Svod and write what it sees to out/.
# Later stages (roadmap import, validation, consolidation) extend this script as they land.
set -euo pipefail
cd "$(dirname "$0")/.."
svod="${1:-.build/release/svod}"
mkdir -p out/sheets
status=0
for file in Samples/roadmaps/*.xlsx; do
    name=$(basename "$file" .xlsx)
    tmp="out/sheets/.$name.json.tmp"
    if "$svod" sheet "$file" --format json > "$tmp"; then
        mv "$tmp" "out/sheets/$name.json"
        echo "demo: $file -> out/sheets/$name.json ($(grep -c '"ref"' "out/sheets/$name.json") cells)"
    else
        rm -f "$tmp"; status=1
    fi
done
"$svod" sheet Samples/roadmaps/primorye-2021.xlsx | head -12
exit $status
