import Foundation
import Testing
import Spreadsheet
@testable import SvodModel
@testable import SvodChecks
@testable import SvodConsolidation
@testable import SvodRun

/// The demo pipeline, loaded once for the suites below.
enum DemoRegion {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let pipelinePath = root.appendingPathComponent("Pipelines/primorye.yaml").path
    static let pipeline: Pipeline = try! Pipeline.load(path: pipelinePath)
}

@Suite struct ValueParsingTests {
    @Test(arguments: [
        (CellValue.string("15.03.2021"), "2021-03-15"), (.string("5.3.21"), "2021-03-05"), (.string("2021-03-15"), "2021-03-15"),
        (.string("15/03/2021"), "2021-03-15"), (.number(44270), "2021-03-15"), (.string("44270"), "2021-03-15"),
        (.date(CivilDate(year: 2021, month: 3, day: 15)), "2021-03-15"), (.string("15.03.2021 г."), "2021-03-15"),
        (.string(" 15.03.2021г "), "2021-03-15"), (.string("15.03.2021 г"), "2021-03-15"), (.string("15.03.21."), "2021-03-15"),
    ])
    func dates(value: CellValue, iso: String) {
        #expect(ValueParsing.date(value)?.iso == iso)
    }

    @Test(arguments: [CellValue.string("31.02.2021"), .string("вчера"), .number(2021), .string(""), .string("15..2021"),
                      .string("15.03.2021.2"), .string("115.03.2021"), .string("15.03.202"), .string("15 .03.2021"), .string("١٥.03.2021")])
    func notDates(value: CellValue) {
        #expect(ValueParsing.date(value) == nil)
    }

    @Test(arguments: [(CellValue.string("12,5"), 12.5), (.string("1 234"), 1234.0), (.string("25%"), 25.0), (.number(3), 3.0),
                      (.string("1\u{00A0}000,75"), 1000.75), (.string(" -3,5 % "), -3.5), (.string("1\u{202F}000"), 1000.0),
                      (.string("+7"), 7.0), (.string("0.25"), 0.25)])
    func numbers(value: CellValue, number: Double) {
        #expect(ValueParsing.number(value) == number)
    }

    @Test(arguments: ["много", "12 шт.", "1,2,3", "", "%", "25%%", "1e5", "½", "1\t000", "5 — 6", "٣"])
    func notNumbers(text: String) {
        #expect(ValueParsing.number(.string(text)) == nil)
    }

    @Test(arguments: [(CellValue.string("март 2021"), "2021-03"), (.string("Март 2021 г."), "2021-03"), (.string("03.2021"), "2021-03"),
                      (.string("2021-03"), "2021-03"), (.date(CivilDate(year: 2021, month: 3, day: 1)), "2021-03"),
                      (.string("март"), "2021-03"), (.string("01.03.2021"), "2021-03")])
    func months(value: CellValue, month: String) {
        #expect(ValueParsing.month(value, period: .calendarYear(2021))?.description == month)
    }

    @Test func measureIDs() {
        #expect(ValueParsing.measureID(" 1.2. ") == "1.2")
        #expect(ValueParsing.measureID("№ 2,10") == "2.10")
    }
}

@Suite struct IdentificationTests {
    @Test func fileNames() {
        let registry = DemoRegion.pipeline.registry
        #expect(IdentificationCheck.period(inFileName: "05701000_2021-03.xlsx") == YearMonth(year: 2021, month: 3))
        #expect(IdentificationCheck.period(inFileName: "отчет 03.2021.xlsx") == YearMonth(year: 2021, month: 3))
        #expect(IdentificationCheck.period(inFileName: "отчет.xlsx") == nil)
        #expect(IdentificationCheck.municipality(inFileName: "05701000_2021-03.xlsx", registry: registry)?.name
            == "Владивостокский городской округ")
        #expect(IdentificationCheck.municipality(inFileName: "Уссурийск март.xlsx", registry: registry)?.code == "05723000")
        #expect(IdentificationCheck.municipality(inFileName: "report.xlsx", registry: registry) == nil)
    }
}

