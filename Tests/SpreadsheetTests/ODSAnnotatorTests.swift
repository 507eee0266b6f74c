import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Spreadsheet

/// The annotated copy of an ODS report is an ODS: the clerk's own package with only
/// `content.xml` rewritten — checked on files written by LibreOffice and by hand, read back with
/// the project's reader, an independent walk of the XML, the ZIP directory, and LibreOffice.
@Suite("ODS annotator")
struct ODSAnnotatorTests {
    // MARK: Helpers

    static func annotate(_ fixture: String, _ annotations: [CellAnnotation], in directory: TemporaryDirectory,
                         name: String = "annotated.ods", options: AnnotationOptions = .init()) throws -> String {
        let destination = directory.path(name)
        try Annotator.annotate(source: fixture.hasPrefix("/") ? fixture : Fixture.path(fixture), destination: destination,
                               annotations: annotations, options: options)
        return destination
    }

    static func error(_ sheet: String, _ a1: String?, _ code: String, _ message: String, value: String? = nil) -> CellAnnotation {
        AnnotatorTests.error(sheet, a1, code, message, value: value)
    }

    static func warning(_ sheet: String, _ a1: String?, _ code: String, _ message: String, value: String? = nil) -> CellAnnotation {
        AnnotatorTests.warning(sheet, a1, code, message, value: value)
    }

    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Samples/submissions").standardized

    static func sample(_ path: String) -> String { samples.appendingPathComponent(path).path }

    /// Every sheet's name, non-empty cells and merged ranges, as the project's reader sees them.
    static func contents(_ path: String) throws -> [(name: String, cells: [String: CellValue], merged: [String])] {
        let document = try SpreadsheetDocument.open(path: path)
        return try document.sheets.map { sheet in
            var cells: [String: CellValue] = [:]
            let reader = try document.rows(.position(sheet.index + 1))
            while let row = try reader.nextRow() {
                for cell in row.cells { cells[cell.address.a1] = cell.value }
            }
            return (sheet.name, cells, reader.mergedRanges.map(\.a1))
        }
    }

    /// The copy holds every original sheet with the same values and merges, then the summary.
    static func expectOriginalsKept(source: String, annotated: String, summary: String = "Проверка") throws {
        let before = try contents(source)
        let after = try contents(annotated)
        #expect(after.map(\.name) == before.map(\.name) + [summary])
        for (original, copy) in zip(before, after) {
            #expect(copy.cells == original.cells, "sheet \(original.name)")
            #expect(copy.merged == original.merged, "sheet \(original.name)")
        }
        #expect(try SpreadsheetDocument.open(path: annotated).format == .ods)
    }

    static func content(_ path: String) throws -> [UInt8] {
        try ZipArchive(path: path, limits: .default).readAll("content.xml")
    }

    /// One cell as the XML says it, found by an independent walk of `content.xml`.
    struct ODSCell: Equatable {
        var element = "table-cell"
        var style: String? = nil
        var columnsRepeated: Int? = nil
        var columnsSpanned: String? = nil
        /// The annotation's author and paragraphs, when the cell has one.
        var creator: String? = nil
        var notes: [String]? = nil
    }

    struct ODSTable {
        var cells: [String: ODSCell] = [:]
        /// Rows the table defines (repeats counted).
        var rows = 0
        /// `table:table-row` elements written.
        var rowElements = 0
    }

