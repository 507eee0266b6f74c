#!/usr/bin/env python3
"""Generates the ODS reader test fixtures in this directory.

Committed for the record: the .ods/.ots/.odt files next to it are the fixtures the tests use.
Each hand-made one is a minimal OpenDocument package (a stored `mimetype` first, a manifest,
a `content.xml`) built with zipfile and named after the quirk it holds; the `libreoffice_*`
ones are real files converted by LibreOffice (not byte-for-byte reproducible, their cells are).

Needs: python3, and LibreOffice (`soffice`, Debian's libreoffice-calc-nogui) for the converted
ones. Written with LibreOffice 7.4.

    python3 make_fixtures.py           # regenerate everything into this directory
    python3 make_fixtures.py --no-soffice  # only the hand-made packages
"""

import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "../../../.."))
FIXED_TIME = (2024, 1, 1, 0, 0, 0)
ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet"

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
      'xmlns:dc="http://purl.org/dc/elements/1.1/" '
      'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" '
      'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"')


def out(name):
    return os.path.join(HERE, name)


def manifest(mime=ODS_MIME, encrypted=False):
    enc = ""
    if encrypted:
        enc = ('<manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" '
               'manifest:checksum="AAAA"><manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" '
               'manifest:initialisation-vector="AAAA"/><manifest:start-key-generation manifest:start-key-generation-name="http://www.w3.org/2000/09/xmldsig#sha256" '
               'manifest:key-size="32"/><manifest:key-derivation manifest:key-derivation-name="PBKDF2" manifest:key-size="32" '
               'manifest:iteration-count="100000" manifest:salt="AAAA"/></manifest:encryption-data>')
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
            f'<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="{mime}"/>'
            f'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"'
            + (f' manifest:size="1000">{enc}</manifest:file-entry>' if encrypted else '/>')
            + '</manifest:manifest>')


def content(body, styles=""):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<office:document-content {NS} office:version="1.3">'
            f'<office:automatic-styles>{styles}</office:automatic-styles>'
            f'<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body>'
            '</office:document-content>')


def write_odf(name, content_xml, mime=ODS_MIME, encrypted=False, mimetype_deflated=False, extra=(), skip=()):
    """An ODF package: `mimetype` first and stored (unless told otherwise), manifest, content."""
    with zipfile.ZipFile(out(name), "w", zipfile.ZIP_DEFLATED) as z:
        def put(part, data, method=zipfile.ZIP_DEFLATED):
            if part in skip:
                return
            info = zipfile.ZipInfo(part, date_time=FIXED_TIME)
            info.compress_type = method
            info.external_attr = 0o644 << 16
            z.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)
        put("mimetype", mime, zipfile.ZIP_DEFLATED if mimetype_deflated else zipfile.ZIP_STORED)
        put("META-INF/manifest.xml", manifest(mime, encrypted))
        put("content.xml", content_xml)
        for part, data in extra:
            put(part, data)


def cell(value_attrs="", text=None, extra=""):
    inner = "" if text is None else "".join(f"<text:p>{t}</text:p>" for t in ([text] if isinstance(text, str) else text))
    return f"<table:table-cell {value_attrs} {extra}>{inner}</table:table-cell>"


def s(text):
    return cell('office:value-type="string" calcext:value-type="string"', text)


def f(value):
    return cell(f'office:value-type="float" office:value="{value}" calcext:value-type="float"', str(value))


def row(*cells, attrs=""):
    return f"<table:table-row {attrs}>{''.join(cells)}</table:table-row>"


def table(name, *rows, attrs=""):
    return f'<table:table table:name="{name}" {attrs}>' \
           '<table:table-column table:number-columns-repeated="16384"/>' + "".join(rows) + "</table:table>"


# The tail LibreOffice writes after the last used row: the rest of the sheet's 1,048,576 rows,
# each 16,384 empty columns wide.
def trailing(used_rows, used_columns=0):
    cells = '<table:table-cell table:number-columns-repeated="16384"/>'
    return row(cells, attrs=f'table:number-rows-repeated="{1048576 - used_rows}"')