@Suite struct SchemaAndPipelineTests {
    @Test func defaultSchemaLoads() throws {
        let schema = DemoRegion.pipeline.schema
        #expect(schema.columns.count == 9)
        #expect(schema.statuses == ["Выполнено", "Выполняется", "Не выполнено", "Не начато", "Не требуется"])
        #expect(schema.rules.count == 3)
        #expect(schema.warnings.isEmpty)
    }

    @Test func schemaErrorsNameTheLineAndKey() {
        let yaml = "version: 1\ncolumns:\n  - id: measure_id\n    role: measure_id\n    title: №\n    type: text\n  - id: status\n    role: status\n    title: Статус\n    type: colour\n"
        #expect(throws: ConfigurationError(.configUnknownType, file: "s.yaml", line: 10, path: "columns[1].type", message: .init(
            ru: "неизвестный тип `colour` (известные: text, integer, decimal, percent, date, enum)",
            en: "unknown type `colour` (known: text, integer, decimal, percent, date, enum)"))) {
            try SubmissionSchema.parse(yaml, file: "s.yaml")
        }
    }

    @Test func unknownKeysAreWarnedByName() throws {
        let yaml = "version: 1\ncolumns:\n  - {id: measure_id, role: measure_id, title: №, type: text, colour: red}\n  - {id: status, role: status, title: Статус, type: enum, values: [Да]}\n"
        let schema = try SubmissionSchema.parse(yaml, file: "s.yaml")
        #expect(schema.warnings.map(\.path) == ["columns[0].colour"])
    }

    @Test func pipelineErrorsNameTheLine() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("svod-pipe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("bad.yaml").path
        try Data("version: 1\nregion: X\ntime_zone: Asia/Vladivostock\nroadmap: r.xlsx\nmunicipalities: m.csv\n".utf8)
            .write(to: URL(fileURLWithPath: path))
        #expect(throws: ConfigurationError.self) { try PipelineDefinition.load(path: path) }
        do {
            _ = try PipelineDefinition.load(path: path)
        } catch let error as ConfigurationError {
            #expect(error.line == 3)
            #expect(error.path == "time_zone")
        }
    }

    @Test func pipelinePathsAreRelativeToTheFile() throws {
        let definition = DemoRegion.pipeline.definition
        #expect(definition.roadmapPath.hasSuffix("/Samples/roadmaps/primorye-2021.xlsx"))
        #expect(FileManager.default.fileExists(atPath: definition.roadmapPath))
        #expect(DemoRegion.pipeline.registry.municipalities.count == 12)
        #expect(DemoRegion.pipeline.calendar.dueDate(for: YearMonth(year: 2021, month: 4)).date == CivilDate(year: 2021, month: 5, day: 11))
    }
}

@Suite struct TemplateTests {
    private func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("svod-template-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func formListsStartedMeasuresAndIsDeterministic() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pipeline = DemoRegion.pipeline
        let municipality = pipeline.registry.municipalities[0]
        let form = ReportTemplate(pipeline: pipeline, municipality: municipality, period: .month(YearMonth(year: 2021, month: 3)))
        #expect(form.fileStem == "05701000_2021-03")
        // 2.1, 2.9 and 3.1 are the institute's own (ГАУ ДПО ПК ИРО): not on a municipality's form.
        #expect(form.measures.map(\.id) == ["1.1", "1.2", "1.3", "1.4", "2.10", "2.11", "3.3", "3.4", "4.1", "4.2", "4.3"])
        #expect(form.dueThisMonth == ["1.2", "2.10", "2.11"])
        let first = directory.appendingPathComponent("a.xlsx").path
        let second = directory.appendingPathComponent("b.xlsx").path
        try form.writeXLSX(to: first)
        try form.writeXLSX(to: second)
        #expect(FileManager.default.contents(atPath: first) == FileManager.default.contents(atPath: second))
        // The form reads back as a submission of the right municipality and month; unfilled
        // statuses are the only problems.
        let report = Validator(pipeline: pipeline).validate(path: first)
        #expect(report.municipality == municipality)
        #expect(report.period == .month(YearMonth(year: 2021, month: 3)))
        #expect(Set(report.diagnostics.map(\.code)) == [.statusMissing])
        #expect(report.diagnostics.count == 11)
        let document = try SpreadsheetDocument.open(path: first)
        #expect(document.sheets.map(\.name) == ["Отчет", "Инструкция"])
    }

