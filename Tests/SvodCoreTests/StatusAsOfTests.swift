import Foundation
import Testing
import Spreadsheet
@testable import SvodModel
@testable import SvodRun

/// `svod status --as-of T`: the month due as of T within the roadmap, and only the files
/// received by T; and a usage error exits 2 like every other.
@Suite(.serialized) struct StatusAsOfTests {
    @Test func statusAsOfCountsOnlyWhatWasReceivedByThen() throws {
        let root = try PipelineRunTests.makeRegion()
        defer { try? FileManager.default.removeItem(at: root) }
        let region = root.appendingPathComponent("region.yaml").path
        let valid = RunRecoveryTests.samples.appendingPathComponent("valid")
        // The January report arrives on 4 February, February's on 5 March.
        try RunRecoveryTests.copy(valid.appendingPathComponent("05701000_2021-01.xlsx"), into: root)
        #expect(try RunRecoveryTests.run(root, asOf: "2021-02-04T10:00").status == 0)
        try RunRecoveryTests.copy(valid.appendingPathComponent("05703000_2021-02.xlsx"), into: root)
        #expect(try RunRecoveryTests.run(root, asOf: "2021-03-05T10:00").status == 0)

        // As of 20 February the latest month due is January; February's file did not exist yet.
        let february = try RunRecoveryTests.svod(["status", region, "--as-of", "2021-02-20T12:00", "--format", "json"])
        #expect(february.status == 0, "\(february.stderr)")
        #expect(february.stdout.contains("\"period\": \"2021-01\""))
        let march = try RunRecoveryTests.svod(["status", region, "--as-of", "2021-03-20T12:00", "--period", "2021-02", "--format", "json"])
        #expect(march.stdout.contains("\"period\": \"2021-02\""))
        #expect(march.stdout.contains("\"Арсеньевский городской округ\", \"report\": \"on_time\""))
        let before = try RunRecoveryTests.svod(["status", region, "--as-of", "2021-03-01T12:00", "--period", "2021-02", "--format", "json"])
        let onTime = { (text: String) in text.components(separatedBy: "\"on_time\"").count - 1 }
        #expect(onTime(before.stdout) < onTime(march.stdout), "\(before.stdout)")
        // Far past the roadmap's end, the default month is its last, not a month outside it.
        let later = try RunRecoveryTests.svod(["status", region, "--as-of", "2030-06-01", "--format", "json"])
        #expect(later.stdout.contains("\"period\": \"2021-12\""), "\(later.stdout.prefix(200))")
    }

    @Test func usageErrorsExitTwo() throws {
        let missing = try RunRecoveryTests.svod(["validate", "report.xlsx"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("--pipeline"))
        let unknown = try RunRecoveryTests.svod(["no-such-command"])
        #expect(unknown.status == 2)
        let help = try RunRecoveryTests.svod(["--help"])
        #expect(help.status == 0)
    }
}

/// `svod template` refuses a month outside the roadmap with the code the validator would give
/// the report, and writes nothing.
@Suite struct TemplatePeriodTests {
    @Test func aFormOutsideTheRoadmapIsRefused() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("svod-forms-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let pipeline = DemoRegion.root.appendingPathComponent("Pipelines/primorye.yaml").path
        let refused = try RunRecoveryTests.svod(["template", "--pipeline", pipeline, "--period", "2022-01", "--all", "-o", directory])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("period-outside-roadmap: Отчетный месяц январь 2022 вне периода дорожной карты (01.01.2021–31.12.2021). Форма не выпускается."))
        #expect(!FileManager.default.fileExists(atPath: directory))
        let english = try RunRecoveryTests.svod(["template", "--pipeline", pipeline, "--period", "2020-12", "--all", "-o", directory,
                                                 "--lang", "en"])
        #expect(english.status == 2)
        #expect(english.stderr.contains("period-outside-roadmap: The reporting month 2020-12 is outside the roadmap period (2021-01-01–2021-12-31). No form is written."))
        let december = try RunRecoveryTests.svod(["template", "--pipeline", pipeline, "--period", "2021-12", "--municipality", "05701000",
                                                  "-o", directory])
        #expect(december.status == 0)
        #expect(FileManager.default.fileExists(atPath: directory + "/05701000_2021-12.xlsx"))
    }
}
