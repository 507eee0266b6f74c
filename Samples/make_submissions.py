#!/usr/bin/env python3
"""Makes the sample municipal submissions in Samples/submissions/ for the Primorye pipeline.

Svod writes the blank forms (`svod template`); this script fills them the way a clerk's other
spreadsheet program would — openpyxl for XLSX (keeping the form's styles, drop-downs and
protection), plain text for CSV (UTF-8 with BOM, and re-encoded to Windows-1251) — and, when
LibreOffice is installed, passes one filled workbook through `soffice --convert-to xlsx`, which
rewrites the whole package. Then it plants faults in copies of the forms so that the files in
invalid/ together trigger every diagnostic code Svod has (see submissions/README.md for the
file-by-file list of expected diagnostics, and Tests/SvodCoreTests/SubmissionSamplesTests.swift
for the test that holds Svod to it).

Deterministic: the statuses, numbers and texts come from a random generator seeded by the
municipality and month, dates are fixed, and the openpyxl workbooks are re-zipped with fixed
timestamps, so re-running gives byte-identical files (except the LibreOffice one, which
LibreOffice stamps itself).

Needs python3 with openpyxl (`pip install openpyxl`; written with 3.1.5), a built svod
(`swift build --scratch-path .build-samples --product svod`) and, optionally, LibreOffice
(`apt-get install -y libreoffice-calc-nogui`).

    python3 Samples/make_submissions.py [--svod PATH]
"""

import argparse
import calendar
import datetime as dt
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

from openpyxl import load_workbook

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(HERE, "submissions")
PIPELINE = os.path.join(ROOT, "Pipelines", "primorye.yaml")
SCHEMA = os.path.join(ROOT, "Pipelines", "schema-default.yaml")
ROADMAP = os.path.join(HERE, "roadmaps", "primorye-2021.xlsx")
LEGACY_XLS = os.path.join(ROOT, "Tests", "SpreadsheetTests", "Fixtures", "xlsx", "legacy.xls")
EXCEL95_XLS = os.path.join(ROOT, "Tests", "SpreadsheetTests", "Fixtures", "xls", "biff5_book_stream.xls")
FIXED_ZIP_TIME = (2021, 7, 1, 0, 0, 0)
# Rows of the table pasted under invalid/pasted_table.csv (more problems than Svod lists).
PASTED_ROWS = 600
FIXED_MODIFIED = "2021-07-01T00:00:00Z"

# The form's columns (schema-default.yaml titles).
ID, TITLE, DEADLINE, STATUS, DATE, RESULT, VALUE, REASON, COMMENT = (
    "№ мероприятия", "Мероприятие", "Срок по дорожной карте", "Статус", "Дата выполнения",
    "Фактический результат", "Значение показателя", "Причина невыполнения", "Комментарий")

DONE, ONGOING, NOT_DONE, NOT_STARTED, NOT_NEEDED = (
    "Выполнено", "Выполняется", "Не выполнено", "Не начато", "Не требуется")

# What a municipality writes about each measure: the result ({n}, {k} are filled in) and the
# range of the indicator value (None: the measure has no number).
RESULTS = {
    "1.1": ("В проекте 500+ участвуют {k} ОО муниципалитета, за каждой закреплен куратор", (2, 9)),
    "1.2": ("Муниципальная программа адресной поддержки ШНОР на 2021–2023 годы утверждена постановлением администрации", None),
    "1.3": ("Проведены выездные консультации в {k} школах района", (2, 9)),
    "1.4": ("Проведена экспертиза {k} программ развития ОО", (1, 12)),
    "2.1": ("Обучены {k} кураторов ШНОР, выданы удостоверения ГАУ ДПО ПК ИРО", (1, 6)),
    "2.2": ("Обучены {k} управленческие команды ОО", (1, 4)),
    "2.3": ("{k} слушателей прошли обучение по модулю МСОКО", (1, 5)),
    "2.4": ("{k} руководителей ОО прошли обучение", (1, 5)),
    "2.9": ("Руководители ОО приняли участие в {k} вебинарах серии", (1, 3)),
    "2.10": ("Проведено {k} вебинара, участников — {n}", (12, 60)),
    "2.11": ("Методический день проведен, участников — {n}", (10, 45)),
    "2.12": ("Представлены {k} практики муниципалитета", (1, 3)),
    "2.13": ("Мониторинг проведен, приняли участие {n} педагогов", (15, 80)),
    "2.14": ("Рекомендации доведены до ОО письмом МОУО", None),
    "2.15": ("Рекомендации получены и доведены до ОО", None),
    "3.1": ("Письмо доведено до всех ОО муниципалитета", None),
    "3.2": ("Определены школы-партнеры, разработаны {k} плана взаимодействия", (1, 6)),
    "3.3": ("Разработаны КИМ по {k} предметам", (2, 6)),
    "3.4": ("Проведено {k} межшкольных семинара", (1, 4)),
    "4.1": ("Выявлено {n} семей, для всех разработаны индивидуальные планы", (3, 40)),
    "4.2": ("Проведено {n} консультаций логопеда, психолога, социального педагога", (20, 400)),
    "4.3": ("Родительские собрания по качеству образования проведены в {k} ОО; вовлечено родителей, %:", (2, 9)),
}
REASONS = [
    "Курсы перенесены ГАУ ДПО ПК ИРО на III квартал",
    "Не сформирована группа слушателей",
    "Нет специалиста в штате МОУО, проводится поиск",
    "Ограничительные меры (COVID-19), мероприятие перенесено",
]
PEOPLE = ["Иванова Н. П.", "Ким Е. В.", "Петренко О. А.", "Сидорова Т. Г.", "Лебедев А. С.", "Ткаченко М. Ю."]
NADEZHDINSKY = "05624000"


