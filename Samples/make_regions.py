#!/usr/bin/env python3
"""Makes the sample mail of the four region pipelines besides the demo (Pipelines/gorodets.yaml,
kazachinsky.yaml, amur.yaml, omsk.yaml) in Samples/regions/<name>/inbox/: CSV reports filled in
on the forms `svod template` writes, and `received.csv` saying when each file arrived.

Each region's mail plays one collection round per report period of its cadence: most reporters
on time, some late, a correction (a second file for the same period; its content wins, the first
file's receipt decides timeliness), an invalid file (a status outside the list, or a share
numerator above its denominator), and reporters not reporting at all. The plans below are what
Tests/SvodCoreTests/RegionPipelinesTests.swift derives its figures from by hand.

Python 3 standard library only; needs a built svod:

    python3 Samples/make_regions.py [--svod PATH]
"""

import argparse
import csv
import datetime as dt
import json
import os
import shutil
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

STATUS = {"D": "Выполнено", "P": "Выполняется", "N": "Не выполнено", "S": "Не начато", "R": "Не требуется",
          "X": "Сделано"}  # X: not in the list, so the file is invalid
PEOPLE = ["Иванова Н. П.", "Петров С. А.", "Сидорова Е. В.", "Кузнецова О. И.", "Смирнов А. Н.", "Попова Т. М."]

# A file: (reporter code, period, received at (local wall clock), statuses, name suffix).
# Statuses: measure id -> "D" / "P" / ... or ("D", numerator, denominator) for a share.
# A measure on the form but not in the statuses is reported as in progress ("P").

GORODETS_A, GORODETS_B, GORODETS_C = "5248010016", "5248010018", "5248010015"
GORODETS_D, GORODETS_E, GORODETS_F = "5248010101", "5248010201", "5248010003"
GORODETS = [
    # 2020-Q3, due 12.10.2020 (the 10th is a Saturday). F never reports for it.
    (GORODETS_A, "2020-Q3", "2020-10-05T11:20", {"2.3": "D", "2.4": "D"}, ""),
    (GORODETS_B, "2020-Q3", "2020-10-08T15:40", {"2.3": "D", "2.4": "P"}, ""),
    (GORODETS_C, "2020-Q3", "2020-10-09T10:05", {"3.1": "D"}, ""),
    (GORODETS_E, "2020-Q3", "2020-10-12T10:00", {"4.1": "D"}, ""),
    (GORODETS_D, "2020-Q3", "2020-10-14T09:30", {"3.1": "D"}, ""),
    # 2020-Q4, due 11.01.2021 (the 10th is a Sunday): A and D early, B invalid on the due
    # morning and corrected two days late, C on the due afternoon with a correction on the
    # 15th, F a week late, E never.
    (GORODETS_A, "2020-Q4", "2020-12-28T16:00", {"2.3": "D", "2.4": "D"}, ""),
    (GORODETS_D, "2020-Q4", "2021-01-06T12:00", {"3.1": "D", "3.2": "D", "3.3": "D"}, ""),
    (GORODETS_B, "2020-Q4", "2021-01-11T08:30", {"2.3": "X", "2.4": "N"}, ""),
    (GORODETS_C, "2020-Q4", "2021-01-11T15:00", {"3.1": "D", "3.2": "D", "3.3": "P"}, ""),
    (GORODETS_B, "2020-Q4", "2021-01-13T10:15", {"2.3": "D", "2.4": "N"}, "_corrected"),
    (GORODETS_C, "2020-Q4", "2021-01-15T11:45", {"3.1": "D", "3.2": "D", "3.3": "D"}, "_v2"),
    (GORODETS_F, "2020-Q4", "2021-01-18T14:10", {"4.1": "D", "4.2": "D", "4.4": "N"}, ""),
    # 2021-Q1, due 12.04.2021: F missing.
    (GORODETS_A, "2021-Q1", "2021-04-05T10:00", {"2.3": "D", "2.4": "D"}, ""),
    (GORODETS_B, "2021-Q1", "2021-04-06T10:00", {"2.3": "D", "2.4": "N"}, ""),
    (GORODETS_C, "2021-Q1", "2021-04-07T10:00", {"3.1": "D", "3.2": "D", "3.3": "D"}, ""),
    (GORODETS_D, "2021-Q1", "2021-04-08T10:00", {"3.1": "D", "3.2": "D", "3.3": "D"}, ""),
    (GORODETS_E, "2021-Q1", "2021-04-09T10:00", {"4.1": "D", "4.2": "D", "4.4": "D"}, ""),
    # 2021-Q2 (the end of the school year), due 12.07.2021: D late.
    (GORODETS_A, "2021-Q2", "2021-07-05T10:00", {"2.3": "D", "2.4": "D"}, ""),
    (GORODETS_B, "2021-Q2", "2021-07-06T10:00", {"2.3": "D", "2.4": "D"}, ""),
    (GORODETS_C, "2021-Q2", "2021-07-07T10:00", {"3.1": "D", "3.2": "D", "3.3": "D"}, ""),
    (GORODETS_E, "2021-Q2", "2021-07-08T10:00", {"4.1": "D", "4.2": "D", "4.4": "D"}, ""),
    (GORODETS_F, "2021-Q2", "2021-07-09T10:00", {"4.1": "D", "4.2": "D", "4.4": "D"}, ""),
    (GORODETS_D, "2021-Q2", "2021-07-16T10:00", {"3.1": "D", "3.2": "D", "3.3": "D"}, ""),
    # 2021-Q3 (July–August, the closing report), due 11.10.2021: B late, D and F missing.
    (GORODETS_A, "2021-Q3", "2021-10-04T10:00", {"1.14": "D", "2.3": "D", "2.4": "D"}, ""),
    (GORODETS_C, "2021-Q3", "2021-10-05T10:00", {"1.14": "D", "3.1": "D", "3.2": "D", "3.3": "D", "3.4": "D"}, ""),
    (GORODETS_E, "2021-Q3", "2021-10-06T10:00", {"1.14": "D", "4.1": "D", "4.2": "D", "4.4": "D", "4.7": "D"}, ""),
    (GORODETS_B, "2021-Q3", "2021-10-13T10:00", {"1.14": "D", "2.3": "D", "2.4": "D"}, ""),
]