def hand_made():
    # Repeats: a non-empty row repeated 3 times, a cell repeated across 4 columns, empty repeats
    # between them, and the huge trailing repeat.
    write_odf("repeats.ods", content(table(
        "Повторы",
        row(s("A"), '<table:table-cell table:number-columns-repeated="2"/>', s("D")),
        row('<table:table-cell table:number-columns-repeated="16384"/>', attrs='table:number-rows-repeated="2"'),
        row(f(7), cell('office:value-type="string"', "x", 'table:number-columns-repeated="4"'),
            '<table:table-cell table:number-columns-repeated="16379"/>', attrs='table:number-rows-repeated="3"'),
        '<table:table-row table:number-rows-repeated="5"/>',
        row('<table:table-cell table:number-columns-repeated="3"/>', s("конец"),
            '<table:table-cell table:number-columns-repeated="16380"/>'),
        trailing(12))))

    # Huge trailing repeats only (an "empty" sheet as LibreOffice saves it), then a second sheet
    # whose only cell stands after 1,048,575 empty rows and 16,383 empty columns.
    write_odf("huge_trailing_repeat.ods", content(
        table("Пусто", row('<table:table-cell table:number-columns-repeated="16384"/>',
                           attrs='table:number-rows-repeated="1048576"')) +
        table("Угол", row('<table:table-cell table:number-columns-repeated="16384"/>',
                          attrs='table:number-rows-repeated="1048575"'),
              row('<table:table-cell table:number-columns-repeated="16383"/>', s("XFD1048576")))))

    # A non-empty cell repeated into every column of a million rows: 17 billion real cells.
    write_odf("repeat_bomb.ods", content(table(
        "Бомба", row(cell('office:value-type="string"', "x", 'table:number-columns-repeated="16384"'),
                     attrs='table:number-rows-repeated="1048576"'))))

    # A non-empty row repeated past the last row.
    write_odf("rows_past_cap.ods", content(table(
        "Строки", row(s("a"), attrs='table:number-rows-repeated="1048577"'))))

    # Merges: A1:D1 (covered B1, C1 as one repeated covered cell, and D1 that still holds hidden
    # text), A2:A3 (rows spanned, covered
    # A3), B2:C3 (both spans).
    write_odf("covered_merges.ods", content(table(
        "Объединения",
        row(cell('office:value-type="string"', "Заголовок", 'table:number-columns-spanned="4" table:number-rows-spanned="1"'),
            '<table:covered-table-cell table:number-columns-repeated="2"/>',
            '<table:covered-table-cell office:value-type="string"><text:p>скрыто</text:p></table:covered-table-cell>'),
        row(cell('office:value-type="string"', "Раздел", 'table:number-rows-spanned="2"'),
            cell('office:value-type="float" office:value="5"', "5", 'table:number-columns-spanned="2" table:number-rows-spanned="2"'),
            '<table:covered-table-cell/>', s("D2")),
        row('<table:covered-table-cell table:number-columns-repeated="3"/>', s("D3")))))

    # Every value type, with LibreOffice's number/date styles for the date-time decision.
    styles = (
        '<number:date-style style:name="N36"><number:day number:style="long"/><number:text>.</number:text>'
        '<number:month number:style="long"/><number:text>.</number:text><number:year number:style="long"/></number:date-style>'
        '<number:date-style style:name="N50"><number:day/><number:text>.</number:text><number:month/><number:text>.</number:text>'
        '<number:year/><number:text> </number:text><number:hours/><number:text>:</number:text><number:minutes/></number:date-style>'
        '<number:time-style style:name="N40"><number:hours/><number:text>:</number:text><number:minutes/></number:time-style>'
        '<style:style style:name="ceDate" style:family="table-cell" style:data-style-name="N36"/>'
        '<style:style style:name="ceDateTime" style:family="table-cell" style:data-style-name="N50"/>'
        '<style:style style:name="ceTime" style:family="table-cell" style:data-style-name="N40"/>')
    write_odf("value_types.ods", content(table(
        "Типы",
        row(s("float"), f("-12.5")),
        row(s("percentage"), cell('office:value-type="percentage" office:value="0.25"', "25%")),
        row(s("currency"), cell('office:value-type="currency" office:currency="RUB" office:value="1234.5"', "1 234,50 ₽")),
        row(s("date"), cell('office:value-type="date" office:date-value="2021-01-15"', "15.01.2021", 'table:style-name="ceDate"')),
        row(s("date-time"), cell('office:value-type="date" office:date-value="2021-01-15T10:30:00"', "15.01.2021 10:30")),
        row(s("date-time styled, midnight"), cell('office:value-type="date" office:date-value="2021-01-15T00:00:00"', "15.01.2021 00:00",
                                                  'table:style-name="ceDateTime"')),
        row(s("date styled, time dropped"), cell('office:value-type="date" office:date-value="2021-01-15T10:30:00"', "15.01.2021",
                                                 'table:style-name="ceDate"')),
        row(s("time"), cell('office:value-type="time" office:time-value="PT12H30M00S"', "12:30", 'table:style-name="ceTime"')),
        row(s("duration"), cell('office:value-type="time" office:time-value="PT36H00M00S"', "36:00")),
        row(s("boolean"), cell('office:value-type="boolean" office:boolean-value="true"', "ИСТИНА"),
            cell('office:value-type="boolean" office:boolean-value="false"', "ЛОЖЬ")),
        row(s("string-value"), cell('office:value-type="string" office:string-value="из атрибута"', "показано")),
        row(s("error"), cell('table:formula="of:=1/0" office:value-type="float" office:value="0" calcext:value-type="error"', "#DIV/0!")),
        row(s("formula"), cell('table:formula="of:=[.B1]*2" office:value-type="float" office:value="-25"', "-25")),
        row(s("no type"), cell('', "просто текст")),
        row(s("void"), cell('office:value-type="void"'), cell('office:value-type="string" calcext:value-type="string"', "")),
        row(s("bad date"), cell('office:value-type="date" office:date-value="когда-то"', "когда-то")),
        row(s("big"), f("1e300"), cell('office:value-type="date" office:date-value="2021-01-15T10:30:1e300"', "x")),
    ), styles))

    # Text markup: spaces, tabs, line breaks, spans, links, several paragraphs, a comment.
    write_odf("text_markup.ods", content(table(
        "Текст",
        row(s('два<text:s/>пробела: a<text:s text:c="3"/>b')),
        row(s('таб<text:tab/>и<text:line-break/>перенос')),
        row(s('<text:span text:style-name="T1">жирный</text:span> и <text:a xlink:href="https://example.org" '
              'xmlns:xlink="http://www.w3.org/1999/xlink">ссылка</text:a>')),
        row(cell('office:value-type="string"', ["первый абзац", "второй", "", "четвертый"])),
        row('<table:table-cell office:value-type="string"><office:annotation><dc:creator>Проверяющий</dc:creator>'
            '<text:p>комментарий, не текст ячейки</text:p></office:annotation><text:p>с примечанием</text:p></table:table-cell>'),
        row('<table:table-cell office:value-type="string"><draw:frame draw:name="Рис"><draw:text-box><text:p>надпись</text:p>'
            '</draw:text-box></draw:frame><text:p>с рисунком</text:p></table:table-cell>'),
        row(s('&lt;&amp;&gt; &#1071;')),
    )))

    # Hidden sheets: one by its table style (how LibreOffice hides), one by the attribute.
    write_odf("hidden_sheet.ods", content(
        table("Видимый", row(s("1"))) +
        table("Скрытый стилем", row(s("2")), attrs='table:style-name="taHidden"') +
        table("Скрытый атрибутом", row(s("3")), attrs='table:display="false"') +
        table("Тоже видимый", row(s("4")), attrs='table:style-name="taShown"'),
        '<style:style style:name="taHidden" style:family="table"><style:table-properties table:display="false"/></style:style>'
        '<style:style style:name="taShown" style:family="table"><style:table-properties table:display="true"/></style:style>'))

    body = table("Лист1", row(s("a")))
    write_odf("encrypted_manifest.ods", content(body), encrypted=True)
    write_odf("template.ots", content(body), mime=ODS_MIME + "-template")
    write_odf("mimetype_deflated.ods", content(body), mimetype_deflated=True)
    write_odf("text_document.odt", '<?xml version="1.0" encoding="UTF-8"?>\n'
              f'<office:document-content {NS}><office:body><office:text><text:p>Письмо</text:p></office:text></office:body>'
              '</office:document-content>', mime="application/vnd.oasis.opendocument.text")
    write_odf("no_content.ods", content(body), skip=("content.xml",))
    write_odf("doctype_entity.ods", '<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY e "eee">]>\n' + content(body))
    full = content(table("Лист1", row(s("a")), row(s("b"))))
    write_odf("truncated_after_row.ods", full[:full.index("</table:table-row>") + len("</table:table-row>")])


def soffice_convert(src, fmt, outdir):
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    try:
        subprocess.run(["soffice", "-env:UserInstallation=file://" + profile, "--headless", "--convert-to", fmt,
                        "--outdir", outdir, src], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=300)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    result = os.path.join(outdir, os.path.splitext(os.path.basename(src))[0] + "." + fmt)
    if not os.path.exists(result):
        raise SystemExit("soffice produced nothing for " + src)
    return result


def converted():
    tmp = tempfile.mkdtemp()
    try:
        # The XLSX fixture with every type, and sample reports, saved by LibreOffice as ODS.
        shutil.move(soffice_convert(os.path.join(HERE, "../xlsx/libreoffice_types.xlsx"), "ods", tmp),
                    out("libreoffice_types.ods"))
        samples = os.path.join(ROOT, "Samples/submissions")
        for src, dst in [("valid/05701000_2021-01.xlsx", "valid/05701000_2021-01_libreoffice.ods"),
                         ("invalid/status_and_values.xlsx", "invalid/status_and_values_libreoffice.ods")]:
            shutil.move(soffice_convert(os.path.join(samples, src), "ods", tmp), os.path.join(samples, dst))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    hand_made()
    if "--no-soffice" not in sys.argv:
        converted()
