#!/usr/bin/env python3
"""A valid report with ROWS extra rows appended, as CSV and as XLSX (shared strings), and a
CSV of ROWS lines with no report table: the inputs of make bench's bounded-memory section.

    python3 bench/make_big_report.py TEMPLATE.csv ROWS OUT_DIR
"""
import sys
import zipfile
from xml.sax.saxutils import escape

template, rows, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(template, encoding="utf-8-sig") as f:
    lines = f.read().splitlines()


def extra(n):
    # A measure the roadmap does not have and a status it does not know: two errors a row.
    return [f"9.{n}", f"Вставленная строка {n}", "в течение года", "Непонятно", "", f"текст {n}", "", "", ""]


with open(f"{out}/big-report.csv", "w", encoding="utf-8", newline="") as f:
    for line in lines:
        f.write(line + "\r\n")
    for n in range(1, rows + 1):
        f.write(";".join(extra(n)) + "\r\n")

with open(f"{out}/no-table.csv", "w", encoding="utf-8", newline="") as f:
    for n in range(1, rows + 1):
        f.write(f"{n};строка без таблицы {n};{n * 3}\r\n")

table = [line.split(";") for line in lines] + [extra(n) for n in range(1, rows + 1)]
strings, index = [], {}


def sid(text):
    if text not in index:
        index[text] = len(strings)
        strings.append(text)
    return index[text]


def column(c):
    name = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        name = chr(65 + r) + name
    return name


with zipfile.ZipFile(f"{out}/big-report.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    z.writestr("xl/workbook.xml", '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Отчет" sheetId="1" r:id="rId1"/></sheets></workbook>')
    z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    parts = ['<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    for r, cells in enumerate(table, start=1):
        parts.append(f'<row r="{r}">')
        for c, text in enumerate(cells):
            if text:
                parts.append(f'<c r="{column(c)}{r}" t="s"><v>{sid(text)}</v></c>')
        parts.append("</row>")
    parts.append("</sheetData></worksheet>")
    z.writestr("xl/worksheets/sheet1.xml", "".join(parts))
    sst = [f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="{len(strings)}">']
    sst += [f"<si><t>{escape(s)}</t></si>" for s in strings]
    sst.append("</sst>")
    z.writestr("xl/sharedStrings.xml", "".join(sst))
print(f"rows={rows} files=3")