K1, K2, K3, K4, K5 = "2417010001", "2417010002", "2417010003", "2417010004", "2417010005"
KAZACHINSKY = [
    # 2023-H1, due 10.07.2023: K1 early with a correction, K2 on the due evening, K3 only an
    # invalid file, K4 four days late, K5 never.
    (K1, "2023-H1", "2023-07-03T10:00", {"1.6": "D", "4.6": "D"}, ""),
    (K3, "2023-H1", "2023-07-07T11:00", {"1.6": "X", "4.6": "D"}, ""),
    (K2, "2023-H1", "2023-07-10T20:00", {"1.6": "D", "4.6": "P"}, ""),
    (K1, "2023-H1", "2023-07-12T09:00", {"1.6": "D", "4.6": "D", "2.3": "D"}, "_v2"),
    (K4, "2023-H1", "2023-07-14T16:30", {"1.6": "D", "4.6": "D"}, ""),
    # 2023-H2, due 10.01.2024: K4 missing, K5 late.
    (K1, "2023-H2", "2024-01-09T10:00", {"1.6": "D", "4.6": "D", "2.3": "D", "2.2": "D", "2.5": "D"}, ""),
    (K2, "2023-H2", "2024-01-09T12:00", {"1.6": "D", "4.6": "D", "2.2": "D"}, ""),
    (K3, "2023-H2", "2024-01-10T10:00", {"1.6": "D", "4.6": "D", "2.2": "D"}, ""),
    (K5, "2023-H2", "2024-01-16T10:00", {"1.6": "D", "4.6": "D", "2.2": "N"}, ""),
]