    /// A CSV form filled in with valid values validates clean.
    @Test func filledCSVFormValidatesClean() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pipeline = DemoRegion.pipeline
        let municipality = try #require(pipeline.registry.find(name: "Уссурийский городской округ"))
        let period = ReportPeriod.month(YearMonth(year: 2021, month: 3))
        let form = ReportTemplate(pipeline: pipeline, municipality: municipality, period: period)
        let path = directory.appendingPathComponent(form.fileStem + ".csv").path
        try form.writeCSV(to: path)
        var text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        var lines = text.components(separatedBy: "\r\n")
        for index in lines.indices {
            if lines[index].hasPrefix("Дата заполнения;") { lines[index] = "Дата заполнения;05.04.2021" }
            guard let id = lines[index].split(separator: ";", omittingEmptySubsequences: false).first.map(String.init),
                  let measure = pipeline.roadmap.measure(id: id) else { continue }
            let fields = lines[index].split(separator: ";", omittingEmptySubsequences: false).prefix(3).map(String.init)
            let done = measure.schedule.kind == .date
            let date = done ? measure.schedule.end!.russian : ""
            let tail = done ? ["Выполнено", date, "Сделано", "1", "", ""] : ["Выполняется", "", "", "", "", ""]
            lines[index] = (fields + tail).joined(separator: ";")
        }
        text = lines.joined(separator: "\r\n")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let report = Validator(pipeline: pipeline).validate(path: path)
        #expect(report.diagnostics.map { "\($0.cell?.a1 ?? "-") \($0.code.rawValue)" } == [])
        #expect(report.isValid)
        #expect(report.entries.count == form.measures.count)
    }
}

@Suite struct AnnotatedCopyTests {
    /// `svod validate --annotate`: the clerk's own workbook comes back with the problems marked
    /// and listed; every original value is unchanged.
    @Test func annotatedCopyListsEveryDiagnosticAndKeepsTheValues() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("svod-annotate-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = DemoRegion.root.appendingPathComponent("Samples/submissions/invalid/status_and_values.xlsx").path
        let report = Validator(pipeline: DemoRegion.pipeline).validate(path: source)
        let copy = try Annotation.write(report, into: directory.path, language: .ru)
        let path = copy.path
        #expect(path.hasSuffix("status_and_values.checked.xlsx"))
        #expect(copy.note(.ru) == nil)
        let original = try SpreadsheetDocument.open(path: source)
        let annotated = try SpreadsheetDocument.open(path: path)
        #expect(annotated.sheets.map(\.name) == original.sheets.map(\.name) + ["Проверка"])
        #expect(try annotated.rows(.name("Отчет")).readAll() == original.rows(.name("Отчет")).readAll())
        let listed = try annotated.rows(.name("Проверка")).readAll()
        let texts = listed.flatMap(\.cells).map(\.value.text)
        for diagnostic in report.diagnostics {
            #expect(texts.contains(diagnostic.code.rawValue))
            if let cell = diagnostic.cell { #expect(texts.contains(cell.a1)) }
        }
        // The comments part names the code on the right cell.
        let unzip = Process()
        unzip.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        unzip.arguments = ["-c", "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); print('\\n'.join(z.read(n).decode() for n in z.namelist() if 'comments' in n))", path]
        let pipe = Pipe()
        unzip.standardOutput = pipe
        try unzip.run()
        let xml = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        unzip.waitUntilExit()
        let statusInvalid = try #require(report.diagnostics.first { $0.code == .statusInvalid }?.cell)
        #expect(xml.contains("ref=\"\(statusInvalid.a1)\""))
        #expect(xml.contains("status-invalid"))
    }
}
