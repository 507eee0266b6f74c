import Foundation
import Testing
@testable import Spreadsheet

/// Tests of the libxlsxwriter-backed writer: determinism, atomic output, Excel's rules, the
/// XML it produces, and round trips through our own reader.
@Suite("XLSXWriter")
struct XLSXWriterTests {
    static let created = CivilDateTime(date: CivilDate(year: 2025, month: 3, day: 14), hour: 9, minute: 30, second: 5)

    static func options(constantMemory: Bool = false) -> XLSXWriter.Options {
        XLSXWriter.Options(creationDate: created, constantMemory: constantMemory,
                           title: "Сводный отчёт", author: "Svod", company: "Министерство")
    }

    /// A workbook using every feature the writer offers.
    static func writeRich(to path: String, constantMemory: Bool = false) throws {
        let writer = try XLSXWriter(path: path, options: options(constantMemory: constantMemory))
        let sheet = try writer.addSheet(name: "Свод")
        let header = CellStyle(bold: true, fill: 0xDDEBF7, horizontal: .center, vertical: .center, wrap: true, border: true)
        try sheet.setColumn(width: 30, first: 0)
        try sheet.setColumn(width: 14, first: 1, last: 3, style: CellStyle(numberFormat: "#,##0.00"))
        try sheet.merge(range: CellRange(a1: "A1:D1")!, value: .string("Сводный отчёт за I квартал 2025 г."), style: header)
        try sheet.setRow(1, height: 30)
        try sheet.writeRow([.string("Муниципалитет"), .string("План"), .string("Факт"), .string("Дата")], at: 1, style: header)
        try sheet.autofilter(CellRange(a1: "A2:D5")!)
        try sheet.comment(at: CellAddress(row: 2, column: 2), text: "Проверить с МО", author: "Аналитик")
        let rows: [(String, Double, Double, CivilDate)] = [
            ("Город Алексин", 100, 95.5, CivilDate(year: 2025, month: 1, day: 31)),
            ("Белёвский район", 200, 210, CivilDate(year: 2025, month: 2, day: 28)),
            ("=HYPERLINK(\"x\")", 0, -1, CivilDate(year: 2025, month: 3, day: 31)),
        ]
        for (offset, row) in rows.enumerated() {
            try sheet.writeRow([.string(row.0), .number(row.1), .number(row.2), .date(row.3)], at: 2 + offset,
                               styles: [nil, nil, CellStyle.unlocked, nil])
        }
        try sheet.writeFormula("=SUM(B3:B5)", row: 5, column: 1, style: CellStyle(bold: true), result: 300)
        try sheet.write(row: 6, column: 0, value: .bool(true))
        try sheet.write(row: 6, column: 1, value: .error("#DIV/0!"))
        try sheet.write(row: 6, column: 2, value: .dateTime(CivilDateTime(date: CivilDate(year: 2025, month: 4, day: 1), hour: 17, minute: 45)))
        try sheet.freezePanes(row: 2)
        try sheet.dataValidationList(range: CellRange(a1: "E3:E5")!, values: ["Да", "Нет", "Частично"],
                                     messages: ValidationMessages(errorTitle: "Ошибка", errorMessage: "Выберите значение из списка"))
        try sheet.dataValidation(range: CellRange(a1: "C3:C5")!, rule: .decimal(.between(0, 1_000_000)))
        try sheet.dataValidation(range: CellRange(a1: "D3:D5")!,
                                 rule: .date(.between(CivilDate(year: 2025, month: 1, day: 1), CivilDate(year: 2025, month: 12, day: 31))))
        try sheet.conditionalFormat(range: CellRange(a1: "C3:C5")!, rule: .cellValue(.lessThan(0)),
                                    style: CellStyle(fontColor: 0x9C0006, fill: 0xFFC7CE))
        try sheet.conditionalFormat(range: CellRange(a1: "A3:A5")!, rule: .textContains("район"), style: CellStyle(italic: true))
        try sheet.protect(options: ProtectionOptions(autofilter: true))
        try sheet.printSetup(landscape: true, fitToWidth: true, repeatRows: 0...1, margins: .centimetres(left: 2, right: 1, top: 1.5, bottom: 1.5))
        try sheet.setTabColor(0x00B050)
        try sheet.hideGridlines()
        try sheet.addChart(kind: .column, title: "План и факт",
                           series: [ChartSeries(name: "План", sheet: "Свод", categories: CellRange(a1: "A3:A5")!, values: CellRange(a1: "B3:B5")!),
                                    ChartSeries(name: "Факт", sheet: "свод", categories: CellRange(a1: "A3:A5")!, values: CellRange(a1: "C3:C5")!)],
                           at: CellAddress(row: 8, column: 0), size: ChartSize(width: 640, height: 320))
        let second = try writer.addSheet(name: "Sheet 2")
        try second.write(row: 0, column: 0, value: .number(42))
        try second.addChart(kind: .pie, series: [ChartSeries(name: "Доли", sheet: "Свод", categories: CellRange(a1: "A3:A4")!, values: CellRange(a1: "B3:B4")!)],
                            at: CellAddress(row: 2, column: 1))
        try writer.close()
    }

