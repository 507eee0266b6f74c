import Foundation
import Testing
@testable import Spreadsheet

/// The annotated copy: the submitter's own package with flagged cells filled and commented and
/// a «Проверка» sheet appended — checked on workbooks made by LibreOffice, openpyxl and by hand.
@Suite("Annotator")
struct AnnotatorTests {
    // MARK: Helpers

    static func annotate(_ fixture: String, _ annotations: [CellAnnotation], in directory: TemporaryDirectory,
                         name: String = "annotated.xlsx", options: AnnotationOptions = .init()) throws -> String {
        let destination = directory.path(name)
        try Annotator.annotate(source: Fixture.path(fixture), destination: destination, annotations: annotations, options: options)
        return destination
    }

    static func entryNames(_ path: String) throws -> [String] {
        try ZipArchive(path: path, limits: .default).entryNames
    }

    static func entry(_ path: String, _ name: String) throws -> String {
        String(decoding: try ZipArchive(path: path, limits: .default).readAll(name), as: UTF8.self)
    }

    /// Every sheet's name and non-empty cells, in tab order, as the project's reader sees them.
    static func contents(_ path: String) throws -> [(name: String, cells: [String: CellValue])] {
        let document = try SpreadsheetDocument.open(path: path)
        return try document.sheets.map { sheet in
            var cells: [String: CellValue] = [:]
            let reader = try document.rows(.position(sheet.index + 1))
            while let row = try reader.nextRow() {
                for cell in row.cells { cells[cell.address.a1] = cell.value }
            }
            return (sheet.name, cells)
        }
    }

    /// The attributes of each `cellXfs/xf` and the solid colour of each fill.
    struct StyleSheet {
        var xfs: [[String: String]] = []
        var fills: [String?] = []
        var fontCount = 0

        func fill(ofStyle index: Int) -> String? {
            guard index < xfs.count, let id = xfs[index]["fillId"].flatMap(Int.init), id < fills.count else { return nil }
            return fills[id]
        }
    }

    static func styleSheet(_ path: String, part: String = "xl/styles.xml") throws -> StyleSheet {
        var scanner = XMLScanner(bytes: Array(try entry(path, part).utf8), file: path, part: part)
        var sheet = StyleSheet()
        var section = ""
        while true {
            switch try scanner.next() {
            case .end: return sheet
            case .startTag:
                if scanner.nameIs("fills") || scanner.nameIs("cellXfs") || scanner.nameIs("cellStyleXfs") || scanner.nameIs("fonts") {
                    section = scanner.nameIs("fills") ? "fills" : scanner.nameIs("cellXfs") ? "cellXfs" : scanner.nameIs("fonts") ? "fonts" : "other"
                } else if section == "fills", scanner.nameIs("fill") {
                    sheet.fills.append(nil)
                } else if section == "fills", scanner.nameIs("fgColor") {
                    sheet.fills[sheet.fills.count - 1] = scanner.attribute("rgb")
                } else if section == "fonts", scanner.nameIs("font") {
                    sheet.fontCount += 1
                } else if section == "cellXfs", scanner.nameIs("xf") {
                    var attributes: [String: String] = [:]
                    for name in ["numFmtId", "fontId", "fillId", "borderId", "xfId", "applyFill"] as [StaticString] {
                        attributes["\(name)"] = scanner.attribute(name)
                    }
                    sheet.xfs.append(attributes)
                }
            case .endTag:
                if scanner.nameIs("fills") || scanner.nameIs("cellXfs") || scanner.nameIs("fonts") || scanner.nameIs("cellStyleXfs") {
                    section = ""
                }
            case .text: continue
            }
        }
    }

    /// `s=` of every `<c>` with an explicit reference, and the references in document order.
    static func cellStyles(_ path: String, part: String) throws -> (styles: [String: Int], order: [String]) {
        var scanner = XMLScanner(bytes: Array(try entry(path, part).utf8), file: path, part: part)
        var styles: [String: Int] = [:]
        var order: [String] = []
        while true {
            let token = try scanner.next()
            if token == .end { return (styles, order) }
            if token == .startTag, scanner.nameIs("c"), let ref = scanner.attribute("r") {
                styles[ref] = scanner.attribute("s").flatMap(Int.init) ?? 0
                order.append(ref)
            }
        }
    }