# ---------------------------------------------------------------------------------------------
# Roadmap, periods, plans


def month_last(year, month):
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def next_month(year, month):
    return (year + 1, 1) if month == 12 else (year, month + 1)


def load_measures(svod):
    text = subprocess.run([svod, "roadmap", "inspect", ROADMAP, "--json"], check=True,
                          capture_output=True, text=True).stdout
    measures = {}
    for m in json.loads(text)["measures"]:
        sched = m["schedule"]
        measures[m["id"]] = {
            "id": m["id"],
            "kind": sched["kind"],
            "start": dt.date.fromisoformat(sched["start"]) if sched["start"] else None,
            "end": dt.date.fromisoformat(sched["end"]) if sched["end"] else None,
            "dates": [dt.date.fromisoformat(d) for d in sched.get("dates", [])],
            "due": [tuple(int(x) for x in d.split("-")) for d in m["due_months"]],
        }
    return measures


def plan(ids, measures, oktmo, year, month):
    """A realistic, rule-abiding line for each measure on the form: id → entry dict."""
    rng = random.Random(f"{oktmo}-{year}-{month:02d}")
    first, last = dt.date(year, month, 1), month_last(year, month)
    entries = {}
    for mid in ids:
        m = measures[mid]
        text, span = RESULTS.get(mid, ("Специалисты МОУО и {k} ОО приняли участие", (1, 6)))
        k = rng.randint(*(span or (1, 3))) if span else rng.randint(2, 5)
        n = rng.randint(*span) if span else 0
        value = None
        if span:
            value = n if "{n}" in text else k
        result = text.format(k=k, n=n)
        if mid == "4.3":  # a share with a decimal fraction
            value = round(rng.uniform(30, 75), 1)
        passed = any(d <= (year, month) for d in m["due"])
        e = {"status": None, "date": None, "result": None, "value": None, "reason": None, "comment": None}
        if mid == "1.3" and oktmo != NADEZHDINSKY:
            e.update(status=NOT_NEEDED, comment="Пилотный проект реализуется в Надеждинском муниципальном районе")
        elif m["kind"] == "unscheduled":
            e.update(status=ONGOING, result=result, value=value, comment="По графику, утвержденному МОУО")
        elif m["kind"] == "recurring" and m["end"] >= last:
            if mid == "2.10" and rng.random() < 0.15:
                e.update(status=NOT_NEEDED, comment="Запросов от ОО в отчетном месяце не поступало")
            else:
                day = dt.date(year, month, rng.randint(11, 26))
                e.update(status=DONE, date=day, result=result, value=value)
        elif m["kind"] == "dates" and passed and m["end"] > last:
            # One of several checkpoints has passed: in progress, and the rule wants a «reason».
            held = max(d for d in m["dates"] if d <= last)
            e.update(status=ONGOING, result=result, value=value,
                     reason=f"Первый этап проведен {held:%d.%m.%Y}, следующий — по сроку дорожной карты")
        elif m["end"] <= last or passed:
            # The window has closed (or a checkpoint passed): done, or not done with a reason.
            roll = rng.random()
            if roll < 0.12:
                e.update(status=NOT_DONE, reason=rng.choice(REASONS))
            elif roll < 0.2:
                e.update(status=ONGOING, result=None, reason=rng.choice(REASONS))
            else:
                if m["kind"] in ("date", "dates"):
                    day = max(d for d in m["dates"] if d <= last)
                else:
                    low = max(m["start"], m["end"] - dt.timedelta(days=25))
                    day = low + dt.timedelta(days=rng.randint(0, (m["end"] - low).days))
                e.update(status=DONE, date=day, result=result, value=value)
        else:
            # Still open: in progress, or not yet started in its first month.
            if m["start"] >= first and rng.random() < 0.5:
                e.update(status=NOT_STARTED, comment="Начало по графику ГАУ ДПО ПК ИРО")
            else:
                e.update(status=ONGOING, result=result if rng.random() < 0.7 else None,
                         value=value if rng.random() < 0.5 else None)
        entries[mid] = e
    return entries


