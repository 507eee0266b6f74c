#!/usr/bin/env python3
"""Generates the XLSX reader test fixtures in this directory.

Committed for the record: the .xlsx/.xls/.ods files next to it are the fixtures the tests use;
re-running this script regenerates them (LibreOffice and openpyxl outputs are not byte-for-byte
reproducible, but their cell contents are — see EXPECTED.md).

Needs: python3 with openpyxl and msoffcrypto-tool (pip), and LibreOffice (`soffice`, e.g. the
Debian package libreoffice-calc-nogui). Written with openpyxl 3.1.5, msoffcrypto-tool 6.1.0 and
LibreOffice 7.4.7.2.

    python3 make_fixtures.py            # regenerate everything into this directory
    python3 make_fixtures.py --dump F   # print the XML parts of fixture F (for writing EXPECTED.md)
    python3 make_fixtures.py --quirks   # only the hand-built quirk fixtures (needs nothing but python3)
"""

import datetime as dt
import io
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
FIXED_TIME = (2024, 1, 1, 0, 0, 0)

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
REL_SHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
REL_SST = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
REL_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
REL_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
REL_APP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"
CT_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def out(name):
    return os.path.join(HERE, name)


def write_zip(path, parts, compresslevel=6):
    """Writes a ZIP with fixed timestamps; `parts` is a list of (name, bytes|str) in order."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as z:
        for name, data in parts:
            if isinstance(data, str):
                data = data.encode("utf-8")
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data, compresslevel=compresslevel)


def fixed_openpyxl_properties(wb):
    wb.properties.creator = "svod fixtures"
    wb.properties.created = dt.datetime(2024, 1, 1)
    wb.properties.modified = dt.datetime(2024, 1, 1)


def soffice_convert(src, fmt, outdir, infilter=None):
    """Converts with headless LibreOffice, using a throw-away profile; returns the output path."""
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    try:
        cmd = ["soffice", "-env:UserInstallation=file://" + profile, "--headless"]
        if infilter:
            cmd.append("--infilter=" + infilter)
        cmd += ["--convert-to", fmt, "--outdir", outdir, src]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    base = os.path.splitext(os.path.basename(src))[0]
    ext = fmt.split(":")[0]
    result = os.path.join(outdir, base + "." + ext)
    if not os.path.exists(result):
        raise SystemExit("soffice produced nothing for " + src)
    return result


# --------------------------------------------------------------------------------------------
# openpyxl-written fixtures


def make_openpyxl_types():
    import openpyxl

    wb = openpyxl.Workbook()
    fixed_openpyxl_properties(wb)
    ws = wb.active
    ws.title = "Отчет"
    # Row 1: sparse — B1 and D1 are absent.
    ws["A1"] = "Отчёт № 5 «Сводный», ёлка"
    ws["C1"] = 42
    ws["E1"] = 12.5
    # Row 2: decimals, negatives, booleans, a big integer and a number-like string.
    ws["A2"] = 0.1
    ws["B2"] = -3
    ws["C2"] = True
    ws["D2"] = False
    ws["E2"] = 1234567890
    ws["F2"] = "007"
    # Row 3 is empty.
    # Row 4: dates, a date-time, a long custom date format, a percent.
    ws["A4"] = dt.date(2021, 3, 1)
    ws["A4"].number_format = "DD.MM.YYYY"
    ws["B4"] = dt.datetime(2021, 6, 10, 14, 30, 0)
    ws["B4"].number_format = "DD.MM.YYYY HH:MM"
    ws["C4"] = dt.date(2021, 12, 31)
    ws["C4"].number_format = "D MMMM YYYY"
    ws["D4"] = 0.25
    ws["D4"].number_format = "0%"
    # Row 5: a formula without a cached value (openpyxl never computes formulas).
    ws["A5"] = "=1+2"
    # Row 6: whitespace that must survive, and an embedded newline.
    ws["A6"] = "  пробелы вокруг  "
    ws["B6"] = "строка1\nстрока2"
    # Rows 7–9 empty; row 10 merged.
    ws["A10"] = "Объединённая ячейка"
    ws.merge_cells("A10:C10")

    ref = wb.create_sheet("Справочник")
    ref["A1"] = "Код"
    ref["B1"] = "Наименование"
    ref["A2"] = 1
    ref["B2"] = "Первый"
    ref["A3"] = 2
    ref["B3"] = "Второй"

    hidden = wb.create_sheet("Скрытый")
    hidden["A1"] = "секрет"
    hidden.sheet_state = "hidden"
    wb.save(out("openpyxl_types.xlsx"))


def make_openpyxl_date1904():
    import openpyxl
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    wb = openpyxl.Workbook()
    fixed_openpyxl_properties(wb)
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "Даты"
    ws["A1"] = "Дата"
    ws["A2"] = dt.date(1904, 1, 1)
    ws["A3"] = dt.date(2023, 2, 15)
    ws["A4"] = dt.datetime(2023, 2, 15, 12, 0, 0)
    ws["A4"].number_format = "DD.MM.YYYY HH:MM:SS"
    ws["A5"] = dt.date(1999, 12, 31)
    ws["B2"] = 100  # a plain number: must not be shifted by the epoch
    wb.save(out("openpyxl_date1904.xlsx"))
    with zipfile.ZipFile(out("openpyxl_date1904.xlsx")) as z:
        workbook = z.read("xl/workbook.xml").decode()
    assert 'date1904="1"' in workbook, "openpyxl did not write workbookPr date1904"


# --------------------------------------------------------------------------------------------
# Hand-built package: inline strings, rich text, phonetic runs, prefixed namespaces, etc.

INLINE_SHEET1 = f"""{XML_DECL}<x:worksheet xmlns:x="{NS_MAIN}" xmlns:r="{NS_REL}">
<x:sheetPr><x:pageSetUpPr fitToPage="1"/></x:sheetPr>
<x:dimension ref="A1:I7"/>
<x:sheetViews><x:sheetView workbookViewId="0"/></x:sheetViews>
<x:sheetFormatPr defaultRowHeight="15"/>
<x:cols><x:col min="1" max="1" width="20" customWidth="1"/></x:cols>
<x:sheetData>
<x:row r="1">
<x:c t="inlineStr"><x:is><x:t>Привет, мир</x:t></x:is></x:c>
<x:c t="inlineStr"><x:is><x:t>A &amp; B &lt; C &gt; D &quot;E&quot; &apos;F&apos; &#1046;&#x416;</x:t></x:is></x:c>
<x:c t="s"><x:v>0</x:v></x:c>
<x:c t="s"><x:v>1</x:v></x:c>
<x:c t="inlineStr"><x:is><x:r><x:rPr><x:i/></x:rPr><x:t>Курсив</x:t></x:r><x:r><x:t xml:space="preserve"> и обычный</x:t></x:r></x:is></x:c>
</x:row>
<x:row>
<x:c t="str"><x:f>A1&amp;B1</x:f><x:v>abc</x:v></x:c>
<x:c t="e"><x:v>#DIV/0!</x:v></x:c>
<x:c t="b"><x:v>1</x:v></x:c>
<x:c t="b"><x:v>0</x:v></x:c>
<x:c t="d" s="1"><x:v>2022-05-17T00:00:00</x:v></x:c>
<x:c t="d" s="2"><x:v>2022-05-17T08:15:30</x:v></x:c>
<x:c t="s"><x:v>2</x:v></x:c>
</x:row>
<x:row r="4">
<x:c r="A4" s="1"><x:v>44256</x:v></x:c>
<x:c r="B4" s="2"><x:v>44357.604166666664</x:v></x:c>
<x:c r="C4" s="3"><x:v>44561</x:v></x:c>
<x:c r="D4" s="4"><x:v>0.125</x:v></x:c>
<x:c r="E4" s="5"><x:v>2021</x:v></x:c>
<x:c r="F4" s="6"><x:v>30</x:v></x:c>
<x:c r="G4" s="7"><x:v>-1.5</x:v></x:c>
<x:c r="H4"><x:v>1.5E-3</x:v></x:c>
<x:c r="I4" t="n"><x:v>100</x:v></x:c>
</x:row>
<x:row r="5">
<x:c r="B5" t="inlineStr"><x:is><x:t>после пропуска</x:t></x:is></x:c>
<x:c><x:v>7</x:v></x:c>
<x:c r="E5" s="1"/>
</x:row>
<x:row>
<x:c t="inlineStr"><x:is><x:t xml:space="preserve">  ведущие и хвостовые  </x:t></x:is></x:c>
<x:c t="inlineStr"><x:is><x:t>строка1
строка2</x:t></x:is></x:c>
</x:row>
<x:row r="7" spans="1:3">
<x:c r="A7" t="inlineStr"><x:is><x:t>Объединено</x:t></x:is></x:c>
<x:c r="B7" s="0"/>
<x:c r="C7"/>
</x:row>
</x:sheetData>
<x:mergeCells count="1"><x:mergeCell ref="A7:C7"/></x:mergeCells>
<x:pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>
</x:worksheet>
"""

INLINE_SHEET2 = f"""{XML_DECL}<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">
<dimension ref="A1:B2"/>
<sheetData>
<row r="1"><c r="A1" t="s"><v>3</v></c></row>
<row r="2"><c r="A2"><v>1</v></c><c r="B2" t="s"><v>0</v></c></row>
</sheetData>
</worksheet>
"""

INLINE_SST = f"""{XML_DECL}<sst xmlns="{NS_MAIN}" count="5" uniqueCount="4">
<si><r><rPr><b/></rPr><t>Жирный</t></r><r><t xml:space="preserve"> текст</t></r></si>
<si><t>Ключ</t><rPh sb="0" eb="1"><t>ふりがな</t></rPh><phoneticPr fontId="0" type="noConversion"/></si>
<si><t xml:space="preserve">  пробелы  </t></si>
<si><t>Справочник &amp; Ко</t></si>
</sst>
"""

INLINE_STYLES = f"""{XML_DECL}<styleSheet xmlns="{NS_MAIN}">
<numFmts count="5">
<numFmt numFmtId="164" formatCode="[$-419]d mmmm yyyy;@"/>
<numFmt numFmtId="165" formatCode="0.00%"/>
<numFmt numFmtId="166" formatCode="&quot;г.&quot;0"/>
<numFmt numFmtId="167" formatCode="0&quot; days&quot;"/>
<numFmt numFmtId="168" formatCode="[Red]0.00"/>
</numFmts>
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="8">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="167" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="168" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>
"""

# The workbook part itself is prefixed too (as the Open XML SDK writes it); sheet 1's name holds
# an entity reference; rIds are not in sheet order; sheet 1's Target is an absolute part name.
INLINE_WORKBOOK = f"""{XML_DECL}<x:workbook xmlns:x="{NS_MAIN}" xmlns:r="{NS_REL}">
<x:workbookPr/>
<x:bookViews><x:workbookView activeTab="0"/></x:bookViews>
<x:sheets>
<x:sheet name="Данные &amp; итоги" sheetId="1" r:id="rId3"/>
<x:sheet name="Второй" sheetId="2" r:id="rId1"/>
</x:sheets>
</x:workbook>
"""

INLINE_WORKBOOK_RELS = f"""{XML_DECL}<Relationships xmlns="{NS_PKG_REL}">
<Relationship Id="rId1" Type="{REL_SHEET}" Target="worksheets/sheet2.xml"/>
<Relationship Id="rId2" Type="{REL_STYLES}" Target="styles.xml"/>
<Relationship Id="rId3" Type="{REL_SHEET}" Target="/xl/worksheets/sheet1.xml"/>
<Relationship Id="rId4" Type="{REL_SST}" Target="sharedStrings.xml"/>
</Relationships>
"""


def content_types(sheets, sst=True, styles=True):
    lines = [
        XML_DECL.rstrip("\n"),
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">',
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>',
        '<Default Extension="xml" ContentType="application/xml"/>',
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>',
    ]
    for s in sheets:
        lines.append(f'<Override PartName="/xl/worksheets/{s}" ContentType="{CT_SHEET}"/>')
    if sst:
        lines.append('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
    if styles:
        lines.append('<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>')
    lines.append('<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>')
    lines.append('<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>')
    lines.append("</Types>")
    return "\n".join(lines) + "\n"


ROOT_RELS = f"""{XML_DECL}<Relationships xmlns="{NS_PKG_REL}">
<Relationship Id="rId1" Type="{REL_DOC}" Target="xl/workbook.xml"/>
<Relationship Id="rId2" Type="{REL_CORE}" Target="docProps/core.xml"/>
<Relationship Id="rId3" Type="{REL_APP}" Target="docProps/app.xml"/>
</Relationships>
"""

CORE_PROPS = f"""{XML_DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:creator>svod fixtures</dc:creator>
<dcterms:created xsi:type="dcterms:W3CDTF">2024-01-01T00:00:00Z</dcterms:created>
</cp:coreProperties>
"""

APP_PROPS = f"""{XML_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">
<Application>svod make_fixtures.py</Application>
</Properties>
"""


def make_inline_rich_prefixed():
    write_zip(out("inline_rich_prefixed.xlsx"), [
        ("[Content_Types].xml", content_types(["sheet1.xml", "sheet2.xml"])),
        ("_rels/.rels", ROOT_RELS),
        ("docProps/core.xml", CORE_PROPS),
        ("docProps/app.xml", APP_PROPS),
        ("xl/workbook.xml", INLINE_WORKBOOK),
        ("xl/_rels/workbook.xml.rels", INLINE_WORKBOOK_RELS),
        ("xl/styles.xml", INLINE_STYLES),
        ("xl/sharedStrings.xml", INLINE_SST),
        ("xl/worksheets/sheet1.xml", INLINE_SHEET1),
        ("xl/worksheets/sheet2.xml", INLINE_SHEET2),
    ])


# --------------------------------------------------------------------------------------------
# Minimal one-sheet packages used by the refusal fixtures.

MIN_WORKBOOK = f"""{XML_DECL}<workbook xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">
<sheets><sheet name="Лист1" sheetId="1" r:id="rId1"/></sheets>
</workbook>
"""
MIN_WORKBOOK_RELS = f"""{XML_DECL}<Relationships xmlns="{NS_PKG_REL}">
<Relationship Id="rId1" Type="{REL_SHEET}" Target="worksheets/sheet1.xml"/>
</Relationships>
"""
MIN_SHEET = f"""{XML_DECL}<worksheet xmlns="{NS_MAIN}"><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>
"""


def minimal_package(sheet_xml, workbook=True, compresslevel=6):
    parts = [
        ("[Content_Types].xml", content_types(["sheet1.xml"], sst=False, styles=False)),
        ("_rels/.rels", ROOT_RELS),
        ("docProps/core.xml", CORE_PROPS),
        ("docProps/app.xml", APP_PROPS),
    ]
    if workbook:
        parts += [("xl/workbook.xml", MIN_WORKBOOK)]
    parts += [
        ("xl/_rels/workbook.xml.rels", MIN_WORKBOOK_RELS),
        ("xl/worksheets/sheet1.xml", sheet_xml),
    ]
    return parts


def make_doctype_entity():
    # A small "billion laughs" shape: 3 levels of 10x expansion = 4 000 characters if expanded.
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE worksheet [\n'
        '<!ENTITY a "aaaa">\n'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">\n'
        '<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">\n'
        ']>\n'
        f'<worksheet xmlns="{NS_MAIN}"><sheetData><row r="1">'
        '<c r="A1" t="inlineStr"><is><t>&d;</t></is></c>'
        '</row></sheetData></worksheet>\n'
    )
    write_zip(out("doctype_entity.xlsx"), minimal_package(sheet))


def make_zip_bomb():
    # sheet1.xml inflates to ~50 MiB: well-formed XML whose sheetData holds one real row,
    # preceded by a huge run of spaces (whitespace between elements is legal).
    pad = b" " * (50 * 1024 * 1024)
    sheet = (
        XML_DECL.encode() + f'<worksheet xmlns="{NS_MAIN}"><sheetData>'.encode() + pad
        + b'<row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>\n'
    )
    write_zip(out("zip_bomb.xlsx"), minimal_package(sheet, compresslevel=9), compresslevel=9)


def make_zip_bomb_false_size():
    # sheet1.xml inflates to 1 GiB of spaces inside sheetData, but the local header and the
    # central directory declare 4 KiB: a bomb judged only by its declared size passes the caps.
    # Compressed: about 1 MiB. The CRC is left as computed; a reader must stop long before it.
    declared = 4096
    head = XML_DECL.encode() + f'<worksheet xmlns="{NS_MAIN}"><sheetData>'.encode()
    tail = b'<row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>\n'
    path = out("zip_bomb_false_size.xlsx")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in minimal_package("", compresslevel=9):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            if name != "xl/worksheets/sheet1.xml":
                z.writestr(info, data.encode("utf-8") if isinstance(data, str) else data, compresslevel=9)
                continue
            with z.open(info, "w", force_zip64=False) as f:
                f.write(head)
                chunk = b" " * (1 << 20)
                for _ in range(1024):
                    f.write(chunk)
                f.write(tail)
    data = bytearray(open(path, "rb").read())
    sheet = b"xl/worksheets/sheet1.xml"
    # Local file header (signature PK\x03\x04): uncompressed size at +22.
    # Central directory header (PK\x01\x02): uncompressed size at +24.
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = 0
        while True:
            at = data.find(signature, at)
            if at < 0:
                break
            name_at = at + (30 if offset == 22 else 46)
            if data[name_at:name_at + len(sheet)] == sheet:
                data[at + offset:at + offset + 4] = declared.to_bytes(4, "little")
            at += 4
    with open(path, "wb") as f:
        f.write(data)


def make_truncated_after_row():
    # An intact ZIP whose first sheet ends right after its third row: no </sheetData>, no
    # </worksheet>. Read as a sheet it would look complete; it must be file-xml-malformed.
    with zipfile.ZipFile(out("openpyxl_types.xlsx")) as z:
        parts = [(info.filename, z.read(info.filename)) for info in z.infolist()]
    fixed = []
    for name, data in parts:
        if name == "xl/worksheets/sheet1.xml":
            at = -1
            for _ in range(3):
                at = data.index(b"</row>", at + 1)
            data = data[: at + len(b"</row>")]
        fixed.append((name, data))
    write_zip(out("truncated_after_row.xlsx"), fixed)


def make_no_workbook():
    write_zip(out("no_workbook.xlsx"), minimal_package(MIN_SHEET, workbook=False))


def make_truncated():
    with open(out("openpyxl_types.xlsx"), "rb") as f:
        data = f.read()
    with open(out("truncated.xlsx"), "wb") as f:
        f.write(data[: len(data) * 6 // 10])


def make_not_a_zip():
    text = ("Это не ZIP-архив, а просто текст с расширением .xlsx.\n"
            "This is not a ZIP archive, just text named .xlsx.\n") * 4
    with open(out("not_a_zip.xlsx"), "w", encoding="utf-8") as f:
        f.write(text)


def make_encrypted():
    import openpyxl
    from msoffcrypto.format.ooxml import OOXMLFile

    wb = openpyxl.Workbook()
    fixed_openpyxl_properties(wb)
    wb.active.title = "Секрет"
    wb.active["A1"] = "зашифровано"
    plain = io.BytesIO()
    wb.save(plain)
    plain.seek(0)
    with open(out("encrypted.xlsx"), "wb") as f:
        OOXMLFile(plain).encrypt("svod", f)  # password: svod (Agile encryption, AES-256)


# --------------------------------------------------------------------------------------------
# Quirks of real packages (issue 12, item 5): ZIP layouts other tools read, time cells, ST_Xstring
# escapes, sheet order, entry names. All built by hand (no openpyxl or LibreOffice needed):
#
#     python3 make_fixtures.py --quirks   # regenerate only these

import struct
import zlib

REL_CHARTSHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet"
CT_CHARTSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.chartsheet+xml"


def dos_date_time(t):
    y, mo, d, h, mi, s = t
    return (h << 11) | (mi << 5) | (s // 2), ((y - 1980) << 9) | (mo << 5) | d


def write_raw_zip(path, entries):
    """Writes a ZIP byte by byte, for layouts `zipfile` never produces.

    Each entry is a dict: `name`, `data` (str or bytes), and optionally `method` (8 deflate,
    0 stored), `descriptor` (general purpose flag bit 3: the local header carries CRC 0 and
    compressed size 0, the real values follow the data in a data descriptor, as streaming
    writers such as Excel's write them; True leaves the uncompressed size 0 too, "known-size"
    keeps it in the local header, "unsigned" omits the descriptor's optional signature),
    `local_time` / `central_time` (the
    modification time in each header), `damage` (a function applied to the stored bytes after the
    CRC was computed: damaged data under a correct-looking directory)."""
    body = bytearray()
    central = bytearray()
    for e in entries:
        name = e["name"].encode("utf-8")
        data = e["data"].encode("utf-8") if isinstance(e["data"], str) else e["data"]
        method = e.get("method", 8)
        if method == 8:
            co = zlib.compressobj(6, zlib.DEFLATED, -15)
            stored = co.compress(data) + co.flush()
        else:
            stored = data
        crc = zlib.crc32(data) & 0xFFFFFFFF
        if "damage" in e:
            stored = e["damage"](stored)
        descriptor = e.get("descriptor", False)
        flags = (0x08 if descriptor else 0) | (0x800 if any(b > 0x7F for b in name) else 0)
        ltime, ldate = dos_date_time(e.get("local_time", FIXED_TIME))
        ctime, cdate = dos_date_time(e.get("central_time", FIXED_TIME))
        offset = len(body)
        if descriptor:
            lcrc, lcomp, lsize = 0, 0, (len(data) if descriptor == "known-size" else 0)
        else:
            lcrc, lcomp, lsize = crc, len(stored), len(data)
        body += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, method, ltime, ldate,
                            lcrc, lcomp, lsize, len(name), 0) + name + stored
        if descriptor == "unsigned":
            body += struct.pack("<III", crc, len(stored), len(data))
        elif descriptor:
            body += struct.pack("<IIII", 0x08074B50, crc, len(stored), len(data))
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 0x0314, 20, flags, method, ctime, cdate,
                               crc, len(stored), len(data), len(name), 0, 0, 0, 0, 0o644 << 16, offset) + name
    cd_offset = len(body)
    body += central
    body += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), cd_offset, 0)
    with open(path, "wb") as f:
        f.write(body)


QUIRK_SHEET = f"""{XML_DECL}<worksheet xmlns="{NS_MAIN}"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>Мероприятие</t></is></c><c r="B1" t="inlineStr"><is><t>Значение</t></is></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>1.1</t></is></c><c r="B2"><v>42</v></c></row>
</sheetData></worksheet>
"""


def make_zip_data_descriptor():
    # Every entry streamed with a data descriptor (flag bit 3): CRC and compressed size 0 in
    # the local header, the real values after the data (and in the central directory). The
    # workbook, its relationships and the sheet keep their uncompressed size in the local
    # header (what libzip's consistency check called "inconsistent"); the other entries have
    # all three 0, one of them without the descriptor's optional signature.
    known = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml"}
    parts = minimal_package(QUIRK_SHEET)
    write_raw_zip(out("zip_data_descriptor.xlsx"),
                  [{"name": n, "data": d,
                    "descriptor": "known-size" if n in known else ("unsigned" if n == "docProps/app.xml" else True)}
                   for n, d in parts])


def make_zip_local_time_mismatch():
    # The local headers say 2024-01-01 10:00:00, the central directory 2024-01-01 12:34:56
    # (a tool that rewrote the directory only). Nothing else differs.
    parts = minimal_package(QUIRK_SHEET)
    write_raw_zip(out("zip_local_time_mismatch.xlsx"),
                  [{"name": n, "data": d, "local_time": (2024, 1, 1, 10, 0, 0),
                    "central_time": (2024, 1, 1, 12, 34, 56)} for n, d in parts])


def make_zip_crc_mismatch():
    # Damaged data: the sheet is stored (not deflated) and one digit of B2 is changed after
    # the CRC was computed, so it inflates fine and only the CRC tells. Written with data
    # descriptors and known sizes, so the relaxed consistency check is what lets it be opened.
    def damage(stored):
        at = stored.index(b"<v>42</v>")
        return stored[:at] + b"<v>43</v>" + stored[at + 9:]
    parts = minimal_package(QUIRK_SHEET)
    write_raw_zip(out("zip_crc_mismatch.xlsx"),
                  [{"name": n, "data": d, "descriptor": "known-size",
                    **({"method": 0, "damage": damage} if n == "xl/worksheets/sheet1.xml" else {})}
                   for n, d in parts])


def make_entry_names_backslash():
    # Entry names written with Windows separators (`xl\workbook.xml`), as some Windows zip
    # tools and homegrown exporters do; the relationships inside still use `/`.
    parts = minimal_package(QUIRK_SHEET)
    write_zip(out("entry_names_backslash.xlsx"), [(n.replace("/", "\\"), d) for n, d in parts])


def make_zip_duplicate_entry():
    # The sheet twice under one name, with different contents: which one is the report?
    import warnings
    parts = minimal_package(QUIRK_SHEET)
    other = QUIRK_SHEET.replace("<v>42</v>", "<v>0</v>")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns "Duplicate name"
        write_zip(out("zip_duplicate_entry.xlsx"), parts + [("xl/worksheets/sheet1.xml", other)])
        # The same part once with `/` and once with `\` and other letter case: one part name for
        # OPC (case-insensitive) and for a reader that accepts backslashes.
        write_zip(out("zip_duplicate_entry_normalized.xlsx"),
                  parts + [("XL\\Worksheets\\Sheet1.xml", other)])


TIME_STYLES = f"""{XML_DECL}<styleSheet xmlns="{NS_MAIN}">
<numFmts count="4">
<numFmt numFmtId="164" formatCode="hh:mm:ss"/>
<numFmt numFmtId="165" formatCode="[$-419]h:mm;@"/>
<numFmt numFmtId="166" formatCode="[hh]:mm"/>
<numFmt numFmtId="167" formatCode="[mm]:ss"/>
</numFmts>
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="10">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="20" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="21" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="46" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="167" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="45" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>
"""

TIME_SHEET = f"""{XML_DECL}<worksheet xmlns="{NS_MAIN}"><sheetData>
<row r="1">
<c r="A1" s="1"><v>0.604166666666667</v></c>
<c r="B1" s="2"><v>0.34410879629629627</v></c>
<c r="C1" s="3"><v>0</v></c>
<c r="D1" s="4"><v>0.5</v></c>
<c r="E1" s="9"><v>0.0010416666666666667</v></c>
<c r="F1" s="1"><v>44357.604166666664</v></c>
<c r="G1" s="8"><v>0.75</v></c>
</row>
<row r="2">
<c r="A2" s="5"><v>9.5</v></c>
<c r="B2" s="5"><v>0.0625</v></c>
<c r="C2" s="6"><v>1.5</v></c>
<c r="D2" s="7"><v>0.0104166666666667</v></c>
<c r="E2" s="5"><v>-0.0625</v></c>
<c r="F2" s="5"><v>0</v></c>
</row>
<row r="3">
<c r="A3" t="d"><v>14:30:00</v></c>
<c r="B3" t="d" s="3"><v>08:15:30.25</v></c>
<c r="C3" t="d"><v>T23:59:59Z</v></c>
<c r="D3" t="d"><v>25:00:00</v></c>
<c r="E3" t="d"><v>2022-05-17T08:15:30</v></c>
</row>
</sheetData></worksheet>
"""


def make_time_of_day_and_duration():
    write_zip(out("time_of_day_and_duration.xlsx"), [
        ("[Content_Types].xml", content_types(["sheet1.xml"], sst=False)),
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", MIN_WORKBOOK),
        ("xl/_rels/workbook.xml.rels", MIN_WORKBOOK_RELS.replace(
            "</Relationships>", f'<Relationship Id="rId2" Type="{REL_STYLES}" Target="styles.xml"/>\n</Relationships>')),
        ("xl/styles.xml", TIME_STYLES),
        ("xl/worksheets/sheet1.xml", TIME_SHEET),
    ])


XSTRING_SST = f"""{XML_DECL}<sst xmlns="{NS_MAIN}" count="7" uniqueCount="7">
<si><t>строка1_x000D_
строка2</t></si>
<si><t>имя_x005F_x000D_файла</t></si>
<si><t>таб_x0009_и_x000d_</t></si>
<si><t>не escape: _x00G1_ _x41_ _x0041 x0041_</t></si>
<si><r><t>Жир_x0041_</t></r><r><t xml:space="preserve"> и _x0042_</t></r><rPh sb="0" eb="1"><t>_x0043_</t></rPh></si>
<si><t>_xD83D__xDE00_ и _xD83D_ одна</t></si>
<si><t>_x005f__x005F_</t></si>
</sst>
"""

XSTRING_SHEET = f"""{XML_DECL}<worksheet xmlns="{NS_MAIN}"><sheetData>
<row r="1">
<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>
<c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c><c r="G1" t="s"><v>6</v></c>
</row>
<row r="2">
<c r="A2" t="inlineStr"><is><t>встроенная_x000D_
строка</t></is></c>
<c r="B2" t="inlineStr"><is><r><t>часть_x0031_</t></r><r><t>_x0032_</t></r></is></c>
<c r="C2" t="str"><f>"итог"&amp;CHAR(13)</f><v>итог_x000D_</v></c>
<c r="D2"><v>5</v></c>
</row>
</sheetData></worksheet>
"""


def make_xstring_escapes():
    write_zip(out("xstring_escapes.xlsx"), [
        ("[Content_Types].xml", content_types(["sheet1.xml"], styles=False)),
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", MIN_WORKBOOK),
        ("xl/_rels/workbook.xml.rels", MIN_WORKBOOK_RELS.replace(
            "</Relationships>", f'<Relationship Id="rId2" Type="{REL_SST}" Target="sharedStrings.xml"/>\n</Relationships>')),
        ("xl/sharedStrings.xml", XSTRING_SST),
        ("xl/worksheets/sheet1.xml", XSTRING_SHEET),
    ])


def make_first_sheet_hidden_or_chart():
    # Tab order: a hidden worksheet, a chart sheet, a very hidden worksheet, then the report
    # (the first visible worksheet), then another visible worksheet.
    workbook = f"""{XML_DECL}<workbook xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">
<bookViews><workbookView activeTab="1"/></bookViews>
<sheets>
<sheet name="Служебный" sheetId="1" state="hidden" r:id="rId1"/>
<sheet name="Диаграмма" sheetId="2" r:id="rId2"/>
<sheet name="Совсем скрытый" sheetId="3" state="veryHidden" r:id="rId3"/>
<sheet name="Отчет" sheetId="4" r:id="rId4"/>
<sheet name="Справка" sheetId="5" r:id="rId5"/>
</sheets>
</workbook>
"""
    rels = f"""{XML_DECL}<Relationships xmlns="{NS_PKG_REL}">
<Relationship Id="rId1" Type="{REL_SHEET}" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{REL_CHARTSHEET}" Target="chartsheets/sheet1.xml"/>
<Relationship Id="rId3" Type="{REL_SHEET}" Target="worksheets/sheet2.xml"/>
<Relationship Id="rId4" Type="{REL_SHEET}" Target="worksheets/sheet3.xml"/>
<Relationship Id="rId5" Type="{REL_SHEET}" Target="worksheets/sheet4.xml"/>
</Relationships>
"""
    chartsheet = f"""{XML_DECL}<chartsheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">
<sheetPr/><sheetViews><sheetView workbookViewId="0"/></sheetViews><drawing r:id="rId1"/>
</chartsheet>
"""

    def sheet(text):
        return (f'{XML_DECL}<worksheet xmlns="{NS_MAIN}"><sheetData><row r="1">'
                f'<c r="A1" t="inlineStr"><is><t>{text}</t></is></c></row></sheetData></worksheet>\n')

    types = content_types(["sheet1.xml", "sheet2.xml", "sheet3.xml", "sheet4.xml"], sst=False, styles=False).replace(
        "</Types>", f'<Override PartName="/xl/chartsheets/sheet1.xml" ContentType="{CT_CHARTSHEET}"/>\n</Types>')
    write_zip(out("first_sheet_hidden_or_chart.xlsx"), [
        ("[Content_Types].xml", types),
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", rels),
        ("xl/worksheets/sheet1.xml", sheet("служебные данные")),
        ("xl/chartsheets/sheet1.xml", chartsheet),
        ("xl/worksheets/sheet2.xml", sheet("совсем скрытые данные")),
        ("xl/worksheets/sheet3.xml", sheet("отчет")),
        ("xl/worksheets/sheet4.xml", sheet("справка")),
    ])


def make_quirks():
    make_zip_data_descriptor()
    make_zip_local_time_mismatch()
    make_zip_crc_mismatch()
    make_entry_names_backslash()
    make_zip_duplicate_entry()
    make_time_of_day_and_duration()
    make_xstring_escapes()
    make_first_sheet_hidden_or_chart()


# --------------------------------------------------------------------------------------------
# LibreOffice-written fixtures (from a hand-written Flat ODS and a CSV).

FODS = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:automatic-styles>
 <number:date-style style:name="N1">
  <number:day number:style="long"/><number:text>.</number:text>
  <number:month number:style="long"/><number:text>.</number:text>
  <number:year number:style="long"/>
 </number:date-style>
 <number:date-style style:name="N2">
  <number:day number:style="long"/><number:text>.</number:text>
  <number:month number:style="long"/><number:text>.</number:text>
  <number:year number:style="long"/><number:text> </number:text>
  <number:hours number:style="long"/><number:text>:</number:text>
  <number:minutes number:style="long"/>
 </number:date-style>
 <number:boolean-style style:name="N3"><number:boolean/></number:boolean-style>
 <number:percentage-style style:name="N4">
  <number:number number:decimal-places="0" number:min-integer-digits="1"/><number:text>%</number:text>
 </number:percentage-style>
 <style:style style:name="ce1" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N1"/>
 <style:style style:name="ce2" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N2"/>
 <style:style style:name="ce3" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N3"/>
 <style:style style:name="ce4" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N4"/>
</office:automatic-styles>
<office:body>
<office:spreadsheet>
<table:table table:name="Данные">
 <table:table-row>
  <table:table-cell office:value-type="string"><text:p>Район «Северный» № 3, ёж</text:p></table:table-cell>
  <table:table-cell/>
  <table:table-cell office:value-type="float" office:value="1234.5"><text:p>1234.5</text:p></table:table-cell>
  <table:table-cell office:value-type="float" office:value="42"><text:p>42</text:p></table:table-cell>
 </table:table-row>
 <table:table-row>
  <table:table-cell table:style-name="ce1" office:value-type="date" office:date-value="2021-03-01"><text:p>01.03.2021</text:p></table:table-cell>
  <table:table-cell table:style-name="ce2" office:value-type="date" office:date-value="2021-06-10T14:30:00"><text:p>10.06.2021 14:30</text:p></table:table-cell>
  <table:table-cell table:style-name="ce3" office:value-type="boolean" office:boolean-value="true"><text:p>TRUE</text:p></table:table-cell>
  <table:table-cell table:style-name="ce3" office:value-type="boolean" office:boolean-value="false"><text:p>FALSE</text:p></table:table-cell>
 </table:table-row>
 <table:table-row>
  <table:table-cell table:style-name="ce4" office:value-type="percentage" office:value="0.25"><text:p>25%</text:p></table:table-cell>
  <table:table-cell office:value-type="float" office:value="-3"><text:p>-3</text:p></table:table-cell>
  <table:table-cell office:value-type="float" office:value="0.1"><text:p>0.1</text:p></table:table-cell>
  <table:table-cell office:value-type="string"><text:p>007</text:p></table:table-cell>
 </table:table-row>
 <table:table-row>
  <table:table-cell table:number-columns-spanned="3" table:number-rows-spanned="1" office:value-type="string"><text:p>Объединённые ячейки</text:p></table:table-cell>
  <table:covered-table-cell table:number-columns-repeated="2"/>
 </table:table-row>
 <table:table-row>
  <table:table-cell table:formula="of:=[.C1]*2" office:value-type="float" office:value="2469"><text:p>2469</text:p></table:table-cell>
  <table:table-cell office:value-type="string"><text:p>  пробелы  </text:p></table:table-cell>
 </table:table-row>
</table:table>
<table:table table:name="Справочник">
 <table:table-row>
  <table:table-cell office:value-type="string"><text:p>Код</text:p></table:table-cell>
  <table:table-cell office:value-type="string"><text:p>Наименование</text:p></table:table-cell>
 </table:table-row>
 <table:table-row>
  <table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>
  <table:table-cell office:value-type="string"><text:p>Первый</text:p></table:table-cell>
 </table:table-row>
</table:table>
</office:spreadsheet>
</office:body>
</office:document>
"""

CSV_TEXT = (
    "Район;Население;Доля;Дата\n"
    "Северный;12345;12,5;01.03.2021\n"
    "\"Южный; центр\";-3;0,1;31.12.2021\n"
    "Ёлкино;;;\n"
)


def make_libreoffice():
    tmp = tempfile.mkdtemp(prefix="svod-fixtures-")
    try:
        src = os.path.join(tmp, "libreoffice_types.fods")
        with open(src, "w", encoding="utf-8") as f:
            f.write(FODS)
        shutil.move(soffice_convert(src, "xlsx", tmp), out("libreoffice_types.xlsx"))

        ods_src = os.path.join(tmp, "spreadsheet.fods")
        shutil.copy(src, ods_src)
        shutil.move(soffice_convert(ods_src, "ods", tmp), out("spreadsheet.ods"))

        xls_src = os.path.join(tmp, "legacy.fods")
        shutil.copy(src, xls_src)
        shutil.move(soffice_convert(xls_src, "xls", tmp), out("legacy.xls"))

        csv_src = os.path.join(tmp, "libreoffice_from_csv.csv")
        with open(csv_src, "w", encoding="utf-8") as f:
            f.write(CSV_TEXT)
        # 59 = ';', 34 = '"', 76 = UTF-8, from line 1, default column formats, language 1049
        # (ru-RU: decimal comma, DD.MM.YYYY), quoted fields not forced to text, detect special
        # numbers (dates) on.
        shutil.move(soffice_convert(csv_src, "xlsx", tmp, infilter="CSV:59,34,76,1,,1049,false,true"),
                    out("libreoffice_from_csv.xlsx"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# --------------------------------------------------------------------------------------------


def dump(path):
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            print(f"== {info.filename} ({info.file_size} bytes, {info.compress_size} compressed)")
            if info.file_size < 20000 and info.filename.endswith((".xml", ".rels")) \
                    and "theme" not in info.filename:
                print(z.read(info.filename).decode("utf-8"))


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--dump":
        dump(sys.argv[2])
        return
    if len(sys.argv) == 2 and sys.argv[1] == "--quirks":
        make_quirks()
        return
    make_openpyxl_types()
    make_openpyxl_date1904()
    make_inline_rich_prefixed()
    make_doctype_entity()
    make_zip_bomb()
    make_zip_bomb_false_size()
    make_truncated_after_row()
    make_no_workbook()
    make_truncated()
    make_not_a_zip()
    make_encrypted()
    make_libreoffice()
    make_quirks()
    for name in sorted(os.listdir(HERE)):
        print(f"{os.path.getsize(out(name)):>9}  {name}")


if __name__ == "__main__":
    main()
