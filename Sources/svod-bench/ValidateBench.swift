// `svod-bench validate DIR`: the time to validate one 100-row report, in a synthetic region
// made under DIR (a 100-measure roadmap in YAML, a registry, the default schema, a pipeline,
// and one filled XLSX report written through Svod's writer).

import Foundation
import Spreadsheet
import SvodModel
import SvodChecks

/// Writes the synthetic region and returns the pipeline path and the report path.
func makeValidationRegion(in directory: String, measures: Int = 100) throws -> (pipeline: String, report: String) {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    var random = SplitMix64(seed: BenchData.seed)
    // Roadmap: 5 sections of 20 measures with a mix of deadline shapes.
    let deadlines = ["Ежемесячно", "В течение года", "Март - июнь", "01.03.2021", "Сентябрь-ноябрь 2021 г.", "ежеквартально",
                     "12.04.2021, 18.10.2021", "до 1 июня 2021 г."]
    var yaml = "version: 1\ntitle: \"Синтетическая дорожная карта на 2021 год\"\nperiod: {start: 2021-01-01, end: 2021-12-31, kind: calendar-year}\nsections:\n"
    for section in 1...5 { yaml += "  - {id: \"\(section)\", title: \"Раздел \(section)\"}\n" }
    yaml += "measures:\n"
    var ids: [String] = []
    for index in 0..<measures {
        let id = "\(index / 20 + 1).\(index % 20 + 1)"
        ids.append(id)
        let title = BenchData.measures[Int(random.next() % 200)] + " \(id)"
        yaml += "  - {id: \"\(id)\", section: \"\(index / 20 + 1)\", title: \"\(title)\", deadline: \"\(deadlines[index % deadlines.count])\", responsible: \"МОУО\", expected_result: \"Отчет\"}\n"
    }
    try Data(yaml.utf8).write(to: URL(fileURLWithPath: directory + "/roadmap.yaml"))
    var registry = "name;oktmo;aliases\n"
    for (index, name) in BenchData.municipalities.enumerated() { registry += "\(name);\(String(5_700_000 + index * 1000).leftPadded(8));\n" }
    try Data(registry.utf8).write(to: URL(fileURLWithPath: directory + "/municipalities.csv"))
    let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Pipelines/schema-default.yaml")
    try? FileManager.default.removeItem(atPath: directory + "/schema.yaml")
    try FileManager.default.copyItem(atPath: schema.path, toPath: directory + "/schema.yaml")
    let pipeline = """
        version: 1
        region: Синтетический край
        time_zone: Europe/Moscow
        roadmap: roadmap.yaml
        municipalities: municipalities.csv
        schema: schema.yaml

        """
    try Data(pipeline.utf8).write(to: URL(fileURLWithPath: directory + "/pipeline.yaml"))

    // A report for December (every measure has started), written like the template.
    let loaded = try Pipeline.load(path: directory + "/pipeline.yaml")
    let municipality = loaded.registry.municipalities[0]
    let period = ReportPeriod.month(YearMonth(year: 2021, month: 12))
    let form = ReportTemplate(pipeline: loaded, municipality: municipality, period: period)
    let report = directory + "/" + form.fileStem + ".xlsx"
    let writer = try XLSXWriter(path: report, options: .init(creationDate: CivilDateTime(date: CivilDate(year: 2022, month: 1, day: 5))))
    let sheet = try writer.addSheet(name: "Отчет")
    try sheet.writeRow([.string("Муниципальное образование"), .string(municipality.name)], at: 1)
    try sheet.writeRow([.string("Отчетный месяц"), .string("декабрь 2021")], at: 2)
    try sheet.writeRow([.string("Дата заполнения"), .date(CivilDate(year: 2022, month: 1, day: 5))], at: 3)
    try sheet.writeRow(loaded.schema.columns.map { .string($0.title) }, at: 5)
    for (offset, measure) in loaded.roadmap.measures.enumerated() {
        let date = measure.schedule.end ?? CivilDate(year: 2021, month: 12, day: 1)
        try sheet.writeRow([.string(measure.id), .string(measure.title), .string(measure.deadlineText), .string("Выполнено"),
                            .date(date), .string("Проведено, охват \(offset + 10) человек"), .number(Double(offset)),
                            .empty, .string("")], at: 6 + offset)
    }
    try writer.close()
    return (directory + "/pipeline.yaml", report)
}

func validateBench(directory: String, iterations: Int) throws {
    let (pipelinePath, report) = try makeValidationRegion(in: directory)
    let pipeline = try Pipeline.load(path: pipelinePath)
    let validator = Validator(pipeline: pipeline)
    let check = validator.validate(path: report)
    guard check.isValid, check.entries.count == 100 else {
        fail("the synthetic report is not valid: \(check.diagnostics.map { "\($0.cell?.a1 ?? "-") \($0.code.rawValue)" })")
    }
    var best = Double.infinity
    var total = 0.0
    for _ in 0..<iterations {
        let start = monotonicSeconds()
        let result = validator.validate(path: report)
        let seconds = monotonicSeconds() - start
        precondition(result.isValid)
        best = min(best, seconds)
        total += seconds
    }
    print("svod-validate rows=100 iterations=\(iterations) best_ms=\(format(best * 1000, 3)) mean_ms=\(format(total / Double(iterations) * 1000, 3)) seconds=\(format(best, 6))")
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
