import Testing
@testable import Spreadsheet

@Suite struct CellAddressTests {
    @Test(arguments: [("A1", 0, 0), ("B3", 2, 1), ("Z9", 8, 25), ("AA10", 9, 26), ("XFD1048576", 1_048_575, 16383), ("$C$7", 6, 2), ("ab12", 11, 27)])
    func parsesAndPrints(text: String, row: Int, column: Int) {
        let address = CellAddress(a1: text)
        #expect(address == CellAddress(row: row, column: column))
        #expect(address?.a1 == text.uppercased().replacingOccurrences(of: "$", with: ""))
    }

    @Test(arguments: ["", "A", "1", "A0", "1A", "ABCD1", "A1B", "Лист1"])
    func rejects(text: String) {
        #expect(CellAddress(a1: text) == nil)
    }

    @Test func ranges() {
        #expect(CellRange(a1: "A5:D5")?.a1 == "A5:D5")
        #expect(CellRange(a1: "D5:A1")?.first == CellAddress(row: 0, column: 0))
        #expect(CellRange(a1: "B2")?.a1 == "B2")
        #expect(CellRange(a1: "A1:C3")?.contains(CellAddress(row: 2, column: 1)) == true)
        #expect(CellRange(a1: "A1:C3")?.contains(CellAddress(row: 3, column: 1)) == false)
    }
}

@Suite struct ExcelDateTests {
    @Test(arguments: [
        (1.0, "1900-01-01"), (59.0, "1900-02-28"), (60.0, "1900-02-28"), (61.0, "1900-03-01"),
        (44256.0, "2021-03-01"), (44561.0, "2021-12-31"), (2_958_465.0, "9999-12-31"),
    ])
    func serials1900(serial: Double, iso: String) {
        #expect(ExcelDate.dateTime(serial: serial, system: .date1900)?.date.iso == iso)
    }

    @Test func serials1904() {
        #expect(ExcelDate.dateTime(serial: 0, system: .date1904)?.date.iso == "1904-01-01")
        #expect(ExcelDate.dateTime(serial: 43510, system: .date1904)?.date.iso == "2023-02-15")
        #expect(ExcelDate.serial(of: CivilDate(year: 2023, month: 2, day: 15), system: .date1904) == 43510)
    }

    @Test func timeOfDayRoundsToSeconds() {
        #expect(ExcelDate.dateTime(serial: 44357.6041666667, system: .date1900)?.iso == "2021-06-10T14:30:00")
        #expect(ExcelDate.dateTime(serial: 0.999999999, system: .date1900)?.iso == "1900-01-01T00:00:00")
    }

    @Test func roundTripsEveryDayFor130Years() {
        var date = CivilDate(year: 1900, month: 3, day: 1)
        let end = CivilDate(year: 2030, month: 1, day: 1)
        while date < end {
            for system in [DateSystem.date1900, .date1904] where !(system == .date1904 && date.year < 1904) {
                let serial = ExcelDate.serial(of: date, system: system)
                #expect(ExcelDate.dateTime(serial: serial, system: system)?.date == date)
            }
            date = date.adding(days: 1)
        }
    }

    @Test func refusesOutOfRange() {
        #expect(ExcelDate.dateTime(serial: -1, system: .date1900) == nil)
        #expect(ExcelDate.dateTime(serial: 3_000_000, system: .date1900) == nil)
        #expect(ExcelDate.dateTime(serial: .nan, system: .date1900) == nil)
    }

    @Test func civilDateArithmetic() {
        #expect(CivilDate(year: 2021, month: 5, day: 10).isoWeekday == 1)
        #expect(CivilDate(year: 2024, month: 2, day: 28).adding(days: 1).iso == "2024-02-29")
        #expect(CivilDate(validYear: 2023, month: 2, day: 29) == nil)
        #expect(CivilDate(iso: "2021-03-01")?.russian == "01.03.2021")
    }

    @Test func isoDatesParseByBytes() {
        #expect(CivilDate(iso: "2021-3-5") == CivilDate(year: 2021, month: 3, day: 5))
        #expect(CivilDate(iso: "2024-02-29") == CivilDate(year: 2024, month: 2, day: 29))
        #expect(CivilDate(iso: Substring("x2021-12-31").dropFirst()) == CivilDate(year: 2021, month: 12, day: 31))
        for text in ["", "2021", "2021-03", "2021-03-01T10:00", "21-03-01", "2021-02-30", "2021--01", "2021-03-", "-2021-03-01",
                     "2021-13-01", "2021-03-01-", "２０２１-03-01", "2021-0000000003-01"] {
            #expect(CivilDate(iso: text) == nil, "\(text)")
        }
    }
}

@Suite struct NumberFormatTests {
    @Test(arguments: [
        ("dd.mm.yyyy", NumberKind.date), ("DD.MM.YYYY", .date), ("D MMMM YYYY", .date), ("mm/dd/yy", .date),
        ("[$-419]d mmmm yyyy;@", .date), ("dd\\.mm\\.yyyy", .date), ("mmmm", .date), ("yyyy", .date),
        ("dd.mm.yyyy hh:mm", .dateTime), ("h:mm", .time), ("[h]:mm:ss", .duration), ("mm:ss", .time),
        ("General", .number), ("general", .number), ("0.00%", .number), ("\"г.\"0", .number), ("0\" days\"", .number),
        ("[Red]0.00", .number), ("# ##0,00\\ \"₽\"", .number), ("0.00E+00", .number), ("@", .number),
        ("#,##0;[Red]-#,##0", .number), ("_-* #,##0.00_-", .number),
    ])
    func classifiesCustomCodes(code: String, kind: NumberKind) {
        #expect(NumberFormat.kind(ofCode: code) == kind)
    }

