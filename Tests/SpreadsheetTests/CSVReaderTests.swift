import Foundation
import Testing

@testable import Spreadsheet

/// The CSV fixtures, found next to this file (Package.swift declares no resources).
private func fixture(_ name: String) -> String {
    URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures/csv")
        .appendingPathComponent(name)
        .path
}

/// Every cell of the rows as `A1=text`, in reading order.
private func flat(_ rows: [Row]) -> [String] {
    rows.flatMap { row in row.cells.map { "\($0.address.a1)=\($0.value.text)" } }
}

/// UTF-16LE bytes with no BOM.
private func utf16LE(_ text: String) -> [UInt8] {
    text.utf16.flatMap { unit -> [UInt8] in [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
}

private func read(_ text: String, limits: ReadLimits = .default, dialect: CSVDialect? = nil) throws -> (CSVReader, [Row]) {
    let reader = try CSVReader(data: Array(text.utf8), name: "memory.csv", limits: limits, dialect: dialect)
    return (reader, try reader.readAll())
}

@Suite("CSV reader")
struct CSVReaderTests {
    // MARK: Fixtures

    @Test func cp1251Semicolon() throws {
        let reader = try CSVReader(path: fixture("cp1251_semicolon.csv"))
        #expect(reader.dialect == CSVDialect(encoding: .windows1251, delimiter: ";"))
        #expect(reader.dialect.description == "windows-1251, semicolon")
        let rows = try reader.readAll()
        #expect(rows.map(\.index) == [0, 1, 2, 3])
        #expect(flat(rows) == [
            "A1=№", "B1=Мероприятие", "C1=Статус", "D1=Процент",
            "A2=1", "B2=Ремонт школы №5", "C2=Выполнено", "D2=12,5",
            "A3=2", "B3=«Благоустройство» двора — этап 1", "C3=Не выполнено", "D3=0",
            "A4=3", "B4=Объём закупок Ёлкино", "D4=100",
        ])
        // No type guessing: a decimal comma stays text, and the empty C4 is simply absent.
        #expect(rows[1][3] == .string("12,5"))
        #expect(rows[3][2] == .empty)
        #expect(reader.mergedRanges.isEmpty)
    }

    @Test func utf8BOMComma() throws {
        let reader = try CSVReader(path: fixture("utf8_bom_comma.csv"))
        #expect(reader.dialect == CSVDialect(encoding: .utf8BOM, delimiter: ","))
        #expect(flat(try reader.readAll()) == [
            "A1=Name", "B1=Город", "C1=Amount",
            "A2=Smith, John", "B2=Москва", "C2=1,234.50",
            "A3=Ivanov", "B3=Санкт-Петербург", "C3=42",
        ])
    }

    @Test func utf8NoBOMTab() throws {
        let reader = try CSVReader(path: fixture("utf8_no_bom_tab.tsv"))
        #expect(reader.dialect == CSVDialect(encoding: .utf8, delimiter: "\t"))
        #expect(reader.dialect.delimiterName == "tab")
        #expect(flat(try reader.readAll()) == [
            "A1=Район", "B1=Комментарий", "C1=Значение",
            "A2=Центральный", "B2=срок; перенесён, см. письмо", "C2=7",
            "A3=Северный", "C3=3,5",
        ])
    }

    @Test func utf16LEBOMTab() throws {
        let reader = try CSVReader(path: fixture("utf16le_bom_tab.txt"))
        #expect(reader.dialect == CSVDialect(encoding: .utf16LE, delimiter: "\t"))
        var rows: [Row] = []
        var lines: [Int] = []
        while let row = try reader.nextRow() {
            rows.append(row)
            lines.append(reader.lastRowLine)
        }
        #expect(flat(rows) == [
            "A1=Показатель", "B1=Значение", "C1=Примечание",
            "A2=Охват населения", "B2=95,2", "C2=многострочное\nпримечание",
            "A3=Ёмкость 🏫", "B3=10",
        ])
        #expect(rows.map(\.index) == [0, 1, 2])
        #expect(lines == [1, 2, 4])
    }

    @Test func quotedNewlines() throws {
        let reader = try CSVReader(path: fixture("quoted_newlines.csv"))
        #expect(reader.dialect == CSVDialect(encoding: .utf8, delimiter: ";"))
        var rows: [Row] = []
        var lines: [Int] = []
        while let row = try reader.nextRow() {
            rows.append(row)
            lines.append(reader.lastRowLine)
        }
        // Line breaks inside quotes read as LF, whatever the file used.
        #expect(flat(rows) == [
            "A1=id", "B1=text", "C1=note",
            "A2=1", "B2=line one\nline two", "C2=He said \"hi\"",
            "A3=2", "B3=a;b", "C3=plain",
            "A4=3", "B4=lone\nCR and\nLF", "C4=x",
        ])
        // Row.index is the record number; lastRowLine is the physical line.
        #expect(rows.map(\.index) == [0, 1, 2, 3])
        #expect(lines == [1, 2, 4, 5])
    }

    @Test func raggedAndEmptyLines() throws {
        let reader = try CSVReader(path: fixture("ragged_and_empty_lines.csv"))
        #expect(reader.dialect == CSVDialect(encoding: .utf8, delimiter: ";"))
        let rows = try reader.readAll()
        // Records 2 (blank), 4 (`;;`) and 6 (blank CRLF) are skipped but still counted.
        #expect(rows.map(\.index) == [0, 1, 3, 5, 7])
        #expect(flat(rows) == [
            "A1=a", "B1=b", "C1=c",
            "A2=1", "B2=2",
            "A4=3", "B4=4", "C4=5", "D4=6",
            "A6=  padded ", "B6=x\"y",
            "C8=last",
        ])
        #expect(try reader.nextRow() == nil)
    }

    // MARK: Leniency and sniffing, in memory

    @Test func unterminatedQuoteTakesTheRestOfTheFile() throws {
        let (_, rows) = try read("a;\"open\nrest;of file")
        #expect(flat(rows) == ["A1=a", "B1=open\nrest;of file"])
    }

    @Test func textAfterClosingQuoteIsKept() throws {
        let (_, rows) = try read("\"ab\"cd;\"x\"\"y\"z;\"\";\" \"\n")
        #expect(flat(rows) == ["A1=abcd", "B1=x\"yz", "D1= "])
    }

    @Test func quoteOnlyOpensAtFieldStart() throws {
        let (_, rows) = try read("12\" экран; \"spaced\" ;x\n")
        #expect(flat(rows) == ["A1=12\" экран", "B1= \"spaced\" ", "C1=x"])
    }

    @Test func singleColumnDefaultsToSemicolon() throws {
        let (reader, rows) = try read("один\nдва\n")
        #expect(reader.dialect == CSVDialect(encoding: .utf8, delimiter: ";"))
        #expect(flat(rows) == ["A1=один", "A2=два"])
    }

    @Test func emptyFileHasNoRows() throws {
        let (reader, rows) = try read("")
        #expect(rows.isEmpty)
        #expect(reader.dialect == CSVDialect())
        let (_, blank) = try read("\r\n\n;;\n")
        #expect(blank.isEmpty)
    }

    @Test(arguments: [
        ("А;12,5\nБ;3,7\n", ";"),  // a tie: `;` wins over the decimal comma
        ("Район;План;Факт\nА;12,5;13,1\nБ;1,0;2,0\n", ";"),
        ("a,b\n\"x;y\",z\n", ","),  // a quoted `;` does not vote
        ("a\tb, c\td\ne\tf\tg\n", "\t"),
        ("a,b,c\n1,2\n3,4,5\n", ","),
    ] as [(String, Unicode.Scalar)])
    func delimiterVote(text: String, expected: Unicode.Scalar) {
        let delimiter = Array(text.utf8).withUnsafeBufferPointer { CSVDialectSniffer.sniffDelimiter(utf8: $0) }
        #expect(delimiter == expected)
    }

    @Test func givenDialectIsUsed() throws {
        let dialect = CSVDialect(encoding: .utf8, delimiter: ",")
        let (reader, rows) = try read("a;b,c\n", dialect: dialect)
        #expect(reader.dialect == dialect)
        #expect(flat(rows) == ["A1=a;b", "B1=c"])
        // The cp1251 fixture read with its dialect given gives the same cells as sniffing.
        let given = try CSVReader(
            path: fixture("cp1251_semicolon.csv"), dialect: CSVDialect(encoding: .windows1251, delimiter: ";"))
        #expect(flat(try given.readAll()) == flat(try CSVReader(path: fixture("cp1251_semicolon.csv")).readAll()))
    }

    @Test func utf16BigEndianWithBOM() throws {
        var bytes: [UInt8] = [0xFE, 0xFF]
        for unit in "Итог;5\r\n".utf16 { bytes += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
        let reader = try CSVReader(data: bytes, name: "be.txt")
        #expect(reader.dialect == CSVDialect(encoding: .utf16BE, delimiter: ";"))
        #expect(flat(try reader.readAll()) == ["A1=Итог", "B1=5"])
    }

    // MARK: Errors

    @Test func missingFile() {
        let path = fixture("no_such_file.csv")
        let error = #expect(throws: SpreadsheetError.self) { try CSVReader(path: path) }
        #expect(error?.code == .fileUnreadable)
        #expect(error?.file == path)
    }

    @Test func directoryIsUnreadable() {
        let path = fixture("")
        let error = #expect(throws: SpreadsheetError.self) { try CSVReader(path: path) }
        #expect(error?.code == .fileUnreadable)
        #expect(error?.file == path)
    }

    @Test func fileSizeCap() {
        var limits = ReadLimits()
        limits.maxCSVBytes = 100
        let path = fixture("cp1251_semicolon.csv")  // 144 bytes
        let error = #expect(throws: SpreadsheetError.self) { try CSVReader(path: path, limits: limits) }
        #expect(error?.code == .tooLarge)
        #expect(error?.file == path)
        let inMemory = #expect(throws: SpreadsheetError.self) {
            try CSVReader(data: [UInt8](repeating: 65, count: 101), name: "big.csv", limits: limits)
        }
        #expect(inMemory?.code == .tooLarge)
        #expect(inMemory?.file == "big.csv")
        limits.maxCSVBytes = 144
        #expect(throws: Never.self) { try CSVReader(path: path, limits: limits) }
    }

    @Test func rowCap() throws {
        var limits = ReadLimits()
        limits.maxRows = 3
        // Blank records count: record 3 is the fourth record and beyond the cap.
        let reader = try CSVReader(data: Array("a\nb\n\nc\n".utf8), name: "rows.csv", limits: limits)
        #expect(try reader.nextRow()?.index == 0)
        #expect(try reader.nextRow()?.index == 1)
        let error = #expect(throws: SpreadsheetError.self) { try reader.nextRow() }
        #expect(error?.code == .sheetTooLarge)
        #expect(error?.file == "rows.csv")
        #expect(error?.detail?.contains("record 4") == true)
        // Trailing blank records beyond the cap are harmless.
        #expect(throws: Never.self) { try read("a\nb\nc\n\n\n\n", limits: limits) }
    }

    @Test func columnCap() {
        var limits = ReadLimits()
        limits.maxColumns = 2
        let error = #expect(throws: SpreadsheetError.self) { try read("a;b\n1;2;3\n", limits: limits) }
        #expect(error?.code == .sheetTooLarge)
        #expect(error?.detail?.contains("column 3") == true)
        // Empty fields past the cap do not count.
        #expect(throws: Never.self) { try read("a;b;;;\n", limits: limits) }
    }

    @Test func cellCap() {
        var limits = ReadLimits()
        limits.maxCells = 3
        let error = #expect(throws: SpreadsheetError.self) { try read("a;b\nc;d\n", limits: limits) }
        #expect(error?.code == .sheetTooLarge)
        #expect(error?.file == "memory.csv")
        #expect(throws: Never.self) { try read("a;b\n;c\n", limits: limits) }
    }

    @Test func unassignedWindows1251Byte() {
        // Not UTF-8 (0xC0 0x3B), so Windows-1251, where 0x98 is unassigned.
        let bytes: [UInt8] = [0xC0, 0x3B, 0x31, 0x0A, 0xE0, 0x98]
        let error = #expect(throws: SpreadsheetError.self) { try CSVReader(data: bytes, name: "bad.csv") }
        #expect(error?.code == .csvEncoding)
        #expect(error?.file == "bad.csv")
        #expect(error?.detail == "byte 0x98 at offset 5 (line 2) is not valid Windows-1251")
    }

    @Test func utf16WithoutBOMIsRefused() {
        let bytes = utf16LE("Район;Значение\r\nА;1\r\n")
        let error = #expect(throws: SpreadsheetError.self) { try CSVReader(data: bytes, name: "u16.csv") }
        #expect(error?.code == .csvEncoding)
        #expect(error?.detail?.contains("UTF-16LE without a byte-order mark") == true)
        let bigEndian = #expect(throws: SpreadsheetError.self) {
            try CSVReader(data: [0] + utf16LE("id;name\n1;x\n").dropLast(), name: "be.csv")
        }
        #expect(bigEndian?.detail?.contains("UTF-16BE without a byte-order mark") == true)
        let binary = #expect(throws: SpreadsheetError.self) {
            try CSVReader(data: [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00], name: "x.csv")
        }
        #expect(binary?.detail?.contains("does not look like text") == true)
    }

    @Test func invalidUTF8AfterBOMIsRefused() {
        let error = #expect(throws: SpreadsheetError.self) {
            try CSVReader(data: [0xEF, 0xBB, 0xBF, 0x61, 0x0A, 0xFF], name: "bom.csv")
        }
        #expect(error?.code == .csvEncoding)
        #expect(error?.detail == "byte 0xFF at offset 5 (line 2) is not valid UTF-8")
    }

    @Test func brokenUTF16IsRefused() {
        let odd = #expect(throws: SpreadsheetError.self) { try CSVReader(data: [0xFF, 0xFE, 0x41], name: "odd.txt") }
        #expect(odd?.code == .csvEncoding)
        let lone = #expect(throws: SpreadsheetError.self) {
            try CSVReader(data: [0xFF, 0xFE, 0x41, 0x00, 0x00, 0xD8, 0x41, 0x00], name: "lone.txt")
        }
        #expect(lone?.code == .csvEncoding)
        #expect(lone?.detail?.contains("unpaired surrogate") == true)
    }

    // MARK: Encodings

    @Test(arguments: [
        (0xC0, 0x0410), (0xE0, 0x0430), (0xA8, 0x0401), (0xB8, 0x0451), (0xB9, 0x2116),
        (0x96, 0x2013), (0x97, 0x2014), (0xAB, 0x00AB), (0xBB, 0x00BB), (0xDF, 0x042F), (0xFF, 0x044F),
    ] as [(UInt8, UInt32)])
    func windows1251CodePoint(byte: UInt8, codePoint: UInt32) {
        #expect(Windows1251.scalar(for: byte)?.value == codePoint)
    }

    @Test func windows1251RoundTripsTheRussianAlphabet() throws {
        let alphabet = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя"
        #expect(alphabet.count == 66)
        let bytes = try #require(Windows1251.encode(alphabet))
        #expect(bytes.count == 66)
        let decoded = bytes.withUnsafeBufferPointer { Windows1251.decodeToUTF8($0) }
        #expect(String(decoding: try decoded.get(), as: UTF8.self) == alphabet)
        #expect(Windows1251.scalar(for: 0x98) == nil)
        #expect(Windows1251.encode("日本") == nil)
    }

    @Test func windows1251MatchesPython() throws {
        // Every assigned byte 0x80–0xFF, and what Python's cp1251 codec makes of them.
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: fixture("cp1251_high_half.bin"))))
        let expected = try Array(Data(contentsOf: URL(fileURLWithPath: fixture("cp1251_high_half.utf8.txt"))))
        #expect(bytes.count == 127)
        let decoded = bytes.withUnsafeBufferPointer { Windows1251.decodeToUTF8($0) }
        #expect(try decoded.get() == expected)
    }

    @Test(arguments: [
        ([0x41, 0xC3, 0xA9], nil),  // é
        ([0xF0, 0x9F, 0x8F, 0xAB], nil),  // 🏫
        ([0xC0, 0xAF], 0),  // overlong
        ([0xE0, 0x80, 0xAF], 0),  // overlong
        ([0xED, 0xA0, 0x80], 0),  // a surrogate
        ([0xF4, 0x90, 0x80, 0x80], 0),  // past U+10FFFF
        ([0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0xD0], 9),  // truncated at the end
    ] as [([UInt8], Int?)])
    func utf8Validation(bytes: [UInt8], firstInvalid: Int?) {
        #expect(bytes.withUnsafeBufferPointer { CSVTextDecoder.firstInvalidUTF8($0) } == firstInvalid)
    }

    @Test func sameCellsFromEveryEncoding() throws {
        // The same cells come out of different encodings of the same text.
        let text = "№;Статус\r\n1;Выполнено\r\n"
        let cp1251 = try #require(Windows1251.encode(text))
        let utf16: [UInt8] = [0xFF, 0xFE] + utf16LE(text)
        let expected = ["A1=№", "B1=Статус", "A2=1", "B2=Выполнено"]
        for (bytes, encoding) in [(cp1251, CSVDialect.TextEncoding.windows1251), (utf16, .utf16LE), (Array(text.utf8), .utf8)] {
            let reader = try CSVReader(data: bytes, name: "same.csv")
            #expect(reader.dialect.encoding == encoding)
            #expect(flat(try reader.readAll()) == expected)
        }
    }
}
