#!/usr/bin/env python3
"""Embed the Russian production calendar into the Svod binary.

Reads   Data/calendars/ru-production-calendar-1999-2027.csv
Writes  Sources/SvodModel/Calendar/ProductionCalendarData.swift

The Swift file holds the CSV text as one string literal, byte for byte, so a copied `svod`
binary needs no data files. A test (`CalendarTests`) compares the literal with the CSV, so the
two cannot drift: after editing the CSV, run this script and commit both files.

Before writing, every row is checked the way Svod will read it (year, twelve month cells of
`N`, `N+`, `N*`, days inside the month) and, when the row carries the yearly totals, the
working days and days off counted from the lists must equal them. A mistyped day list usually
breaks that sum, so the script refuses to embed it and names the line.

Usage:
    python3 Data/calendars/embed.py           # regenerate the Swift file
    python3 Data/calendars/embed.py --check   # exit 1 if the Swift file is out of date
"""

import calendar
import csv
import io
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CSV_NAME = "ru-production-calendar-1999-2027.csv"
CSV_PATH = os.path.join(HERE, CSV_NAME)
SWIFT_PATH = os.path.join(ROOT, "Sources", "SvodModel", "Calendar", "ProductionCalendarData.swift")


def fail(line, column, message):
    location = f"{CSV_NAME}:{line}" + (f":{column}" if column else "")
    sys.exit(f"{location}: {message}")


def validate(text):
    """Check the CSV the way ProductionCalendar(csv:) reads it; exit with line:column on error."""
    years = {}
    reader = csv.reader(io.StringIO(text, newline=""))
    for record in reader:
        line = reader.line_num  # the physical line on which this record ends; rows are one line
        if not any(field.strip() for field in record):
            continue
        first = record[0].strip()
        if not first.isdigit():
            if not years and line == 1:
                continue  # the header
            fail(line, 1, f"not a year: {first!r}")
        year = int(first)
        if len(first) != 4:
            fail(line, 1, f"not a four-digit year: {first!r}")
        if year in years:
            fail(line, 1, f"{year} is already on line {years[year]}")
        years[year] = line
        if len(record) < 13:
            fail(line, None, f"{len(record)} columns; a row needs the year and twelve months")
        off = 0
        for month in range(1, 13):
            seen = set()
            for token in (t.strip() for t in record[month].split(",")):
                if not token:
                    continue
                mark = token[-1] if token[-1] in "+*" else ""
                digits = token[:-1] if mark else token
                if not digits.isdigit():
                    fail(line, month + 1, f"not a day: {token!r}")
                day = int(digits)
                if not 1 <= day <= calendar.monthrange(year, month)[1]:
                    fail(line, month + 1, f"day {day} is outside month {month} of {year}")
                if day in seen:
                    fail(line, month + 1, f"day {day} is listed twice")
                seen.add(day)
                if mark != "*":
                    off += 1
        days = 366 if calendar.isleap(year) else 365
        for column, expected, label in ((14, days - off, "working days"), (15, off, "days off")):
            if len(record) >= column and record[column - 1].strip():
                stated = record[column - 1].strip()
                if not stated.isdigit() or int(stated) != expected:
                    fail(line, column, f"the lists give {expected} {label}, the row says {stated}")
    if not years:
        sys.exit(f"{CSV_NAME}: no years")
    return sorted(years)


def swift_literal(text):
    '''A multi-line Swift string literal whose value is exactly `text`.

    A raw literal (`#"""`) keeps the CSV readable; text it cannot hold verbatim (control
    characters, carriage returns, trailing spaces, `\\#` or `"#`) gets an escaped literal.
    A multi-line literal drops the line break before its closing delimiter, so the text's own
    final line break shows as an empty last line.
    '''
    plain = all(ch == "\n" or 0x20 <= ord(ch) != 0x7F for ch in text)
    if plain and "\\#" not in text and '"#' not in text and not any(
            line.endswith((" ", "\t")) for line in text.split("\n")):
        return '#"""\n' + text + '\n"""#'
    return '"""\n' + escaped_body(text) + '\n"""'


def escaped_body(text):
    """The lines of an escaped multi-line literal whose value is exactly `text`."""
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append("\\u{%X}" % ord(ch))
        else:
            out.append(ch)
    body = "".join(out)
    # Trailing spaces would be stripped by editors and warned about by the compiler.
    lines = [l[:-1] + "\\u{20}" if l.endswith(" ") else l for l in body.split("\n")]
    return "\n".join(lines)


def generate(text, years):
    return f'''// GENERATED FILE — DO NOT EDIT.
// Generated by Data/calendars/embed.py from Data/calendars/{CSV_NAME}
// (years {years[0]}–{years[-1]}). To change the calendar, edit the CSV and run:
//     python3 Data/calendars/embed.py

extension ProductionCalendar {{
    /// Where ``embeddedCSV`` comes from, for messages.
    static let embeddedSource = "Data/calendars/{CSV_NAME}"

    /// The text of `Data/calendars/{CSV_NAME}`, byte for byte.
    static let embeddedCSV = {swift_literal(text)}
}}
'''


def main():
    with open(CSV_PATH, "rb") as handle:
        raw = handle.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        sys.exit(f"{CSV_NAME}: not UTF-8 ({error})")
    if text.startswith("\ufeff"):
        sys.exit(f"{CSV_NAME}: starts with a byte order mark; save it as UTF-8 without BOM")
    years = validate(text)
    swift = generate(text, years)
    if "--check" in sys.argv[1:]:
        try:
            with open(SWIFT_PATH, encoding="utf-8") as handle:
                current = handle.read()
        except FileNotFoundError:
            current = None
        if current != swift:
            sys.exit(f"{os.path.relpath(SWIFT_PATH, ROOT)} is out of date: run python3 Data/calendars/embed.py")
        print(f"{os.path.relpath(SWIFT_PATH, ROOT)} is up to date ({years[0]}–{years[-1]})")
        return
    with open(SWIFT_PATH, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(swift)
    print(f"wrote {os.path.relpath(SWIFT_PATH, ROOT)} ({len(raw)} bytes of CSV, years {years[0]}–{years[-1]})")


if __name__ == "__main__":
    main()
