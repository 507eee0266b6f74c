"""Reference for the "national" benchmark: the same job as `svod-bench national DIR`, written the
way a competent analyst would write it in Python, with openpyxl (read_only) and the csv module.

    python bench/reference.py DIR [--sample K] [--counts FILE] [--period YYYY-MM] [--as-of T]
    python bench/reference.py --compare COUNTS.json SVOD.json   (exit 1 when they differ)

DIR is a country made by `svod-bench country` (pipeline.yaml, roadmap.yaml, municipalities.csv,
inbox/ with the reports and inbox/received.csv). For every file in DIR/inbox (every K-th in
sorted order with --sample K):
  - open it (XLSX with openpyxl read_only/data_only; CSV as UTF-8 or else Windows-1251, `;`),
  - find the header row (the first row whose cells include «№ мероприятия» and «Статус»),
  - read the title block above it (label in one cell, value in the next non-empty cell):
    the municipality (by name or alias from municipalities.csv) and the reporting month,
  - check every data row: the measure id is there, the status is one of the five allowed values,
    the completion date is empty, a date cell, or DD.MM.YYYY text.
A file is valid when all of that holds. Then, per municipality, month by month up to --period
(default 2021-12): the latest valid file of the month (by received.csv time, then file name)
wins, statuses carry forward; the counts per measure of the statuses for the period (and
"—" for no data) are the result. With --as-of (ISO, the region's zone unless it has an offset),
files received later are ignored, as `svod consolidate --as-of` does.

Prints one line:
    reference files=N valid=V invalid=I seconds=S files_per_s=R per_file_ms=M checksum=HEX ...
`seconds` covers everything after the imports: reading, checking and consolidating. The counts
go as JSON to --counts FILE: {"period": "2021-12", "municipalities": M, "statuses": [...],
"measures": {"1.1": {"Выполнено": n, ..., "—": n}, ...}}; the checksum is the first 16 hex
digits of the SHA-256 of the "measures" object dumped with sort_keys=True, ensure_ascii=False,
separators=(",", ":").
"""
import argparse
import csv
import datetime as dt
import hashlib
import json
import os
import re
import sys
import time
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

STATUSES = ["Выполнено", "Выполняется", "Не выполнено", "Не начато", "Не требуется"]
STATUS_SET = set(STATUSES)
NO_DATA = "—"
ID_TITLE = "№ мероприятия"
STATUS_TITLE = "Статус"
DATE_TITLE = "Дата выполнения"
ID_HEADERS = {ID_TITLE.casefold(), "№", "№ п/п", "номер мероприятия"}
MONTH_STEMS = ["январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр", "октябр", "ноябр", "декабр"]
DATE_TEXT = re.compile(r"\d{1,2}\.\d{1,2}\.\d{4}")


def norm(value):
    """A cell as folded text (None for an empty cell)."""
    if value is None:
        return None
    text = str(value).strip()
    return text.casefold() if text else None


# --- the region's reference data -----------------------------------------------------------------

def read_registry(path):
    """name/alias (folded) -> OKTMO; and the list of OKTMO codes."""
    by_name = {}
    codes = []
    with open(path, encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f, delimiter=";"):
            code = row["oktmo"].strip()
            codes.append(code)
            by_name[row["name"].strip().casefold()] = code
            for alias in re.split(r"[|,]", row.get("aliases") or ""):
                if alias.strip():
                    by_name.setdefault(alias.strip().casefold(), code)
    return by_name, codes


def read_measure_ids(path):
    """The measure ids from roadmap.yaml (the `measures:` list), in order, without a YAML library."""
    ids = []
    in_measures = False
    with open(path, encoding="utf-8") as f:
        for line in f:
            if re.match(r"^measures\s*:", line):
                in_measures = True
                continue
            if in_measures and re.match(r"^\S", line):
                break
            if in_measures:
                m = re.search(r"""(?:^\s*-\s*\{?\s*|[{,]\s*|^\s+)id:\s*["']?([^"',}\s]+)""", line)
                if m:
                    ids.append(m.group(1))
    return ids


def read_time_zone(pipeline_path):
    try:
        with open(pipeline_path, encoding="utf-8") as f:
            for line in f:
                m = re.match(r"^time_zone:\s*[\"']?([^\"'\s#]+)", line)
                if m:
                    return ZoneInfo(m.group(1))
    except (OSError, KeyError, ValueError):
        pass
    return ZoneInfo("Europe/Moscow")