def filled_on(year, month, day):
    y, m = next_month(year, month)
    return dt.date(y, m, day)


# ---------------------------------------------------------------------------------------------
# Forms


class XLSXForm:
    """A Svod form opened with openpyxl: title block in C2:C7, header on row 10."""

    TITLE_ROWS = {"municipality": 2, "oktmo": 3, "period": 4, "filled_on": 5, "person": 6, "phone": 7}

    def __init__(self, path):
        self.wb = load_workbook(path)
        self.ws = self.wb["Отчет"]
        self.header = 10
        self.col = {}
        for cell in self.ws[self.header]:
            if cell.value:
                self.col[cell.value] = cell.column
        self.rows = {}
        r = self.header + 1
        while self.ws.cell(r, self.col[ID]).value:
            self.rows[self.ws.cell(r, self.col[ID]).value] = r
            r += 1

    @property
    def ids(self):
        return list(self.rows)

    def title(self, field, value):
        self.ws.cell(self.TITLE_ROWS[field], 3).value = value

    def set(self, mid, column, value):
        self.ws.cell(self.rows[mid], self.col[column]).value = value

    def fill(self, entries):
        for mid, e in entries.items():
            self.set(mid, STATUS, e["status"])
            self.set(mid, DATE, e["date"])
            self.set(mid, RESULT, e["result"])
            self.set(mid, VALUE, e["value"])
            self.set(mid, REASON, e["reason"])
            self.set(mid, COMMENT, e["comment"])

    def save(self, path):
        self.wb.save(path)
        normalize_zip(path)


class CSVForm:
    """A Svod CSV form as a list of rows of text: title block in column B, header on row 9."""

    def __init__(self, path):
        with open(path, encoding="utf-8-sig", newline="") as f:
            self.lines = [self._split(line) for line in f.read().split("\r\n")[:-1]]
        self.header = next(i for i, row in enumerate(self.lines) if row and row[0] == ID)
        self.col = {title: i for i, title in enumerate(self.lines[self.header])}
        self.rows = {row[0]: i for i, row in enumerate(self.lines) if i > self.header and row and row[0]}

    @staticmethod
    def _split(line):
        fields, field, quoted, i = [], "", False, 0
        while i < len(line):
            c = line[i]
            if quoted:
                if c == '"' and line[i + 1:i + 2] == '"':
                    field += '"'
                    i += 1
                elif c == '"':
                    quoted = False
                else:
                    field += c
            elif c == '"':
                quoted = True
            elif c == ";":
                fields.append(field)
                field = ""
            else:
                field += c
            i += 1
        fields.append(field)
        return fields

    @property
    def ids(self):
        return list(self.rows)

    def title(self, field, value):
        label = {"municipality": 1, "oktmo": 2, "period": 3, "filled_on": 4, "person": 5, "phone": 6}[field]
        row = self.lines[label]
        while len(row) < 2:
            row.append("")
        row[1] = value

    def set(self, mid, column, value):
        self.lines[self.rows[mid]][self.col[column]] = value

    @staticmethod
    def text(value):
        if value is None:
            return ""
        if isinstance(value, dt.date):
            return value.strftime("%d.%m.%Y")
        if isinstance(value, float):
            return f"{value:g}".replace(".", ",")
        return str(value)

    def fill(self, entries):
        for mid, e in entries.items():
            for column, key in ((STATUS, "status"), (DATE, "date"), (RESULT, "result"), (VALUE, "value"),
                                (REASON, "reason"), (COMMENT, "comment")):
                self.set(mid, column, self.text(e[key]))

    def render(self):
        def field(text):
            return '"' + text.replace('"', '""') + '"' if any(c in text for c in ';"\r\n') else text
        return "".join(";".join(field(f) for f in row) + "\r\n" for row in self.lines)

    def save(self, path, encoding="utf-8-sig"):
        with open(path, "wb") as f:
            f.write(self.render().encode(encoding))


