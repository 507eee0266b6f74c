"""Fixtures for the annotated copy of the OOXML package flavours (AnnotatorTests):

strict_libreoffice_types.xlsx    ../xlsx/libreoffice_types.xlsx with every transitional namespace and
                                 relationship type replaced by its ISO/IEC 29500 Strict name
                                 (what Excel's «Strict Open XML Spreadsheet» writes)
libreoffice_macro_enabled.xlsm   ../xlsx/libreoffice_types.xlsx saved by LibreOffice Calc as an
                                 Excel 2007-365 macro-enabled workbook (its workbook part has the
                                 macroEnabled content type)
template_libreoffice_types.xltx  ../xlsx/libreoffice_types.xlsx with the workbook part declared as a
                                 template (what Excel writes for .xltx)

Run: python3 make_package_flavours.py   (needs soffice for the .xlsm)
"""
import os
import shutil
import subprocess
import tempfile
import zipfile

here = os.path.dirname(os.path.abspath(__file__))
source = os.path.join(here, "..", "xlsx", "libreoffice_types.xlsx")

STRICT = [
    ("http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties",
     "http://purl.oclc.org/ooxml/officeDocument/relationships/extendedProperties"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/relationships", "http://purl.oclc.org/ooxml/officeDocument/relationships"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
     "http://purl.oclc.org/ooxml/officeDocument/extendedProperties"),
    ("http://schemas.openxmlformats.org/drawingml/2006/main", "http://purl.oclc.org/ooxml/drawingml/main"),
]


def rewrite(target, edit):
    """Copies `source` to `target`, passing every entry's bytes through edit(name, data)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = edit(info.filename, zin.read(info.filename))
            out = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            out.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(out, data)


def strict(name, data):
    if not (name.endswith(".xml") or name.endswith(".rels")):
        return data
    text = data.decode("utf-8")
    for old, new in STRICT:
        text = text.replace(old, new)
    return text.encode("utf-8")


def template(name, data):
    if name != "[Content_Types].xml":
        return data
    return data.replace(b"spreadsheetml.sheet.main+xml", b"spreadsheetml.template.main+xml")


rewrite(os.path.join(here, "strict_libreoffice_types.xlsx"), strict)
rewrite(os.path.join(here, "template_libreoffice_types.xltx"), template)

with tempfile.TemporaryDirectory() as work:
    shutil.copy(source, os.path.join(work, "libreoffice_macro_enabled.xlsx"))
    subprocess.run(["soffice", f"-env:UserInstallation=file://{work}/profile", "--headless", "--norestore",
                    "--convert-to", "xlsm:Calc MS Excel 2007 VBA XML", "--outdir", work,
                    os.path.join(work, "libreoffice_macro_enabled.xlsx")], check=True, capture_output=True)
    shutil.copy(os.path.join(work, "libreoffice_macro_enabled.xlsm"), os.path.join(here, "libreoffice_macro_enabled.xlsm"))