    /// The cells of one table (runs of more than 4,096 positions are counted, not listed).
    static func table(_ path: String, _ name: String) throws -> ODSTable {
        var scanner = XMLScanner(bytes: try content(path), file: path, part: "content.xml")
        var result = ODSTable()
        var depth = 0
        var tableDepth: Int? = nil
        var row = 0
        var rowRepeat = 1
        var column = 0
        var cell: ODSCell? = nil
        var cellRepeat = 1
        var cellDepth = 0
        var inAnnotation = false
        var inParagraph = false
        var inCreator = false
        var paragraph = ""
        func finishCell() {
            guard let cell else { return }
            if cellRepeat * rowRepeat <= 4096 {
                for r in row..<(row + rowRepeat) {
                    for c in column..<(column + cellRepeat) { result.cells[CellAddress(row: r, column: c).a1] = cell }
                }
            }
            column += cellRepeat
        }
        while true {
            let token = try scanner.next()
            switch token {
            case .end:
                return result
            case .startTag:
                let selfClosing = scanner.isSelfClosing
                defer { if !selfClosing { depth += 1 } }
                if tableDepth == nil {
                    if scanner.nameIs("table"), scanner.attribute("name") == name, !selfClosing { tableDepth = depth }
                    continue
                }
                if cell != nil {
                    if scanner.nameIs("annotation"), depth == cellDepth + 1 {
                        inAnnotation = true
                        cell?.notes = []
                    } else if inAnnotation, scanner.nameIs("creator") {
                        inCreator = true
                        cell?.creator = ""
                    } else if inAnnotation, scanner.nameIs("p") {
                        inParagraph = true
                        paragraph = ""
                        if selfClosing { cell?.notes?.append("") }
                    } else if inParagraph, scanner.nameIs("s") {
                        paragraph += String(repeating: " ", count: scanner.attribute("c").flatMap { Int($0) } ?? 1)
                    }
                } else if scanner.nameIs("table-row") {
                    rowRepeat = scanner.attribute("number-rows-repeated").flatMap { Int($0) } ?? 1
                    column = 0
                    result.rowElements += 1
                    if selfClosing {
                        row += rowRepeat
                        result.rows = row
                    }
                } else if scanner.nameIs("table-cell") || scanner.nameIs("covered-table-cell") {
                    cellRepeat = scanner.attribute("number-columns-repeated").flatMap { Int($0) } ?? 1
                    cell = ODSCell(element: scanner.nameIs("table-cell") ? "table-cell" : "covered-table-cell",
                                   style: scanner.attribute("style-name"),
                                   columnsRepeated: scanner.attribute("number-columns-repeated").flatMap { Int($0) },
                                   columnsSpanned: scanner.attribute("number-columns-spanned"))
                    cellDepth = depth
                    if selfClosing {
                        finishCell()
                        cell = nil
                    }
                }
            case .endTag:
                depth -= 1
                guard let tableDepth else { continue }
                if cell != nil {
                    if depth == cellDepth {
                        finishCell()
                        cell = nil
                    } else if inAnnotation, scanner.nameIs("annotation") {
                        inAnnotation = false
                    } else if inCreator, scanner.nameIs("creator") {
                        inCreator = false
                    } else if inParagraph, scanner.nameIs("p") {
                        inParagraph = false
                        cell?.notes?.append(paragraph)
                    }
                } else if scanner.nameIs("table-row") {
                    row += rowRepeat
                    result.rows = row
                } else if depth == tableDepth {
                    return result
                }
            case .text:
                if inCreator { cell?.creator? += scanner.text }
                if inParagraph { paragraph += scanner.text }
            }
        }
    }

    /// An automatic style of `content.xml`.
    struct AutomaticStyle: Equatable {
        var family: String?
        var parent: String?
        var dataStyle: String?
        var background: String?
        var fontWeight: String?
    }

    static func automaticStyles(_ path: String) throws -> [String: AutomaticStyle] {
        var scanner = XMLScanner(bytes: try content(path), file: path, part: "content.xml")
        var styles: [String: AutomaticStyle] = [:]
        var inAutomatic = false
        var current: String? = nil
        while true {
            let token = try scanner.next()
            switch token {
            case .end: return styles
            case .startTag:
                if scanner.nameIs("automatic-styles") {
                    inAutomatic = !scanner.isSelfClosing
                } else if inAutomatic, scanner.nameIs("style"), let name = scanner.attribute("name") {
                    styles[name] = AutomaticStyle(family: scanner.attribute("family"), parent: scanner.attribute("parent-style-name"),
                                                  dataStyle: scanner.attribute("data-style-name"))
                    current = scanner.isSelfClosing ? nil : name
                } else if let name = current, scanner.nameIs("table-cell-properties") {
                    styles[name]?.background = scanner.attribute("background-color")
                } else if let name = current, scanner.nameIs("text-properties") {
                    styles[name]?.fontWeight = scanner.attribute("font-weight")
                }
            case .endTag:
                if scanner.nameIs("automatic-styles") { inAutomatic = false }
                if scanner.nameIs("style") { current = nil }
            case .text: continue
            }
        }
    }

    static let red = "#ffc7ce"
    static let yellow = "#ffeb9c"

    static func note(_ items: [CellAnnotation]) -> [String] {
        items.map { "\(SummarySheet.word($0.severity, .ru)) [\($0.code)]: \($0.message)" }
    }

    /// The summary table's rows as the reader gives them (header first), by column letter.
    static func summaryRows(_ path: String, sheet: String = "Проверка") throws -> [[String: String]] {
        let document = try SpreadsheetDocument.open(path: path)
        return try document.rows(.name(sheet)).readAll().map { row in
            var cells: [String: String] = [:]
            for cell in row.cells { cells[CellAddress.columnName(cell.address.column)] = cell.value.text }
            return cells
        }
    }

    // MARK: A report saved by LibreOffice

