#!/usr/bin/env python3
"""Fixture for ODSAnnotatorTests: a small report saved by LibreOffice Calc.

libreoffice_report.ods  written by LibreOffice from the flat ODS below, so its content.xml is
                        LibreOffice's own dialect: identical adjacent cells folded into
                        `table:number-columns-repeated` (the three 7s of rows 2-6), empty rows
                        inside the used area folded into one `table:number-rows-repeated` row of
                        repeated empty cells (LibreOffice folds only empty rows: rows 2-6 stay
                        five rows), a merged cell (`table:number-columns-spanned` + covered
                        cells), an existing comment (`office:annotation` with LibreOffice's
                        geometry), automatic cell styles with data styles (number, date), a cell
                        in a common style of styles.xml, column default cell styles.

Sheet «Отчет»:
  row 1      headers, bold (an automatic style)
  rows 2-6   five identical rows: "x", "Одинаково", 7, 7, 7  (C:E one repeated cell)
  row 7      A7:C7 merged «Итого», D7 35 as #,##0.00, E7 2021-03-15 as DD.MM.YYYY
  row 8      B8 «Итог» in the common style «Итоговая» (no direct formatting)
  row 9      B9 «с комментарием» carrying a comment by «Иванов»
  rows 10-29 empty (LibreOffice folds them into one repeated row of repeated cells)
  row 30     A30 «конец»
Sheet «Справочник»: A1 «Статус», A2 «Выполнено».

default_namespace.ods   made by hand (zipfile): the smallest spreadsheet a producer may write —
                        no automatic styles, no styles.xml, no dc/xlink/fo namespaces, office as
                        the root's default namespace, a self-closing repeated row.
self_closing.ods        made by hand: `<office:automatic-styles/>` and a self-closing second table
                        («Пусто») after a normal one («Лист1»).

Run: python3 make_ods_fixtures.py               (needs soffice; written with LibreOffice 7.4)
     python3 make_ods_fixtures.py --no-soffice  (only the hand-made packages)
The LibreOffice output is not byte-for-byte reproducible (LibreOffice stamps times); its cells are.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))

FODS = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
 <office:styles>
  <style:style style:name="Default" style:family="table-cell"/>
  <style:style style:name="Итоговая" style:family="table-cell" style:parent-style-name="Default">
   <style:text-properties fo:font-style="italic" fo:color="#1f4e79"/>
  </style:style>
 </office:styles>
 <office:automatic-styles>
  <style:style style:name="coA" style:family="table-column"><style:table-column-properties style:column-width="1.2in"/></style:style>
  <style:style style:name="coB" style:family="table-column"><style:table-column-properties style:column-width="2in"/></style:style>
  <number:number-style style:name="N4"><number:number number:decimal-places="2" number:min-decimal-places="2" number:min-integer-digits="1" number:grouping="true"/></number:number-style>
  <number:date-style style:name="N37"><number:day number:style="long"/><number:text>.</number:text><number:month number:style="long"/><number:text>.</number:text><number:year number:style="long"/></number:date-style>
  <style:style style:name="ceBold" style:family="table-cell" style:parent-style-name="Default"><style:text-properties fo:font-weight="bold"/></style:style>
  <style:style style:name="ceMoney" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N4"><style:table-cell-properties fo:border="0.06pt solid #000000"/></style:style>
  <style:style style:name="ceDate" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N37"/>
  <style:style style:name="ceMerged" style:family="table-cell" style:parent-style-name="Default"><style:table-cell-properties style:vertical-align="middle"/><style:paragraph-properties fo:text-align="center"/></style:style>
 </office:automatic-styles>
 <office:body>
  <office:spreadsheet>
   <table:table table:name="Отчет">
    <table:table-column table:style-name="coA" table:default-cell-style-name="Default"/>
    <table:table-column table:style-name="coB" table:default-cell-style-name="Default"/>
    <table:table-column table:style-name="coA" table:number-columns-repeated="3" table:default-cell-style-name="Default"/>
    <table:table-row>
     <table:table-cell table:style-name="ceBold" office:value-type="string"><text:p>Код</text:p></table:table-cell>
     <table:table-cell table:style-name="ceBold" office:value-type="string"><text:p>Наименование</text:p></table:table-cell>
     <table:table-cell table:style-name="ceBold" office:value-type="string"><text:p>Сумма</text:p></table:table-cell>
     <table:table-cell table:style-name="ceBold" office:value-type="string"><text:p>Дата</text:p></table:table-cell>
     <table:table-cell table:style-name="ceBold" office:value-type="string"><text:p>Статус</text:p></table:table-cell>
    </table:table-row>
    <table:table-row table:number-rows-repeated="5">
     <table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>Одинаково</text:p></table:table-cell>
     <table:table-cell office:value-type="float" office:value="7" table:number-columns-repeated="3"><text:p>7</text:p></table:table-cell>
    </table:table-row>
    <table:table-row>
     <table:table-cell table:style-name="ceMerged" office:value-type="string" table:number-columns-spanned="3" table:number-rows-spanned="1"><text:p>Итого</text:p></table:table-cell>
     <table:covered-table-cell table:number-columns-repeated="2"/>
     <table:table-cell table:style-name="ceMoney" office:value-type="float" office:value="35"><text:p>35,00</text:p></table:table-cell>
     <table:table-cell table:style-name="ceDate" office:value-type="date" office:date-value="2021-03-15"><text:p>15.03.2021</text:p></table:table-cell>
    </table:table-row>
    <table:table-row>
     <table:table-cell/>
     <table:table-cell table:style-name="Итоговая" office:value-type="string"><text:p>Итог</text:p></table:table-cell>
    </table:table-row>
    <table:table-row>
     <table:table-cell/>
     <table:table-cell office:value-type="string"><office:annotation><dc:creator>Иванов</dc:creator><text:p>Старый комментарий</text:p></office:annotation><text:p>с комментарием</text:p></table:table-cell>
    </table:table-row>
    <table:table-row table:number-rows-repeated="20"><table:table-cell table:number-columns-repeated="5"/></table:table-row>
    <table:table-row><table:table-cell office:value-type="string"><text:p>конец</text:p></table:table-cell></table:table-row>
   </table:table>
   <table:table table:name="Справочник">
    <table:table-column/>
    <table:table-row><table:table-cell office:value-type="string"><text:p>Статус</text:p></table:table-cell></table:table-row>
    <table:table-row><table:table-cell office:value-type="string"><text:p>Выполнено</text:p></table:table-cell></table:table-row>
   </table:table>
  </office:spreadsheet>
 </office:body>
</office:document>
"""


