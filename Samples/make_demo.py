#!/usr/bin/env python3
"""Makes the demo region's inbox in Samples/demo/inbox/: January–April 2021 reports of the twelve
Primorye municipalities, as the ministry's mailbox would hold them, with `received.csv` saying
when each file arrived (the e-mail gateway's log; Svod reads receipt times from it).

The months play out like a real collection round (see Samples/demo/README.md):
- most municipalities report on time, by the due date (10th, moved to the next working day);
- some are late by a few days;
- Спасский район does not report for March and April at all (missing);
- Партизанский ГО sends an invalid March report on time, then a corrected one two days late
  (so it is late: its first valid report came after the due date);
- Артемовский ГО reports March on time and sends a correction on 15 April (the correction's
  content wins; the report stays on time);
- Шкотовский район sends only an invalid April report (rejected, so missing);
- Надеждинский район's April report is a Windows-1251 CSV.
Statuses progress month to month: once a measure is done it stays done with the same date.

Deterministic (seeded generators, fixed zip timestamps). Needs openpyxl and a built svod, as
make_submissions.py, whose form-filling code it reuses:

    python3 Samples/make_demo.py [--svod PATH]
"""

import argparse
import datetime as dt
import os
import random
import shutil
import subprocess
import tempfile

import make_submissions as ms

HERE = os.path.dirname(os.path.abspath(__file__))
INBOX = os.path.join(HERE, "demo", "inbox")

MUNICIPALITIES = [
    "05701000", "05703000", "05705000", "05707000", "05714000", "05717000",
    "05723000", "05711000", "05624000", "05648000", "05657000", "05638000",
]
PARTIZANSK, ARTYOM, SPASSK, SHKOTOVO, NADEZHDINSK = "05717000", "05705000", "05638000", "05657000", "05624000"
# The due dates in Asia/Vladivostok (svod calendar 2021): report for month M → date.
DUE = {1: dt.date(2021, 2, 10), 2: dt.date(2021, 3, 10), 3: dt.date(2021, 4, 12), 4: dt.date(2021, 5, 11)}
LATE = {1: {"05714000"}, 2: {"05707000", "05723000"}, 3: {"05711000"}, 4: {"05703000", "05648000"}}


def stamp(day, hour, minute):
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}:00+10:00"


# Reports the municipality saved from LibreOffice Calc in its own formats: OpenDocument and
# Excel 97–2003 (the same cells; Svod reads both natively).
CONVERTED = {"05648000_2021-02.xlsx": "ods", "05657000_2021-02.xlsx": "xls"}