    static let reportAnnotations: [CellAnnotation] = [
        error("Отчет", "D4", "number-out-of-range", "Значение больше допустимого", value: "7"),
        warning("Отчет", "D4", "number-round", "Ожидалось круглое число"),
        warning("Отчет", "C15", "row-empty", "Пустая строка внутри таблицы"),
        error("Отчет", "D7", "total-mismatch", "Итог не сходится", value: "35"),
        warning("Отчет", "E7", "date-late", "Дата позже отчётного периода", value: "15.03.2021"),
        error("Отчет", "B8", "result-missing", "Итог  не  заполнен"),
        warning("Отчет", "B9", "comment-kept", "Примечание сотрудника сохранено"),
        error("Отчет", "B7", "merged", "Ячейка внутри объединения"),
        error("Отчет", "H2", "extra-column", "Лишняя колонка"),
        error("Отчет", "B40", "row-missing", "Нет строки «Итого» & подписи"),
        warning("Справочник", "A2", "dictionary", "Справочник устарел"),
        error("", nil, "file-late", "Отчёт сдан позже срока"),
        warning("Нет такого листа", "A1", "unknown-sheet", "Лист не найден"),
    ]

    @Test func libreOfficeReportKeepsValuesAndGetsMarks() throws {
        let directory = try TemporaryDirectory()
        let source = Fixture.path("annotate/libreoffice_report.ods")
        let annotated = try Self.annotate("annotate/libreoffice_report.ods", Self.reportAnnotations, in: directory)
        try Self.expectOriginalsKept(source: source, annotated: annotated)

        let before = try Self.table(source, "Отчет")
        let after = try Self.table(annotated, "Отчет")
        let originalStyles = try Self.automaticStyles(source)
        let styles = try Self.automaticStyles(annotated)
        // Every original automatic style is still there, unchanged.
        for (name, style) in originalStyles { #expect(styles[name] == style, "\(name)") }
        func style(_ a1: String) -> AutomaticStyle? { after.cells[a1]?.style.flatMap { styles[$0] } }

        // D4 sits inside a run of three 7s: split into C4 / D4 / E4, the neighbours as they were.
        #expect(before.cells["C4"]?.columnsRepeated == 3)
        #expect(after.cells["C4"] == ODSCell())
        #expect(after.cells["E4"] == ODSCell())
        #expect(style("D4")?.background == Self.red)  // an error and a warning: red
        #expect(style("D4")?.parent == "Default")
        #expect(after.cells["D4"]?.notes == Self.note([Self.reportAnnotations[0], Self.reportAnnotations[1]]))
        #expect(after.cells["D4"]?.creator == "Svod")
        #expect(after.cells["C3"]?.columnsRepeated == 3 && after.cells["C5"]?.columnsRepeated == 3)

        // C15 sits inside twenty repeated empty rows of repeated empty cells: 5 rows, the row, 14.
        #expect(before.rows == 30 && before.rowElements == 11)
        #expect(after.rowElements == 11 + 2 + 2)  // the run split in three, two rows appended
        #expect(style("C15")?.background == Self.yellow)
        #expect(after.cells["C15"]?.notes == Self.note([Self.reportAnnotations[2]]))
        #expect(after.cells["B15"] == ODSCell(columnsRepeated: 2) && after.cells["D15"] == ODSCell(columnsRepeated: 2))
        #expect(after.cells["C14"] == ODSCell(columnsRepeated: 5) && after.cells["C16"] == ODSCell(columnsRepeated: 5))

        // Number and date formats stay: the copies keep the original's data style and parent.
        let money = try #require(before.cells["D7"]?.style.flatMap { originalStyles[$0] })
        #expect(money.dataStyle != nil)
        #expect(style("D7") == AutomaticStyle(family: "table-cell", parent: money.parent, dataStyle: money.dataStyle,
                                              background: Self.red))
        let date = try #require(before.cells["E7"]?.style.flatMap { originalStyles[$0] })
        #expect(date.dataStyle != nil)
        #expect(style("E7") == AutomaticStyle(family: "table-cell", parent: date.parent, dataStyle: date.dataStyle,
                                              background: Self.yellow))

        // A cell in a common style: a new automatic style with that parent.
        #expect(before.cells["B8"]?.style == "Итоговая")
        #expect(style("B8") == AutomaticStyle(family: "table-cell", parent: "Итоговая", background: Self.red))
        #expect(after.cells["B8"]?.notes == ["Ошибка [result-missing]: Итог  не  заполнен"])  // double spaces kept

        // An existing comment keeps its author and text and gains the diagnostic.
        #expect(before.cells["B9"]?.notes == ["Старый комментарий"])
        #expect(after.cells["B9"]?.creator == "Иванов")
        #expect(after.cells["B9"]?.notes == ["Старый комментарий"] + Self.note([Self.reportAnnotations[6]]))

        // The merged A7:C7 keeps its span; its covered B7 (one of two repeated covered cells) is marked.
        #expect(after.cells["A7"]?.columnsSpanned == "3")
        #expect(after.cells["B7"]?.element == "covered-table-cell")
        #expect(style("B7")?.background == Self.red)
        #expect(after.cells["C7"] == ODSCell(element: "covered-table-cell"))

        // Past the last cell of row 2, and past the last row: created.
        #expect(before.cells["H2"] == nil)
        #expect(style("H2")?.background == Self.red)
        #expect(after.cells["H2"]?.notes == Self.note([Self.reportAnnotations[8]]))
        #expect(after.cells["F2"] == ODSCell(columnsRepeated: 2))
        #expect(style("B40")?.background == Self.red)
        #expect(after.cells["B40"]?.notes == ["Ошибка [row-missing]: Нет строки «Итого» & подписи"])
        #expect(after.rows == 40)

        // One new style per (original style, severity) pair.
        let reference = try Self.table(annotated, "Справочник")
        #expect(style("D4")?.background == Self.red)
        #expect(after.cells["H2"]?.style == after.cells["D4"]?.style)  // both "Default", both errors
        #expect(reference.cells["A2"]?.style != nil && reference.cells["A2"]?.style == after.cells["C15"]?.style)
        #expect(after.cells["E7"]?.style != after.cells["C15"]?.style)
        let made = Set(styles.keys).subtracting(originalStyles.keys)
        // (Default, error), (Default, warning), (ce7, error), (ce8, warning), (Итоговая, error);
        // the summary's five cell styles, its table style (tab colour) and six column widths.
        #expect(made.count == 5 + 5 + 1 + 6)

        // Cells not flagged keep their own style names.
        for (a1, cell) in before.cells where !Self.reportAnnotations.contains(where: { $0.address?.a1 == a1 && $0.sheet == "Отчет" }) {
            #expect(after.cells[a1]?.style == cell.style, "\(a1)")
        }

        // The summary: the XLSX copy's columns and order, links to the cells.
        let rows = try Self.summaryRows(annotated)
        #expect(rows.first == ["A": "Код", "B": "Важность", "C": "Лист", "D": "Ячейка", "E": "Значение", "F": "Сообщение"])
        #expect(rows.dropFirst().map { $0["A"] ?? "" } == [
            "file-late", "extra-column", "number-out-of-range", "number-round", "merged", "total-mismatch", "date-late",
            "result-missing", "comment-kept", "row-empty", "row-missing", "dictionary", "unknown-sheet",
        ])
        #expect(rows[3] == ["A": "number-out-of-range", "B": "Ошибка", "C": "Отчет", "D": "D4", "E": "7",
                            "F": "Значение больше допустимого"])
        #expect(rows[4]["B"] == "Предупреждение")
        #expect(rows[1] == ["A": "file-late", "B": "Ошибка", "F": "Отчёт сдан позже срока"])
        #expect(rows[13]["C"] == "Нет такого листа" && rows[13]["D"] == "A1")
        let xml = String(decoding: try Self.content(annotated), as: UTF8.self)
        #expect(xml.contains("xlink:href=\"#'Отчет'.D4\">D4</text:a>"))
        #expect(xml.contains("xlink:href=\"#'Справочник'.A2\">A2</text:a>"))
        #expect(!xml.contains("#'Нет такого листа'"))
        let summary = try Self.table(annotated, "Проверка")
        #expect(styles[summary.cells["A1"]!.style!]?.fontWeight == "bold")
        #expect(styles[summary.cells["B2"]!.style!]?.background == Self.red)
        #expect(styles[summary.cells["B5"]!.style!]?.background == Self.yellow)
        #expect(styles[summary.cells["F2"]!.style!]?.background == nil)
    }

    @Test func untouchedPartsAreCopiedAsTheyAre() throws {
        let directory = try TemporaryDirectory()
        let source = Fixture.path("annotate/libreoffice_report.ods")
        let annotated = try Self.annotate("annotate/libreoffice_report.ods", Self.reportAnnotations, in: directory)
        let original = try ZipDirectory(path: source)
        let copy = try ZipDirectory(path: annotated)
        #expect(copy.entries.map(\.name) == original.entries.map(\.name))
        for (before, after) in zip(original.entries, copy.entries) where before.name != "content.xml" {
            #expect(after == before, "\(before.name)")
        }
        let content = try #require(copy.entries.first { $0.name == "content.xml" })
        #expect(content.dosDate == 0x21 && content.dosTime == 0)  // 1980-01-01 00:00
        // mimetype first, stored, no extra field: the ODF signature still finds it.
        #expect(copy.firstLocalName == "mimetype" && copy.firstLocalMethod == 0 && copy.firstLocalExtraLength == 0)
        #expect(ODFSignature.mediaType(path: annotated) == "application/vnd.oasis.opendocument.spreadsheet")
        let archive = try ZipArchive(path: annotated, limits: .default)
        let sourceArchive = try ZipArchive(path: source, limits: .default)
        for part in ["styles.xml", "meta.xml", "settings.xml", "META-INF/manifest.xml", "mimetype"] {
            #expect(try archive.readAll(part) == sourceArchive.readAll(part), "\(part)")
        }
        // The listing says it too.
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/unzip") {
            let listing = try Self.run("/usr/bin/unzip", ["-lv", annotated])
            let first = listing.split(separator: "\n").dropFirst(3).first.map(String.init) ?? ""
            #expect(first.contains("Stored") && first.hasSuffix("mimetype"))
        }
    }

    // MARK: Hand-made packages

    @Test func repeatedRowsAndCellsAreSplitAroundTheFlaggedCell() throws {
        let directory = try TemporaryDirectory()
        let source = Fixture.path("ods/repeats.ods")
        // Rows 4-6 are one row repeated three times: 7, then "x" repeated four times (B:E).
        let annotated = try Self.annotate("ods/repeats.ods", [Self.error("Повторы", "C5", "x-invalid", "Не то значение", value: "x")],
                                          in: directory)
        try Self.expectOriginalsKept(source: source, annotated: annotated)
        let xml = String(decoding: try Self.content(annotated), as: UTF8.self)
        let styles = try Self.automaticStyles(annotated)
        let after = try Self.table(annotated, "Повторы")
        let name = try #require(after.cells["C5"]?.style)
        #expect(styles[name]?.background == Self.red)
        let row = "<table:table-cell office:value-type=\"float\" office:value=\"7\" calcext:value-type=\"float\" ><text:p>7</text:p></table:table-cell>"
        let x = "office:value-type=\"string\""
        let tail = "<table:table-cell table:number-columns-repeated=\"16379\"/></table:table-row>"
        #expect(xml.contains(
            "<table:table-row>" + row + "<table:table-cell \(x) table:number-columns-repeated=\"4\"><text:p>x</text:p></table:table-cell>" + tail
            + "<table:table-row>" + row
            + "<table:table-cell \(x)><text:p>x</text:p></table:table-cell>"
            + "<table:table-cell \(x) table:style-name=\"\(name)\"><office:annotation><dc:creator>Svod</dc:creator>"
            + "<text:p>Ошибка [x-invalid]: Не то значение</text:p></office:annotation><text:p>x</text:p></table:table-cell>"
            + "<table:table-cell \(x) table:number-columns-repeated=\"2\"><text:p>x</text:p></table:table-cell>" + tail
            + "<table:table-row>" + row + "<table:table-cell \(x) table:number-columns-repeated=\"4\"><text:p>x</text:p></table:table-cell>" + tail))
        #expect(after.rows == 1_048_576)
    }

    @Test func coveredAndSpannedCellsKeepTheirPlaces() throws {
        let directory = try TemporaryDirectory()
        let source = Fixture.path("ods/covered_merges.ods")
        let annotated = try Self.annotate("ods/covered_merges.ods", [
            Self.warning("Объединения", "A1", "title", "Заголовок"),
            Self.error("Объединения", "C1", "covered", "Под объединением"),
            Self.error("Объединения", "D3", "d3", "Проверить"),
            Self.warning("Объединения", "F3", "past", "За последней ячейкой"),
        ], in: directory)
        try Self.expectOriginalsKept(source: source, annotated: annotated)
        let after = try Self.table(annotated, "Объединения")
        let styles = try Self.automaticStyles(annotated)
        #expect(after.cells["A1"]?.columnsSpanned == "4")
        #expect(after.cells["A1"]?.style.flatMap { styles[$0]?.background } == Self.yellow)
        #expect(after.cells["B1"] == ODSCell(element: "covered-table-cell"))
        #expect(after.cells["C1"]?.element == "covered-table-cell")
        #expect(after.cells["C1"]?.style.flatMap { styles[$0]?.background } == Self.red)
        #expect(after.cells["D1"]?.element == "covered-table-cell")
        #expect(after.cells["D3"]?.style.flatMap { styles[$0]?.background } == Self.red)
        #expect(after.cells["E3"] == ODSCell())
        #expect(after.cells["F3"]?.notes == ["Предупреждение [past]: За последней ячейкой"])
        // No styles.xml: the new styles still name the default parent.
        #expect(after.cells["F3"]?.style.flatMap { styles[$0]?.parent } == "Default")
    }

    @Test func dataStylesSurviveSoDatesReadTheSame() throws {
        let directory = try TemporaryDirectory()
        let source = Fixture.path("ods/value_types.ods")
        // B6 is midnight shown with its time: only its data style keeps it a date-time.
        let annotated = try Self.annotate("ods/value_types.ods", [
            Self.error("Типы", "B4", "date", "Дата"), Self.error("Типы", "B5", "date-time", "Дата и время"),
            Self.warning("Типы", "B6", "midnight", "Полночь"), Self.warning("Типы", "B7", "date-only", "Только дата"),
            Self.error("Типы", "C1", "past", "Правее последней ячейки"),
        ], in: directory)
        try Self.expectOriginalsKept(source: source, annotated: annotated)
        let before = try Self.table(source, "Типы")
        let after = try Self.table(annotated, "Типы")
        let originalStyles = try Self.automaticStyles(source)
        let styles = try Self.automaticStyles(annotated)
        for a1 in ["B4", "B6", "B7"] {
            let original = try #require(before.cells[a1]?.style.flatMap { originalStyles[$0] }, "\(a1)")
            let copy = try #require(after.cells[a1]?.style.flatMap { styles[$0] }, "\(a1)")
            #expect(original.dataStyle != nil, "\(a1)")
            #expect(copy.dataStyle == original.dataStyle, "\(a1)")
            #expect(copy.background == (a1 == "B4" ? Self.red : Self.yellow), "\(a1)")
        }
        // B4 and B7 share a style: one copy per severity. B5 has none: a child of Default.
        #expect(after.cells["B4"]?.style != after.cells["B7"]?.style)
        #expect(before.cells["B5"]?.style == nil)
        #expect(after.cells["B5"]?.style.flatMap { styles[$0] } == AutomaticStyle(family: "table-cell", parent: "Default",
                                                                                      background: Self.red))
        #expect(after.cells["C1"]?.notes == ["Ошибка [past]: Правее последней ячейки"])
    }

    @Test func packagesWithoutAutomaticStylesOrNamespacesGetThem() throws {
        let directory = try TemporaryDirectory()
        // No automatic styles, no dc/xlink/fo namespaces, office as the default namespace of
        // the root, a self-closing repeated row (see make_ods_fixtures.py).
        let source = Fixture.path("annotate/default_namespace.ods")
        let annotated = try Self.annotate(source, [Self.error("Лист1", "A1", "a", "Первая"), Self.warning("Лист1", "B3", "b", "Третья")],
                                          in: directory)
        try Self.expectOriginalsKept(source: source, annotated: annotated)
        let after = try Self.table(annotated, "Лист1")
        let styles = try Self.automaticStyles(annotated)
        #expect(after.cells["A1"]?.notes == ["Ошибка [a]: Первая"])
        #expect(after.cells["A1"]?.style.flatMap { styles[$0]?.background } == Self.red)
        #expect(after.cells["B3"]?.style.flatMap { styles[$0]?.background } == Self.yellow)
        #expect(after.rows == 4)
        let xml = String(decoding: try Self.content(annotated), as: UTF8.self)
        #expect(xml.contains("xmlns:dc=\"http://purl.org/dc/elements/1.1/\""))
        #expect(xml.contains("<automatic-styles>") || xml.contains("<office:automatic-styles>"))
        // Well-formed, namespaces included, for libxml2 too.
        #if canImport(FoundationXML)
        _ = try XMLDocument(data: Data(try Self.content(annotated)))
        #endif
    }

    @Test func selfClosingAutomaticStylesAndTablesAreOpened() throws {
        let directory = try TemporaryDirectory()
        let source = Fixture.path("annotate/self_closing.ods")
        let annotated = try Self.annotate("annotate/self_closing.ods", [
            Self.error("Лист1", "A1", "one", "Единица"), Self.warning("Пусто", "B2", "empty", "Пустой лист"),
        ], in: directory)
        try Self.expectOriginalsKept(source: source, annotated: annotated)
        let styles = try Self.automaticStyles(annotated)
        let first = try Self.table(annotated, "Лист1")
        let empty = try Self.table(annotated, "Пусто")
        #expect(first.cells["A1"]?.style.flatMap { styles[$0]?.background } == Self.red)
        #expect(empty.cells["B2"]?.style.flatMap { styles[$0]?.background } == Self.yellow)
        #expect(empty.cells["B2"]?.notes == ["Предупреждение [empty]: Пустой лист"])
        #expect(empty.rows == 2)
        let xml = String(decoding: try Self.content(annotated), as: UTF8.self)
        #expect(!xml.contains("<office:automatic-styles/>") && xml.contains("</office:automatic-styles>"))
    }

    // MARK: Determinism, refusals, names

    @Test func annotatingTwiceGivesIdenticalBytes() throws {
        let directory = try TemporaryDirectory()
        let inputs = [Fixture.path("annotate/libreoffice_report.ods"), Self.sample("invalid/status_and_values_libreoffice.ods")]
        for (i, input) in inputs.enumerated() {
            _ = try Self.annotate(input, Self.reportAnnotations, in: directory, name: "first\(i).ods")
        }
        Thread.sleep(forTimeInterval: 2.1)  // DOS times have 2 s steps: a clock-stamped entry would now differ
        for (i, input) in inputs.enumerated() {
            _ = try Self.annotate(input, Self.reportAnnotations, in: directory, name: "second\(i).ods")
            let a = try Data(contentsOf: URL(fileURLWithPath: directory.path("first\(i).ods")))
            let b = try Data(contentsOf: URL(fileURLWithPath: directory.path("second\(i).ods")))
            #expect(a == b, "\(input)")
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.url.path)
        #expect(left.count == 2 * inputs.count)
        #expect(left.allSatisfy { !$0.hasPrefix(".") })
    }

    @Test(arguments: ["ods/encrypted_manifest.ods", "ods/doctype_entity.ods", "ods/repeat_bomb.ods", "ods/rows_past_cap.ods",
                      "ods/truncated_after_row.ods", "ods/no_content.ods", "ods/text_document.odt"])
    func refusedPackagesThrowTheReadersError(fixture: String) throws {
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

    @Test func theReadersCapsApply() throws {
        let directory = try TemporaryDirectory()
        var limits = ReadLimits()
        limits.maxRows = 5
        let expected = try #require(Fixture.refusal("annotate/libreoffice_report.ods", limits: limits))
        #expect(expected.code == .sheetTooLarge)
        var thrown: SpreadsheetError? = nil
        do {
            _ = try Self.annotate("annotate/libreoffice_report.ods", [], in: directory, options: AnnotationOptions(limits: limits))
        } catch let error as SpreadsheetError {
            thrown = error
        }
        #expect(thrown?.code == .sheetTooLarge)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path).isEmpty)
    }

    @Test func summaryNameIsMadeUniqueAndPlansSayODS() throws {
        let directory = try TemporaryDirectory()
        let annotated = try Self.annotate("annotate/libreoffice_report.ods", [], in: directory,
                                          options: AnnotationOptions(summarySheetName: "отчет", language: .en))
        let names = try SpreadsheetDocument.open(path: annotated).sheets.map(\.name)
        #expect(names.count == 3 && names[2] != "отчет" && names[2].lowercased() != "отчет")
        #expect(try Self.summaryRows(annotated, sheet: names[2]) == [
            ["A": "Code", "B": "Severity", "C": "Sheet", "D": "Cell", "E": "Value", "F": "Message"],
        ])
        for fixture in ["annotate/libreoffice_report.ods", "ods/mimetype_deflated.ods", "ods/template.ots"] {
            #expect(try Annotator.plan(source: Fixture.path(fixture)) == AnnotatedCopyPlan(format: .ods, source: .ods), "\(fixture)")
        }
        // A package whose mimetype its producer deflated is still annotated (and still read).
        let deflated = try Self.annotate("ods/mimetype_deflated.ods", [Self.error("Лист1", "A1", "x", "y")], in: directory,
                                         name: "deflated.ods")
        try Self.expectOriginalsKept(source: Fixture.path("ods/mimetype_deflated.ods"), annotated: deflated)
        // A template's copy is annotated the same way (it stays a template inside).
        let template = try Self.annotate("ods/template.ots", [Self.error("Лист1", "A1", "x", "y")], in: directory,
                                         name: "template.ods")
        try Self.expectOriginalsKept(source: Fixture.path("ods/template.ots"), annotated: template)
    }

    @Test(arguments: ["invalid/status_and_values_libreoffice.ods", "valid/05701000_2021-01_libreoffice.ods"])
    func samplesKeepTheirValues(sample: String) throws {
        let directory = try TemporaryDirectory()
        let source = Self.sample(sample)
        let sheet = try SpreadsheetDocument.open(path: source).sheets[0].name
        let annotations = [Self.error(sheet, "D12", "status-invalid", "Статус не из списка"),
                           Self.warning(sheet, "A1", "title", "Заголовок"), Self.error(sheet, "Z200", "far", "Далеко")]
        let annotated = try Self.annotate(source, annotations, in: directory)
        try Self.expectOriginalsKept(source: source, annotated: annotated)
        let after = try Self.table(annotated, sheet)
        let styles = try Self.automaticStyles(annotated)
        #expect(after.cells["D12"]?.style.flatMap { styles[$0]?.background } == Self.red)
        #expect(after.cells["A1"]?.style.flatMap { styles[$0]?.background } == Self.yellow)
        #expect(after.cells["Z200"]?.notes == ["Ошибка [far]: Далеко"])
    }

    // MARK: LibreOffice opens the copy

    @Test(.enabled(if: AnnotatorTests.soffice != nil, "LibreOffice (soffice) is not installed"), .timeLimit(.minutes(3)))
    func libreOfficeOpensTheAnnotatedODS() throws {
        let directory = try TemporaryDirectory()
        let report = try Self.annotate("annotate/libreoffice_report.ods", Self.reportAnnotations, in: directory, name: "report.ods")
        let sampleSource = Self.sample("invalid/status_and_values_libreoffice.ods")
        let sheet = try SpreadsheetDocument.open(path: sampleSource).sheets[0].name
        let sample = try Self.annotate(sampleSource, [Self.error(sheet, "D12", "status-invalid", "Статус не из списка")],
                                       in: directory, name: "sample.ods")
        let out = directory.path("converted")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        _ = try Self.run(AnnotatorTests.soffice!, ["-env:UserInstallation=file://" + directory.path("profile"), "--headless",
                                                  "--norestore", "--convert-to", "xlsx", "--outdir", out, report, sample])
        for (input, source) in [(report, Fixture.path("annotate/libreoffice_report.ods")), (sample, sampleSource)] {
            let converted = out + "/" + URL(fileURLWithPath: input).deletingPathExtension().lastPathComponent + ".xlsx"
            let before = try Self.contents(source)
            let after = try Self.contents(converted)
            #expect(after.map(\.name) == before.map(\.name) + ["Проверка"], "\(input)")
            for (original, copy) in zip(before, after) {
                #expect(copy.cells == original.cells, "\(input) \(original.name)")
            }
        }
        // LibreOffice read the annotations as comments (it writes them back as such), the old one kept.
        let roundTrip = out + "/report.xlsx"
        let parts = try AnnotatorTests.entryNames(roundTrip).filter { $0.contains("comments") }
        var notes: [String: String] = [:]
        for part in parts { notes.merge(try AnnotatorTests.comments(roundTrip, part: part)) { a, _ in a } }
        #expect(notes["D4"] == Self.note([Self.reportAnnotations[0], Self.reportAnnotations[1]]).joined(separator: "\n"))
        #expect(notes["B9"]?.hasPrefix("Старый комментарий") == true)
        #expect(notes["B9"]?.contains("comment-kept") == true)
        #expect(notes["H2"] == "Ошибка [extra-column]: Лишняя колонка")
        #expect(notes["B40"]?.contains("Нет строки «Итого» & подписи") == true)
        // And the fills.
        let stylesheet = try AnnotatorTests.styleSheet(roundTrip)
        let cells = try AnnotatorTests.cellStyles(roundTrip, part: "xl/worksheets/sheet1.xml")
        #expect(stylesheet.fill(ofStyle: cells.styles["D4"] ?? 0) == AnnotatorTests.red)
        #expect(stylesheet.fill(ofStyle: cells.styles["C15"] ?? 0) == AnnotatorTests.yellow)
        #expect(stylesheet.fill(ofStyle: cells.styles["D7"] ?? 0) == AnnotatorTests.red)
        #expect(stylesheet.fill(ofStyle: cells.styles["C4"] ?? 0) == nil)
        // The summary's links became internal hyperlinks.
        let summary = try AnnotatorTests.entry(roundTrip, "xl/worksheets/sheet3.xml")
        #expect(summary.contains("location=\"&apos;Отчет&apos;!D4\"") || summary.contains("location=\"'Отчет'!D4\""))
    }

    // MARK: Support

    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(executable) \(arguments)")
        return String(decoding: output, as: UTF8.self)
    }
}

