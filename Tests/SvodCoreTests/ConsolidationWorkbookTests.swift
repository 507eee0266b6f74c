import Foundation
import Testing
import Spreadsheet
@testable import SvodModel
@testable import SvodChecks
@testable import SvodConsolidation
@testable import SvodRun

/// The regional workbook, written from a consolidation of the sample submissions for March 2021
/// (two valid reports for the month, one of them late, one corrected; carried-forward reports from
/// January and February; two rejected files) and read back.
@Suite struct ConsolidationWorkbookTests {
    static let zone = "Asia/Vladivostok"
    static let period = ReportPeriod.month(YearMonth(year: 2021, month: 3))
    static let asOf = Timestamp.parse("2021-04-20T12:00", zone: zone)!

    static func local(_ text: String) -> Date { Timestamp.parse(text, zone: zone)! }

    /// A temporary directory with the corrected copy of one report.
    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("svod-workbook-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    static func consolidation(in directory: URL) throws -> Consolidation {
        let pipeline = DemoRegion.pipeline
        let samples = DemoRegion.root.appendingPathComponent("Samples/submissions")
        let corrected = directory.appendingPathComponent("05705000_2021-03_corrected.xlsx")
        try FileManager.default.copyItem(at: samples.appendingPathComponent("valid/05705000_2021-03.xlsx"), to: corrected)
        let files: [(String, String)] = [
            (samples.appendingPathComponent("valid/05701000_2021-01.xlsx").path, "2021-02-05T09:00"),
            (samples.appendingPathComponent("valid/05703000_2021-02.xlsx").path, "2021-03-09T16:40"),
            (samples.appendingPathComponent("valid/05705000_2021-03.xlsx").path, "2021-04-09T10:15"),
            (corrected.path, "2021-04-12T18:30"),
            (samples.appendingPathComponent("valid/05723000_2021-03.csv").path, "2021-04-14T09:00"),
            (samples.appendingPathComponent("invalid/status_and_values.xlsx").path, "2021-04-08T11:00"),
            (samples.appendingPathComponent("invalid/measures.xlsx").path, "2021-04-08T11:05"),
        ]
        let validator = Validator(pipeline: pipeline)
        let received = files.map { ReceivedReport(report: validator.validate(path: $0.0), receivedAt: local($0.1)) }
        return Consolidator(pipeline: pipeline).consolidate(received, period: period, asOf: asOf)
    }

    static func share(_ value: Double) -> CellValue { .number((value * 10_000).rounded() / 10_000) }

    static func close(_ value: CellValue?, _ expected: Double) -> Bool {
        guard case .number(let number)? = value else { return false }
        return abs(number - expected) <= 1e-9 * max(1, abs(expected))
    }

    static func rows(_ document: SpreadsheetDocument, _ sheet: String) throws -> [Int: Row] {
        Dictionary(uniqueKeysWithValues: try document.rows(.name(sheet)).readAll().map { ($0.index, $0) })
    }

    @Test func writesDeterministicWorkbookWithTheModelsFigures() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let c = try Self.consolidation(in: directory)
        // The scenario the assertions rely on.
        #expect(c.onTimeCount == 1 && c.lateCount == 1 && c.missingCount == c.municipalities.count - 2)
        #expect(c.register.count == 5 && c.register.filter { !$0.valid }.count == 2)
        #expect(c.overdueCount > 0 && !c.diagnostics.isEmpty)

        let first = directory.appendingPathComponent("svod_2021-03.xlsx").path
        let second = directory.appendingPathComponent("svod_2021-03_again.xlsx").path
        try ConsolidationWorkbook.write(c, to: first)
        try ConsolidationWorkbook.write(c, to: second)
        #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == Data(contentsOf: URL(fileURLWithPath: second)))
        // No temporary files are left behind.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)

        let document = try SpreadsheetDocument.open(path: first)
        let names = ConsolidationWorkbook.sheetNames(.ru)
        #expect(document.sheets.map(\.name) == ["Сводка", "Мероприятия", "Матрица", "Сдача отчетов", "Просрочено", "Замечания", "Показатели"])
        #expect(names == document.sheets.map(\.name))

