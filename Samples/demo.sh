#!/usr/bin/env bash
# The demo job over Samples/: import the published roadmaps, issue the report forms, check the
# sample reports, and consolidate the demo region (Primorsky Krai, 2021) into the regional
# workbooks the ministry reads. Everything lands in out/.
set -euo pipefail
cd "$(dirname "$0")/.."
svod="${1:-.build/release/svod}"
pipeline=Pipelines/primorye.yaml
rm -rf out
mkdir -p out/roadmaps

echo "== Roadmaps: the three published tables, imported with their schedules"
for file in Samples/roadmaps/*.xlsx; do
    name=$(basename "$file" .xlsx)
    "$svod" roadmap inspect "$file" --json > "out/roadmaps/.$name.json.tmp" && mv "out/roadmaps/.$name.json.tmp" "out/roadmaps/$name.json"
    "$svod" roadmap normalize "$file" -o "out/roadmaps/$name.yaml"
    echo "   $file -> out/roadmaps/$name.{json,yaml}: $(grep -c '"due_months"' "out/roadmaps/$name.json") measures"
done

echo "== Reporting calendar, 2021 (Asia/Vladivostok)"
"$svod" calendar 2021 --time-zone Asia/Vladivostok | tee out/calendar-2021.txt | sed -n '3,5p'

echo "== Forms for May 2021, every municipality -> out/forms/"
"$svod" template --pipeline "$pipeline" --period 2021-05 --all -o out/forms --format both | wc -l | sed 's/^/   files: /'

echo "== Checking the sample reports (good and bad) -> out/validation.json"
set +e
"$svod" validate --pipeline "$pipeline" Samples/submissions/valid/* Samples/submissions/invalid/* \
    --format json > out/validation.json
echo "   exit status $? (1: some files are invalid, as planted)"
"$svod" validate --pipeline "$pipeline" Samples/submissions/invalid/status_and_values.xlsx | head -6
set -e

echo "== Consolidating the demo region -> out/"
"$svod" consolidate --pipeline "$pipeline" --period 2021-03 --as-of 2021-04-20T12:00 \
    --from Samples/demo/inbox -o out/primorye-2021-03.xlsx --json out/primorye-2021-03.json
"$svod" consolidate --pipeline "$pipeline" --period 2021-04 --as-of 2021-05-20T12:00 \
    --from Samples/demo/inbox -o out/primorye-2021-04.xlsx --json out/primorye-2021-04.json
echo "Done: the regional workbooks are out/primorye-2021-03.xlsx and out/primorye-2021-04.xlsx."