def normalize_zip(path):
    """Re-zips an openpyxl workbook with fixed timestamps and a fixed «modified» property."""
    with zipfile.ZipFile(path) as z:
        parts = [(info.filename, z.read(info.filename)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + FIXED_MODIFIED.encode(), data)
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)


# ---------------------------------------------------------------------------------------------
# The files


class Maker:
    def __init__(self, svod, work):
        self.svod = svod
        self.work = work
        self.measures = load_measures(svod)
        self.made = set()

    def template(self, period, oktmo, ext, pipeline=PIPELINE):
        """The path of Svod's blank form (all municipalities of a month are written at once)."""
        tag = "custom" if pipeline != PIPELINE else "default"
        folder = os.path.join(self.work, tag, period)
        if (tag, period) not in self.made:
            args = [self.svod, "template", "--pipeline", pipeline, "--period", period, "-o", folder, "--format", "both"]
            args += ["--all"] if tag == "default" else ["--municipality", oktmo]
            subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
            self.made.add((tag, period))
        return os.path.join(folder, f"{oktmo}_{period}.{ext}")

    def xlsx(self, oktmo, year, month, person=0, filled_day=5, pipeline=PIPELINE):
        form = XLSXForm(self.template(f"{year}-{month:02d}", oktmo, "xlsx", pipeline))
        entries = plan(form.ids, self.measures, oktmo, year, month)
        form.fill(entries)
        if filled_day:
            form.title("filled_on", filled_on(year, month, filled_day))
        form.title("person", PEOPLE[person % len(PEOPLE)])
        form.title("phone", f"8 (423) 2{person}4-1{month}-0{person}")
        return form, entries

    def csv(self, oktmo, year, month, person=0, filled_day=5):
        form = CSVForm(self.template(f"{year}-{month:02d}", oktmo, "csv"))
        entries = plan(form.ids, self.measures, oktmo, year, month)
        form.fill(entries)
        if filled_day:
            form.title("filled_on", filled_on(year, month, filled_day).strftime("%d.%m.%Y"))
        form.title("person", PEOPLE[person % len(PEOPLE)])
        form.title("phone", f"8 (423) 3{person}2-2{month}-1{person}")
        return form, entries


def make_valid(mk, folder):
    os.makedirs(folder, exist_ok=True)
    # Plain openpyxl-filled forms, one per municipality and month.
    for i, (oktmo, y, m, day) in enumerate([
        ("05701000", 2021, 1, 8), ("05703000", 2021, 2, 4), ("05705000", 2021, 3, 5),
        ("05707000", 2021, 4, 6), ("05714000", 2021, 5, 0), ("05624000", 2021, 6, 2),
        ("05717000", 2021, 6, 7),
    ]):
        form, _ = mk.xlsx(oktmo, y, m, person=i, filled_day=day)
        form.save(os.path.join(folder, f"{oktmo}_{y}-{m:02d}.xlsx"))

    # CSV in UTF-8 with BOM and «;», as Svod issues it, with decimal commas and text dates.
    form, _ = mk.csv("05723000", 2021, 3, person=1, filled_day=3)
    form.save(os.path.join(folder, "05723000_2021-03.csv"))
    # The same kind of CSV re-encoded to Windows-1251 (Excel's «CSV (разделители — точки с запятой)»).
    form, _ = mk.csv("05711000", 2021, 4, person=2, filled_day=0)
    form.save(os.path.join(folder, "05711000_2021-04_cp1251.csv"), encoding="cp1251")

    # Ids retyped by the clerk: Excel keeps «2.10» as the number 2.1 and «1.3» as 1 March.
    form, _ = mk.xlsx("05648000", 2021, 5, person=3, filled_day=4)
    form.set("1.3", ID, dt.datetime(2021, 3, 1))
    form.ws.cell(form.rows["1.3"], form.col[ID]).number_format = "dd.mm.yyyy"
    form.set("2.10", ID, 2.1)
    form.set("2.11", ID, dt.datetime(2021, 11, 2))
    form.ws.cell(form.rows["2.11"], form.col[ID]).number_format = "dd.mm.yyyy"
    form.save(os.path.join(folder, "05648000_2021-05_retyped_ids.xlsx"))

    # Round-tripped through LibreOffice Calc, which rewrites the whole package.
    soffice = shutil.which("soffice")
    target = os.path.join(folder, "05638000_2021-06_libreoffice.xlsx")
    if soffice:
        form, _ = mk.xlsx("05638000", 2021, 6, person=4, filled_day=9)
        staged = os.path.join(mk.work, "lo-in")
        os.makedirs(staged, exist_ok=True)
        source = os.path.join(staged, "05638000_2021-06_libreoffice.xlsx")
        form.save(source)
        converted = os.path.join(mk.work, "lo-out")
        profile = "file://" + os.path.join(mk.work, "lo-profile")
        subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "xlsx",
                        "--outdir", converted, source], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.copyfile(os.path.join(converted, os.path.basename(source)), target)
    elif os.path.exists(target):
        print(f"soffice not found: keeping the existing {os.path.relpath(target, ROOT)}", file=sys.stderr)
    else:
        print("soffice not found: the LibreOffice sample is not made", file=sys.stderr)