        // «Сводка»: period, as-of and due date on the region's clock, key figures.
        let summary = try Self.rows(document, names[0])
        #expect(summary[0]?[0] == .string("Свод отчетов о реализации дорожной карты: Приморский край"))
        #expect(summary[1]?[0] == .string(c.roadmapTitle))
        #expect(summary[3]?[1] == .string("март 2021"))
        #expect(summary[4]?[1] == .dateTime(CivilDateTime(date: CivilDate(year: 2021, month: 4, day: 20), hour: 12)))
        #expect(summary[5]?[1] == .date(c.due.date))
        #expect(summary[5]?[1] == .date(CivilDate(year: 2021, month: 4, day: 12)))  // 10.04.2021 was a Saturday
        #expect(summary[6]?[0].text.hasPrefix(c.due.explanation.ru) == true)
        let key = ConsolidationWorkbook.keyFiguresRow
        let figures = (key..<key + 8).map { summary[$0]?[1] ?? .empty }
        let rejected = c.register.filter { !$0.valid }.count
        #expect(figures == [c.municipalities.count, c.onTimeCount, c.lateCount, c.missingCount, c.awaitedCount, c.overdueCount,
                            c.register.count, rejected].map { .number(Double($0)) })
        #expect(summary[key + 4]?[0] == .string("Ожидаются (срок еще не наступил)"))
        #expect(summary[key + 3]?[0] == .string("Не представили отчет"))
        // The completion table: one row per municipality, shares as numbers.
        let tableRow = try #require(summary.values.first { $0[0] == .string("Муниципальное образование") }).index
        for (offset, line) in c.municipalities.enumerated() {
            let row = try #require(summary[tableRow + 1 + offset])
            #expect(row[0] == .string(line.municipality.name))
            #expect(row[1] == .string(line.timeliness.name(.ru)))
            #expect(row[4] == Self.share(line.completionShare))
            if let received = line.receivedAt {
                #expect(row[2] == .dateTime(ReportingCalendar.localTime(of: received, in: TimeZone(identifier: Self.zone)!)))
            }
        }
        let late = try #require(summary.values.first { $0[0] == .string("с опозданием") && $0.index > tableRow + c.municipalities.count })
        #expect(late[1] == .number(Double(c.lateCount)))

        // «Мероприятия»: one row per measure, counts and shares as numbers.
        let measures = try Self.rows(document, names[1])
        #expect(measures[0]?[0] == .string("№"))
        #expect(measures[0]?[9] == .string(c.statuses[0]))
        #expect(measures.count == c.measures.count + 1)
        for (offset, line) in c.measures.enumerated() {
            let row = try #require(measures[offset + 1])
            #expect(row[0] == .string(line.measure.id))
            #expect(row[5] == .string(line.applicability == .region ? "региону (отчета не требуется)" : "всем"))
            #expect(row[6] == .number(Double(line.owing)))
            #expect(row[7] == .string(line.state.name(.ru)))
            #expect(row[8] == .string(line.dueThisMonth ? "да" : "нет"))
            let counts = line.statusCounts.map { CellValue.number(Double($0.count)) }
            #expect(Array((9..<9 + counts.count).map { row[$0] }) == counts)
            #expect(row[9 + counts.count] == .number(Double(line.overdue)))
            #expect(row[10 + counts.count] == Self.share(line.completionShare))
        }

        // «Матрица»: municipalities across, the carried-forward status in each cell.
        let matrix = try Self.rows(document, names[2])
        #expect(Array(matrix[0]!.cells.dropFirst(2).map(\.value)) == c.municipalities.map { .string($0.municipality.name) })
        let artem = try #require(c.municipalities.firstIndex { $0.municipality.code == "05705000" })
        let reported = try #require(c.matrix.indices.first { c.matrix[$0][artem].status != nil })
        let cell = c.matrix[reported][artem]
        #expect(matrix[reported + 1]?[0] == .string(c.measures[reported].measure.id))
        #expect(matrix[reported + 1]?[artem + 2] == .string(cell.status!))
        for (m, row) in c.matrix.enumerated() {
            for (j, cell) in row.enumerated() {
                #expect(matrix[m + 1]?[j + 2] == .string(ConsolidationWorkbook.matrixText(cell)))
            }
        }
        // January's report carries forward into March.
        let vladivostok = try #require(c.municipalities.firstIndex { $0.municipality.code == "05701000" })
        #expect(c.matrix.contains { $0[vladivostok].status != nil })
        #expect(matrix.values.contains { $0[0] == .empty && $0[1] == .string("Обозначения") })

        // «Сдача отчетов»: every file, and a «не представлен» line for everyone else.
        let register = try Self.rows(document, names[3])
        let lines = register.keys.filter { $0 > 0 }.sorted().map { register[$0]! }
        #expect(lines.count == c.register.count + c.municipalities.filter { $0.timeliness == .missing }.count
            - Set(c.register.compactMap { $0.municipality?.code }).subtracting(
                c.municipalities.filter { $0.timeliness != .missing }.map(\.municipality.code)).count)
        #expect(Set(lines.map { $0[0].text }).isSuperset(of: c.municipalities.map(\.municipality.name)))
        let original = try #require(lines.first { $0[9] == .string("05705000_2021-03.xlsx") })
        #expect(original[1] == .dateTime(CivilDateTime(date: CivilDate(year: 2021, month: 4, day: 9), hour: 10, minute: 15)))
        #expect(original[2] == .date(CivilDate(year: 2021, month: 4, day: 12)))
        #expect(original[3] == .number(0))
        #expect(original[4] == .string("да") && original[5] == .string("да"))
        let lateFile = try #require(lines.first { $0[9] == .string("05723000_2021-03.csv") })
        #expect(lateFile[3] == .number(2))
        #expect(lateFile[8] == .string("принят с опозданием"))
        let rejectedLine = try #require(lines.first { $0[9] == .string("status_and_values.xlsx") })
        #expect(rejectedLine[4] == .string("нет") && rejectedLine[6].typeName == "number")
        #expect(lines.contains { $0[8] == .string("не представлен") && $0[1] == .empty })

        // «Просрочено», «Замечания», «Показатели».
        let overdue = try Self.rows(document, names[4])
        #expect(overdue.count == c.overdue.count + 1)
        #expect(overdue[1]?[0] == .string(c.overdue[0].measure.id))
        #expect(overdue[1]?[3] == .string(c.overdue[0].measure.responsible))
        #expect(overdue[1]?[4] == .string(c.overdue[0].municipality.name))
        #expect(overdue[1]?[5] == .string(c.overdue[0].status ?? "нет данных"))
        let remarks = try Self.rows(document, names[5])
        #expect(remarks.count == c.diagnostics.count + 1)
        let diagnostic = c.diagnostics[0]
        #expect(remarks[1]?[0] == .string(diagnostic.file))
        #expect(remarks[1]?[3] == .string(diagnostic.code.rawValue))
        #expect(remarks[1]?[4] == .string(diagnostic.severity.name(.ru)))
        #expect(remarks[1]?[6] == .string(diagnostic.message.ru))
        let indicators = try Self.rows(document, names[6])
        let withStats = c.measures.filter { $0.indicator != nil }
        for (offset, line) in withStats.enumerated() {
            #expect(indicators[offset + 1]?[0] == .string(line.measure.id))
            #expect(indicators[offset + 1]?[2] == .number(Double(line.indicator!.count)))
            #expect(Self.close(indicators[offset + 1]?[3], line.indicator!.sum))
            #expect(Self.close(indicators[offset + 1]?[6], line.indicator!.mean))
        }

        // No formula anywhere, and no text that looks like one.
        for name in names {
            for row in try document.rows(.name(name)).readAll() {
                for cell in row.cells {
                    if case .string(let text) = cell.value { #expect(!text.hasPrefix("="), "\(name)!\(cell.address.a1)") }
                }
            }
        }
    }

    /// Data that looks like a formula stays text.
    @Test func formulaLikeDataIsText() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var c = try Self.consolidation(in: directory)
        try #require(!c.overdue.isEmpty)
        c.overdue[0].reason = "=HYPERLINK(\"http://example.com\";\"x\")"
        c.municipalities[0].municipality.name = "+7 (423) район"
        let path = directory.appendingPathComponent("formula.xlsx").path
        try ConsolidationWorkbook.write(c, to: path)
        let document = try SpreadsheetDocument.open(path: path)
        let overdue = try Self.rows(document, "Просрочено")
        #expect(overdue[1]?[6] == .string("=HYPERLINK(\"http://example.com\";\"x\")"))
        let matrix = try Self.rows(document, "Матрица")
        #expect(matrix[0]?[2] == .string("+7 (423) район"))
    }

    /// Share figures get their own table on «Показатели», the share as a number.
    @Test func shareFigures() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var c = try Self.consolidation(in: directory)
        c.measures[1].shares = [ShareFigure(group: "охват", numeratorTitle: "Охвачено учащихся", denominatorTitle: "Всего учащихся",
                                            numerator: 30, denominator: 40),
                                ShareFigure(group: "пусто", numeratorTitle: "А", denominatorTitle: "Б", numerator: 0, denominator: 0)]
        let path = directory.appendingPathComponent("shares.xlsx").path
        try ConsolidationWorkbook.write(c, to: path)
        let rows = try Self.rows(try SpreadsheetDocument.open(path: path), "Показатели")
        let title = try #require(rows.values.first { $0[0] == .string("Доли (числитель / знаменатель)") }).index
        #expect(rows[title + 1]?[5] == .string("Доля"))
        let first = try #require(rows[title + 2])
        #expect(first[0] == .string(c.measures[1].measure.id))
        #expect(first[2] == .string("охват"))
        #expect(first[3] == .number(30) && first[4] == .number(40) && first[5] == .number(0.75))
        #expect(first[6] == .string("Охвачено учащихся / Всего учащихся"))
        #expect(rows[title + 3]?[5] == .string("—"))
    }

    @Test func englishWorkbook() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let c = try Self.consolidation(in: directory)
        let path = directory.appendingPathComponent("svod_en.xlsx").path
        try ConsolidationWorkbook.write(c, to: path, language: .en)
        let document = try SpreadsheetDocument.open(path: path)
        #expect(document.sheets.map(\.name) == ["Summary", "Measures", "Matrix", "Submissions", "Overdue", "Remarks", "Indicators"])
        let summary = try Self.rows(document, "Summary")
        #expect(summary[3]?[1] == .string("March 2021"))
        #expect(summary[6]?[0].text.hasPrefix(c.due.explanation.en) == true)
        let measures = try Self.rows(document, "Measures")
        #expect(measures[1]?[7] == .string(c.measures[0].state.name(.en)))
        let register = try Self.rows(document, "Submissions")
        #expect(register.values.contains { $0[8] == .string("missing") })
    }

    /// An empty period (no files at all) still gives a complete workbook.
    @Test func emptyPeriod() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let c = Consolidator(pipeline: DemoRegion.pipeline).consolidate([], period: Self.period, asOf: Self.asOf)
        let path = directory.appendingPathComponent("empty.xlsx").path
        try ConsolidationWorkbook.write(c, to: path)
        let document = try SpreadsheetDocument.open(path: path)
        #expect(document.sheets.count == 7)
        let register = try Self.rows(document, "Сдача отчетов")
        #expect(register.count == c.municipalities.count + 1)
        let remarks = try Self.rows(document, "Замечания")
        #expect(remarks[1]?[0] == .string("Замечаний к полученным файлам нет."))
    }

    static let soffice: String? = ["/usr/bin/soffice", "/usr/local/bin/soffice", "/usr/lib/libreoffice/program/soffice"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// LibreOffice opens the workbook and prints it to PDF.
    @Test(.enabled(if: soffice != nil)) func libreOfficeConvertsToPDF() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let c = try Self.consolidation(in: directory)
        let path = directory.appendingPathComponent("svod_2021-03.xlsx").path
        try ConsolidationWorkbook.write(c, to: path)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.soffice!)
        process.arguments = ["-env:UserInstallation=file://\(directory.path)/profile", "--headless",
                             "--convert-to", "pdf", "--outdir", directory.path, path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let pdf = directory.appendingPathComponent("svod_2021-03.pdf")
        let data = try Data(contentsOf: pdf)
        #expect(data.count > 10_000)
        #expect(data.prefix(5) == Data("%PDF-".utf8))
    }
}