M1, M2, M3, M4, M5 = "10701000", "10710000", "10712000", "10730000", "10732000"
AMUR = [
    # 2020, due 03.08.2020 (1 August is a Saturday): M3 late.
    (M1, "2020", "2020-07-20T10:00", {"1.2": "D", "1.3": "D"}, ""),
    (M2, "2020", "2020-07-24T10:00", {"1.2": "D", "1.3": "D"}, ""),
    (M4, "2020", "2020-07-27T10:00", {"1.2": "D", "1.3": "D"}, ""),
    (M5, "2020", "2020-07-29T10:00", {"1.2": "D", "1.3": "N"}, ""),
    (M3, "2020", "2020-08-06T10:00", {"1.2": "D", "1.3": "D"}, ""),
    # 2021, due 02.08.2021 (1 August is a Sunday): M1 early, M4 early with a correction after
    # the due date, M3 invalid then corrected late, M2 on the due evening, M5 never.
    (M1, "2021", "2021-07-20T10:00", {"1.2": "D", "1.3": "D", "2.2": "D", "2.4": "D"}, ""),
    (M4, "2021", "2021-07-28T10:00", {"1.2": "D", "1.3": "P", "2.2": "D", "2.4": "D"}, ""),
    (M3, "2021", "2021-07-30T10:00", {"1.2": "D", "1.3": "D", "2.2": "X", "2.4": "D"}, ""),
    (M2, "2021", "2021-08-02T18:00", {"1.2": "D", "1.3": "D", "2.4": "N"}, ""),
    (M3, "2021", "2021-08-05T10:00", {"1.2": "D", "1.3": "D", "2.2": "D", "2.4": "D", "3.4": "D"}, "_corrected"),
    (M4, "2021", "2021-08-10T10:00", {"1.2": "D", "1.3": "D", "2.2": "D", "2.4": "D"}, "_v2"),
    # 2022, due 01.08.2022: M5 late.
    (M1, "2022", "2022-07-25T10:00", {"1.2": "D", "1.3": "D", "2.2": "D", "2.4": "D"}, ""),
    (M2, "2022", "2022-07-26T10:00", {"1.2": "D", "1.3": "D", "2.2": "D", "2.4": "D"}, ""),
    (M3, "2022", "2022-07-27T10:00", {"1.2": "D", "1.3": "D", "2.2": "D", "2.4": "D"}, ""),
    (M4, "2022", "2022-07-28T10:00", {"1.2": "D", "1.3": "D", "2.2": "D", "2.4": "D"}, ""),
    (M5, "2022", "2022-08-04T10:00", {"1.2": "D", "1.3": "D", "2.2": "D", "2.4": "D"}, ""),
]