def make_invalid(mk, folder):
    os.makedirs(folder, exist_ok=True)
    V = "05701000"  # Владивостокский городской округ

    # An Excel 97–2003 .xls workbook that is not a report: read, but it has no report table.
    shutil.copyfile(LEGACY_XLS, os.path.join(folder, "legacy.xls"))
    # An Excel 5.0/95 (BIFF5) workbook: still refused.
    shutil.copyfile(EXCEL95_XLS, os.path.join(folder, "excel95.xls"))

    # The clerk pasted the data into a table of her own: no «№ мероприятия»/«Статус» header.
    form, _ = mk.xlsx(V, 2021, 3)
    form.ws.cell(form.header, form.col[ID]).value = "Код"
    form.ws.cell(form.header, form.col[STATUS]).value = "Отметка об исполнении"
    form.save(os.path.join(folder, "no_table.xlsx"))

    # The table's rows deleted: only the title block and the header are left (January: 2.10 and
    # 2.11 are due).
    form, _ = mk.xlsx(V, 2021, 1)
    form.ws.delete_rows(form.header + 1, len(form.rows))
    form.save(os.path.join(folder, "empty_report.xlsx"))

    # Columns reworked in a CSV: «Дата выполнения» and «Причина невыполнения» dropped, an extra
    # «Ответственный» column, «Примечание» (an alias of «Комментарий») added at the end.
    form, _ = mk.csv(V, 2021, 3)
    drop = {form.col[DATE], form.col[REASON]}
    for i, row in enumerate(form.lines):
        if i < form.header or not row or row == [""]:
            continue
        kept = [f for j, f in enumerate(row) if j not in drop]
        if i == form.header:
            kept += ["Ответственный", "Примечание"]
        else:
            kept += ["Петренко О. А.", ""]
        form.lines[i] = kept
    form.save(os.path.join(folder, "columns_reworked.csv"))

    # A title block left blank, and a file name that names neither municipality nor month.
    form, _ = mk.xlsx(V, 2021, 3)
    for field in ("municipality", "oktmo", "period"):
        form.title(field, None)
    form.save(os.path.join(folder, "title_blank.xlsx"))

    # A municipality not in the registry (and no OKTMO code to say who it is), and a quarter
    # instead of a month.
    form, _ = mk.xlsx(V, 2021, 3)
    form.title("municipality", "Пограничный муниципальный округ")
    form.title("oktmo", None)
    form.title("period", "I квартал 2021")
    form.save(os.path.join(folder, f"title_unknown_{V}_2021-03.xlsx"))

    # Another municipality's name in Vladivostok's form (file name and OKTMO say Vladivostok).
    form, _ = mk.xlsx(V, 2021, 3)
    form.title("municipality", "Артемовский городской округ")
    form.save(os.path.join(folder, f"wrong_municipality_{V}_2021-03.xlsx"))

    # Artyom's OKTMO code in Vladivostok's form (file name and name say Vladivostok).
    form, _ = mk.xlsx(V, 2021, 3)
    form.title("oktmo", "05705000")
    form.save(os.path.join(folder, f"wrong_oktmo_{V}_2021-03.xlsx"))

    # The March form with «февраль 2021» in the title block.
    form, _ = mk.xlsx(V, 2021, 3)
    form.title("period", "февраль 2021")
    form.save(os.path.join(folder, f"wrong_month_{V}_2021-03.xlsx"))

    # A report for January 2022: after the 2021 roadmap ended.
    form, _ = mk.xlsx(V, 2022, 1)
    form.save(os.path.join(folder, f"outside_roadmap_{V}_2022-01.xlsx"))

    # Measure rows: an id erased (4.3), a measure the roadmap lacks (5.1) and 2.11 twice in rows
    # added below, the due 3.1 row cleared, and 1.4's title rewritten.
    form, _ = mk.xlsx(V, 2021, 3)
    form.set("4.3", ID, None)
    r = form.rows["3.1"]
    for c in form.col.values():
        form.ws.cell(r, c).value = None
    form.set("1.4", TITLE, "Экспертиза документов ШНОР")
    extra = max(form.rows.values()) + 1
    for offset, values in enumerate([
        {ID: "5.1", TITLE: "Муниципальный конкурс «Школа — территория успеха»", STATUS: DONE,
         DATE: dt.datetime(2021, 3, 19), RESULT: "Конкурс проведен, участвовали 6 ОО", VALUE: 6},
        {ID: "2.11", TITLE: "Методические дни, организованные МО ПК и ГАУ ДПО ПК ИРО", STATUS: DONE,
         DATE: dt.datetime(2021, 3, 26), RESULT: "Второй методический день, участников — 18", VALUE: 18},
    ]):
        for column, value in values.items():
            cell = form.ws.cell(extra + offset, form.col[column])
            cell.value = value
            if column == DATE:
                cell.number_format = "dd.mm.yyyy"
    form.save(os.path.join(folder, "measures.xlsx"))

    # Ids retyped as numbers and dates where Svod cannot tell: 2.10 as the number 2.1 with its
    # title rewritten and the 2.9 row above it cleared (so neither title nor position decides);
    # 2.1 as 2.1 and 2.11 as 2 November are still recovered.
    form, _ = mk.xlsx(V, 2021, 3)
    form.set("2.1", ID, 2.1)
    for c in form.col.values():
        form.ws.cell(form.rows["2.9"], c).value = None
    form.set("2.10", ID, 2.1)
    form.set("2.10", TITLE, "Вебинары по сопровождению ШНОР")
    form.set("2.11", ID, dt.datetime(2021, 11, 2))
    form.ws.cell(form.rows["2.11"], form.col[ID]).number_format = "dd.mm.yyyy"
    form.save(os.path.join(folder, "mangled_ids_ambiguous.xlsx"))

    # Statuses and values: one fault per row.
    form, _ = mk.xlsx(V, 2021, 3)
    form.set("1.1", VALUE, -5)                                    # number-out-of-range
    form.set("1.2", STATUS, DONE)
    form.set("1.2", RESULT, RESULTS["1.2"][0])
    form.set("1.2", REASON, None)
    form.set("1.2", DATE, "в марте")                              # date-invalid
    form.set("1.4", COMMENT, "Экспертиза проводится по запросам ОО. " * 30)  # text-too-long (1140)
    form.set("2.1", STATUS, DONE)
    form.set("2.1", DATE, dt.datetime(2021, 2, 15))               # date-outside-window (warning)
    form.set("2.1", RESULT, "Обучены 3 куратора ШНОР")
    form.set("2.9", STATUS, NOT_DONE)                             # reason-missing
    form.set("2.9", REASON, None)
    form.set("2.9", COMMENT, None)
    form.set("2.10", STATUS, DONE)
    form.set("2.10", DATE, dt.datetime(2021, 4, 20))              # date-in-future (filled on 05.04)
    form.set("2.10", RESULT, "Проведено 2 вебинара")
    form.set("2.11", STATUS, DONE)
    form.set("2.11", DATE, dt.datetime(2021, 3, 24))
    form.set("2.11", RESULT, None)                                # result-missing
    form.set("2.11", VALUE, "3 дня")                              # number-invalid
    form.set("3.1", STATUS, DONE)
    form.set("3.1", DATE, None)                                   # completion-date-missing
    form.set("3.1", RESULT, "Письмо доведено до ОО")
    form.set("3.1", REASON, None)
    form.set("4.1", STATUS, "Выполнено частично")                 # status-invalid
    form.set("4.2", STATUS, None)                                 # status-missing
    form.set("4.2", RESULT, "Проведено 120 консультаций")
    for mid in ("2.10", "3.1"):
        form.ws.cell(form.rows[mid], form.col[DATE]).number_format = "dd.mm.yyyy"
    form.save(os.path.join(folder, "status_and_values.xlsx"))

    # Another table pasted under the report: 600 rows of a school list with its own numbers and
    # a status of its own («Сдан»), two errors a row. 1,200 problems are more than Svod lists:
    # it keeps the first 1,000 (rows 24–523 of the grid) and says how many there were.
    form, _ = mk.csv(V, 2021, 3)
    width = len(form.lines[form.header])
    for n in range(1, PASTED_ROWS + 1):
        row = [""] * width
        row[form.col[ID]] = str(n)
        row[form.col[TITLE]] = f"МБОУ СОШ № {n}"
        row[form.col[STATUS]] = "Сдан"
        form.lines.append(row)
    form.save(os.path.join(folder, "pasted_table.csv"))


