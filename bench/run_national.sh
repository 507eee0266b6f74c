#!/usr/bin/env bash
# The national year through the command operators schedule: `svod run` over the synthetic country
# (`svod-bench country`, made by bench/run.sh): the first load with --backfill, a daily run with
# nothing new, and a daily run with 200 new files. Prints wall time and peak RSS for each against
# issue 15's targets. Usage: bench/run_national.sh SVOD COUNTRY_DIR WORK_DIR
set -euo pipefail
SVOD=$1 COUNTRY=$2 WORK=$3
say() { printf '==> %s\n' "$*" >&2; }
REGION="$WORK/national-run"
rm -rf "$REGION" && mkdir -p "$REGION/inbox" "$REGION/later"
# Hard links: ingest moves the files out of this inbox, the country keeps its own.
cp -al "$COUNTRY/inbox/." "$REGION/inbox/"
rm -f "$REGION/inbox/received.csv"
# 200 of December's files arrive later, for the daily run with new mail.
mapfile -t later < <(ls "$REGION/inbox" | grep '_2021-12' || true)
for name in "${later[@]:0:200}"; do mv "$REGION/inbox/$name" "$REGION/later/"; done
cat >"$REGION/region.yaml" <<YAML
version: 1
region: Российская Федерация (синтетическая)
time_zone: Europe/Moscow
roadmap: $(cd "$COUNTRY" && pwd)/roadmap.yaml
reporters: $(cd "$COUNTRY" && pwd)/municipalities.csv
schema: $(cd "$COUNTRY" && pwd)/schema.yaml
folders: {inbox: inbox, archive: archive, quarantine: quarantine, output: out}
ledger: work/ledger.sqlite
YAML
FIRST_FILES=$(ls "$REGION/inbox" | wc -l)
: >"$REGION/results"
timed() {
    local name=$1 status=0
    shift
    /usr/bin/time -f '%e %M' -o "$REGION/time.tmp" "$@" >/dev/null 2>"$REGION/$name.log" || status=$?
    printf '%s %s %s\n' "$name" "$(tail -n 1 "$REGION/time.tmp")" "$status" >>"$REGION/results"
}
say "RUN: svod run --backfill over the national year ($FIRST_FILES files)"
timed first "$SVOD" run "$REGION/region.yaml" --backfill --as-of 2022-01-20T12:00 --log-format json
say "RUN: svod run, the next day, nothing new"
timed nothing "$SVOD" run "$REGION/region.yaml" --as-of 2022-01-21T12:00 --log-format json
mv "$REGION/later/"* "$REGION/inbox/"
say "RUN: svod run, the day after, 200 new files"
timed new200 "$SVOD" run "$REGION/region.yaml" --as-of 2022-01-22T12:00 --log-format json
awk -v files="$FIRST_FILES" '
    { sec[$1] = $2; rss[$1] = $3; st[$1] = $4 }
    function row(label, key, target_s, target_mib) {
        printf "%-44s %9.2f %9.1f %5d   %s\n", label, sec[key], rss[key] / 1024, st[key],
            (sec[key] <= target_s && rss[key] / 1024 <= target_mib) ? "MET" : sprintf("NOT MET (target <= %g s, <= %g MiB)", target_s, target_mib)
    }
    END {
        printf "\nRUN  the national year through svod run (release), 2 cores\n"
        printf "%-44s %9s %9s %5s\n", "", "seconds", "RSS MiB", "exit"
        row("first load, --backfill (" files " files)", "first", 25, 1024)
        row("daily run, nothing new", "nothing", 1, 200)
        row("daily run, 200 new files", "new200", 3, 300)
    }' "$REGION/results"
