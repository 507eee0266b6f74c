// `svod-bench country`: a synthetic country — N municipalities × 12 monthly reports of 60 rows
// against one roadmap, with valid, invalid, late, corrected and missing reports and a share of
// Windows-1251 CSV — and `svod-bench national`: the whole year validated and consolidated.

import Dispatch
import Foundation
import Spreadsheet
import SvodModel
import SvodChecks
import SvodConsolidation

private let statuses = ["Выполнено", "Выполняется", "Не выполнено", "Не начато", "Не требуется"]

/// What happens to one municipality's report for one month (deterministic per pair).
private struct Plan {
    var missing: Bool
    var late: Bool
    var invalid: Bool
    var corrected: Bool
    var csv: Bool

    init(municipality: Int, month: Int) {
        var random = SplitMix64(seed: BenchData.seed &+ UInt64(municipality * 13 + month))
        let roll = { Int(random.next() % 1000) }
        missing = roll() < 20
        late = roll() < 100
        invalid = roll() < 40
        corrected = invalid || roll() < 30
        csv = roll() < 100
    }
}

func makeCountry(municipalities count: Int, in directory: String) throws {
    let fileManager = FileManager.default
    try? fileManager.removeItem(atPath: directory)
    try fileManager.createDirectory(atPath: directory + "/inbox", withIntermediateDirectories: true)
    // Roadmap: 3 sections × 20 measures with a mix of deadline shapes.
    let deadlines = ["Ежемесячно", "В течение года", "Март - июнь", "31.03.2021", "Сентябрь-ноябрь 2021 г.", "ежеквартально",
                     "12.04.2021, 18.10.2021", "до 1 июня 2021 г.", "Октябрь 2021", "Январь - декабрь"]
    var yaml = "version: 1\ntitle: \"Дорожная карта национального масштаба на 2021 год\"\nperiod: {start: 2021-01-01, end: 2021-12-31, kind: calendar-year}\nsections:\n"
    for section in 1...3 { yaml += "  - {id: \"\(section)\", title: \"Раздел \(section)\"}\n" }
    yaml += "measures:\n"
    for index in 0..<60 {
        let id = "\(index / 20 + 1).\(index % 20 + 1)"
        yaml += "  - {id: \"\(id)\", section: \"\(index / 20 + 1)\", title: \"\(BenchData.measures[index * 3 % 200]) \(id)\", deadline: \"\(deadlines[index % deadlines.count])\", responsible: \"МОУО\", expected_result: \"Отчет\"}\n"
    }
    try Data(yaml.utf8).write(to: URL(fileURLWithPath: directory + "/roadmap.yaml"))
    var registry = "name;oktmo;aliases\n"
    for index in 0..<count {
        registry += "\(BenchData.municipalities[index % 50]) № \(index + 1);\(String(1_000_000 + index * 100).leftPadded(8));\n"
    }
    try Data(registry.utf8).write(to: URL(fileURLWithPath: directory + "/municipalities.csv"))
    let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Pipelines/schema-default.yaml")
    try fileManager.copyItem(atPath: schema.path, toPath: directory + "/schema.yaml")
    try Data("""
        version: 1
        region: Российская Федерация (синтетическая)
        time_zone: Europe/Moscow
        roadmap: roadmap.yaml
        municipalities: municipalities.csv
        schema: schema.yaml

        """.utf8).write(to: URL(fileURLWithPath: directory + "/pipeline.yaml"))

    let pipeline = try Pipeline.load(path: directory + "/pipeline.yaml")
    let measures = pipeline.roadmap.measures
    let columns = pipeline.schema.columns.map(\.title)
    let zone = "Europe/Moscow"
    let registryList = pipeline.registry.municipalities
    // Reports, in parallel over municipalities; each returns its manifest lines.
    final class Collected: @unchecked Sendable {
        let lock = NSLock()
        var manifest: [String] = []
        var failure: Error?
    }
    let collected = Collected()
    DispatchQueue.concurrentPerform(iterations: registryList.count) { index in
        do {
            var lines: [String] = []
            let municipality = registryList[index]
            for month in 1...12 {
                let plan = Plan(municipality: index, month: month)
                if plan.missing { continue }
                let period = YearMonth(year: 2021, month: month)
                let due = pipeline.calendar.dueDate(for: period).date
                var random = SplitMix64(seed: BenchData.seed &+ UInt64(index * 31 + month * 7))
                let received = plan.late ? due.adding(days: Int(random.next() % 5) + 1) : due.adding(days: -Int(random.next() % 7))
                let rows = measures.map { measure -> [CellValue] in
                    let passed = measure.schedule.dueMonths().contains { $0 <= period }
                    let started = (measure.schedule.start.map { YearMonth($0) <= period }) ?? true
                    let pick = Int(random.next() % 100)
                    var status: String
                    var date: CellValue = .empty
                    var result: CellValue = .empty
                    var reason: CellValue = .empty
                    if !started {
                        status = "Не начато"
                    } else if passed && pick < 80 || measure.schedule.kind == .recurring && pick < 60 {
                        status = "Выполнено"
                        let end = measure.schedule.end ?? period.lastDay
                        date = .date(min(end, period.lastDay))
                        result = .string("Проведено, охват \(pick + 5) человек")
                    } else if passed {
                        status = "Не выполнено"
                        reason = .string("Перенесено по решению МОУО")
                    } else {
                        status = pick < 95 ? "Выполняется" : "Не требуется"
                    }
                    return [.string(measure.id), .string(measure.title), .string(measure.deadlineText), .string(status),
                            date, result, status == "Выполнено" ? .number(Double(pick)) : .empty, reason, .empty]
                }
                let filled = CivilDate(year: received.year, month: received.month, day: received.day)
                let stem = "\(municipality.code)_\(period)"
                func write(_ name: String, broken: Bool) throws {
                    var data = rows
                    if broken { data[Int(random.next() % 60)][3] = .string("Готово") }
                    if plan.csv {
                        try writeCSV(directory + "/inbox/" + name + ".csv", municipality: municipality.name, period: period,
                                     filled: filled, columns: columns, rows: data)
                        lines.append(name + ".csv")
                    } else {
                        try writeXLSX(directory + "/inbox/" + name + ".xlsx", municipality: municipality.name, period: period,
                                      filled: filled, columns: columns, rows: data)
                        lines.append(name + ".xlsx")
                    }
                }
                try write(stem, broken: plan.invalid)
                lines[lines.count - 1] += ";" + Timestamp.iso(Timestamp.instant(CivilDateTime(date: received, hour: 10), zone: zone), zone: zone)
                if plan.corrected {
                    try write(stem + "_v2", broken: false)
                    let later = received.adding(days: 2)
                    lines[lines.count - 1] += ";" + Timestamp.iso(Timestamp.instant(CivilDateTime(date: later, hour: 15), zone: zone), zone: zone)
                }
            }
            collected.lock.lock()
            collected.manifest += lines
            collected.lock.unlock()
        } catch {
            collected.lock.lock()
            collected.failure = error
            collected.lock.unlock()
        }
    }
    if let failure = collected.failure { throw failure }
    let manifest = collected.manifest
    let text = "file;received_at\n" + manifest.sorted().joined(separator: "\n") + "\n"
    try Data(text.utf8).write(to: URL(fileURLWithPath: directory + "/inbox/received.csv"))
    print("svod-country municipalities=\(count) files=\(manifest.count) dir=\(directory)")
}