def convert_with_libreoffice(manifest):
    """Replaces the CONVERTED files by LibreOffice's .ods / .xls of them (same receipt time)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("make_demo.py: LibreOffice (soffice) is needed for the .ods and .xls reports")
    out = []
    for name, when in manifest:
        target = CONVERTED.get(name)
        if not target:
            out.append((name, when))
            continue
        work = tempfile.mkdtemp(prefix="svod-demo-convert-")
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{work}/profile", "--convert-to", target,
                        "--outdir", work, os.path.join(INBOX, name)], check=True, stdout=subprocess.DEVNULL)
        converted = os.path.splitext(name)[0] + "." + target
        shutil.move(os.path.join(work, converted), os.path.join(INBOX, converted))
        os.remove(os.path.join(INBOX, name))
        shutil.rmtree(work)
        out.append((converted, when))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--convert-only", action="store_true",
                        help="only convert the CONVERTED reports of the existing inbox (LibreOffice)")
    parser.add_argument("--svod", default=os.environ.get("SVOD", os.path.join(ms.ROOT, ".build", "debug", "svod")))
    args = parser.parse_args()
    if args.convert_only:
        with open(os.path.join(INBOX, "received.csv"), encoding="utf-8") as f:
            manifest = [tuple(line.rstrip("\r\n").split(";")) for line in f.readlines()[1:] if line.strip()]
        manifest = convert_with_libreoffice(manifest)
        with open(os.path.join(INBOX, "received.csv"), "w", encoding="utf-8", newline="") as f:
            f.write("file;received_at\r\n")
            for name, when in sorted(manifest):
                f.write(f"{name};{when}\r\n")
        return
    if os.path.isdir(INBOX):
        shutil.rmtree(INBOX)
    os.makedirs(INBOX)
    work = tempfile.mkdtemp(prefix="svod-demo-")
    mk = ms.Maker(os.path.abspath(args.svod), work)
    done = {oktmo: {} for oktmo in MUNICIPALITIES}  # measure → the entry that reported it done
    manifest = []

    for month in (1, 2, 3, 4):
        for index, oktmo in enumerate(MUNICIPALITIES):
            if oktmo == SPASSK and month >= 3:
                continue  # missing
            rng = random.Random(f"demo-{oktmo}-{month}")
            due = DUE[month]
            if oktmo in LATE[month]:
                received = due + dt.timedelta(days=rng.randint(1, 4))
            else:
                received = due - dt.timedelta(days=rng.randint(0, 6))
            hour, minute = rng.randint(9, 17), rng.randint(0, 59)
            filled = min(received, due)
            name = f"{oktmo}_2021-{month:02d}"

            def form_for(kind="xlsx"):
                make = mk.xlsx if kind == "xlsx" else mk.csv
                form, entries = make(oktmo, 2021, month, person=index, filled_day=None)
                for mid, entry in list(entries.items()):
                    if mid in done[oktmo]:
                        entries[mid] = done[oktmo][mid]
                form.fill(entries)
                value = filled if kind == "xlsx" else filled.strftime("%d.%m.%Y")
                form.title("filled_on", value)
                return form, entries

            if oktmo == NADEZHDINSK and month == 4:
                form, entries = form_for("csv")
                form.save(os.path.join(INBOX, name + ".csv"), encoding="cp1251")
                manifest.append((name + ".csv", stamp(received, hour, minute)))
            elif oktmo == SHKOTOVO and month == 4:
                form, entries = form_for()
                first = form.ids[0]
                form.set(first, ms.STATUS, "Готово")
                form.save(os.path.join(INBOX, name + ".xlsx"))
                manifest.append((name + ".xlsx", stamp(received, hour, minute)))
                entries = {}
            elif oktmo == PARTIZANSK and month == 3:
                form, entries = form_for()
                form.title("period", "I квартал 2021")
                form.save(os.path.join(INBOX, name + ".xlsx"))
                manifest.append((name + ".xlsx", stamp(due - dt.timedelta(days=1), 16, 5)))
                form, entries = form_for()
                form.save(os.path.join(INBOX, name + "_corrected.xlsx"))
                manifest.append((name + "_corrected.xlsx", stamp(due + dt.timedelta(days=2), 10, 30)))
            elif oktmo == ARTYOM and month == 3:
                form, entries = form_for()
                form.save(os.path.join(INBOX, name + ".xlsx"))
                manifest.append((name + ".xlsx", stamp(received, hour, minute)))
                # The correction: 2.1 (courses, March–June) reported as not done, with a reason.
                fixed = dict(entries)
                fixed["2.1"] = {"status": ms.NOT_DONE, "date": None, "result": None, "value": None,
                                "reason": "Курсы перенесены ГАУ ДПО ПК ИРО на май", "comment": "Исправленный отчет"}
                form.fill(fixed)
                form.save(os.path.join(INBOX, name + "_v2.xlsx"))
                manifest.append((name + "_v2.xlsx", stamp(dt.date(2021, 4, 15), 11, 0)))
                entries = fixed
            else:
                form, entries = form_for()
                form.save(os.path.join(INBOX, name + ".xlsx"))
                manifest.append((name + ".xlsx", stamp(received, hour, minute)))
            for mid, entry in entries.items():
                if entry["status"] == ms.DONE and ms.plan.__name__ and mid not in done[oktmo]:
                    if mk.measures[mid]["kind"] != "recurring":
                        done[oktmo][mid] = entry

    manifest = convert_with_libreoffice(manifest)
    with open(os.path.join(INBOX, "received.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("file;received_at\r\n")
        for name, when in sorted(manifest):
            f.write(f"{name};{when}\r\n")
    shutil.rmtree(work)
    print(f"{len(manifest)} files in {os.path.relpath(INBOX, ms.ROOT)}")


if __name__ == "__main__":
    main()