CUSTOM_PIPELINE = """\
# The Primorye pipeline with a schema that has three extra columns (see schema-custom.yaml):
# used only by the sample that shows value-missing, value-not-in-list and rule-value-missing,
# which the default schema cannot trigger, and (with collection starting in February) the one
# that shows period-not-collected. Made by Samples/make_submissions.py.
version: 1
region: Приморский край
time_zone: Asia/Vladivostok
roadmap: ../../roadmaps/primorye-2021.xlsx
municipalities: ../../municipalities/primorye.csv
schema: schema-custom.yaml
calendar:
  due_day: 10
  move_to_working_day: true
reporting:
  collect_from: 2021-02
folders:
  inbox: ../../../work/primorye-custom/inbox
  archive: ../../../work/primorye-custom/archive
  quarantine: ../../../work/primorye-custom/quarantine
  output: ../../../out/primorye-custom
ledger: ../../../work/primorye-custom/ledger.sqlite
stages: [ingest, validate, record, consolidate, publish]
"""

CUSTOM_COLUMNS = """\
  # Extra columns of this sample schema (not in schema-default.yaml).
  - id: responsible
    title: "Ответственный в МОУО"
    type: text
    required: true
    max_length: 200
    instruction: "ФИО специалиста МОУО, ответственного за мероприятие."
  - id: funding
    title: "Источник финансирования"
    type: enum
    values: ["Краевой бюджет", "Местный бюджет", "Без финансирования"]
    required: false
    instruction: "Выберите из списка."
  - id: document
    title: "Реквизиты документа"
    type: text
    max_length: 300
    instruction: "Приказ, письмо или протокол, подтверждающий выполнение. Обязательны при статусе «Выполнено»."

"""

