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

echo "== The pipeline over the demo region's mail, day by day (Samples/demo/inbox, received.csv)"
# Each day's files are dropped into the inbox and the scheduled job runs at that day's last
# receipt time, as cron would after the mail gateway delivered them.
rm -rf work/primorye
mkdir -p work/primorye/inbox
days=$(tail -n +2 Samples/demo/inbox/received.csv | cut -d';' -f2 | cut -c1-10 | sort -u)
for day in $days; do
    last=$(tail -n +2 Samples/demo/inbox/received.csv | grep ";$day" | cut -d';' -f2 | sort | tail -1)
    for file in $(tail -n +2 Samples/demo/inbox/received.csv | grep ";$day" | cut -d';' -f1); do
        cp "Samples/demo/inbox/$file" work/primorye/inbox/
    done
    set +e
    "$svod" run "$pipeline" --as-of "$last" --log-format json 2>> out/pipeline-log.jsonl | head -1 | sed "s/^/   $day: /"
    status=${PIPESTATUS[0]}
    set -e
    [ "$status" -le 1 ] || { echo "svod run failed with status $status" >&2; exit "$status"; }
done
echo "== On the April due day (11.05.2021) at 17:00: who is still awaited (nobody is missing yet)"
"$svod" status "$pipeline" --period 2021-04 --as-of 2021-05-11T17:00 | tee out/status-2021-04-due-day.txt | grep "^Итого" | sed 's/^/   /'
echo "== After the April reports are due: the final run and the status"
"$svod" run "$pipeline" --as-of 2021-05-20T12:00 2>> out/pipeline-log.jsonl | head -1 | sed 's/^/   /'
"$svod" status "$pipeline" --period 2021-04 | tee out/status-2021-04.txt | tail -6
echo "== Four more kinds of region: a year of mail each through svod run, one run per day of mail"
# Gorodets (schools, quarterly), Kazachinsky (schools, half-yearly), Amur (yearly by 1 August),
# Omsk (500+ schools in risk groups, quarterly, shares): each publishes only its cadence's periods.
for region in gorodets kazachinsky amur omsk; do
    mail="Samples/regions/$region/inbox"
    rm -rf "work/$region"
    mkdir -p "work/$region/inbox"
    for day in $(tail -n +2 "$mail/received.csv" | cut -d';' -f2 | cut -c1-10 | sort -u); do
        last=$(tail -n +2 "$mail/received.csv" | grep ";$day" | cut -d';' -f2 | sort | tail -1)
        for file in $(tail -n +2 "$mail/received.csv" | grep ";$day" | cut -d';' -f1); do cp "$mail/$file" "work/$region/inbox/"; done
        set +e
        "$svod" run "Pipelines/$region.yaml" --as-of "$last" --log-format json >/dev/null 2>> "out/pipeline-log-$region.jsonl"
        status=$?
        set -e
        [ "$status" -le 1 ] || { echo "svod run ($region) failed with status $status" >&2; exit "$status"; }
    done
    "$svod" run "Pipelines/$region.yaml" --as-of 2024-01-31T12:00 --log-format json >/dev/null 2>> "out/pipeline-log-$region.jsonl" || [ $? -le 1 ]
    echo "   $region: $(ls "out/$region" | grep -c '\.xlsx$') workbooks ($(ls "out/$region" | grep '\.xlsx$' | sed 's/\.xlsx$//' | tr '\n' ' '))"
done
echo "Done: the regional workbooks are in out/primorye/ (primorye-2021-01.xlsx … primorye-2021-04.xlsx)"
echo "and out/{gorodets,kazachinsky,amur,omsk}/; rejected files' reports in out/*/rejected/; the ledgers are work/*/ledger.sqlite."
