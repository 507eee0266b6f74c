#!/usr/bin/env bash
# Writes the seed corpora Fuzz/work/seeds/<target> from Samples/ and the reader's fixtures.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGETS=("$@")
[ $# -gt 0 ] || TARGETS=(xlsx xlsx_parts ods xls csv deadline text pipeline schema registry)
python3 - "${TARGETS[@]}" <<'PY'
import glob, hashlib, os, re, sys, zipfile

def put(target, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    folder = os.path.join("Fuzz/work/seeds", target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)

small = lambda p: os.path.getsize(p) <= 256 * 1024
xlsx = sorted(p for p in glob.glob("Samples/**/*.xlsx", recursive=True)
              + glob.glob("Tests/SpreadsheetTests/Fixtures/**/*.xlsx", recursive=True) if small(p))
for target in sys.argv[1:]:
    if target == "xlsx":
        for p in xlsx + glob.glob("Tests/SpreadsheetTests/Fixtures/xlsx/*.xls") + glob.glob("Tests/SpreadsheetTests/Fixtures/xlsx/*.ods"):
            put(target, open(p, "rb").read())
    elif target == "xls":
        for p in sorted(glob.glob("Tests/SpreadsheetTests/Fixtures/xls/*.xls") + glob.glob("Tests/SpreadsheetTests/Fixtures/xlsx/*.xls")
                        + glob.glob("Samples/**/*.xls", recursive=True)):
            if small(p):
                put(target, open(p, "rb").read())
    elif target == "ods":
        for p in sorted(glob.glob("Samples/**/*.ods", recursive=True) + glob.glob("Tests/SpreadsheetTests/Fixtures/**/*.od[st]", recursive=True)
                        + glob.glob("Tests/SpreadsheetTests/Fixtures/ods/*.odt")):
            if small(p):
                put(target, open(p, "rb").read())
    elif target == "xlsx_parts":
        order = ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml", "xl/workbook.xml",
                 "xl/_rels/workbook.xml.rels", "_rels/.rels"]
        for p in xlsx:
            try:
                z = zipfile.ZipFile(p)
                names = {n.lower(): n for n in z.namelist()}
                if not all(n.lower() in names for n in order if n != "xl/sharedStrings.xml"):
                    continue
                parts = [z.read(names[n.lower()]) if n.lower() in names else b"" for n in order]
            except Exception:
                continue
            put(target, b"\n--\n".join(parts))
    elif target == "csv":
        for p in glob.glob("Samples/**/*.csv", recursive=True) + glob.glob("Tests/SpreadsheetTests/Fixtures/csv/*"):
            if not p.endswith(".py"):
                put(target, open(p, "rb").read())
    elif target == "deadline":
        seen = set()
        for p in glob.glob("Tests/SvodCoreTests/*Tests.swift"):
            text = open(p, encoding="utf-8").read()
            if "Deadline" not in text and "Schedule" not in text:
                continue
            for m in re.finditer(r'\.(?:date|dates|period|months|recurring|throughout|unscheduled|parse)\(\s*"((?:[^"\\]|\\.)*)"', text):
                seen.add(m.group(1).replace('\\"', '"'))
        for n, s in enumerate(sorted(seen)):
            put(target, bytes([n % 4]) + s.encode("utf-8"))
    elif target == "text":
        lines = set()
        for p in glob.glob("Samples/roadmaps/*.txt"):
            for line in open(p, encoding="utf-8", errors="replace"):
                if line.strip():
                    lines.add(line.strip()[:300])
        for s in sorted(lines)[:400] + ["<p>Мероприятие&nbsp;1</p><ul><li>a &amp; b</li></ul>", "a & b < c", "&#1040;&#x41F;"]:
            put(target, s)
    elif target == "pipeline":
        for p in glob.glob("Pipelines/*.yaml") + glob.glob("Samples/**/*.yaml", recursive=True):
            text = open(p, "rb").read()
            if b"time_zone" in text:
                put(target, text)
    elif target == "schema":
        for p in glob.glob("Pipelines/*.yaml") + glob.glob("Samples/**/*.yaml", recursive=True):
            text = open(p, "rb").read()
            if b"columns" in text:
                put(target, text)
    elif target == "registry":
        for p in glob.glob("Samples/municipalities/*.csv"):
            put(target, open(p, "rb").read())
    print(f"fuzz: seeds for {target}: {len(os.listdir(os.path.join('Fuzz/work/seeds', target)))}")
PY
