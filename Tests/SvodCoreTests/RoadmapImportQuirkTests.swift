import Foundation
import Testing
import Spreadsheet
@testable import SvodModel

/// The roadmap tables that used to fool the importer, each a fixture named after its case in
/// `Fixtures/roadmaps/`: a heading alone in the № column, a lower-case continuation row, an
/// unlabelled column repeating its neighbours, ids out of sequence.
@Suite struct RoadmapImportQuirkTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/roadmaps")

    static func path(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    static func load(_ name: String) throws -> Roadmap {
        try RoadmapImporter().importFile(path(name))
    }

    /// The CSV fixture as an XLSX workbook, each row holding one text in column A merged across
    /// the table, as the roadmap was before it was exported to CSV.
    static func mergedXLSX(from name: String) throws -> (path: String, directory: URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("svod-roadmap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let target = directory.appendingPathComponent((name as NSString).deletingPathExtension + ".xlsx").path
        let rows = try SpreadsheetDocument.open(path: path(name)).rows(.first).readAll()
        let lastColumn = rows.flatMap(\.cells).map(\.address.column).max() ?? 0
        let created = CivilDateTime(date: CivilDate(year: 2024, month: 1, day: 9), hour: 9, minute: 0, second: 0)
        let writer = try XLSXWriter(path: target, options: XLSXWriter.Options(creationDate: created))
        let sheet = try writer.addSheet(name: "Дорожная карта")
        for row in rows {
            let texts = row.cells.filter { !$0.value.text.isEmpty }
            if texts.count == 1, texts[0].address.column == 0 {
                try sheet.merge(range: CellRange(first: CellAddress(row: row.index, column: 0),
                                                 last: CellAddress(row: row.index, column: lastColumn)),
                                value: texts[0].value)
            } else {
                for cell in texts { try sheet.write(row: row.index, column: cell.address.column, value: cell.value) }
            }
        }
        try writer.close()
        return (target, directory)
    }

    // MARK: heading-in-number-column

    /// A heading alone in the № column (a merged heading row exported to CSV) is a section, not a
    /// measure numbered with the heading, and the measure after it keeps its own title, even when
    /// it has no number of its own.
    @Test func headingInNumberColumn() throws {
        let roadmap = try Self.load("heading-in-number-column.csv")
        #expect(roadmap.sections == [Section(id: "1", title: "Организационно-управленческие мероприятия"),
                                     Section(id: "2", title: "Работа с педагогическими кадрами")])
        #expect(roadmap.measures.map(\.id) == ["1.1", "1.2", "2.1", "2.2"])
        #expect(roadmap.measures.map(\.section) == ["1", "1", "2", "2"])
        #expect(roadmap.measures.map(\.title) == [
            "Создание муниципальной рабочей группы", "Анализ результатов оценочных процедур",
            "Курсы повышения квалификации для учителей", "Методические семинары",
        ])
        #expect(roadmap.measure(id: "2.1")?.deadlineText == "Март - май 2024")
        #expect(roadmap.measure(id: "2.1")?.sourceRow == 7)
        #expect(roadmap.warnings.isEmpty, "\(roadmap.warnings.map(\.code))")
        // The same table with its heading rows merged, as published, reads the same.
        let (xlsx, directory) = try Self.mergedXLSX(from: "heading-in-number-column.csv")
        defer { try? FileManager.default.removeItem(at: directory) }
        let merged = try RoadmapImporter().importFile(xlsx)
        #expect(merged.sections == roadmap.sections)
        #expect(merged.measures == roadmap.measures)
    }

    // MARK: lowercase-merged-continuation

    /// A row continuing a measure's text after a page break, spanning the row and starting in
    /// lower case, is appended to the measure's title: neither a section nor a measure of its
    /// own. The CSV export (the text alone in the № column) and the merged XLSX read the same.
    @Test func lowercaseMergedContinuation() throws {
        let roadmap = try Self.load("lowercase-merged-continuation.csv")
        let (xlsx, directory) = try Self.mergedXLSX(from: "lowercase-merged-continuation.csv")
        defer { try? FileManager.default.removeItem(at: directory) }
        let merged = try RoadmapImporter().importFile(xlsx)
        // The continuation rows are merged across the table in the workbook.
        #expect(try SpreadsheetDocument.open(path: xlsx).rows(.first).readAllMerged().contains { $0.a1 == "A5:E5" })
        for imported in [roadmap, merged] {
            #expect(imported.sections == [Section(id: "1", title: "Адресная поддержка школ"),
                                          Section(id: "2", title: "Кадровое обеспечение")])
            #expect(imported.measures.map(\.id) == ["1.1", "1.2", "2.1", "2.2"])
            #expect(imported.measure(id: "1.1")?.title
                == "Разработка адресных рекомендаций для школ с низкими образовательными результатами по итогам мониторинга")
            #expect(imported.measure(id: "1.1")?.deadlineText == "Февраль 2024")
            #expect(imported.measure(id: "2.1")?.title == "Стажировки учителей на базе школ с высокими результатами")
            #expect(imported.measure(id: "1.2")?.title == "Семинар для руководителей школ")
            #expect(imported.warnings.isEmpty, "\(imported.warnings.map(\.code))")
        }
    }

    /// The lower-case rule is for text that starts mid-sentence: an upper-case merged row after
    /// a measure still opens a section.
    @Test func upperCaseMergedRowAfterAMeasureIsStillASection() throws {
        let layout = TableLayout(headerRow: 0, columns: [.number: 0, .title: 1, .deadline: 2])
        func text(_ row: Int, _ column: Int, _ value: String) -> Cell {
            Cell(address: CellAddress(row: row, column: column), value: .string(value))
        }
        var walker = TableWalker(layout: layout, merged: [CellRange(a1: "A3:C3")!, CellRange(a1: "A5:C5")!])
        walker.take(Row(index: 1, cells: [text(1, 0, "1"), text(1, 1, "Совещание"), text(1, 2, "Март 2024")]))
        walker.take(Row(index: 2, cells: [text(2, 0, "Информационное сопровождение")]))
        walker.take(Row(index: 3, cells: [text(3, 0, "2"), text(3, 1, "Публикации"), text(3, 2, "Май 2024")]))
        walker.take(Row(index: 4, cells: [text(4, 0, "на сайте управления")]))
        #expect(walker.items.map(\.isSection) == [false, true, false])
        #expect(walker.items.map(\.title) == ["Совещание", "Информационное сопровождение", "Публикации на сайте управления"])
    }

    // MARK: unlabelled-repeated-column

    /// An extra column without a header on one page, repeating its neighbours' cells, is ignored
    /// with one warning naming it, its rows and its first cell: its text runs into no title or
    /// other field, the continuation row included.
    @Test func unlabelledRepeatedColumn() throws {
        let roadmap = try Self.load("unlabelled-repeated-column.csv")
        #expect(roadmap.sections.map(\.title) == ["Управление", "Кадровое обеспечение"])
        #expect(roadmap.measures.map(\.id) == ["1.1", "1.2", "1.3", "1.4", "2.1"])
        #expect(roadmap.measures.map(\.title) == [
            "Совещание с директорами школ", "Мониторинг сайтов школ",
            "Курсы для управленческих команд по программе «Школа управленцев»", "Стажировка в опорной школе",
            "Наставничество молодых учителей",
        ])
        let internship = try #require(roadmap.measure(id: "1.4"))
        #expect(internship.deadlineText == "Апрель 2024")
        #expect(internship.responsible == "Методический центр")
        #expect(internship.expectedResult == "Стажировка проведена")
        #expect(roadmap.warnings.count == 1)
        let warning = try #require(roadmap.warnings.first)
        #expect(warning.code == .roadmapColumnUnlabelledIgnored)
        #expect(warning.code.rawValue == "roadmap-column-unlabelled-ignored")
        #expect(warning.file == "unlabelled-repeated-column.csv")
        #expect(warning.sheet == nil)  // a CSV file has no sheets
        #expect(warning.cell?.a1 == "C7")
        #expect(warning.measure == nil)
        #expect(warning.message(.ru) == "Столбец C без заголовка повторяет текст соседних столбцов (строки 7–11); он не учтен.")
        #expect(warning.message(.en) == "Column C has no header and repeats its neighbours' text (rows 7–11); it was ignored.")
    }

    /// Only the repeating cells are dropped: text of its own in an unlabelled column still counts
    /// (here a section title typed left of the table's first column).
    @Test func unlabelledColumnTextOfItsOwnIsKept() throws {
        let layout = TableLayout(headerRow: 0, columns: [.title: 1, .deadline: 2])
        func text(_ row: Int, _ column: Int, _ value: String) -> Cell {
            Cell(address: CellAddress(row: row, column: column), value: .string(value))
        }
        let rows = [
            Row(index: 0, cells: [text(0, 1, "Мероприятие"), text(0, 2, "Срок")]),
            Row(index: 1, cells: [text(1, 0, "Раздел 1. Кадры")]),
            Row(index: 2, cells: [text(2, 0, "Курсы"), text(2, 1, "Курсы"), text(2, 2, "Май 2024")]),
        ]
        let columns = UnlabelledColumns(rows: rows, layout: layout, merged: [])
        #expect(columns.rows.map(\.cells.count) == [2, 1, 2])
        #expect(columns.rows[2].cells.map(\.address.a1) == ["B3", "C3"])
        #expect(columns.warnings.map(\.cell) == [CellAddress(row: 2, column: 0)])
        #expect(columns.warnings.first?.message(.ru) == "Столбец A без заголовка повторяет текст соседнего столбца (строка 3); он не учтен.")
        // A column with a header of its own is no unlabelled column, whatever it holds.
        var labelled = rows
        labelled[0].cells.insert(text(0, 0, "Примечание"), at: 0)
        #expect(UnlabelledColumns(rows: labelled, layout: layout, merged: []).warnings.isEmpty)
        #expect(UnlabelledColumns(rows: rows, layout: layout, merged: [CellRange(a1: "A1:B1")!]).warnings.isEmpty)
    }

    // MARK: measure-id-out-of-sequence

    /// Ids out of sequence (1.1 and 1.2 after 10, typed for 11 and 12) are kept as printed, each
    /// with a warning naming it, the last number in sequence before it and its row and cell; 13
    /// after them continues the numbering.
    @Test func measureIDOutOfSequence() throws {
        let roadmap = try Self.load("measure-id-out-of-sequence.csv")
        #expect(roadmap.measures.map(\.id) == (1...10).map(String.init) + ["1.1", "1.2", "13"])
        #expect(roadmap.measure(id: "1.1")?.section == "2")
        #expect(roadmap.measure(id: "1.1")?.title == "Консультации для молодых учителей")
        let warnings = roadmap.warnings.filter { $0.code == .measureIDOutOfSequence }
        #expect(warnings.count == roadmap.warnings.count)
        #expect(warnings.map(\.measure) == ["1.1", "1.2"])
        #expect(warnings.map { $0.cell?.a1 } == ["A15", "A16"])
        #expect(warnings.allSatisfy { $0.file == "measure-id-out-of-sequence.csv" })
        #expect(warnings.first?.message(.ru)
            == "Номер мероприятия 1.1 (строка 15) не продолжает нумерацию: последний номер по порядку перед ним — 10. Номер оставлен как есть; проверьте нумерацию в дорожной карте.")
        #expect(warnings.last?.message(.en)
            == "Measure number 1.2 (row 16) does not continue the numbering: the last number in sequence before it is 10. The number is kept as it is; check the roadmap's numbering.")
    }

    /// The numbering rules on their own: which number of a sequence is flagged, against what.
    @Test(arguments: [
        (["22", "23", "24", "2.5", "2.6", "27"], [nil, nil, nil, "24", "24", nil]),
        (["1.14", "1.15", "§2", "2.1", "2.2"], [nil, nil, nil, nil, nil]),          // § opens section 2
        (["1", "2", "§2", "1", "2", "§3", "3.1"], [nil, nil, nil, nil, nil, nil, nil]),
        (["1", "2", "5", "3", "6"], [nil, nil, nil, "5", nil]),                     // a skip is not flagged
        (["1", "2", "§2", "2", "3"], [nil, nil, nil, "2", nil]),
        (["1", "", "1", "2.1", "2"], [nil, nil, nil, nil, "2.1"]),                   // nothing to compare after no number
        (["1", "1.1", "1.2", "2", "2.1"], [nil, nil, nil, nil, nil]),
        (["IV", "1", "2.3а", "1"], [nil, nil, nil, nil]),
    ] as [([String], [String?])])
    func numberSequence(numbers: [String], flagged: [String?]) {
        var sequence = NumberSequence()
        var result: [String?] = []
        for number in numbers {
            if number.hasPrefix("§") {
                sequence.startSection(String(number.dropFirst()))
                result.append(nil)
            } else {
                result.append(sequence.take(number, repeated: false))
            }
        }
        #expect(result == flagged, "\(numbers)")
    }

    /// The published roadmaps number their measures in sequence (Gorodets' repeated 2.6 is a
    /// duplicate, warned about as such; Kazachinsky restarts in each section), and have no
    /// unlabelled columns.
    @Test func seedRoadmapsAreInSequence() throws {
        for name in ["primorye-2021.xlsx", "gorodets-2020.xlsx", "kazachinsky-2023.xlsx"] {
            let roadmap = try RoadmapImportTests.load(name)
            #expect(!roadmap.warnings.contains { $0.code == .measureIDOutOfSequence }, "\(name)")
            #expect(!roadmap.warnings.contains { $0.code == .roadmapColumnUnlabelledIgnored }, "\(name)")
        }
    }

    // MARK: svod roadmap normalize

    /// `svod roadmap normalize` writes the YAML and prints the import warnings to stderr exactly
    /// as `svod roadmap inspect` lists them, in Russian or, with --lang en, in English.
    @Test func normalizePrintsTheWarningsAsInspectDoes() throws {
        let fixture = Self.path("measure-id-out-of-sequence.csv")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("svod-normalize-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("roadmap.yaml").path
        for (language, heading) in [("ru", "Предупреждения:\n"), ("en", "Warnings:\n")] {
            let normalized = try RunRecoveryTests.svod(["roadmap", "normalize", fixture, "-o", output, "--lang", language])
            #expect(normalized.status == 0)
            #expect(normalized.stdout.isEmpty)
            let inspected = try RunRecoveryTests.svod(["roadmap", "inspect", fixture, "--lang", language])
            #expect(inspected.status == 0)
            #expect(normalized.stderr.hasPrefix(heading))
            #expect(normalized.stderr.components(separatedBy: "[measure-id-out-of-sequence]").count == 3)
            #expect(inspected.stdout.hasSuffix("\n\n" + normalized.stderr))
            let again = try RoadmapImporter().importFile(output)
            #expect(again.measures.map(\.id) == (1...10).map(String.init) + ["1.1", "1.2", "13"])
        }
        let english = try RunRecoveryTests.svod(["roadmap", "normalize", fixture, "--lang", "en"])
        #expect(english.stderr.contains(
            "measure-id-out-of-sequence.csv A15 [measure-id-out-of-sequence] 1.1: Measure number 1.1 (row 15) does not continue"))
        // On standard output only the YAML: the warnings do not get into it.
        #expect(english.stdout.hasPrefix("version: 1\n"))
        #expect(!english.stdout.contains("measure-id-out-of-sequence"))
        // A roadmap without warnings prints nothing to stderr.
        let clean = try RunRecoveryTests.svod(["roadmap", "normalize", Self.path("heading-in-number-column.csv"), "-o", output])
        #expect(clean.status == 0)
        #expect(clean.stderr.isEmpty)
    }
}

extension RowReader {
    /// Reads the sheet to its end and returns its merged ranges (complete only then).
    func readAllMerged() throws -> [CellRange] {
        _ = try readAll()
        return mergedRanges
    }
}