DEFAULT_NAMESPACE = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<document-content xmlns="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:t="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:x="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'version="1.2"><body><spreadsheet><t:table t:name="Лист1"><t:table-column/><t:table-row>'
    '<t:table-cell xmlns:o="urn:oasis:names:tc:opendocument:xmlns:office:1.0" o:value-type="string"><x:p>a</x:p></t:table-cell>'
    '</t:table-row><t:table-row t:number-rows-repeated="3"/></t:table></spreadsheet></body></document-content>')

SELF_CLOSING = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.3">'
    '<office:automatic-styles/><office:body><office:spreadsheet>'
    '<table:table table:name="Лист1"><table:table-column/><table:table-row><table:table-cell office:value-type="float" '
    'office:value="1"><text:p>1</text:p></table:table-cell></table:table-row></table:table>'
    '<table:table table:name="Пусто"/></office:spreadsheet></office:body></office:document-content>')

MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')


def hand_made(name, content):
    with zipfile.ZipFile(os.path.join(HERE, name), "w") as z:
        def add(name, data, method):
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = method
            z.writestr(info, data)
        add("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        add("META-INF/manifest.xml", MANIFEST, zipfile.ZIP_DEFLATED)
        add("content.xml", content, zipfile.ZIP_DEFLATED)


def main():
    hand_made("default_namespace.ods", DEFAULT_NAMESPACE)
    hand_made("self_closing.ods", SELF_CLOSING)
    if "--no-soffice" in sys.argv:
        return
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("soffice is needed")
    work = tempfile.mkdtemp()
    try:
        source = os.path.join(work, "libreoffice_report.fods")
        with open(source, "w", encoding="utf-8") as f:
            f.write(FODS)
        subprocess.run([soffice, "-env:UserInstallation=file://" + os.path.join(work, "profile"), "--headless",
                        "--norestore", "--convert-to", "ods", "--outdir", work, source], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.copy(os.path.join(work, "libreoffice_report.ods"), os.path.join(HERE, "libreoffice_report.ods"))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
