import Foundation
import Testing
import Spreadsheet
@testable import SvodModel
@testable import SvodChecks
@testable import SvodConsolidation
@testable import SvodRun

/// The command line through the real binary: a bad `--period` or `--as-of` is refused with one
/// sentence, the same for every command, in Russian or (with `--lang en`) in English; and
/// `svod consolidate` writes the bytes the folder job always wrote.
@Suite struct CLIArgumentTests {
    static let month = (
        ru: "«2021-13» — не отчетный месяц: --period пишется как ГГГГ-ММ, например 2021-03 (квартал — 2021-Q1, полугодие — 2021-H1, год — 2021, учебный год — 2020-2021).",
        en: "«2021-13» is not a reporting month: --period is written YYYY-MM, for example 2021-03 (a quarter 2021-Q1, a half-year 2021-H1, a year 2021, a school year 2020-2021).")
    static let moment = (
        ru: "«yesterday» — не момент времени: --as-of пишется как ГГГГ-ММ-ДД или ГГГГ-ММ-ДДTЧЧ:ММ[:СС], по времени региона или с Z или ±ЧЧ:ММ.",
        en: "«yesterday» is not a moment: --as-of is written YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS], in the region's time zone or with Z or ±HH:MM.")

    /// Every command with a `--period`, given `2021-13`, over a fresh region folder.
    static func badPeriodCommands(_ root: URL) -> [[String]] {
        let region = root.appendingPathComponent("region.yaml").path
        let out = root.appendingPathComponent("out").path
        let file = PipelineRunTests.inbox.appendingPathComponent("05701000_2021-03.xlsx").path
        return [
            ["consolidate", "--pipeline", region, "--period", "2021-13", "-o", out + "/c.xlsx"],
            ["template", "--pipeline", region, "--period", "2021-13", "--all", "-o", out],
            ["validate", file, "--pipeline", region, "--period", "2021-13"],
            ["run", region, "--period", "2021-13"],
            ["status", region, "--period", "2021-13"],
        ]
    }

    /// The refusal's first line, and that the command did nothing (exit status 2, no output).
    static func refusal(_ arguments: [String], root: URL) throws -> String {
        let result = try RunRecoveryTests.svod(arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("out").path))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("work").path))
        return String(result.stderr.split(separator: "\n").first ?? "")
    }

    @Test func aBadPeriodIsOneSentenceInEitherLanguage() throws {
        let root = try PipelineRunTests.makeRegion()
        defer { try? FileManager.default.removeItem(at: root) }
        for command in Self.badPeriodCommands(root) {
            #expect(try Self.refusal(command, root: root) == "Error: " + Self.month.ru)
            #expect(try Self.refusal(command + ["--lang", "en"], root: root) == "Error: " + Self.month.en)
            // `--lang` anywhere, in either spelling.
            let early = [command[0], "--lang=en"] + command.dropFirst()
            #expect(try Self.refusal(early, root: root) == "Error: " + Self.month.en)
            #expect(try Self.refusal(command + ["--lang", "ru"], root: root) == "Error: " + Self.month.ru)
        }
    }

    @Test func aBadAsOfIsOneSentenceInEitherLanguage() throws {
        let root = try PipelineRunTests.makeRegion()
        defer { try? FileManager.default.removeItem(at: root) }
        let region = root.appendingPathComponent("region.yaml").path
        for command in [["run", region, "--as-of", "yesterday"],
                        ["consolidate", "--pipeline", region, "--period", "2021-03", "--as-of", "yesterday",
                         "-o", root.appendingPathComponent("out/c.xlsx").path]] {
            #expect(try Self.refusal(command, root: root) == "Error: " + Self.moment.ru)
            #expect(try Self.refusal(command + ["--lang", "en"], root: root) == "Error: " + Self.moment.en)
        }
        // Each sentence names what was typed; a moment that is almost one is refused as well.
        let late = try Self.refusal(["run", region, "--as-of", "2021-04-11T25:00", "--lang", "en"], root: root)
        #expect(late == "Error: " + Self.moment.en.replacingOccurrences(of: "«yesterday»", with: "«2021-04-11T25:00»"))
    }

    /// Good values still parse: a day, a wall-clock time, and a time with an offset.
    @Test(arguments: ["2021-04-11", "2021-04-11T18:00", "2021-04-11T08:00:00Z", "2021-04-11T18:00+10:00"])
    func goodMomentsAreTaken(_ asOf: String) throws {
        let root = try PipelineRunTests.makeRegion()
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try RunRecoveryTests.svod(["run", root.appendingPathComponent("region.yaml").path, "--as-of", asOf, "--period", "2021-03"])
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// `svod consolidate` over the demo's mail writes, byte for byte, what scanning the folder,
    /// checking every file and consolidating the month always wrote.
    @Test(arguments: ["2021-01", "2021-02", "2021-03", "2021-04"], Language.allCases)
    func consolidateWritesTheDemoAsBefore(_ period: String, _ language: Language) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("svod-consolidate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let inbox = PipelineRunTests.inbox.path
        let workbook = folder.appendingPathComponent("made/svod.xlsx").path
        let json = folder.appendingPathComponent("made/svod.json").path
        let result = try RunRecoveryTests.svod([
            "consolidate", "--pipeline", DemoRegion.pipelinePath, "--period", period, "--as-of", "2021-05-20T12:00",
            "--from", inbox, "-o", workbook, "--json", json, "--lang", language.rawValue,
        ])
        #expect(result.status == 0, "\(result.stderr)")

        // The steps as `svod consolidate` spelled them out before it called the job.
        let pipeline = DemoRegion.pipeline
        let zone = pipeline.definition.timeZone
        let month = try #require(ReportPeriod(text: period))
        let asOf = try #require(Timestamp.parse("2021-05-20T12:00", zone: zone))
        let validator = Validator(pipeline: pipeline)
        let received = try SubmissionFolder.scan(inbox, zone: zone)
            .map { ReceivedReport(report: validator.validate(path: $0.path), receivedAt: $0.receivedAt) }
        let expected = Consolidator(pipeline: pipeline).consolidate(received, period: month, asOf: asOf)
        let expectedWorkbook = folder.appendingPathComponent("expected.xlsx").path
        try ConsolidationWorkbook.write(expected, to: expectedWorkbook, language: language)

        #expect(try Data(contentsOf: URL(fileURLWithPath: workbook)) == Data(contentsOf: URL(fileURLWithPath: expectedWorkbook)))
        #expect(try String(contentsOfFile: json, encoding: .utf8) == ConsolidationJSON.render(expected, language: language))
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2 && lines.last == workbook)
        let head = language == .ru ? "Свод за \(period): МО \(expected.municipalities.count), в срок \(expected.onTimeCount),"
                                   : "Consolidation for \(period): \(expected.municipalities.count) municipalities, \(expected.onTimeCount) on time,"
        #expect(lines.first?.hasPrefix(head) == true, "\(lines)")
    }
}