    /// The text of each comment by cell reference.
    static func comments(_ path: String, part: String) throws -> [String: String] {
        var scanner = XMLScanner(bytes: Array(try entry(path, part).utf8), file: path, part: part)
        var result: [String: String] = [:]
        var current: String? = nil
        var inT = false
        while true {
            switch try scanner.next() {
            case .end: return result
            case .startTag:
                if scanner.nameIs("comment") {
                    current = scanner.attribute("ref")
                    if let current { result[current] = "" }
                } else if scanner.nameIs("t") {
                    inT = true
                }
            case .endTag:
                if scanner.nameIs("t") { inT = false }
                if scanner.nameIs("comment") { current = nil }
            case .text:
                if inT, let current { result[current, default: ""] += scanner.text }
            }
        }
    }

    static func error(_ sheet: String, _ a1: String?, _ code: String, _ message: String, value: String? = nil) -> CellAnnotation {
        CellAnnotation(sheet: sheet, address: a1.flatMap { CellAddress(a1: $0) }, severity: .error, code: code,
                       message: message, value: value)
    }

    static func warning(_ sheet: String, _ a1: String?, _ code: String, _ message: String, value: String? = nil) -> CellAnnotation {
        CellAnnotation(sheet: sheet, address: a1.flatMap { CellAddress(a1: $0) }, severity: .warning, code: code,
                       message: message, value: value)
    }

    static let red = "FF" + "FFC7CE"
    static let yellow = "FF" + "FFEB9C"

    static func assertOriginalsKept(source: String, annotated: String, summary: String = "Проверка") throws {
        let before = try contents(source)
        let after = try contents(annotated)
        #expect(after.map(\.name) == before.map(\.name) + [summary])
        for (original, copy) in zip(before, after) {
            #expect(copy.cells == original.cells, "sheet \(original.name)")
        }
    }

    // MARK: LibreOffice

    static let libreOfficeAnnotations: [CellAnnotation] = [
        error("Данные", "A1", "title-invalid", "Заголовок не совпадает с шаблоном", value: "Привет"),
        warning("Данные", "A1", "title-case", "Заголовок набран не в том регистре"),
        error("Данные", "A2", "date-late", "Дата позже отчётного периода", value: "01.03.2021"),
        warning("Данные", "B3", "negative", "Отрицательное значение", value: "-3"),
        warning("Данные", "C4", "merged", "Ячейка внутри объединения"),
        error("Данные", "E2", "required", "Не заполнено обязательное поле"),
        error("Данные", "F9", "required", "Не заполнено обязательное поле «Итого»"),
        warning("Справочник", "A1", "dictionary", "Справочник устарел"),
        error("", nil, "file-late", "Отчёт сдан позже срока"),
        warning("Нет такого листа", "A1", "unknown-sheet", "Лист не найден"),
    ]

