"""Fixtures for AnnotatorTests: workbooks that already carry cell comments.

openpyxl_comments.xlsx   made by openpyxl (comments part + legacy VML drawing, widths, fills)
libreoffice_comments.xlsx the same workbook saved again by LibreOffice Calc (its own comment/VML dialect)

Run: python3 make_fixtures.py   (needs openpyxl; soffice for the second file)
"""
import os
import shutil
import subprocess
import tempfile

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill, Border, Side

here = os.path.dirname(os.path.abspath(__file__))

wb = Workbook()
ws = wb.active
ws.title = "Отчет"
ws["A1"] = "Муниципалитет"
ws["B1"] = "Статус"
ws["C1"] = "Сумма"
ws["A1"].font = Font(bold=True)
ws["B1"].font = Font(bold=True)
ws["C1"].font = Font(bold=True)
ws["A2"] = "Алексин"
ws["B2"] = "готово"
ws["C2"] = 125.5
ws["C2"].number_format = "#,##0.00"
thin = Side(style="thin")
ws["C2"].border = Border(left=thin, right=thin, top=thin, bottom=thin)
ws["A3"] = "Белёв"
ws["B3"] = "непонятно"
ws["C3"] = -7
ws["C3"].fill = PatternFill("solid", fgColor="DDEBF7")
ws["B2"].comment = Comment("Проверено бухгалтером", "Иванов")
ws["A3"].comment = Comment("Уточнить & перезвонить", "Петрова")
ws.column_dimensions["A"].width = 24
second = wb.create_sheet("Справочник")
second["A1"] = "Код"
second["A2"] = 1
wb.save(os.path.join(here, "openpyxl_comments.xlsx"))

soffice = shutil.which("soffice")
if soffice:
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([soffice, "--headless", "--convert-to", "xlsx", "--outdir", out,
                        os.path.join(here, "openpyxl_comments.xlsx")], check=True, capture_output=True)
        shutil.copy(os.path.join(out, "openpyxl_comments.xlsx"), os.path.join(here, "libreoffice_comments.xlsx"))