def read_received(inbox, zone):
    """file name -> received moment (POSIX seconds) from inbox/received.csv."""
    received = {}
    path = os.path.join(inbox, "received.csv")
    if not os.path.exists(path):
        return received
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f, delimiter=";")
        next(reader, None)
        for row in reader:
            if len(row) < 2 or not row[0].strip():
                continue
            text = row[1].strip()
            try:
                if len(text) == 10:  # a bare date: the end of that day
                    moment = dt.datetime.fromisoformat(text + "T23:59:59")
                else:
                    moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
            except ValueError:
                continue
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=zone)
            received[os.path.basename(row[0].strip())] = moment.timestamp()
    return received


# --- one file --------------------------------------------------------------------------------------

def rows_of(path):
    """The rows of the report's sheet as lists of values (XLSX: typed; CSV: text)."""
    if path.lower().endswith(".csv"):
        with open(path, "rb") as f:
            raw = f.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1251")
        return list(csv.reader(text.splitlines(), delimiter=";"))
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def parse_month(value):
    """(year, month) from «декабрь 2021», a date cell, «12.2021» or «2021-12»."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.year, value.month
    text = norm(value)
    if not text:
        return None
    m = re.fullmatch(r"(\d{1,2})[./](\d{4})", text) or re.fullmatch(r"(\d{4})-(\d{1,2})", text)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        year, month = (b, a) if a <= 12 and b > 12 else (a, b)
        return (year, month) if 1 <= month <= 12 else None
    m = re.match(r"([а-яё]+)\s+(\d{4})", text)
    if m:
        word = m.group(1)
        for index, stem in enumerate(MONTH_STEMS):
            if word.startswith(stem) and (index != 4 or word in ("май", "мая")):
                return int(m.group(2)), index + 1
    return None


def date_ok(value):
    if value is None or isinstance(value, (dt.date, dt.datetime)):
        return True
    text = str(value).strip()
    if not text:
        return True
    if not DATE_TEXT.fullmatch(text):
        return False
    try:
        dt.datetime.strptime(text, "%d.%m.%Y")
    except ValueError:
        return False
    return True


def check_file(path, registry):
    """(valid, oktmo, (year, month), {measure id: status}) for one report."""
    rows = rows_of(path)
    header_at = None
    for index, row in enumerate(rows[:60]):
        texts = {norm(v) for v in row}
        if ID_TITLE.casefold() in texts and STATUS_TITLE.casefold() in texts:
            header_at = index
            break
    if header_at is None:
        return False, None, None, {}
    header = [norm(v) for v in rows[header_at]]
    col_id = header.index(ID_TITLE.casefold())
    col_status = header.index(STATUS_TITLE.casefold())
    col_date = header.index(DATE_TITLE.casefold()) if DATE_TITLE.casefold() in header else None

    municipality = month = None
    for row in rows[:header_at]:
        for position, cell in enumerate(row):
            label = norm(cell)
            if not label:
                continue
            value = next((v for v in row[position + 1:] if norm(v) is not None or isinstance(v, dt.date)), None)
            if label.startswith("муниципальн") and municipality is None:
                municipality = registry.get(norm(value)) if value is not None else None
            elif "отчетн" in label and month is None:
                month = parse_month(value)
            break  # a label and its value: one pair per row
    valid = municipality is not None and month is not None

    statuses = {}
    for row in rows[header_at + 1:]:
        if all(norm(v) is None for v in row):
            continue
        cell = lambda c: row[c] if c is not None and c < len(row) else None  # noqa: E731
        measure = norm(cell(col_id))
        if measure is None:
            valid = False
            continue
        if isinstance(cell(col_id), float) and cell(col_id).is_integer():
            measure = str(int(cell(col_id)))
        if measure in ID_HEADERS:  # the header repeated on a new page
            continue
        status = cell(col_status)
        status = status.strip() if isinstance(status, str) else status
        if status not in STATUS_SET:
            valid = False
        if not date_ok(cell(col_date)):
            valid = False
        statuses[measure] = status
    if not statuses:
        valid = False
    return valid, municipality, month, statuses


# --- the whole job ---------------------------------------------------------------------------------

def compare(counts_path, svod_path):
    """Compares our --counts JSON with Svod's consolidation JSON (measures[].status_counts, no_data)."""
    with open(counts_path, encoding="utf-8") as f:
        ours = json.load(f)
    with open(svod_path, encoding="utf-8") as f:
        svod = json.load(f)
    theirs = {}
    for line in svod["measures"]:
        theirs[line["id"]] = dict(line["status_counts"], **{NO_DATA: line["no_data"]})
    differences = []
    for measure in sorted(set(ours["measures"]) | set(theirs)):
        a, b = ours["measures"].get(measure, {}), theirs.get(measure, {})
        for status in sorted(set(a) | set(b)):
            if a.get(status, 0) != b.get(status, 0):
                differences.append(f"{measure} {status}: reference {a.get(status, 0)}, svod {b.get(status, 0)}")
    if ours.get("sample", 1) != 1:
        print(f"reference counts are from a 1/{ours['sample']} sample: not comparable")
        return 1
    if differences:
        print(f"{len(differences)} differences: " + "; ".join(differences[:10]) + (" ..." if len(differences) > 10 else ""))
        return 1
    print(f"same December counts for all {len(theirs)} measures")
    return 0


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--compare":
        sys.exit(compare(sys.argv[2], sys.argv[3]))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir")
    parser.add_argument("--sample", type=int, default=1, help="read every K-th file in sorted order")
    parser.add_argument("--counts", help="write the per-measure status counts as JSON to this file")
    parser.add_argument("--period", default="2021-12", help="the month to count (YYYY-MM), default 2021-12")
    parser.add_argument("--as-of", help="ignore files received after this moment (YYYY-MM-DDTHH:MM[:SS][±HH:MM])")
    args = parser.parse_args()
    period = tuple(int(x) for x in args.period.split("-"))

    start = time.perf_counter()
    registry, codes = read_registry(os.path.join(args.dir, "municipalities.csv"))
    measure_ids = read_measure_ids(os.path.join(args.dir, "roadmap.yaml"))
    zone = read_time_zone(os.path.join(args.dir, "pipeline.yaml"))
    inbox = os.path.join(args.dir, "inbox")
    received = read_received(inbox, zone)
    as_of = None
    if args.as_of:
        as_of = dt.datetime.fromisoformat(args.as_of.replace("Z", "+00:00"))
        as_of = (as_of if as_of.tzinfo else as_of.replace(tzinfo=zone)).timestamp()
    names = sorted(n for n in os.listdir(inbox)
                   if not n.startswith(".") and n != "received.csv" and n.lower().endswith((".xlsx", ".csv")))
    names = names[::max(args.sample, 1)]

    # oktmo -> (year, month) -> [(received, file name, statuses)]
    valid_reports = {}
    valid_count = 0
    invalid = []
    for name in names:
        path = os.path.join(inbox, name)
        try:
            ok, oktmo, month, statuses = check_file(path, registry)
        except Exception as error:  # a damaged file is an invalid file, not a crash
            ok, oktmo, month, statuses = False, None, None, {}
            print(f"reference: {name}: {type(error).__name__}: {error}", file=sys.stderr)
        if not ok:
            invalid.append(name)
            continue
        valid_count += 1
        moment = received.get(name)
        if moment is None:
            moment = os.path.getmtime(path)
        if as_of is not None and moment > as_of:
            continue
        valid_reports.setdefault(oktmo, {}).setdefault(month, []).append((moment, name, statuses))

    # Consolidate: the latest valid report per month wins; statuses carry forward to `period`.
    if not measure_ids:
        measure_ids = sorted({m for months in valid_reports.values() for reports in months.values()
                              for _, _, s in reports for m in s})
    counts = {m: dict.fromkeys(STATUSES + [NO_DATA], 0) for m in measure_ids}
    for oktmo in codes:
        current = {}
        months = valid_reports.get(oktmo, {})
        for month in sorted(months):
            if month > period:
                break
            _, _, statuses = max(months[month], key=lambda r: (r[0], r[1]))
            current.update(statuses)
        for measure in measure_ids:
            counts[measure][current.get(measure, NO_DATA)] += 1
    seconds = time.perf_counter() - start

    blob = json.dumps(counts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    checksum = hashlib.sha256(blob.encode()).hexdigest()[:16]
    totals = {s: sum(c[s] for c in counts.values()) for s in STATUSES + [NO_DATA]}
    if args.counts:
        with open(args.counts, "w", encoding="utf-8") as f:
            json.dump({"period": args.period, "municipalities": len(codes), "statuses": STATUSES + [NO_DATA],
                       "sample": args.sample, "files": len(names), "valid": valid_count,
                       "invalid_files": invalid, "measures": counts}, f, ensure_ascii=False, indent=1)
    n = len(names)
    print(f"reference files={n} valid={valid_count} invalid={len(invalid)} sample={args.sample} "
          f"seconds={seconds:.3f} files_per_s={n / seconds:.1f} per_file_ms={1000 * seconds / max(n, 1):.3f} "
          f"checksum={checksum} done={totals['Выполнено']} in_progress={totals['Выполняется']} "
          f"not_done={totals['Не выполнено']} not_started={totals['Не начато']} "
          f"not_required={totals['Не требуется']} no_data={totals[NO_DATA]}")


if __name__ == "__main__":
    main()