CUSTOM_RULE = """\
  # Extra rule of this sample schema: a completed measure names its document.
  - when: {status: ["Выполнено"]}
    require: [document]
"""


def schema_copy(what, sample, columns, rules_of):
    """Pipelines/schema-default.yaml with `columns` added after its own and its rules passed
    through `rules_of`, under a header saying what the copy adds and for which sample."""
    with open(SCHEMA, encoding="utf-8") as f:
        schema = f.read()
    head, sep, rules = schema.partition("\n# Conditional rules")
    assert sep, "schema-default.yaml changed: no «# Conditional rules» section"
    return (f"# A copy of Pipelines/schema-default.yaml {what},\n"
            f"# made by Samples/make_submissions.py for the {sample} sample.\n"
            + head.rstrip("\n") + "\n" + columns + sep.lstrip("\n") + rules_of(rules))


def make_custom(mk, folder):
    os.makedirs(folder, exist_ok=True)
    schema = schema_copy("with three extra columns and one extra rule", "custom_columns.xlsx", CUSTOM_COLUMNS,
                         lambda rules: rules.rstrip("\n") + "\n" + CUSTOM_RULE)
    with open(os.path.join(folder, "schema-custom.yaml"), "w", encoding="utf-8") as f:
        f.write(schema)
    pipeline = os.path.join(folder, "primorye-custom.yaml")
    with open(pipeline, "w", encoding="utf-8") as f:
        f.write(CUSTOM_PIPELINE)

    V = "05701000"
    form, entries = mk.xlsx(V, 2021, 3, pipeline=pipeline)
    for mid, e in entries.items():
        form.set(mid, "Ответственный в МОУО", "Петренко О. А.")
        form.set(mid, "Источник финансирования", "Без финансирования")
        if e["status"] == DONE:
            form.set(mid, "Реквизиты документа", f"Письмо МОУО от {e['date']:%d.%m.%Y} № 23-{mid}")
    form.set("1.4", "Ответственный в МОУО", None)                          # value-missing
    form.set("4.2", "Источник финансирования", "Федеральный грант")        # value-not-in-list
    form.set("2.11", "Реквизиты документа", None)                          # rule-value-missing
    form.save(os.path.join(folder, "custom_columns.xlsx"))
    # A January report, valid under the default pipeline, sent where collection starts in February.
    shutil.copyfile(os.path.join(OUT, "valid", "05701000_2021-01.xlsx"), os.path.join(folder, "05701000_2021-01_before_collection.xlsx"))