private func titleBlock(_ municipality: String, _ period: YearMonth, _ filled: CivilDate) -> [[CellValue]] {
    [[.string("Отчет о реализации дорожной карты")],
     [.string("Муниципальное образование"), .string(municipality)],
     [.string("Отчетный месяц"), .string("\(period)")],
     [.string("Дата заполнения"), .date(filled)]]
}

private func writeXLSX(_ path: String, municipality: String, period: YearMonth, filled: CivilDate, columns: [String],
                       rows: [[CellValue]]) throws {
    let writer = try XLSXWriter(path: path, options: .init(creationDate: CivilDateTime(date: filled), constantMemory: true))
    let sheet = try writer.addSheet(name: "Отчет")
    var row = 0
    for line in titleBlock(municipality, period, filled) {
        try sheet.writeRow(line, at: row)
        row += 1
    }
    row += 1
    try sheet.writeRow(columns.map { .string($0) }, at: row)
    for values in rows {
        row += 1
        try sheet.writeRow(values, at: row)
    }
    try writer.close()
}

private func writeCSV(_ path: String, municipality: String, period: YearMonth, filled: CivilDate, columns: [String],
                      rows: [[CellValue]]) throws {
    func field(_ value: CellValue) -> String {
        let text: String
        switch value {
        case .date(let date): text = date.russian
        case .number(let number): text = CellValue.format(number: number).replacingOccurrences(of: ".", with: ",")
        default: text = value.text
        }
        return text.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
    var lines = titleBlock(municipality, period, filled).map { $0.map(field).joined(separator: ";") }
    lines.append("")
    lines.append(columns.joined(separator: ";"))
    lines += rows.map { $0.map(field).joined(separator: ";") }
    guard let bytes = WindowsCyrillic.encode(lines.joined(separator: "\r\n") + "\r\n") else {
        throw SpreadsheetError(.csvEncoding, file: path, detail: "text outside Windows-1251")
    }
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

/// Validates every file of the country in parallel and consolidates every month of the year.
func national(directory: String, workers: Int) throws {
    let start = monotonicSeconds()
    let pipeline = try Pipeline.load(path: directory + "/pipeline.yaml")
    let items = try SubmissionFolder.scan(directory + "/inbox", zone: pipeline.definition.timeZone)
    let loaded = monotonicSeconds()
    let reports = BatchValidation.validate(items.map(\.path), pipeline: pipeline, workers: workers, keepSubmissions: false)
    let validated = monotonicSeconds()
    let received = zip(items, reports).map { ReceivedReport(report: $1, receivedAt: $0.receivedAt) }
    let asOf = Timestamp.parse("2022-01-20T12:00", zone: pipeline.definition.timeZone)!
    let consolidator = Consolidator(pipeline: pipeline)
    let year = consolidator.consolidate(received, periods: (1...12).map { ReportPeriod.month(YearMonth(year: 2021, month: $0)) }, asOf: asOf)
    let december = year.last
    let consolidated = monotonicSeconds()
    try ConsolidationWorkbook.write(december!, to: directory + "/national-2021-12.xlsx")
    let written = monotonicSeconds()
    try Data(ConsolidationJSON.render(december!).utf8).write(to: URL(fileURLWithPath: directory + "/national-2021-12.json"))
    let valid = reports.filter(\.isValid).count
    let total = written - start
    print("svod-national files=\(items.count) valid=\(valid) municipalities=\(pipeline.registry.municipalities.count) workers=\(workers) "
        + "load_seconds=\(format(loaded - start, 3)) validate_seconds=\(format(validated - loaded, 3)) "
        + "consolidate_seconds=\(format(consolidated - validated, 3)) write_seconds=\(format(written - consolidated, 3)) "
        + "ms_per_file=\(format((validated - loaded) * 1000 / Double(max(items.count, 1)), 3)) "
        + "files_per_s=\(format(Double(items.count) / (validated - loaded), 0)) seconds=\(format(total, 3))")
}

/// Validates the first `count` files of the country (every n-th, so XLSX and CSV, valid and
/// invalid come in their usual mix) on one thread: the per-file cost without the scheduling,
/// small enough to run under callgrind for instruction counts.
func validateFiles(directory: String, count: Int) throws {
    let pipeline = try Pipeline.load(path: directory + "/pipeline.yaml")
    let items = try SubmissionFolder.scan(directory + "/inbox", zone: pipeline.definition.timeZone)
    let stride = max(1, items.count / max(count, 1))
    let paths = Swift.stride(from: 0, to: items.count, by: stride).prefix(count).map { items[$0].path }
    let validator = Validator(pipeline: pipeline)
    let pool = StringPool()
    let start = monotonicSeconds()
    var valid = 0
    for path in paths where validator.validate(path: path, pool: pool).isValid { valid += 1 }
    let seconds = monotonicSeconds() - start
    print("svod-validate-files files=\(paths.count) valid=\(valid) seconds=\(format(seconds, 3)) "
        + "ms_per_file=\(format(seconds * 1000 / Double(max(paths.count, 1)), 3))")
}

/// `svod-bench matrix [MEASURES MUNICIPALITIES] FILE`: the «Матрица» sheet of the national
/// workbook written through Svod's writer, cell for cell and format for format what
/// `bench/write_matrix_c.c` writes with libxlsxwriter alone (same SplitMix64 stream, same texts,
/// fills, widths, panes and print setup), so the two times compare like for like.
func writeMatrix(measures: Int, municipalities: Int, path: String) throws {
    let texts = ["Выполнено", "Выполняется", "Не выполнено", "Не начато", "Не требуется", "—",
                 "! Выполняется", "! Не начато", "! —"]
    let fills: [UInt32] = [0xC6EFCE, 0xDDEBF7, 0xFFC7CE, 0xE7E6E6, 0xFFFFFF, 0xFFFFFF, 0xDDEBF7, 0xE7E6E6, 0xFFFFFF]
    let fonts: [UInt32] = [0x006100, 0x1F3864, 0x9C0006, 0, 0x7F7F7F, 0x808080, 0xC00000, 0xC00000, 0xC00000]
    let actions = ["Капитальный ремонт", "Текущий ремонт", "Строительство", "Реконструкция", "Благоустройство",
                   "Модернизация", "Оснащение", "Содержание", "Проектирование", "Обследование",
                   "Замена кровли", "Установка ограждения", "Озеленение территории", "Освещение территории", "Газификация",
                   "Подключение к сетям", "Снос", "Восстановление", "Расширение", "Инвентаризация"]
    let objects = ["общеобразовательной школы", "детского сада", "дома культуры", "автомобильной дороги", "многоквартирного дома",
                   "сельской библиотеки", "спортивной площадки", "водопроводной сети", "котельной", "городского парка"]
    // Labels prepared before the clock starts, as in the C program.
    let names = (0..<municipalities).map { CellValue.string("Муниципальное образование № \($0 + 1)") }
    let ids = (0..<measures).map { "\($0 / 20 + 1).\($0 % 20 + 1)" }
    let titles = (0..<measures).map { "\(actions[$0 % 20]) \(objects[($0 / 20) % 10]) \(ids[$0])" }
    let header = CellStyle(bold: true, fill: 0xD9E1F2, vertical: .center, wrap: true, border: true)
    let small = CellStyle(bold: true, fontSize: 9, fill: 0xD9E1F2, wrap: true, border: true)
    let plain = CellStyle(wrap: true, border: true)
    let statusStyles = texts.indices.map { index in
        CellStyle(bold: index >= 6, fontSize: 9, fontColor: fonts[index] == 0 ? nil : fonts[index], fill: fills[index],
                  horizontal: .center, vertical: .center, wrap: true, border: true)
    }
    let statusValues = texts.map { CellValue.string($0) }
    var random = SplitMix64(seed: BenchData.seed)

    let start = monotonicSeconds()
    let writer = try XLSXWriter(path: path, options: .init(
        creationDate: CivilDateTime(date: CivilDate(year: 2022, month: 1, day: 1)), title: "Svod national matrix benchmark"))
    let sheet = try writer.addSheet(name: "Матрица")
    try sheet.setColumn(width: 7, first: 0)
    try sheet.setColumn(width: 42, first: 1)
    try sheet.setColumn(width: 13, first: 2, last: municipalities + 1)
    try sheet.setRow(0, height: 30)
    try sheet.write(row: 0, column: 0, value: .string("№"), style: header)
    try sheet.write(row: 0, column: 1, value: .string("Мероприятие"), style: header)
    try sheet.writeRow(names, at: 0, startColumn: 2, style: small)
    try sheet.autofilter(CellRange(first: CellAddress(row: 0, column: 0), last: CellAddress(row: measures, column: municipalities + 1)))
    try sheet.freezePanes(row: 1, column: 2)
    try sheet.printSetup(landscape: true, fitToWidth: true, repeatRows: 0...0)
    for measure in 0..<measures {
        let row = measure + 1
        try sheet.write(row: row, column: 0, value: .string(ids[measure]), style: plain)
        try sheet.write(row: row, column: 1, value: .string(titles[measure]), style: plain)
        for municipality in 0..<municipalities {
            let status = Int(random.next() % UInt64(texts.count))
            try sheet.write(row: row, column: municipality + 2, value: statusValues[status], style: statusStyles[status])
        }
    }
    try writer.close()
    let seconds = monotonicSeconds() - start
    let columns = municipalities + 2
    print("svod-matrix cells=\((measures + 1) * columns) rows=\(measures + 1) columns=\(columns) "
        + "seconds=\(format(seconds, 3)) file=\(path)")
}