O1, O2, O3, O4, O5, O6 = "5501220001", "5501220002", "5501220003", "5501220004", "5501220005", "5501220006"
OMSK = [
    # 2022-Q1, due 07.04.2022 (the 5th working day after 31 March): O4 late.
    (O1, "2022-Q1", "2022-04-04T10:00", {"1.1": "D", "2.3": ("D", 12, 12)}, ""),
    (O2, "2022-Q1", "2022-04-05T10:00", {"1.1": "P"}, ""),
    (O3, "2022-Q1", "2022-04-05T11:00", {"1.1": "D", "2.3": ("D", 8, 10)}, ""),
    (O5, "2022-Q1", "2022-04-06T10:00", {"1.1": "N"}, ""),
    (O6, "2022-Q1", "2022-04-07T10:00", {"1.1": "D", "2.3": ("D", 5, 5)}, ""),
    (O4, "2022-Q1", "2022-04-11T10:00", {"1.1": "D"}, ""),
    # 2022-Q2, due 07.07.2022: O3's first file claims more pupils with ИОМ than it has
    # (invalid) and its correction comes a day late; O4 reports on the due day and corrects
    # itself; O5 never reports.
    (O1, "2022-Q2", "2022-07-01T10:00", {"1.1": "D", "2.1": ("P", 10, 40), "2.3": ("D", 12, 12)}, ""),
    (O6, "2022-Q2", "2022-07-04T10:00", {"1.1": "D", "1.2": "S", "2.3": ("D", 5, 5)}, ""),
    (O3, "2022-Q2", "2022-07-05T10:00", {"1.1": "D", "2.3": ("D", 12, 10)}, ""),
    (O2, "2022-Q2", "2022-07-06T10:00", {"1.1": "P", "2.1": ("P", 6, 20)}, ""),
    (O4, "2022-Q2", "2022-07-07T12:00", {"1.1": "D", "2.4": "S"}, ""),
    (O3, "2022-Q2", "2022-07-08T10:00", {"1.1": "D", "1.2": "N", "2.3": ("D", 10, 10)}, "_corrected"),
    (O4, "2022-Q2", "2022-07-12T10:00", {"1.1": "D", "2.4": ("P", 30, 60)}, "_v2"),
    # 2022-Q3, due 07.10.2022: O2 late.
    (O1, "2022-Q3", "2022-10-03T10:00", {"1.1": "D", "2.1": ("P", 22, 40), "2.2": "D", "2.3": ("D", 12, 12)}, ""),
    (O3, "2022-Q3", "2022-10-04T10:00", {"1.1": "D", "2.3": ("D", 10, 10), "2.4": ("P", 40, 70)}, ""),
    (O4, "2022-Q3", "2022-10-04T11:00", {"1.1": "D", "2.4": ("P", 45, 60)}, ""),
    (O5, "2022-Q3", "2022-10-05T10:00", {"1.1": "D", "2.1": ("P", 5, 15), "2.2": "D", "2.4": ("P", 50, 80)}, ""),
    (O6, "2022-Q3", "2022-10-06T10:00", {"1.1": "D", "2.3": ("D", 5, 5)}, ""),
    (O2, "2022-Q3", "2022-10-12T10:00", {"1.1": "D", "2.1": ("P", 12, 20), "2.2": "D"}, ""),
    # 2022-Q4, due 13.01.2023 (after the New Year holidays): O2 and O5 missing.
    (O1, "2022-Q4", "2023-01-10T10:00", {"1.1": "D", "1.2": "D", "2.1": ("D", 30, 40), "2.2": "D", "2.3": ("D", 12, 12)}, ""),
    (O3, "2022-Q4", "2023-01-11T10:00", {"1.1": "D", "1.2": "D", "2.3": ("D", 10, 10), "2.4": ("D", 60, 70)}, ""),
    (O4, "2022-Q4", "2023-01-12T10:00", {"1.1": "D", "1.2": "D", "2.4": ("D", 48, 60)}, ""),
    (O6, "2022-Q4", "2023-01-13T10:00", {"1.1": "D", "1.2": "D", "2.3": ("D", 5, 5)}, ""),
]

REGIONS = {
    "gorodets": ("Pipelines/gorodets.yaml", "+03:00", GORODETS),
    "kazachinsky": ("Pipelines/kazachinsky.yaml", "+07:00", KAZACHINSKY),
    "amur": ("Pipelines/amur.yaml", "+09:00", AMUR),
    "omsk": ("Pipelines/omsk.yaml", "+06:00", OMSK),
}


class CSVForm:
    """A Svod CSV form as rows of text: the title block in column B, then the table."""

    def __init__(self, path):
        # Svod's CSV forms: `;`, fields quoted with doubled quotes inside, CRLF line ends.
        with open(path, encoding="utf-8-sig", newline="") as f:
            self.lines = [row for row in csv.reader(f, delimiter=";")]
        self.header = next(i for i, row in enumerate(self.lines) if row and row[0] == "№ мероприятия")
        self.col = {title: i for i, title in enumerate(self.lines[self.header])}
        self.rows = {row[0]: i for i, row in enumerate(self.lines) if i > self.header and row and row[0]}

    def title(self, row, value):
        while len(self.lines[row]) < 2:
            self.lines[row].append("")
        self.lines[row][1] = value

    def set(self, mid, column, value):
        if column in self.col:
            self.lines[self.rows[mid]][self.col[column]] = value

    def save(self, path):
        def field(text):
            return '"' + text.replace('"', '""') + '"' if any(c in text for c in ';"\r\n') else text
        with open(path, "wb") as f:
            f.write(("".join(";".join(field(x) for x in row) + "\r\n" for row in self.lines)).encode("utf-8-sig"))