SHARES_PIPELINE = CUSTOM_PIPELINE.replace(
    "# The Primorye pipeline with a schema that has three extra columns (see schema-custom.yaml):\n"
    "# used only by the sample that shows value-missing, value-not-in-list and rule-value-missing,\n"
    "# which the default schema cannot trigger.",
    "# The Primorye pipeline with a schema that has a share (see schema-shares.yaml): used only by\n"
    "# the sample that shows share-numerator-exceeds-denominator, which the default schema cannot\n"
    "# trigger.").replace("schema-custom.yaml", "schema-shares.yaml").replace("primorye-custom", "primorye-shares")

SHARE_COLUMNS = """\
  # A share of this sample schema (not in schema-default.yaml): pupils reached out of all pupils.
  - id: pupils_reached
    title: "Охвачено обучающихся"
    type: integer
    min: 0
    share: numerator
    share_group: coverage
    instruction: "Сколько обучающихся охвачено мероприятием (не больше, чем всего)."
  - id: pupils_total
    title: "Всего обучающихся"
    type: integer
    min: 0
    share: denominator
    share_group: coverage
    instruction: "Сколько всего обучающихся в ОО, которых касается мероприятие."

"""


def make_shares(mk, folder):
    """custom/share_exceeds.xlsx: a schema with a share, one row whose part exceeds its whole."""
    os.makedirs(folder, exist_ok=True)
    schema = schema_copy("with a share (two columns and their share_group)", "share_exceeds.xlsx", SHARE_COLUMNS, lambda rules: rules)
    with open(os.path.join(folder, "schema-shares.yaml"), "w", encoding="utf-8") as f:
        f.write(schema)
    pipeline = os.path.join(folder, "primorye-shares.yaml")
    with open(pipeline, "w", encoding="utf-8") as f:
        f.write(SHARES_PIPELINE)

    V = "05701000"
    form, _ = mk.xlsx(V, 2021, 3, pipeline=pipeline)
    rng = random.Random(f"{V}-shares")
    for mid in form.ids:
        total = rng.randint(200, 900)
        form.set(mid, "Всего обучающихся", total)
        form.set(mid, "Охвачено обучающихся", rng.randint(0, total))
    form.set("1.1", "Охвачено обучающихся", form.ws.cell(form.rows["1.1"], form.col["Всего обучающихся"]).value)  # all: allowed
    form.set("1.2", "Всего обучающихся", None)                     # no whole: nothing to compare
    form.set("2.11", "Охвачено обучающихся", 5)
    form.set("2.11", "Всего обучающихся", 3)                       # share-numerator-exceeds-denominator
    form.save(os.path.join(folder, "share_exceeds.xlsx"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--svod", default=os.environ.get("SVOD", os.path.join(ROOT, ".build-samples", "debug", "svod")),
                        help="the svod executable (default: .build-samples/debug/svod, or $SVOD)")
    args = parser.parse_args()
    if not os.access(args.svod, os.X_OK):
        sys.exit(f"svod not found at {args.svod}: build it with "
                 "`swift build --scratch-path .build-samples --product svod` or pass --svod")
    with tempfile.TemporaryDirectory(prefix="svod-samples-") as work:
        mk = Maker(os.path.abspath(args.svod), work)
        lo = os.path.join(OUT, "valid", "05638000_2021-06_libreoffice.xlsx")
        keep = None
        if not shutil.which("soffice") and os.path.exists(lo):
            keep = os.path.join(work, "keep.xlsx")
            shutil.copyfile(lo, keep)
        for sub in ("valid", "invalid", "custom"):
            shutil.rmtree(os.path.join(OUT, sub), ignore_errors=True)
        if keep:
            os.makedirs(os.path.dirname(lo))
            shutil.copyfile(keep, lo)
        make_valid(mk, os.path.join(OUT, "valid"))
        make_invalid(mk, os.path.join(OUT, "invalid"))
        make_custom(mk, os.path.join(OUT, "custom"))
        make_shares(mk, os.path.join(OUT, "custom"))
    for sub in ("valid", "invalid", "custom"):
        for name in sorted(os.listdir(os.path.join(OUT, sub))):
            print(os.path.join("Samples", "submissions", sub, name))


if __name__ == "__main__":
    main()