    @Test func builtIns() {
        #expect(NumberFormat.kind(ofBuiltIn: 14) == .date)
        #expect(NumberFormat.kind(ofBuiltIn: 22) == .dateTime)
        #expect(NumberFormat.kind(ofBuiltIn: 9) == .number)
        #expect(NumberFormat.kind(ofBuiltIn: 0) == .number)
        #expect(NumberFormat.kind(ofBuiltIn: 49) == .number)
    }
}

@Suite struct XMLScannerTests {
    /// Feeds the document in tiny chunks so every token straddles a refill.
    private func tokens(_ xml: String, chunk: Int) throws -> [String] {
        let bytes = Array(xml.utf8)
        var offset = 0
        var scanner = XMLScanner(file: "t.xml", part: "t.xml", chunkSize: 16) { buffer in
            let count = min(chunk, buffer.count, bytes.count - offset)
            for i in 0..<count { buffer[i] = bytes[offset + i] }
            offset += count
            return count
        }
        var out: [String] = []
        while true {
            switch try scanner.next() {
            case .end: return out
            case .startTag:
                var name = "<" + (scanner.nameIs("c") ? "c" : scanner.nameIs("t") ? "t" : scanner.nameIs("row") ? "row" : "?")
                if let r = scanner.attribute("r") { name += " r=\(r)" }
                if let v = scanner.attribute("v") { name += " v=\(v)" }
                out.append(name + (scanner.isSelfClosing ? "/>" : ">"))
            case .endTag: out.append("</>")
            case .text: out.append(scanner.text)
            }
        }
    }

    @Test(arguments: [1, 2, 3, 7, 64])
    func tokensSurviveChunkBoundaries(chunk: Int) throws {
        let xml = "\u{FEFF}<?xml version=\"1.0\"?><!-- note > here --><row r=\"1\"><x:c r=\"A1\" v='a&gt;b \"q\"'/><t>Жё &amp; &#1046;&#x416;</t><t><![CDATA[<raw & text>]]></t></row>"
        let result = try tokens(xml, chunk: chunk)
        #expect(result == ["\u{FEFF}", "<row r=1>", "<c r=A1 v=a>b \"q\"/>", "<t>", "Жё & ЖЖ", "</>", "<t>", "<raw & text>", "</>", "</>"])
    }

    @Test func refusesDoctype() {
        #expect(throws: SpreadsheetError(.xmlDTD, file: "t.xml", part: "t.xml", detail: "the XML declares a DOCTYPE or entities")) {
            _ = try tokens("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>", chunk: 5)
        }
    }

    @Test func reportsTruncation() {
        #expect(throws: SpreadsheetError.self) { _ = try tokens("<row><c r=\"A1", chunk: 4) }
    }

    @Test func normalizesLineEnds() throws {
        #expect(try tokens("<t>a\r\nb\rc</t>", chunk: 3) == ["<t>", "a\nb\nc", "</>"])
    }

    @Test(arguments: [("0", 0.0), ("-3", -3.0), ("12.5", 12.5), ("0.1", 0.1), ("1.5E-3", 0.0015),
                      ("44357.604166666664", 44357.604166666664), ("123456789012345678", 123456789012345678.0),
                      ("-0.000001", -0.000001), ("1e308", 1e308)])
    func parsesNumbersExactly(text: String, value: Double) {
        let bytes = Array(text.utf8)
        #expect(bytes.withUnsafeBufferPointer { ByteNumber.double($0) } == value)
    }

    @Test(arguments: ["", "abc", "1.2.3", "--1"])
    func rejectsNonNumbers(text: String) {
        let bytes = Array(text.utf8)
        #expect(bytes.withUnsafeBufferPointer { ByteNumber.double($0) } == nil)
    }
}

@Suite struct RelationshipTargetTests {
    @Test(arguments: [
        ("worksheets/sheet1.xml", "xl", "xl/worksheets/sheet1.xml"),
        ("/xl/workbook.xml", "", "xl/workbook.xml"),
        ("/xl/workbook.xml", "xl", "xl/workbook.xml"),
        ("xl/workbook.xml", "", "xl/workbook.xml"),
        ("../media/image1.png", "xl/drawings", "xl/media/image1.png"),
        ("./sheet1.xml", "xl/worksheets", "xl/worksheets/sheet1.xml"),
        ("a//b", "xl", "xl/a/b"),
        ("/a/../b", "xl", "b"),
        ("../../../x.xml", "xl", "x.xml"),
        ("sheets/", "xl", "xl/sheets"),
    ])
    func targetsResolveAgainstTheSourceFolder(target: String, base: String, expected: String) {
        #expect(Relationships.resolve(target, against: base) == expected)
    }
}