/// The central directory of a ZIP file, and its first local header, read independently of libzip.
struct ZipDirectory {
    struct Entry: Equatable {
        var name: String
        var method: Int
        var crc: UInt32
        var compressedSize: Int
        var size: Int
        var dosTime: Int
        var dosDate: Int
        /// The entry's stored bytes (still compressed).
        var data: [UInt8]
    }

    var entries: [Entry] = []
    var firstLocalName = ""
    var firstLocalMethod = -1
    var firstLocalExtraLength = -1

    init(path: String) throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        func u16(_ i: Int) -> Int { Int(bytes[i]) | Int(bytes[i + 1]) << 8 }
        func u32(_ i: Int) -> Int { u16(i) | u16(i + 2) << 16 }
        firstLocalMethod = u16(8)
        firstLocalExtraLength = u16(28)
        firstLocalName = String(decoding: bytes[30..<(30 + u16(26))], as: UTF8.self)
        var end = bytes.count - 22
        while end > 0, !(bytes[end] == 0x50 && bytes[end + 1] == 0x4B && bytes[end + 2] == 5 && bytes[end + 3] == 6) { end -= 1 }
        var offset = u32(end + 16)
        for _ in 0..<u16(end + 10) {
            let nameLength = u16(offset + 28)
            let local = u32(offset + 42)
            let compressed = u32(offset + 20)
            let dataStart = local + 30 + u16(local + 26) + u16(local + 28)
            entries.append(Entry(name: String(decoding: bytes[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self),
                                 method: u16(offset + 10), crc: UInt32(u32(offset + 16)), compressedSize: compressed,
                                 size: u32(offset + 24), dosTime: u16(offset + 12), dosDate: u16(offset + 14),
                                 data: Array(bytes[dataStart..<(dataStart + compressed)])))
            offset += 46 + nameLength + u16(offset + 30) + u16(offset + 32)
        }
    }
}
