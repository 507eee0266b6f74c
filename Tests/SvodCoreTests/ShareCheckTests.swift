import Foundation
import Testing
import Spreadsheet
@testable import SvodModel
@testable import SvodChecks

/// A share's numerator is at most its denominator (`share-numerator-exceeds-denominator`, on
/// the numerator's cell). The reports are real CSV files: Svod's March form for Vladivostok
/// under the sample schema with a share (custom/schema-shares.yaml: «Охвачено обучающихся»,
/// the numerator, in J and «Всего обучающихся», the denominator, in K), filled in validly, with
/// the share's two values set per measure.
@Suite struct ShareCheckTests {
    static func pipeline() throws -> Pipeline { try SubmissionSamplesTests.shares.get() }

    final class Folder {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("svod-shares-\(UUID().uuidString)")
        init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(at: url) }
    }

    /// Writes the filled form with `shares[id]` = (reached, total) as typed; returns its path and
    /// each measure's row number.
    static func report(_ shares: [String: (String, String)], in folder: Folder) throws -> (path: String, rows: [String: Int]) {
        let pipeline = try pipeline()
        let municipality = try #require(pipeline.registry.find(oktmo: "05701000"))
        let form = ReportTemplate(pipeline: pipeline, municipality: municipality, period: .month(YearMonth(year: 2021, month: 3)))
        let path = folder.url.appendingPathComponent(form.fileStem + ".csv").path
        try form.writeCSV(to: path)
        var lines = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self).components(separatedBy: "\r\n")
        var rows: [String: Int] = [:]
        for index in lines.indices {
            if lines[index].hasPrefix("Дата заполнения;") { lines[index] = "Дата заполнения;05.04.2021" }
            let fields = lines[index].split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            if fields.first == "№ мероприятия" {
                try #require(fields.suffix(2) == ["Охвачено обучающихся", "Всего обучающихся"], "the shares form changed: \(fields)")
            }
            guard let id = fields.first, let measure = pipeline.roadmap.measure(id: id) else { continue }
            let done = measure.schedule.kind == .date
            let tail = done ? ["Выполнено", measure.schedule.end!.russian, "Сделано", "1", "", ""] : ["Выполняется", "", "", "", "", ""]
            let share = shares[id] ?? ("", "")
            lines[index] = (fields.prefix(3) + tail + [share.0, share.1]).joined(separator: ";")
            rows[id] = index + 1
        }
        try Data(lines.joined(separator: "\r\n").utf8).write(to: URL(fileURLWithPath: path))
        return (path, rows)
    }

    static func validate(_ path: String) throws -> FileReport {
        Validator(pipeline: try pipeline()).validate(path: path)
    }

    static func flattened(_ report: FileReport) -> [String] {
        report.diagnostics.map { "\($0.cell?.a1 ?? "-") \($0.code.rawValue)" }
    }

    /// A part below or equal to its whole passes, and so does a share with either half empty.
    @Test func aPartUpToTheWholePasses() throws {
        let folder = try Folder()
        let (path, _) = try Self.report(["1.1": ("120", "480"), "1.2": ("480", "480"), "1.4": ("7", ""), "2.1": ("", "300")], in: folder)
        let report = try Self.validate(path)
        #expect(Self.flattened(report) == [])
        #expect(report.isValid)
        let entry = try #require(report.entries.first { $0.measureID == "1.2" })
        #expect(entry.numbers == ["pupils_reached": 480, "pupils_total": 480])
    }

    /// 5 reached of 3: the error sits on the numerator's cell, in Russian and in English.
    @Test func aPartAboveTheWholeIsAnErrorOnTheNumerator() throws {
        let folder = try Folder()
        let (path, rows) = try Self.report(["1.1": ("120", "480"), "2.11": ("5", "3")], in: folder)
        let report = try Self.validate(path)
        let row = try #require(rows["2.11"])
        #expect(Self.flattened(report) == ["J\(row) share-numerator-exceeds-denominator"])
        #expect(!report.isValid)
        let diagnostic = try #require(report.diagnostics.first)
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.file == (path as NSString).lastPathComponent)
        #expect(diagnostic.sheet != nil)
        #expect(diagnostic.value == "5")
        #expect(diagnostic.message.ru == "Числитель доли (5) больше знаменателя (3): в доле не может быть больше, чем всего. "
            + "Проверьте «Охвачено обучающихся» и «Всего обучающихся».")
        #expect(diagnostic.message.en == "The share's numerator (5) is greater than its denominator (3): a share cannot hold more than the whole. "
            + "Check «Охвачено обучающихся» and «Всего обучающихся».")
    }

    /// A value the value check refuses is reported by it alone: no share comparison on top.
    @Test func aRefusedValueIsNotComparedAgain() throws {
        let folder = try Folder()
        let (path, rows) = try Self.report(["2.11": ("много", "3"), "3.3": ("9", "-4")], in: folder)
        let report = try Self.validate(path)
        let (first, second) = (try #require(rows["2.11"]), try #require(rows["3.3"]))
        #expect(Self.flattened(report) == ["J\(first) number-invalid", "K\(second) number-out-of-range"])
    }

    /// Every row is compared, each error on its own numerator; the form under the default
    /// schema, which has no share, is never compared (its samples pass without this code).
    @Test func everyRowIsCompared() throws {
        let folder = try Folder()
        let (path, rows) = try Self.report(["1.1": ("481", "480"), "2.10": ("12", "11"), "4.3": ("2", "2")], in: folder)
        let report = try Self.validate(path)
        let expected = ["1.1", "2.10"].map { "J\(rows[$0]!) share-numerator-exceeds-denominator" }
        #expect(Self.flattened(report) == expected)
        #expect(report.diagnostics.map(\.message.ru).first?.hasPrefix("Числитель доли (481) больше знаменателя (480)") == true)
        #expect(ValidationPlan(schema: DemoRegion.pipeline.schema, roadmap: DemoRegion.pipeline.roadmap).shares.isEmpty)
        let plan = ValidationPlan(schema: try Self.pipeline().schema, roadmap: try Self.pipeline().roadmap)
        #expect(plan.shares.map(\.group) == ["coverage"])
    }
}
