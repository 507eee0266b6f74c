#!/usr/bin/env python3
"""Regenerates the CSV fixtures byte for byte: python3 make_fixtures.py (run in this folder).

Each file is named after the quirk it reproduces; CSVReaderTests asserts its exact cells.
"""

def write(name, data: bytes):
    with open(name, "wb") as f:
        f.write(data)

# Excel's plain "CSV" on a Russian Windows: Windows-1251, `;`, CRLF, decimal comma, №, «», —, Ё.
write("cp1251_semicolon.csv", (
    "№;Мероприятие;Статус;Процент\r\n"
    "1;Ремонт школы №5;Выполнено;12,5\r\n"
    "2;«Благоустройство» двора — этап 1;Не выполнено;0\r\n"
    "3;Объём закупок Ёлкино;;100\r\n"
).encode("cp1251"))

# Excel's "CSV UTF-8": BOM, `,`, quoted fields holding commas, LF only.
write("utf8_bom_comma.csv", (
    "Name,Город,Amount\n"
    "\"Smith, John\",Москва,\"1,234.50\"\n"
    "Ivanov,\"Санкт-Петербург\",42\n"
).encode("utf-8-sig"))

# LibreOffice-style tab-separated UTF-8 without BOM; `;` and `,` inside text must not win the vote.
write("utf8_no_bom_tab.tsv", (
    "Район\tКомментарий\tЗначение\n"
    "Центральный\tсрок; перенесён, см. письмо\t7\n"
    "Северный\t\t3,5\n"
).encode("utf-8"))

# Excel's "Unicode text": UTF-16LE with BOM, TAB, CRLF, a quoted line break, a non-BMP character.
write("utf16le_bom_tab.txt", "\ufeff".encode("utf-16-le") + (
    "Показатель\tЗначение\tПримечание\r\n"
    "Охват населения\t95,2\t\"многострочное\nпримечание\"\r\n"
    "Ёмкость 🏫\t10\t\r\n"
).encode("utf-16-le"))

# Quoted CRLF, LF and lone CR inside fields, doubled quotes, a quoted delimiter; CRLF records.
write("quoted_newlines.csv", (
    "id;text;note\r\n"
    "1;\"line one\r\nline two\";\"He said \"\"hi\"\"\"\r\n"
    "2;\"a;b\";plain\r\n"
    "3;\"lone\rCR and\nLF\";x\r\n"
).encode("utf-8"))

# Ragged rows, blank lines (LF and CRLF), an all-empty record, whitespace kept, a quote inside an
# unquoted field, a trailing delimiter, and a last line without a line break.
write("ragged_and_empty_lines.csv", (
    "a;b;c\n"
    "1;2\n"
    "\n"
    "3;4;5;6\n"
    ";;\n"
    "  padded ;x\"y;\n"
    "\r\n"
    ";;last"
).encode("utf-8"))

# Windows-1251 reference: every assigned high-half byte, and Python's decoding of it as UTF-8.
high = bytes(b for b in range(0x80, 0x100) if b != 0x98)
write("cp1251_high_half.bin", high)
write("cp1251_high_half.utf8.txt", high.decode("cp1251").encode("utf-8"))