    @Test func libreOfficeWorkbookKeepsValuesAndGetsHighlights() throws {
        let directory = try TemporaryDirectory()
        let source = Fixture.path("xlsx/libreoffice_types.xlsx")
        let annotated = try Self.annotate("xlsx/libreoffice_types.xlsx", Self.libreOfficeAnnotations, in: directory)

        // (1) every original value unchanged, «Проверка» appended.
        try Self.assertOriginalsKept(source: source, annotated: annotated)

        // (2) fills by the worst severity; the rest of the original format is kept.
        let before = try Self.styleSheet(source)
        let after = try Self.styleSheet(annotated)
        #expect(after.xfs.prefix(before.xfs.count).elementsEqual(before.xfs))
        let (styles, order) = try Self.cellStyles(annotated, part: "xl/worksheets/sheet1.xml")
        let (originalStyles, _) = try Self.cellStyles(source, part: "xl/worksheets/sheet1.xml")
        #expect(after.fill(ofStyle: styles["A1"]!) == Self.red)
        #expect(after.fill(ofStyle: styles["A2"]!) == Self.red)
        #expect(after.fill(ofStyle: styles["B3"]!) == Self.yellow)
        #expect(after.fill(ofStyle: styles["C4"]!) == Self.yellow)
        #expect(after.fill(ofStyle: styles["E2"]!) == Self.red)
        #expect(after.fill(ofStyle: styles["F9"]!) == Self.red)
        for ref in ["A1", "A2", "B3", "C4"] {
            var clone = after.xfs[styles[ref]!]
            var original = before.xfs[originalStyles[ref]!]
            #expect(clone["applyFill"] == "1")
            clone["fillId"] = nil
            clone["applyFill"] = nil
            original["fillId"] = nil
            original["applyFill"] = nil
            #expect(clone == original, "\(ref) keeps font, border and number format")
        }
        // An unflagged cell keeps its style.
        #expect(styles["B2"] == originalStyles["B2"])
        #expect(styles["D1"] == originalStyles["D1"])

        // (3) cells that were not in the XML are created, in column and row order.
        #expect(order == ["A1", "C1", "D1", "A2", "B2", "C2", "D2", "E2", "A3", "B3", "C3", "D3",
                          "A4", "B4", "C4", "A5", "B5", "F9"])
        let sheetXML = try Self.entry(annotated, "xl/worksheets/sheet1.xml")
        #expect(sheetXML.contains("<dimension ref=\"A1:F9\"/>"))
        #expect(sheetXML.contains("<legacyDrawing r:id=\""))
        #expect(sheetXML.contains("<row r=\"9\"><c r=\"F9\" s=\""))

        // Comments: one per cell, all annotations of the cell in it.
        let names = try Self.entryNames(annotated)
        #expect(names.contains("xl/comments1.xml"))
        #expect(names.contains("xl/drawings/vmlDrawing1.vml"))
        let notes = try Self.comments(annotated, part: "xl/comments1.xml")
        #expect(Set(notes.keys) == ["A1", "A2", "B3", "C4", "E2", "F9"])
        #expect(notes["A1"] == "Ошибка [title-invalid]: Заголовок не совпадает с шаблоном\nПредупреждение [title-case]: Заголовок набран не в том регистре")
        #expect(notes["F9"] == "Ошибка [required]: Не заполнено обязательное поле «Итого»")
        let notes2 = try Self.comments(annotated, part: "xl/comments2.xml")
        #expect(notes2 == ["A1": "Предупреждение [dictionary]: Справочник устарел"])
        let vml = try Self.entry(annotated, "xl/drawings/vmlDrawing1.vml")
        #expect(vml.components(separatedBy: "ObjectType=\"Note\"").count - 1 == 6)
        #expect(vml.contains("<x:Row>8</x:Row><x:Column>5</x:Column>"))
        let relationships = try Self.entry(annotated, "xl/worksheets/_rels/sheet1.xml.rels")
        #expect(relationships.contains("Target=\"../comments1.xml\""))
        #expect(relationships.contains("Target=\"../drawings/vmlDrawing1.vml\""))
        let types = try Self.entry(annotated, "[Content_Types].xml")
        #expect(types.contains("<Default Extension=\"vml\""))
        #expect(types.contains("PartName=\"/xl/comments1.xml\""))
        #expect(types.contains("PartName=\"/xl/worksheets/sheet3.xml\""))
        // calcChain and every untouched part are still there.
        #expect(Set(try Self.entryNames(source)).isSubset(of: Set(names)))

        // The summary: header, file-level first, then by sheet order, row, column; links.
        let summary = try Self.contents(annotated).last!
        #expect(summary.cells["A1"] == .string("Код"))
        #expect(summary.cells["F1"] == .string("Сообщение"))
        let codes = (2...11).map { summary.cells["A\($0)"]?.text ?? "" }
        #expect(codes == ["file-late", "title-invalid", "title-case", "date-late", "required", "negative", "merged",
                          "required", "dictionary", "unknown-sheet"])
        #expect(summary.cells["B2"] == .string("Ошибка"))
        #expect(summary.cells["B7"] == .string("Предупреждение"))
        #expect(summary.cells["C3"] == .string("Данные"))
        #expect(summary.cells["D3"] == .string("A1"))
        #expect(summary.cells["E3"] == .string("Привет"))
        #expect(summary.cells["D2"] == nil)
        let summaryXML = try Self.entry(annotated, "xl/worksheets/sheet3.xml")
        #expect(summaryXML.contains("<hyperlink ref=\"D3\" location=\"'Данные'!A1\" display=\"A1\"/>"))
        #expect(summaryXML.contains("<hyperlink ref=\"D10\" location=\"'Справочник'!A1\" display=\"A1\"/>"))
        #expect(!summaryXML.contains("ref=\"D11\""))  // the unknown sheet has no link
        #expect(summaryXML.contains("state=\"frozen\""))
        #expect(after.fill(ofStyle: try Self.cellStyles(annotated, part: "xl/worksheets/sheet3.xml").styles["B2"]!) == Self.red)
        let workbook = try Self.entry(annotated, "xl/workbook.xml")
        #expect(workbook.contains("<sheet name=\"Проверка\" sheetId=\"3\" r:id=\"rId5\"/></sheets>"))
    }

    // MARK: openpyxl

    @Test func openpyxlWorkbookWithoutRelationshipNamespace() throws {
        let directory = try TemporaryDirectory()
        let source = Fixture.path("xlsx/openpyxl_types.xlsx")
        let annotated = try Self.annotate("xlsx/openpyxl_types.xlsx", [
            Self.error("Отчет", "A5", "formula", "Формула вместо значения"),
            Self.warning("Отчет", "A4", "date", "Дата вне периода", value: "2021-03-01"),
            Self.error("Отчет", "D3", "required", "Пусто"),
            Self.error("Отчет", "B10", "merged", "Внутри объединения"),
            Self.warning("Скрытый", "A1", "hidden", "Данные на скрытом листе"),
        ], in: directory, options: AnnotationOptions(language: .en))
        try Self.assertOriginalsKept(source: source, annotated: annotated)
        let styles = try Self.styleSheet(annotated)
        let cells = try Self.cellStyles(annotated, part: "xl/worksheets/sheet1.xml")
        #expect(styles.fill(ofStyle: cells.styles["A5"]!) == Self.red)
        #expect(styles.fill(ofStyle: cells.styles["A4"]!) == Self.yellow)
        #expect(styles.xfs[cells.styles["A4"]!]["numFmtId"] == "165")  // still a date format
        #expect(styles.fill(ofStyle: cells.styles["D3"]!) == Self.red)
        #expect(cells.order.firstIndex(of: "D3")! < cells.order.firstIndex(of: "A4")!)  // row 3 inserted between 2 and 4
        let sheetXML = try Self.entry(annotated, "xl/worksheets/sheet1.xml")
        #expect(sheetXML.hasPrefix("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\""))
        #expect(sheetXML.contains("<legacyDrawing r:id=\"rId1\"/></worksheet>"))
        // Absolute targets in the workbook's relationships are kept; the new one is relative.
        let relationships = try Self.entry(annotated, "xl/_rels/workbook.xml.rels")
        #expect(relationships.contains("Target=\"/xl/worksheets/sheet1.xml\""))
        #expect(relationships.contains("Id=\"rId6\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet4.xml\""))
        let summary = try Self.contents(annotated).last!
        #expect(summary.cells["A1"] == .string("Code"))
        #expect(summary.cells["B2"] == .string("Error"))
        #expect(summary.cells["A2"] == .string("required"))
        #expect(summary.cells["B3"] == .string("Warning"))
        #expect(summary.cells["A6"] == .string("hidden"))
        // The hidden sheet stays hidden.
        #expect(try SpreadsheetDocument.open(path: annotated).sheets.map(\.isVisible) == [true, true, false, true])
    }

    @Test func prefixedWorkbookWithCellsWithoutReferences() throws {
        let directory = try TemporaryDirectory()
        let source = Fixture.path("xlsx/inline_rich_prefixed.xlsx")
        let annotated = try Self.annotate("xlsx/inline_rich_prefixed.xlsx", [
            Self.error("Данные & итоги", "B2", "error-value", "Ошибка в формуле"),
            Self.warning("Данные & итоги", "D5", "gap", "Пропущена ячейка"),
            Self.warning("данные & итоги", "A3", "empty-row", "Пустая строка"),
        ], in: directory)
        try Self.assertOriginalsKept(source: source, annotated: annotated)
        let sheetXML = try Self.entry(annotated, "xl/worksheets/sheet1.xml")
        #expect(sheetXML.contains("<x:c t=\"e\" r=\"B2\" s=\""))
        #expect(sheetXML.contains("<x:c><x:v>7</x:v></x:c>\n<x:c r=\"D5\" s=\""))
        #expect(sheetXML.contains("<x:row r=\"3\"><x:c r=\"A3\" s=\""))
        #expect(sheetXML.contains("<x:legacyDrawing xmlns:r=") == false)
        #expect(sheetXML.contains("<x:legacyDrawing r:id=\"rId1\"/>\n</x:worksheet>") || sheetXML.contains("<x:legacyDrawing r:id=\"rId1\"/></x:worksheet>"))
        let styles = try Self.styleSheet(annotated)
        let cells = try Self.cellStyles(annotated, part: "xl/worksheets/sheet1.xml")
        #expect(styles.fill(ofStyle: cells.styles["B2"]!) == Self.red)
        #expect(styles.fill(ofStyle: cells.styles["D5"]!) == Self.yellow)
        #expect(try Self.contents(annotated).last!.cells["C2"] == .string("Данные & итоги"))
        let summaryXML = try Self.entry(annotated, "xl/worksheets/sheet3.xml")
        #expect(summaryXML.contains("location=\"'Данные &amp; итоги'!B2\""))
    }

    // MARK: Existing comments

    @Test(arguments: ["annotate/openpyxl_comments.xlsx", "annotate/libreoffice_comments.xlsx"])
    func existingCommentsAreMerged(fixture: String) throws {
        let directory = try TemporaryDirectory()
        let source = Fixture.path(fixture)
        let annotated = try Self.annotate(fixture, [
            Self.error("Отчет", "B3", "status-invalid", "Недопустимый статус", value: "непонятно"),
            Self.warning("Отчет", "B2", "status-late", "Статус поставлен поздно"),
            Self.error("Отчет", "C2", "sum-check", "Сумма не сходится"),
            Self.warning("Отчет", "D7", "extra", "Лишняя ячейка"),
        ], in: directory)
        try Self.assertOriginalsKept(source: source, annotated: annotated)
        let relationships = try RelationshipsEditor(of: "xl/worksheets/sheet1.xml", in: ZipArchive(path: annotated, limits: .default))
        let commentsPart = try #require(relationships.target(typeSuffix: "comments"))
        let drawingPart = try #require(relationships.target(typeSuffix: "vmlDrawing"))
        #expect(relationships.entries.count == 2)  // merged into the existing parts
        let notes = try Self.comments(annotated, part: commentsPart)
        #expect(notes["B2"] == "Проверено бухгалтером\nПредупреждение [status-late]: Статус поставлен поздно")
        #expect(notes["A3"] == "Уточнить & перезвонить")
        #expect(notes["B3"] == "Ошибка [status-invalid]: Недопустимый статус")
        #expect(notes["D7"] == "Предупреждение [extra]: Лишняя ячейка")
        // A plain text comment became runs, so the appended run is valid (CT_Rst: t?, r*).
        let commentsXML = try Self.entry(annotated, commentsPart)
        #expect(!commentsXML.contains("</t><r>"))
        let vml = try Self.entry(annotated, drawingPart)
        #expect(vml.components(separatedBy: "ObjectType=\"Note\"").count - 1 == 5)
        #expect(vml.hasSuffix("</xml>"))
        let sheetXML = try Self.entry(annotated, "xl/worksheets/sheet1.xml")
        #expect(sheetXML.components(separatedBy: "legacyDrawing ").count - 1 == 1)
        let styles = try Self.styleSheet(annotated)
        let cells = try Self.cellStyles(annotated, part: "xl/worksheets/sheet1.xml")
        #expect(styles.fill(ofStyle: cells.styles["C2"]!) == Self.red)
        // C2 keeps its number format and border.
        let original = try Self.styleSheet(source).xfs[try Self.cellStyles(source, part: "xl/worksheets/sheet1.xml").styles["C2"]!]
        #expect(styles.xfs[cells.styles["C2"]!]["numFmtId"] == original["numFmtId"])
        #expect(styles.xfs[cells.styles["C2"]!]["borderId"] == original["borderId"])
    }

    // MARK: Inserted cells, empty sheets

    @Test func insertedCellsTakeTheRowOrColumnStyleAndEmptySheetsGetRows() throws {
        let directory = try TemporaryDirectory()
        let source = directory.path("styled.xlsx")
        let writer = try XLSXWriter(path: source, options: XLSXWriter.Options(
            creationDate: CivilDateTime(date: CivilDate(year: 2025, month: 1, day: 2), hour: 3, minute: 4, second: 5)))
        let sheet = try writer.addSheet(name: "Форма")
        try sheet.setColumn(width: 20, first: 2, style: CellStyle(bold: true, numberFormat: "0.000"))
        try sheet.write(row: 0, column: 0, value: .string("Показатель"))
        try sheet.setRow(1, height: 20, style: CellStyle(italic: true, border: true))
        try sheet.write(row: 1, column: 0, value: .number(1))
        try sheet.write(row: 3, column: 0, value: .number(2))
        _ = try writer.addSheet(name: "Пустой")
        try writer.close()

        let annotated = directory.path("out.xlsx")
        try Annotator.annotate(source: source, destination: annotated, annotations: [
            Self.error("Форма", "C4", "column-style", "В столбце со стилем"),
            Self.warning("Форма", "B2", "row-style", "В строке со стилем"),
            Self.error("Пустой", "B3", "empty", "Лист пуст"),
        ])
        try Self.assertOriginalsKept(source: source, annotated: annotated)
        let before = try Self.styleSheet(source)
        let after = try Self.styleSheet(annotated)
        let cells = try Self.cellStyles(annotated, part: "xl/worksheets/sheet1.xml").styles
        let columnStyle = try #require(Self.entry(source, "xl/worksheets/sheet1.xml")
            .components(separatedBy: "style=\"").dropFirst().first.flatMap { Int($0.prefix { $0.isNumber }) })
        #expect(before.xfs[columnStyle]["fontId"] != "0")  // bold
        #expect(after.xfs[cells["C4"]!]["fontId"] == before.xfs[columnStyle]["fontId"])
        #expect(after.xfs[cells["C4"]!]["numFmtId"] == before.xfs[columnStyle]["numFmtId"])
        #expect(after.fill(ofStyle: cells["C4"]!) == Self.red)
        let rowStyle = try #require(Self.entry(source, "xl/worksheets/sheet1.xml")
            .components(separatedBy: "<row r=\"2\"").dropFirst().first?.components(separatedBy: " s=\"").dropFirst().first
            .flatMap { Int($0.prefix { $0.isNumber }) })
        #expect(before.xfs[rowStyle]["borderId"] != "0")  // thin border
        #expect(after.xfs[cells["B2"]!]["borderId"] == before.xfs[rowStyle]["borderId"])
        #expect(after.fill(ofStyle: cells["B2"]!) == Self.yellow)
        let empty = try Self.entry(annotated, "xl/worksheets/sheet2.xml")
        #expect(empty.contains("<sheetData><row r=\"3\"><c r=\"B3\" s=\""))
        #expect(empty.contains("<dimension ref=\"A1:B3\"/>") || empty.contains("<dimension ref=\"B3\"/>") || !empty.contains("<dimension"))
        #expect(try Self.comments(annotated, part: "xl/comments2.xml")["B3"] == "Ошибка [empty]: Лист пуст")
    }

    // MARK: Determinism, CSV, refusals

    @Test func annotatingTwiceGivesIdenticalBytes() throws {
        let directory = try TemporaryDirectory()
        let fixtures = ["xlsx/libreoffice_types.xlsx", "annotate/openpyxl_comments.xlsx", "csv/cp1251_semicolon.csv"]
        func annotations(_ fixture: String) -> [CellAnnotation] {
            fixture.hasPrefix("csv") ? [Self.error("", "B2", "x", "Сообщение")] : Self.libreOfficeAnnotations
        }
        for (i, fixture) in fixtures.enumerated() {
            _ = try Self.annotate(fixture, annotations(fixture), in: directory, name: "first\(i).xlsx")
        }
        Thread.sleep(forTimeInterval: 2.1)  // DOS times have 2 s steps: a clock-stamped entry would now differ
        for (i, fixture) in fixtures.enumerated() {
            _ = try Self.annotate(fixture, annotations(fixture), in: directory, name: "second\(i).xlsx")
            let a = try Data(contentsOf: URL(fileURLWithPath: directory.path("first\(i).xlsx")))
            let b = try Data(contentsOf: URL(fileURLWithPath: directory.path("second\(i).xlsx")))
            #expect(a == b, "\(fixture)")
        }
        // No temporary file is left behind.
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.url.path)
        #expect(left.count == 2 * fixtures.count)
        #expect(left.allSatisfy { !$0.hasPrefix(".") })
    }

    @Test func csvBecomesAnAnnotatedWorkbook() throws {
        let directory = try TemporaryDirectory()
        let source = Fixture.path("csv/cp1251_semicolon.csv")
        let csv = try Self.contents(source)[0]
        let annotated = try Self.annotate("csv/cp1251_semicolon.csv", [
            Self.error("любое имя", "B2", "status-invalid", "Недопустимое значение"),
            Self.warning("", "A1", "header", "Заголовок"),
            Self.error("", "Z40", "required", "Нет итога"),
        ], in: directory, name: "csv.xlsx")
        let book = try Self.contents(annotated)
        #expect(book.map(\.name) == ["cp1251_semicolon", "Проверка"])
        #expect(book[0].cells == csv.cells.mapValues { .string($0.text) })
        let styles = try Self.styleSheet(annotated)
        let cells = try Self.cellStyles(annotated, part: "xl/worksheets/sheet1.xml")
        #expect(styles.fill(ofStyle: cells.styles["B2"]!) == Self.red)
        #expect(styles.fill(ofStyle: cells.styles["A1"]!) == Self.yellow)
        #expect(styles.fill(ofStyle: cells.styles["Z40"]!) == Self.red)
        let notes = try Self.comments(annotated, part: "xl/comments1.xml")
        #expect(notes["B2"] == "Ошибка [status-invalid]: Недопустимое значение")
        #expect(book[1].cells["C2"] == .string("cp1251_semicolon"))
        #expect(try Self.entry(annotated, "xl/worksheets/sheet2.xml").contains("location=\"'cp1251_semicolon'!A1\""))
    }

    @Test(arguments: ["xlsx/encrypted.xlsx", "xls/biff5_book_stream.xls", "ods/text_document.odt", "xlsx/truncated.xlsx",
                      "xlsx/doctype_entity.xlsx", "xlsx/zip_bomb.xlsx", "xlsx/no_workbook.xlsx", "xlsx/not_a_zip.xlsx"])
    func refusedInputsThrowTheReadersError(fixture: String) throws {
        let directory = try TemporaryDirectory()
        let expected = try #require(Fixture.refusal(fixture))
        var thrown: SpreadsheetError? = nil
        do {
            _ = try Self.annotate(fixture, [Self.error("Лист1", "A1", "x", "y")], in: directory)
        } catch let error as SpreadsheetError {
            thrown = error
        }
        #expect(thrown?.code == expected.code)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path).isEmpty)
    }

    @Test func encryptedWorkbookIsRefused() throws {
        let directory = try TemporaryDirectory()
        #expect(throws: SpreadsheetError(.encrypted, file: Fixture.path("xlsx/encrypted.xlsx"))) {
            _ = try Self.annotate("xlsx/encrypted.xlsx", [], in: directory)
        }
    }

    @Test func unwritableDestinationFailsCleanly() throws {
        #expect(throws: SpreadsheetError.self) {
            try Annotator.annotate(source: Fixture.path("xlsx/libreoffice_types.xlsx"),
                                   destination: "/nonexistent-directory/out.xlsx", annotations: [])
        }
    }

    @Test func summarySheetNameIsMadeUnique() throws {
        let directory = try TemporaryDirectory()
        let annotated = try Self.annotate("xlsx/libreoffice_types.xlsx", [], in: directory,
                                          options: AnnotationOptions(summarySheetName: "данные"))
        let names = try SpreadsheetDocument.open(path: annotated).sheets.map(\.name)
        #expect(names.count == 3)
        #expect(names[2] != "данные" && names[2].lowercased() != "данные")
    }

    // MARK: LibreOffice opens the result

    static let soffice: String? = ["/usr/bin/soffice", "/usr/local/bin/soffice", "/usr/lib/libreoffice/program/soffice"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: soffice != nil, "LibreOffice (soffice) is not installed"), .timeLimit(.minutes(3)))
    func libreOfficeOpensTheAnnotatedCopies() throws {
        let directory = try TemporaryDirectory()
        var inputs: [String] = []
        inputs.append(try Self.annotate("xlsx/libreoffice_types.xlsx", Self.libreOfficeAnnotations, in: directory, name: "lo.xlsx"))
        inputs.append(try Self.annotate("xlsx/openpyxl_types.xlsx", [Self.error("Отчет", "D3", "required", "Пусто")],
                                        in: directory, name: "op.xlsx"))
        inputs.append(try Self.annotate("xlsx/inline_rich_prefixed.xlsx", [Self.error("Данные & итоги", "D5", "gap", "Пропуск")],
                                        in: directory, name: "px.xlsx"))
        inputs.append(try Self.annotate("annotate/openpyxl_comments.xlsx", [Self.error("Отчет", "B2", "status-late", "Поздно")],
                                        in: directory, name: "oc.xlsx"))
        inputs.append(try Self.annotate("csv/cp1251_semicolon.csv", [Self.error("", "B2", "status-invalid", "Плохо")],
                                        in: directory, name: "csv.xlsx"))
        let out = directory.path("converted")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.soffice!)
        process.arguments = ["-env:UserInstallation=file://" + directory.path("profile"), "--headless", "--norestore",
                             "--convert-to", "xlsx", "--outdir", out] + inputs
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        for input in inputs {
            let converted = out + "/" + URL(fileURLWithPath: input).lastPathComponent
            let names = try SpreadsheetDocument.open(path: converted).sheets.map(\.name)
            #expect(names.last == "Проверка", "\(input)")
        }
        // LibreOffice read our comments: it writes them back.
        let roundTrip = out + "/lo.xlsx"
        let parts = try Self.entryNames(roundTrip).filter { $0.contains("comments") }
        let texts = try parts.map { try Self.entry(roundTrip, $0) }.joined()
        #expect(texts.contains("title-invalid"))
        #expect(texts.contains("Не заполнено обязательное поле «Итого»"))
        // And the cell values are what they were.
        let before = try Self.contents(Fixture.path("xlsx/libreoffice_types.xlsx"))
        let after = try Self.contents(roundTrip)
        #expect(after[1].cells == before[1].cells)
    }
}