def measures(svod, pipeline):
    """The roadmap's measure windows, as the pipeline reads the roadmap."""
    text = open(os.path.join(ROOT, pipeline), encoding="utf-8").read()
    roadmap = next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("roadmap:"))
    args = [svod, "roadmap", "inspect", os.path.normpath(os.path.join(ROOT, "Pipelines", roadmap)), "--json"]
    for line in text.splitlines():
        if line.startswith("roadmap_period:"):
            inner = line.split("{", 1)[1].rstrip("}")
            parts = dict(p.strip().split(": ") for p in inner.split(","))
            args += ["--period-start", parts["start"], "--period-end", parts["end"]]
    data = json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)
    return {m["id"]: m["schedule"] for m in data["measures"]}


def period_last_day(period):
    if "-Q" in period:
        year, q = period.split("-Q")
        month = int(q) * 3
    elif "-H" in period:
        year, h = period.split("-H")
        month = int(h) * 6
    else:
        year, month = period, 12
    year = int(year)
    first_next = dt.date(year + (month == 12), month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def done_date(schedule, period, filled):
    """A completion date inside the measure's window, the period and before the filling date."""
    last = min(period_last_day(period), filled)
    if schedule.get("end"):
        last = min(last, dt.date.fromisoformat(schedule["end"]))
    if schedule.get("start"):
        last = max(last, dt.date.fromisoformat(schedule["start"]))
    return last


def make(svod, name):
    pipeline, offset, files = REGIONS[name]
    inbox = os.path.join(HERE, "regions", name, "inbox")
    shutil.rmtree(inbox, ignore_errors=True)
    os.makedirs(inbox)
    windows = measures(svod, pipeline)
    forms = tempfile.mkdtemp(prefix="svod-regions-")
    manifest = []
    try:
        for period in sorted({f[1] for f in files}):
            subprocess.run([svod, "template", "--pipeline", os.path.join(ROOT, pipeline), "--period", period, "--all",
                            "-o", os.path.join(forms, period), "--format", "csv"], check=True, stdout=subprocess.DEVNULL)
        for index, (code, period, received, statuses, suffix) in enumerate(files):
            form = CSVForm(os.path.join(forms, period, f"{code}_{period}.csv"))
            filled = dt.date.fromisoformat(received[:10])
            form.title(4, filled.strftime("%d.%m.%Y"))
            form.title(5, PEOPLE[index % len(PEOPLE)])
            form.title(6, f"8 (800) 555-{index:02d}-{len(files):02d}")
            for mid in form.rows:
                spec = statuses.get(mid, "P")
                numbers = None
                if isinstance(spec, tuple):
                    spec, numbers = spec[0], spec[1:]
                form.set(mid, "Статус", STATUS[spec])
                if spec in ("D", "X"):
                    form.set(mid, "Дата выполнения", done_date(windows[mid], period, filled).strftime("%d.%m.%Y"))
                    form.set(mid, "Фактический результат", "Выполнено в полном объеме, документы размещены на сайте")
                elif spec in ("P", "S", "N"):
                    form.set(mid, "Причина невыполнения", "Работа продолжается по графику школы" if spec == "P"
                             else "Не хватает педагогов для проведения работы")
                if numbers:
                    form.set(mid, "Числитель доли", str(numbers[0]))
                    form.set(mid, "Знаменатель доли", str(numbers[1]))
            file = f"{code}_{period}{suffix}.csv"
            form.save(os.path.join(inbox, file))
            manifest.append((file, f"{received}:00{offset}"))
    finally:
        shutil.rmtree(forms)
    with open(os.path.join(inbox, "received.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("file;received_at\n")
        for file, when in sorted(manifest, key=lambda item: (item[1], item[0])):
            f.write(f"{file};{when}\n")
    print(f"{name}: {len(files)} files -> {os.path.relpath(inbox, ROOT)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--svod", default=os.path.join(ROOT, ".build", "debug", "svod"))
    args = parser.parse_args()
    for name in REGIONS:
        make(os.path.abspath(args.svod), name)


if __name__ == "__main__":
    main()