    // MARK: - Determinism

    @Test("the same content written twice, seconds apart, gives byte-identical files", arguments: [false, true])
    func determinism(constantMemory: Bool) throws {
        let directory = try WriterScratch()
        let first = directory.path("first.xlsx")
        let second = directory.path("second.xlsx")
        try Self.writeRich(to: first, constantMemory: constantMemory)
        Thread.sleep(forTimeInterval: 1.2)
        try Self.writeRich(to: second, constantMemory: constantMemory)
        let a = try Data(contentsOf: URL(fileURLWithPath: first))
        let b = try Data(contentsOf: URL(fileURLWithPath: second))
        #expect(a.count > 1000)
        #expect(a == b)
    }

    @Test("no wall-clock time in the package: fixed core.xml dates and 1980 ZIP entry dates")
    func noClockInPackage() throws {
        let directory = try WriterScratch()
        let path = directory.path("book.xlsx")
        try Self.writeRich(to: path)
        let core = try unzip(path, "docProps/core.xml")
        #expect(core.contains("<dcterms:created xsi:type=\"dcterms:W3CDTF\">2025-03-14T09:30:05Z</dcterms:created>"))
        #expect(core.contains("<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2025-03-14T09:30:05Z</dcterms:modified>"))
        #expect(core.contains("<dc:title>Сводный отчёт</dc:title>"))
        let dates = try zipEntryDOSDates(path)
        #expect(!dates.isEmpty)
        // DOS date 0x0021 = 1980-01-01, time 0 = 00:00:00, in every local and central header.
        #expect(dates.allSatisfy { $0.date == 0x0021 && $0.time == 0 })
    }

    @Test("creation date 1970-01-01T00:00:00 is refused (libxlsxwriter would read it as 'now')")
    func epochCreationDateRefused() throws {
        let directory = try WriterScratch()
        let options = XLSXWriter.Options(creationDate: CivilDateTime(date: CivilDate(year: 1970, month: 1, day: 1)))
        #expect(throws: SpreadsheetError.self) { _ = try XLSXWriter(path: directory.path("x.xlsx"), options: options) }
        #expect(directory.entries().isEmpty)
    }

    // MARK: - Atomic output

    @Test("the target appears only after close, with no temporary file left")
    func atomicWrite() throws {
        let directory = try WriterScratch()
        let path = directory.path("отчет.xlsx")
        let writer = try XLSXWriter(path: path, options: Self.options())
        let sheet = try writer.addSheet(name: "Лист1")
        try sheet.write(row: 0, column: 0, value: .string("текст"))
        #expect(!FileManager.default.fileExists(atPath: path))
        let pending = directory.entries()
        #expect(pending.count == 1)
        #expect(pending.allSatisfy { $0.hasPrefix(".отчет.xlsx.tmp-") })
        try writer.close()
        #expect(directory.entries() == ["отчет.xlsx"])
        #expect(!writer.isOpen)
        try writer.close()  // a second close does nothing
        #expect(throws: SpreadsheetError.self) { try sheet.write(row: 1, column: 0, value: .number(1)) }
        #expect(throws: SpreadsheetError.self) { _ = try writer.addSheet(name: "Ещё") }
    }

