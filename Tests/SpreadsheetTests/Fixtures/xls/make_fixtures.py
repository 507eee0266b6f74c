#!/usr/bin/env python3
"""Hand-built Excel 97-2003 fixtures: a Compound File Binary container (MS-CFB) and BIFF8
records (MS-XLS) written byte by byte, one file per quirk. Run from this folder:

    python3 make_fixtures.py

The files Svod's XLS reader is tested on are committed; this script documents how they were
made and rebuilds them identically. LibreOffice conversions of the sample reports sit next to
them (libreoffice_*.xls)."""

import struct
import zipfile

ENDOFCHAIN = 0xFFFFFFFE
FREESECT = 0xFFFFFFFF
FATSECT = 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF


# ---------------------------------------------------------------- compound file

def cfb(streams, sector_shift=9, mutate_fat=None):
    """streams: list of (name, bytes). Streams under 4096 bytes go to the mini stream."""
    S = 1 << sector_shift
    mini_streams = [(n, d) for n, d in streams if len(d) < 4096]
    big_streams = [(n, d) for n, d in streams if len(d) >= 4096]

    # Mini stream: 64-byte mini sectors.
    ministream = b""
    minifat = []
    mini_start = {}
    for name, data in mini_streams:
        count = (len(data) + 63) // 64
        mini_start[name] = len(ministream) // 64 if count else ENDOFCHAIN
        for i in range(count):
            minifat.append(len(minifat) + 1 if i < count - 1 else ENDOFCHAIN)
        ministream += data + b"\0" * (count * 64 - len(data))

    def sectors(n):
        return (n + S - 1) // S

    dir_entries = 1 + len(streams)
    dir_sectors = sectors(dir_entries * 128)
    minifat_sectors = sectors(len(minifat) * 4)
    ministream_sectors = sectors(len(ministream))
    big_sectors = [sectors(len(d)) for _, d in big_streams]
    payload = dir_sectors + minifat_sectors + ministream_sectors + sum(big_sectors)
    fat_sectors = 1
    while fat_sectors * (S // 4) < payload + fat_sectors:
        fat_sectors += 1
    assert fat_sectors <= 109

    fat = [FATSECT] * fat_sectors
    def chain(count):
        start = len(fat)
        for i in range(count):
            fat.append(start + i + 1 if i < count - 1 else ENDOFCHAIN)
        return start if count else ENDOFCHAIN
    dir_start = chain(dir_sectors)
    minifat_start = chain(minifat_sectors)
    ministream_start = chain(ministream_sectors)
    big_start = {}
    for (name, _), count in zip(big_streams, big_sectors):
        big_start[name] = chain(count)
    if mutate_fat:
        mutate_fat(fat, big_start)
    fat += [FREESECT] * (fat_sectors * (S // 4) - len(fat))

    def entry(name, type_, start, size, child=NOSTREAM, right=NOSTREAM):
        raw = name.encode("utf-16-le") + b"\0\0"
        e = raw + b"\0" * (64 - len(raw))
        e += struct.pack("<HBB", len(raw), type_, 1)
        e += struct.pack("<III", NOSTREAM, right, child)
        e += b"\0" * 16 + b"\0" * 4 + b"\0" * 16
        e += struct.pack("<IQ", start, size)
        assert len(e) == 128
        return e

    directory = entry("Root Entry", 5, ministream_start if ministream else ENDOFCHAIN, len(ministream),
                      child=1 if streams else NOSTREAM)
    for index, (name, data) in enumerate(streams):
        start = mini_start[name] if len(data) < 4096 else big_start[name]
        right = index + 2 if index + 1 < len(streams) else NOSTREAM
        directory += entry(name, 2, start, len(data), right=right)
    directory += b"\0" * (dir_sectors * S - len(directory))

    header = bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + b"\0" * 16
    header += struct.pack("<HHHHH", 0x3E, 3 if S == 512 else 4, 0xFFFE, sector_shift, 6)
    header += b"\0" * 6
    header += struct.pack("<IIIIIIIII", dir_sectors if S == 4096 else 0, fat_sectors, dir_start, 0, 4096,
                          minifat_start, minifat_sectors, ENDOFCHAIN, 0)
    difat = list(range(fat_sectors)) + [FREESECT] * (109 - fat_sectors)
    header += struct.pack("<109I", *difat)
    assert len(header) == 512
    header += b"\0" * (S - 512)

    body = struct.pack("<%dI" % len(fat), *fat)
    body += directory
    mf = struct.pack("<%dI" % len(minifat), *minifat) if minifat else b""
    body += mf + b"\xff" * (minifat_sectors * S - len(mf))
    body += ministream + b"\0" * (ministream_sectors * S - len(ministream))
    for (_, data), count in zip(big_streams, big_sectors):
        body += data + b"\0" * (count * S - len(data))
    return header + body


# ---------------------------------------------------------------- BIFF8 records

def rec(type_, body=b""):
    return struct.pack("<HH", type_, len(body)) + body


def bof(dt, version=0x0600):
    return rec(0x0809, struct.pack("<HHHHII", version, dt, 0x0DBB, 0x07CC, 0, 6))


EOF = rec(0x000A)


def chars(s):
    """(flag, bytes): compressed Latin-1 when possible, else UTF-16LE."""
    if all(ord(c) < 256 for c in s):
        return 0, s.encode("latin-1")
    return 1, s.encode("utf-16-le")


def xlstring(s, length_bytes=2):
    flag, data = chars(s)
    return struct.pack("<B" if length_bytes == 1 else "<H", len(s)) + bytes([flag]) + data


def xf(fmt):
    return rec(0x00E0, struct.pack("<HHHBBBBIIH", 0, fmt, 0xFFF5 if False else 0x0001, 0x20, 0, 0, 0, 0, 0, 0x20C0))


def cell(row, col, ixfe=0):
    return struct.pack("<HHH", row, col, ixfe)


def number(row, col, value, ixfe=0):
    return rec(0x0203, cell(row, col, ixfe) + struct.pack("<d", value))


def label_sst(row, col, index, ixfe=0):
    return rec(0x00FD, cell(row, col, ixfe) + struct.pack("<I", index))


def rk_int(value):
    return (value << 2) | 0x02


def rk(row, col, raw, ixfe=0):
    return rec(0x027E, cell(row, col, ixfe) + struct.pack("<I", raw & 0xFFFFFFFF))


def mulrk(row, first, raws, ixfe=0):
    body = struct.pack("<HH", row, first)
    for raw in raws:
        body += struct.pack("<HI", ixfe, raw & 0xFFFFFFFF)
    body += struct.pack("<H", first + len(raws) - 1)
    return rec(0x00BD, body)


def formula(row, col, result, ixfe=0):
    """result: 8 bytes; followed by grbit, chn and a one-token formula (a constant)."""
    rgce = b"\x1e\x01\x00"  # tInt 1
    return rec(0x0006, cell(row, col, ixfe) + result + struct.pack("<HIH", 0, 0, len(rgce)) + rgce)


def special(kind, value=0):
    return bytes([kind, 0, value, 0, 0, 0, 0xFF, 0xFF])


def boundsheet(name, offset=0, hidden=0, dt=0):
    return rec(0x0085, struct.pack("<IBB", offset, hidden, dt) + xlstring(name, 1))


def workbook(sheets, sst=None, formats=(), xfs=(0,), date1904=False, extra_globals=b"", codepage=1200):
    """sheets: list of (name, hidden, dt, records bytes). Patches BOUNDSHEET offsets."""
    def globals_(offsets):
        g = bof(0x0005) + extra_globals + rec(0x0042, struct.pack("<H", codepage))
        g += rec(0x0022, struct.pack("<H", 1 if date1904 else 0))
        for fid, code in formats:
            g += rec(0x041E, struct.pack("<H", fid) + xlstring(code))
        for fmt in xfs:
            g += xf(fmt)
        for (name, hidden, dt, _), off in zip(sheets, offsets):
            g += boundsheet(name, off, hidden, dt)
        if sst is not None:
            g += sst
        return g + EOF
    size = len(globals_([0] * len(sheets)))
    offsets = []
    position = size
    for _, _, _, records in sheets:
        offsets.append(position)
        position += len(records)
    out = globals_(offsets)
    for _, _, _, records in sheets:
        out += records
    return out


def sheet(*records):
    return bof(0x0010) + b"".join(records) + EOF


def sst_plain(strings):
    body = struct.pack("<II", len(strings), len(strings))
    for s in strings:
        body += xlstring(s)
    return rec(0x00FC, body)


def write(name, data):
    with open(name, "wb") as f:
        f.write(data)


# ---------------------------------------------------------------- the fixtures

def sst_continue_flag_change():
    # String 0: "Отчет" plain 16-bit. String 1: "Mixed ascii then Кириллица", begun
    # compressed in the SST and continued 16-bit in a CONTINUE (new flag byte 0x01).
    # String 2: rich text (2 runs) with phonetic data, split inside the runs by a CONTINUE.
    # String 3: "после", after the split.
    head = struct.pack("<II", 4, 4)
    s0 = xlstring("Отчет")
    first = "Mixed ascii then "
    second = "Кириллица"
    s1a = struct.pack("<H", len(first) + len(second)) + b"\x00" + first.encode("latin-1")
    s1b = b"\x01" + second.encode("utf-16-le")
    rich = "Жирный текст"
    s2 = struct.pack("<HBHI", len(rich), 0x01 | 0x08 | 0x04, 2, 6) + rich.encode("utf-16-le")
    runs = struct.pack("<HHHH", 0, 1, 6, 0)
    ext = b"\x01\x00\x02\x00\x00\x00"
    s2a = s2 + runs[:3]
    s2b = runs[3:] + ext
    s3 = xlstring("после")
    sst = rec(0x00FC, head + s0 + s1a) + rec(0x003C, s1b + s2a) + rec(0x003C, s2b + s3)
    data = workbook([("Лист1", 0, 0, sheet(label_sst(0, 0, 0), label_sst(0, 1, 1), label_sst(1, 0, 2), label_sst(2, 3, 3)))], sst=sst)
    write("sst_continue_flag_change.xls", cfb([("Workbook", data)]))


def rk_mulrk():
    records = [
        rk(0, 0, rk_int(42)),                 # integer
        rk(0, 1, rk_int(-7)),                 # negative integer
        rk(0, 2, rk_int(1234) | 0x01),        # 12.34: integer / 100
        rk(0, 3, struct.unpack("<Q", struct.pack("<d", 2.5))[0] >> 32),  # double high bits
        rk(0, 4, (struct.unpack("<Q", struct.pack("<d", 1.5))[0] >> 32) | 0x01),  # 0.015
        mulrk(1, 2, [rk_int(1), rk_int(2), rk_int(300) | 0x01]),
        number(2, 0, 3.14159),
    ]
    write("rk_mulrk.xls", cfb([("Workbook", workbook([("Числа", 0, 0, sheet(*records))]))]))


def formula_string():
    text = "Выполнено"
    records = [
        formula(0, 0, struct.pack("<d", 10.5)),
        formula(0, 1, special(0)), rec(0x0207, xlstring(text)),
        formula(0, 2, special(1, 1)),
        formula(0, 3, special(2, 0x07)),
        formula(0, 4, special(3)),
        # A long text result split over a CONTINUE record, the continuation 16-bit.
        formula(1, 0, special(0)),
        rec(0x0207, struct.pack("<HB", 6, 0) + b"abc"), rec(0x003C, b"\x01" + "где".encode("utf-16-le")),
    ]
    write("formula_string.xls", cfb([("Workbook", workbook([("Формулы", 0, 0, sheet(*records))]))]))


def boolerr():
    records = [
        rec(0x0205, cell(0, 0) + b"\x01\x00"),
        rec(0x0205, cell(0, 1) + b"\x00\x00"),
        rec(0x0205, cell(0, 2) + b"\x07\x01"),
        rec(0x0205, cell(0, 3) + b"\x2a\x01"),
        rec(0x0201, cell(1, 0)),                                    # BLANK: skipped
        rec(0x00BE, struct.pack("<HHHHH", 1, 1, 0, 0, 2)),          # MULBLANK: skipped
    ]
    write("boolerr_blank.xls", cfb([("Workbook", workbook([("Лист1", 0, 0, sheet(*records))]))]))


def mergedcells():
    records = [
        label_sst(0, 0, 0),
        label_sst(2, 1, 1),
        rec(0x00E5, struct.pack("<H", 2) + struct.pack("<HHHH", 0, 0, 0, 3) + struct.pack("<HHHH", 2, 4, 1, 1)),
    ]
    data = workbook([("Лист1", 0, 0, sheet(*records))], sst=sst_plain(["Заголовок", "Раздел"]))
    write("mergedcells.xls", cfb([("Workbook", data)]))


def date1904_custom_format():
    formats = [(164, "dd/mm/yyyy"), (165, '"г."0'), (166, "[$-419]d mmmm yyyy;@"), (167, "hh:mm:ss")]
    xfs = (0, 164, 165, 166, 14, 22, 167)
    # 1904 system: serial 0 is 1904-01-01; 42369 is 2020-01-01 in 1904 days.
    records = [
        number(0, 0, 42369, ixfe=1),    # custom dd/mm/yyyy -> 2020-01-01
        number(0, 1, 2021, ixfe=2),     # "г."0 stays a number
        number(0, 2, 42369.0, ixfe=3),  # [$-419]d mmmm yyyy -> date
        number(0, 3, 0, ixfe=4),        # built-in 14 -> 1904-01-01
        number(0, 4, 42369.5, ixfe=5),  # built-in 22 -> 2020-01-01T12:00:00
        rk(0, 5, rk_int(100), ixfe=4),  # an RK date
        number(0, 6, 0.75, ixfe=6),     # a time-only custom format
        number(0, 7, 42369, ixfe=0),    # General: a number
    ]
    data = workbook([("Даты", 0, 0, sheet(*records))], formats=formats, xfs=xfs, date1904=True)
    write("date1904_custom_format.xls", cfb([("Workbook", data)]))


def hidden_sheet():
    sheets = [
        ("Видимый", 0, 0, sheet(number(0, 0, 1))),
        ("Диаграмма", 0, 2, bof(0x0020) + EOF),           # a chart sheet: not listed
        ("Скрытый", 1, 0, sheet(number(0, 0, 2))),
        ("Очень скрытый", 2, 0, sheet(number(0, 0, 3))),
    ]
    write("hidden_sheet.xls", cfb([("Workbook", workbook(sheets))]))


def filepass():
    data = workbook([("Лист1", 0, 0, sheet(number(0, 0, 1)))],
                    extra_globals=rec(0x002F, struct.pack("<HHH", 1, 1, 1) + b"\0" * 48))
    write("filepass.xls", cfb([("Workbook", data)]))


def biff5():
    # Excel 5.0/95: the stream is called "Book", the BOF says version 0x0500.
    data = bof(0x0005, version=0x0500) + EOF
    write("biff5_book_stream.xls", cfb([("Book", data)]))
    write("biff5_version_in_workbook.xls", cfb([("Workbook", data)]))


def big_workbook():
    """A workbook stream over 4096 bytes (regular sectors, not the mini stream)."""
    records = [number(row, 0, row) for row in range(400)] + [label_sst(400, 1, 0)]
    return workbook([("Лист1", 0, 0, sheet(*records))], sst=sst_plain(["конец"]))


def sector4096():
    # Also a small stream, so the mini stream is used (readers expect a root with one).
    write("sector_4096.xls", cfb([("Workbook", big_workbook()), ("Svod", b"mini stream data" * 8)], sector_shift=12))


def fat_loop():
    def loop(fat, starts):
        start = starts["Workbook"]
        fat[start + 3] = start + 1  # the 4th sector points back to the 2nd
    write("fat_loop.xls", cfb([("Workbook", big_workbook())], mutate_fat=loop))


def fat_out_of_range():
    def away(fat, starts):
        fat[starts["Workbook"] + 2] = 0x00FFFFF0
    write("fat_sector_out_of_range.xls", cfb([("Workbook", big_workbook())], mutate_fat=away))


def truncated():
    whole = cfb([("Workbook", big_workbook())])
    write("truncated_stream.xls", whole[: len(whole) - 2048])
    # A record whose length runs past the end of the stream (the container intact).
    data = workbook([("Лист1", 0, 0, sheet(number(0, 0, 1)))])
    data = data[:-4] + struct.pack("<HH", 0x0203, 200) + b"\0" * 10
    write("truncated_record.xls", cfb([("Workbook", data)]))


def label_rstring():
    records = [
        rec(0x0204, cell(0, 0) + xlstring("Café")),                   # compressed (Latin-1)
        rec(0x0204, cell(0, 1) + xlstring("Ярославль")),              # 16-bit
        rec(0x00D6, cell(1, 0) + xlstring("жирный") + struct.pack("<H", 1) + struct.pack("<HH", 0, 1)),
        # Out of column order within a row: the reader sorts.
        number(2, 3, 4), number(2, 1, 2),
    ]
    write("label_rstring.xls", cfb([("Workbook", workbook([("Лист1", 0, 0, sheet(*records))]))]))


def embedded_chart():
    """A chart substream (BOF…EOF) nested in a worksheet, between rows."""
    chart = bof(0x0020) + number(9, 9, 999) + EOF
    records = [number(0, 0, 1), chart, number(1, 0, 2)]
    write("embedded_chart.xls", cfb([("Workbook", workbook([("Лист1", 0, 0, sheet(*records))]))]))


def encrypted_ooxml():
    write("encrypted_ooxml.xls", cfb([("EncryptionInfo", b"\x04\x00\x04\x00" + b"\0" * 60),
                                      ("EncryptedPackage", b"\0" * 128)]))


def not_a_workbook():
    write("word_document.xls", cfb([("WordDocument", b"\0" * 200)]))


def xlsb():
    with zipfile.ZipFile("book.xlsb", "w") as z:
        for name, text in [("[Content_Types].xml", "<Types/>"), ("xl/workbook.bin", "\x83\x01\x00"),
                           ("_rels/.rels", "<Relationships/>")]:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            z.writestr(info, text)


def sst_split(strings, limit=8224):
    """An SST as Excel writes a large one: records of at most `limit` bytes, a string's characters
    continued in the next CONTINUE after a fresh flag byte (headers are never split)."""
    records = []
    body = bytearray(struct.pack("<II", len(strings), len(strings)))
    for s in strings:
        flag, data = chars(s)
        width = 2 if flag else 1
        if len(body) + 3 + width > limit:
            records.append(bytes(body))
            body = bytearray()
        body += struct.pack("<HB", len(s), flag)
        while data:
            room = (limit - len(body)) // width * width
            body += data[:room]
            data = data[room:]
            if data:
                records.append(bytes(body))
                body = bytearray([flag])
    records.append(bytes(body))
    return rec(0x00FC, records[0]) + b"".join(rec(0x003C, r) for r in records[1:])


def bench(path, sheets=4, rows=50_000):
    """A large workbook for timing: `sheets` worksheets of `rows` report-like rows each."""
    statuses = ["Выполнено", "Выполняется", "Не выполнено", "Не начато", "Не требуется"]
    strings = statuses + ["Мероприятие дорожной карты номер %d" % i for i in range(500)] \
        + ["Проведено совещание, протокол № %d" % i for i in range(2000)]
    books = []
    for n in range(sheets):
        records = []
        for r in range(rows):
            records.append(label_sst(r, 0, 5 + r % 500))
            records.append(label_sst(r, 1, r % 5))
            records.append(rk(r, 2, rk_int(44286 + r % 28), ixfe=1))  # a date (format 14)
            records.append(label_sst(r, 3, 505 + r % 2000))
            records.append(number(r, 4, r * 0.5 + n))
            records.append(mulrk(r, 5, [rk_int(r % 100), rk_int(r % 7), rk_int(1234) | 1]))
        books.append(("Лист%d" % (n + 1), 0, 0, sheet(*records)))
    data = workbook(books, sst=sst_split(strings), xfs=(0, 14))
    write(path, cfb([("Workbook", data), ("Svod", b"bench" * 20)], sector_shift=12))


if __name__ == "__main__":
    import sys
    if len(sys.argv) == 3 and sys.argv[1] == "--bench":
        bench(sys.argv[2])  # python3 make_fixtures.py --bench /tmp/bench.xls (not committed)
        sys.exit(0)
    sst_continue_flag_change()
    rk_mulrk()
    formula_string()
    boolerr()
    mergedcells()
    date1904_custom_format()
    hidden_sheet()
    filepass()
    biff5()
    sector4096()
    fat_loop()
    fat_out_of_range()
    truncated()
    label_rstring()
    embedded_chart()
    encrypted_ooxml()
    not_a_workbook()
    xlsb()