    @Test("a writer dropped without close leaves nothing behind and keeps the old file")
    func droppedWriter() throws {
        let directory = try WriterScratch()
        let path = directory.path("book.xlsx")
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        do {
            let writer = try XLSXWriter(path: path, options: Self.options(constantMemory: true))
            let sheet = try writer.addSheet(name: "A")
            for row in 0..<100 { try sheet.writeRow([.number(Double(row)), .string("строка \(row)")], at: row) }
            #expect(directory.entries().count == 2)
        }
        #expect(directory.entries() == ["book.xlsx"])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
    }

    @Test("close replaces an existing file atomically")
    func replacesExisting() throws {
        let directory = try WriterScratch()
        let path = directory.path("book.xlsx")
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        let writer = try XLSXWriter(path: path, options: Self.options())
        try writer.addSheet(name: "A").write(row: 0, column: 0, value: .number(1))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        try writer.close()
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).prefix(2) == Data("PK".utf8))
        #expect(directory.entries() == ["book.xlsx"])
    }

    // MARK: - Errors

    @Test("writing into a missing directory fails with write-failed")
    func missingDirectory() throws {
        let directory = try WriterScratch()
        let path = directory.path("no/such/dir/book.xlsx")
        do {
            _ = try XLSXWriter(path: path, options: Self.options())
            Issue.record("expected an error")
        } catch let error as SpreadsheetError {
            #expect(error.code == .writeFailed)
            #expect(error.file == path)
            #expect(error.detail?.contains("No such file or directory") == true)
        }
    }

    @Test("rows must be written in order, in both memory modes", arguments: [false, true])
    func rowOrder(constantMemory: Bool) throws {
        let directory = try WriterScratch()
        let writer = try XLSXWriter(path: directory.path("book.xlsx"), options: Self.options(constantMemory: constantMemory))
        let sheet = try writer.addSheet(name: "A")
        try sheet.write(row: 3, column: 2, value: .number(1))
        try sheet.write(row: 3, column: 0, value: .number(2))  // earlier column, same row: fine
        do {
            try sheet.write(row: 2, column: 0, value: .number(3))
            Issue.record("expected an error")
        } catch let error as SpreadsheetError {
            #expect(error.code == .writeFailed)
            #expect(error.part == "A!A3")
        }
        #expect(throws: SpreadsheetError.self) { try sheet.merge(range: CellRange(a1: "A1:B1")!, value: .string("x")) }
        #expect(throws: SpreadsheetError.self) { try sheet.setRow(0, height: 20) }
        #expect(throws: SpreadsheetError.self) { try sheet.autofilter(CellRange(a1: "A1:C3")!) }
        #expect(throws: SpreadsheetError.self) { try sheet.comment(at: CellAddress(row: 2, column: 0), text: "x") }
        // Not bound to row order: validation, conditional formats, charts, print titles.
        try sheet.dataValidationList(range: CellRange(a1: "A1:A3")!, values: ["a", "b"])
        try sheet.conditionalFormat(range: CellRange(a1: "A1:A3")!, rule: .blanks, style: CellStyle(fill: 0xFFFF00))
        try sheet.printSetup(repeatRows: 0...0)
        try sheet.addChart(kind: .line, series: [ChartSeries(name: "s", sheet: "A", categories: CellRange(a1: "A1:A4")!,
                                                              values: CellRange(a1: "C1:C4")!)], at: CellAddress(row: 0, column: 5))
        try sheet.autofilter(CellRange(a1: "A1:C4")!)
        try sheet.comment(at: CellAddress(row: 3, column: 1), text: "примечание")
        try writer.close()
    }

    @Test("values Excel cannot hold are refused with the cell named")
    func invalidValues() throws {
        let directory = try WriterScratch()
        let writer = try XLSXWriter(path: directory.path("book.xlsx"), options: Self.options())
        let sheet = try writer.addSheet(name: "Лист")
        #expect(throws: SpreadsheetError.self) { try sheet.write(row: 0, column: 0, value: .number(.nan)) }
        #expect(throws: SpreadsheetError.self) { try sheet.write(row: 0, column: 0, value: .number(.infinity)) }
        #expect(throws: SpreadsheetError.self) { try sheet.write(row: 0, column: 0, value: .date(CivilDate(year: 1899, month: 12, day: 31))) }
        #expect(throws: SpreadsheetError.self) { try sheet.write(row: 1_048_576, column: 0, value: .number(1)) }
        #expect(throws: SpreadsheetError.self) { try sheet.write(row: 0, column: 16_384, value: .number(1)) }
        #expect(throws: SpreadsheetError.self) { try sheet.write(row: 0, column: 0, value: .string(String(repeating: "я", count: 32_768))) }
        #expect(throws: SpreadsheetError.self) { try sheet.merge(range: CellRange(a1: "B2")!, value: .string("x")) }
        try sheet.merge(range: CellRange(a1: "B2:C3")!, value: .string("x"))
        #expect(throws: SpreadsheetError.self) { try sheet.merge(range: CellRange(a1: "C3:D4")!, value: .string("y")) }
        #expect(throws: SpreadsheetError.self) { try sheet.dataValidationList(range: CellRange(a1: "A5")!, values: ["a,b"]) }
        #expect(throws: SpreadsheetError.self) {
            try sheet.dataValidationList(range: CellRange(a1: "A5")!, values: Array(repeating: "Вариант ответа", count: 20))
        }
        #expect(throws: SpreadsheetError.self) {
            try sheet.addChart(kind: .line, series: [ChartSeries(name: "x", sheet: "Нет такого", categories: CellRange(a1: "A1:A2")!,
                                                                  values: CellRange(a1: "B1:B2")!)], at: CellAddress(row: 5, column: 0))
        }
        #expect(throws: SpreadsheetError.self) { try sheet.addChart(kind: .bar, series: [], at: CellAddress(row: 5, column: 0)) }
        #expect(throws: SpreadsheetError.self) { try sheet.write(row: 4, column: 0, value: .number(1), style: CellStyle(indent: 16)) }
        do {
            try sheet.write(row: 4, column: 1, value: .number(.nan))
        } catch let error as SpreadsheetError {
            #expect(error.part == "Лист!B5")
            #expect(error.message(.en).contains("could not be written"))
        }
        try writer.close()
    }

    // MARK: - Sheet names

    @Test("sheet names that break Excel's rules are refused",
          arguments: ["", String(repeating: "Я", count: 32), "a[b", "a]b", "a:b", "a*b", "a?b", "a/b", "a\\b", "'quoted", "end'", "History"])
    func invalidSheetName(name: String) throws {
        let directory = try WriterScratch()
        let writer = try XLSXWriter(path: directory.path("book.xlsx"), options: Self.options())
        #expect(SheetName.problem(with: name) != nil)
        do {
            _ = try writer.addSheet(name: name)
            Issue.record("expected an error for \(name)")
        } catch let error as SpreadsheetError {
            #expect(error.code == .writeFailed)
        }
    }

    @Test("sheet names are unique ignoring case, Cyrillic included")
    func uniqueSheetNames() throws {
        let directory = try WriterScratch()
        let writer = try XLSXWriter(path: directory.path("book.xlsx"), options: Self.options())
        _ = try writer.addSheet(name: "Отчёт МО")
        _ = try writer.addSheet(name: String(repeating: "Я", count: 31))
        #expect(throws: SpreadsheetError.self) { _ = try writer.addSheet(name: "отчёт мо") }
        #expect(throws: SpreadsheetError.self) { _ = try writer.addSheet(name: "ОТЧЁТ МО") }
        #expect(writer.sheetNames == ["Отчёт МО", String(repeating: "Я", count: 31)])
        try writer.close()
    }

    @Test("safeSheetName sanitises, truncates and de-duplicates")
    func safeSheetNames() {
        #expect(XLSXWriter.safeSheetName("Итоги: 1/2 [кв.]?") == "Итоги_ 1_2 _кв.__")
        #expect(XLSXWriter.safeSheetName("'Город'") == "Город")
        #expect(XLSXWriter.safeSheetName("") == "Sheet")
        #expect(XLSXWriter.safeSheetName("***", fallback: "Лист") == "___")
        #expect(XLSXWriter.safeSheetName("History") == "Sheet")
        let long = "Муниципальное образование город Тула и окрестности"
        let cut = XLSXWriter.safeSheetName(long)
        #expect(cut.utf16.count == 31)
        #expect(long.hasPrefix(cut))
        #expect(XLSXWriter.safeSheetName("Тула", avoiding: ["тула"]) == "Тула (2)")
        #expect(XLSXWriter.safeSheetName("Тула", avoiding: ["тула", "Тула (2)"]) == "Тула (3)")
        let longUnique = XLSXWriter.safeSheetName(long, avoiding: [cut])
        #expect(longUnique.utf16.count <= 31)
        #expect(longUnique.hasSuffix(" (2)"))
        // Surrogate pairs are never split.
        let emoji = XLSXWriter.safeSheetName(String(repeating: "a", count: 30) + "😀")
        #expect(emoji == String(repeating: "a", count: 30))
        for raw in ["a:b", "", "'", "History", long, "x\u{1}y"] {
            #expect(SheetName.problem(with: XLSXWriter.safeSheetName(raw)) == nil)
        }
    }

    // MARK: - XML

    @Test("strings that look like formulas stay strings", arguments: [false, true])
    func formulaLookingStrings(constantMemory: Bool) throws {
        let directory = try WriterScratch()
        let path = directory.path("book.xlsx")
        let texts = ["=1+1", "+7 (4872) 00-00-00", "-5", "@SUM(A1:A2)", "=HYPERLINK(\"http://x\")"]
        let writer = try XLSXWriter(path: path, options: Self.options(constantMemory: constantMemory))
        let sheet = try writer.addSheet(name: "A")
        for (row, text) in texts.enumerated() { try sheet.write(row: row, column: 0, value: .string(text)) }
        try writer.close()
        let xml = try unzip(path, "xl/worksheets/sheet1.xml")
        #expect(!xml.contains("<f>"))
        let strings = constantMemory ? xml : try unzip(path, "xl/sharedStrings.xml")
        for text in texts { #expect(strings.contains(xmlEscaped(text)), "missing \(text)") }
        #expect(xml.contains(constantMemory ? "t=\"inlineStr\"" : "t=\"s\""))
        let cells = try readBack(path)
        for (row, text) in texts.enumerated() { #expect(cells["A\(row + 1)"] == .string(text)) }
    }

    @Test("only writeFormula writes a formula")
    func explicitFormula() throws {
        let directory = try WriterScratch()
        let path = directory.path("book.xlsx")
        let writer = try XLSXWriter(path: path, options: Self.options())
        let sheet = try writer.addSheet(name: "A")
        try sheet.writeRow([.number(1), .number(2)], at: 0)
        try sheet.writeFormula("=SUM(A1:B1)", row: 1, column: 0, result: 3)
        try writer.close()
        let xml = try unzip(path, "xl/worksheets/sheet1.xml")
        #expect(xml.contains("<c r=\"A2\"><f>SUM(A1:B1)</f><v>3</v></c>"))
    }

    @Test("validation, merges, conditional formats, comments, protection and charts are in the package")
    func featuresInXML() throws {
        let directory = try WriterScratch()
        let path = directory.path("book.xlsx")
        try Self.writeRich(to: path)
        let xml = try unzip(path, "xl/worksheets/sheet1.xml")
        #expect(xml.contains("<mergeCell ref=\"A1:D1\"/>"))
        #expect(xml.contains("<dataValidation type=\"list\""))
        #expect(xml.contains("<formula1>\"Да,Нет,Частично\"</formula1>"))
        #expect(xml.contains("sqref=\"E3:E5\""))
        #expect(xml.contains("errorTitle=\"Ошибка\""))
        #expect(xml.contains("<dataValidation type=\"decimal\""))
        #expect(xml.contains("<formula1>0</formula1><formula2>1000000</formula2>"))
        #expect(xml.contains("<dataValidation type=\"date\""))
        #expect(xml.contains("<formula1>45658</formula1><formula2>46022</formula2>"))  // 2025-01-01, 2025-12-31
        #expect(xml.contains("<conditionalFormatting sqref=\"C3:C5\"><cfRule type=\"cellIs\""))
        #expect(xml.contains("operator=\"lessThan\""))
        #expect(xml.contains("<cfRule type=\"containsText\""))
        #expect(xml.contains("NOT(ISERROR(SEARCH(\"район\",A3)))"))
        #expect(xml.contains("<sheetProtection"))
        #expect(xml.contains("autoFilter=\"0\""))
        #expect(xml.contains("<pageSetup paperSize=\"9\""))
        #expect(xml.contains("orientation=\"landscape\""))
        #expect(xml.contains("<pane ySplit=\"2\""))
        #expect(xml.contains("<autoFilter ref=\"A2:D5\"/>"))
        #expect(xml.contains("<tabColor rgb=\"FF00B050\"/>"))
        #expect(xml.contains("showGridLines=\"0\""))
        #expect(!xml.contains("HYPERLINK"))  // the formula-looking text is a shared string
        let workbook = try unzip(path, "xl/workbook.xml")
        #expect(workbook.contains("_xlnm.Print_Titles"))
        let comments = try unzip(path, "xl/comments1.xml")
        #expect(comments.contains("Проверить с МО"))
        #expect(comments.contains("<author>Аналитик</author>"))
        let chart = try unzip(path, "xl/charts/chart1.xml")
        #expect(chart.contains("<c:f>'Свод'!$B$3:$B$5</c:f>") || chart.contains("<c:f>Свод!$B$3:$B$5</c:f>"))
        #expect(chart.contains("<c:f>'Свод'!$C$3:$C$5</c:f>") || chart.contains("<c:f>Свод!$C$3:$C$5</c:f>"))
        #expect(chart.contains("План и факт"))
        #expect(chart.contains("<c:barDir val=\"col\"/>"))
        let pie = try unzip(path, "xl/charts/chart2.xml")
        #expect(pie.contains("<c:pieChart>"))
        let styles = try unzip(path, "xl/styles.xml")
        #expect(styles.contains("formatCode=\"dd.mm.yyyy\""))
        #expect(styles.contains("formatCode=\"dd.mm.yyyy hh:mm\""))
        #expect(styles.contains("<protection locked=\"0\"/>"))
    }

    @Test("one format per distinct style")
    func styleCache() throws {
        let directory = try WriterScratch()
        let path = directory.path("book.xlsx")
        let writer = try XLSXWriter(path: path, options: Self.options())
        let sheet = try writer.addSheet(name: "A")
        for row in 0..<50 {
            try sheet.write(row: row, column: 0, value: .number(Double(row)), style: CellStyle(bold: true))
            try sheet.write(row: row, column: 1, value: .number(Double(row)), style: CellStyle(numberFormat: "0.00"))
            try sheet.write(row: row, column: 2, value: .number(Double(row)), style: CellStyle())
        }
        try writer.close()
        let styles = try unzip(path, "xl/styles.xml")
        #expect(styles.contains("<cellXfs count=\"3\">"))  // default + bold + 0.00
    }

    // MARK: - Round trips through our reader

    @Test("typed values survive writer → reader", arguments: [false, true])
    func roundTrip(constantMemory: Bool) throws {
        let directory = try WriterScratch()
        let path = directory.path("book.xlsx")
        let values: [CellValue] = [
            .string("Тульская область — свод"),
            .number(1234.5),
            .number(-0.25),
            .bool(true),
            .bool(false),
            .date(CivilDate(year: 2025, month: 3, day: 31)),
            .dateTime(CivilDateTime(date: CivilDate(year: 2024, month: 2, day: 29), hour: 23, minute: 59, second: 0)),
            .error("#N/A"),  // written as text: reads back as .string("#N/A")
            .string("=не формула"),
        ]
        let writer = try XLSXWriter(path: path, options: Self.options(constantMemory: constantMemory))
        let sheet = try writer.addSheet(name: "Данные")
        try sheet.merge(range: CellRange(a1: "A1:C1")!, value: .string("Заголовок"), style: CellStyle(bold: true, border: true))
        try sheet.writeRow(values, at: 1)
        try sheet.merge(range: CellRange(a1: "A3:A4")!, value: .number(7))
        try sheet.write(row: 4, column: 0, value: .date(CivilDate(year: 1900, month: 3, day: 1)), style: CellStyle(numberFormat: "yyyy-mm-dd"))
        try sheet.write(row: 4, column: 1, value: .empty, style: CellStyle(fill: 0xFFFF00))
        try sheet.write(row: 4, column: 2, value: .empty)
        let other = try writer.addSheet(name: "Второй лист")
        try other.write(row: 0, column: 0, value: .string("ещё"))
        try writer.close()

        let document = try SpreadsheetDocument.open(path: path)
        #expect(document.sheets.map(\.name) == ["Данные", "Второй лист"])
        let reader = try document.rows(.name("Данные"))
        var cells: [String: CellValue] = [:]
        while let row = try reader.nextRow() { for cell in row.cells { cells[cell.address.a1] = cell.value } }
        #expect(cells["A1"] == .string("Заголовок"))
        for (column, value) in values.enumerated() {
            let expected: CellValue = if case .error(let text) = value { .string(text) } else { value }
            #expect(cells[CellAddress(row: 1, column: column).a1] == expected, "column \(column)")
        }
        #expect(cells["A3"] == .number(7))
        #expect(cells["A5"] == .date(CivilDate(year: 1900, month: 3, day: 1)))
        #expect(cells["B5"] == nil || cells["B5"] == .empty)
        #expect(Set(reader.mergedRanges.map(\.a1)) == ["A1:C1", "A3:A4"])
        let second = try document.rows(.position(2)).readAll()
        #expect(second.first?[0] == .string("ещё"))
    }

    // MARK: - Helpers

    /// All non-empty cells of the first sheet keyed by A1.
    func readBack(_ path: String) throws -> [String: CellValue] {
        let reader = try SpreadsheetDocument.open(path: path).rows()
        var cells: [String: CellValue] = [:]
        while let row = try reader.nextRow() { for cell in row.cells { cells[cell.address.a1] = cell.value } }
        return cells
    }

    /// One package part as text, via `/usr/bin/unzip -p`.
    func unzip(_ path: String, _ part: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        process.arguments = ["-p", path, part]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw SpreadsheetError(.partMissing, file: path, part: part)
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The DOS time and date of every central directory entry and of the local header it points to.
    func zipEntryDOSDates(_ path: String) throws -> [(time: UInt16, date: UInt16)] {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        func u16(_ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> UInt32 { UInt32(u16(at)) | UInt32(u16(at + 2)) << 16 }
        guard let end = stride(from: bytes.count - 22, through: 0, by: -1).first(where: { u32($0) == 0x0605_4B50 }) else {
            return []
        }
        var result: [(UInt16, UInt16)] = []
        var entry = Int(u32(end + 16))
        for _ in 0..<Int(u16(end + 10)) {
            guard u32(entry) == 0x0201_4B50 else { return [] }
            result.append((u16(entry + 12), u16(entry + 14)))
            let local = Int(u32(entry + 42))
            guard u32(local) == 0x0403_4B50 else { return [] }
            result.append((u16(local + 10), u16(local + 12)))
            entry += 46 + Int(u16(entry + 28)) + Int(u16(entry + 30)) + Int(u16(entry + 32))
        }
        return result
    }

    func xmlEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}

/// A scratch directory for one test, removed afterwards.
final class WriterScratch {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("svod-writer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// File names in the directory, hidden ones included, sorted.
    func entries() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}
