import Foundation
import Testing
import Spreadsheet
@testable import SvodModel
@testable import SvodChecks
@testable import SvodConsolidation
@testable import SvodRun

/// The sample submissions in Samples/submissions/ (made by Samples/make_submissions.py; listed
/// file by file in Samples/submissions/README.md): the valid ones pass with exactly the expected
/// warnings, each invalid one yields exactly its planted diagnostics, and together they exercise
/// every diagnostic code Svod has.
@Suite struct SubmissionSamplesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let submissions = root.appendingPathComponent("Samples/submissions")

    /// The pipelines are loaded once (the roadmap import is the slow part).
    static let primorye = Result { try Pipeline.load(path: root.appendingPathComponent("Pipelines/primorye.yaml").path) }
    static let custom = Result { try Pipeline.load(path: submissions.appendingPathComponent("custom/primorye-custom.yaml").path) }
    static let shares = Result { try Pipeline.load(path: submissions.appendingPathComponent("custom/primorye-shares.yaml").path) }

    /// The pipelines a sample is checked against: the region's, or one of custom/'s.
    enum SamplePipeline: Sendable { case primorye, custom, shares }

    static func pipeline(_ sample: Sample) throws -> Pipeline {
        switch sample.pipeline {
        case .primorye: return try primorye.get()
        case .custom: return try custom.get()
        case .shares: return try shares.get()
        }
    }

    /// One sample: its path under Samples/submissions/, the pipeline it is checked against, who
    /// and what month Svod should take it to be, and its diagnostics as `cell code` (`-` for the
    /// whole file), in Svod's order.
    struct Sample: Sendable, CustomTestStringConvertible {
        var path: String
        var pipeline = SamplePipeline.primorye
        var oktmo: String?
        var period: String?
        var expected: [String]

        var testDescription: String { path }
    }

    static let valid: [Sample] = [
        Sample(path: "valid/05701000_2021-01.xlsx", oktmo: "05701000", period: "2021-01", expected: []),
        Sample(path: "valid/05703000_2021-02.xlsx", oktmo: "05703000", period: "2021-02", expected: []),
        Sample(path: "valid/05705000_2021-03.xlsx", oktmo: "05705000", period: "2021-03", expected: []),
        Sample(path: "valid/05707000_2021-04.xlsx", oktmo: "05707000", period: "2021-04", expected: []),
        Sample(path: "valid/05714000_2021-05.xlsx", oktmo: "05714000", period: "2021-05", expected: []),
        Sample(path: "valid/05624000_2021-06.xlsx", oktmo: "05624000", period: "2021-06", expected: []),
        Sample(path: "valid/05717000_2021-06.xlsx", oktmo: "05717000", period: "2021-06", expected: []),
        Sample(path: "valid/05723000_2021-03.csv", oktmo: "05723000", period: "2021-03", expected: []),
        Sample(path: "valid/05711000_2021-04_cp1251.csv", oktmo: "05711000", period: "2021-04", expected: []),
        // 1.3 as the date 01.03.2021, 2.10 as the number 2.1 (its title decides), 2.11 as 02.11.2021.
        Sample(path: "valid/05648000_2021-05_retyped_ids.xlsx", oktmo: "05648000", period: "2021-05", expected: [
            "A13 measure-id-recovered", "A20 measure-id-recovered", "A21 measure-id-recovered",
        ]),
        Sample(path: "valid/05638000_2021-06_libreoffice.xlsx", oktmo: "05638000", period: "2021-06", expected: []),
        // 05701000_2021-01.xlsx saved by LibreOffice as ODS.
        Sample(path: "valid/05701000_2021-01_libreoffice.ods", oktmo: "05701000", period: "2021-01", expected: []),
    ]

    static let invalid: [Sample] = [
        // An Excel 97–2003 workbook that is not a report: read, no report table in it.
        Sample(path: "invalid/legacy.xls", expected: ["- header-not-found"]),
        // Excel 5.0/95 (BIFF5) is still refused.
        Sample(path: "invalid/excel95.xls", expected: ["- file-refused"]),
        Sample(path: "invalid/no_table.xlsx", expected: ["- header-not-found"]),
        Sample(path: "invalid/empty_report.xlsx", oktmo: "05701000", period: "2021-01", expected: [
            "- report-empty", "- measure-missing", "- measure-missing",
        ]),
        Sample(path: "invalid/columns_reworked.csv", oktmo: "05701000", period: "2021-03", expected: [
            "A9 column-missing", "A9 column-missing", "H9 column-unknown", "I9 column-duplicate",
        ]),
        Sample(path: "invalid/title_blank.xlsx", expected: ["- municipality-missing", "- period-missing"]),
        Sample(path: "invalid/title_unknown_05701000_2021-03.xlsx", oktmo: "05701000", period: "2021-03", expected: [
            "C2 municipality-unknown", "C4 period-invalid",
        ]),
        // The file name and the OKTMO code outvote the title block's name.
        Sample(path: "invalid/wrong_municipality_05701000_2021-03.xlsx", oktmo: "05701000", period: "2021-03", expected: [
            "C2 municipality-mismatch",
        ]),
        // The file name and the name in C2 outvote the OKTMO code in C3, which is marked.
        Sample(path: "invalid/wrong_oktmo_05701000_2021-03.xlsx", oktmo: "05701000", period: "2021-03", expected: [
            "C3 oktmo-mismatch",
        ]),
        Sample(path: "invalid/wrong_month_05701000_2021-03.xlsx", oktmo: "05701000", period: "2021-02", expected: [
            "C4 period-mismatch",
        ]),
        Sample(path: "invalid/outside_roadmap_05701000_2022-01.xlsx", oktmo: "05701000", period: "2022-01", expected: [
            "C4 period-outside-roadmap",
        ]),
        // Its missing row, 3.1, is the institute's own measure (ГАУ ДПО ПК ИРО): nobody owes it.
        Sample(path: "invalid/measures.xlsx", oktmo: "05701000", period: "2021-03", expected: [
            "B14 title-mismatch", "A24 measure-id-missing", "A25 measure-unknown", "A26 measure-duplicate",
        ]),
        Sample(path: "invalid/mangled_ids_ambiguous.xlsx", oktmo: "05701000", period: "2021-03", expected: [
            "- measure-missing", "A17 measure-id-ambiguous", "A18 measure-id-recovered",
        ]),
        Sample(path: "invalid/status_and_values.xlsx", oktmo: "05701000", period: "2021-03", expected: [
            "G11 number-out-of-range", "E12 date-invalid", "I14 text-too-long", "E15 date-outside-window",
            "H16 reason-missing", "E17 date-in-future", "F18 result-missing", "G18 number-invalid",
            "E19 completion-date-missing", "D22 status-invalid", "D23 status-missing",
        ]),
        // The same report saved by LibreOffice as ODS: the same diagnostics in the same cells.
        Sample(path: "invalid/status_and_values_libreoffice.ods", oktmo: "05701000", period: "2021-03", expected: [
            "G11 number-out-of-range", "E12 date-invalid", "I14 text-too-long", "E15 date-outside-window",
            "H16 reason-missing", "E17 date-in-future", "F18 result-missing", "G18 number-invalid",
            "E19 completion-date-missing", "D22 status-invalid", "D23 status-missing",
        ]),
        // 600 rows of another table under the report, two errors each: the first 1,000 of the
        // 1,200 are listed (rows 24–523), then the note saying so.
        Sample(path: "invalid/pasted_table.csv", oktmo: "05701000", period: "2021-03",
               expected: (24...523).flatMap { ["A\($0) measure-unknown", "D\($0) status-invalid"] } + ["- diagnostics-truncated"]),
        Sample(path: "custom/custom_columns.xlsx", pipeline: .custom, oktmo: "05701000", period: "2021-03", expected: [
            "J14 value-missing", "L18 rule-value-missing", "K23 value-not-in-list",
        ]),
        // 2.11 reached 5 pupils of 3; 1.1 all of them (allowed), 1.2 with no total (nothing to compare).
        Sample(path: "custom/share_exceeds.xlsx", pipeline: .shares, oktmo: "05701000", period: "2021-03", expected: [
            "J18 share-numerator-exceeds-denominator",
        ]),
        // Collection starts in February in the custom pipeline (`reporting.collect_from`).
        Sample(path: "custom/05701000_2021-01_before_collection.xlsx", pipeline: .custom, oktmo: "05701000", period: "2021-01",
               expected: ["C4 period-not-collected", "A10 column-missing", "A10 column-missing"]),
    ]

    static func validate(_ sample: Sample) throws -> FileReport {
        let pipeline = try pipeline(sample)
        let path = submissions.appendingPathComponent(sample.path).path
        try #require(FileManager.default.fileExists(atPath: path), "missing sample \(sample.path): run Samples/make_submissions.py")
        return Validator(pipeline: pipeline).validate(path: path)
    }

    static func flattened(_ report: FileReport) -> [String] {
        report.diagnostics.map { "\($0.cell?.a1 ?? "-") \($0.code.rawValue)" }
    }

    @Test(arguments: valid) func validSample(_ sample: Sample) throws {
        let report = try Self.validate(sample)
        #expect(report.isValid, "\(Self.flattened(report))")
        #expect(Self.flattened(report) == sample.expected)
        #expect(report.diagnostics.allSatisfy { $0.severity == .warning })
        #expect(report.municipality?.code == sample.oktmo)
        #expect(report.period?.description == sample.period)
        // Every row of the form reached the entries consolidation reads.
        let submission = try #require(report.submission)
        #expect(report.entries.count == submission.rows.count)
        #expect(report.entries.allSatisfy { $0.status != nil })
    }

    @Test(arguments: invalid) func invalidSample(_ sample: Sample) throws {
        let report = try Self.validate(sample)
        #expect(!report.isValid)
        #expect(Self.flattened(report) == sample.expected)
        #expect(report.municipality?.code == sample.oktmo)
        #expect(report.period?.description == sample.period)
    }

    /// The recovered ids are read as the measures they were typed for.
    @Test func retypedIdsAreRecovered() throws {
        let report = try Self.validate(Self.valid.first { $0.path.contains("retyped") }!)
        let ids = report.entries.map(\.measureID)
        #expect(Set(ids).count == ids.count)
        #expect(ids.contains("1.3") && ids.contains("2.1") && ids.contains("2.10") && ids.contains("2.11"))
        #expect(report.diagnostics.compactMap(\.value) == ["01.03.2021", "2.1", "02.11.2021"])
    }

    /// The tables above list every file in valid/, invalid/ and custom/ (so a new sample needs
    /// its expectations), and valid/ holds both CSV encodings and at least eight files.
    @Test func everySampleFileIsListed() throws {
        let files = FileManager.default
        func names(_ folder: String, extensions: Set<String> = ["xlsx", "xls", "csv", "ods"]) throws -> Set<String> {
            Set(try files.contentsOfDirectory(atPath: Self.submissions.appendingPathComponent(folder).path)
                .filter { extensions.contains(($0 as NSString).pathExtension.lowercased()) }
                .map { "\(folder)/\($0)" })
        }
        #expect(try names("valid") == Set(Self.valid.map(\.path)))
        #expect(try names("invalid").union(names("custom")) == Set(Self.invalid.map(\.path)))
        #expect(Self.valid.count >= 8)
        #expect(Self.valid.filter { $0.path.hasSuffix(".csv") }.count >= 2)
    }

    /// Together the samples trigger every code of the catalog.
    @Test func samplesCoverEveryDiagnosticCode() throws {
        var seen: Set<DiagnosticCode> = []
        for sample in Self.valid + Self.invalid {
            seen.formUnion(try Self.validate(sample).diagnostics.map(\.code))
        }
        let expected = Set(Validator.allCodes)
        let missing = expected.subtracting(seen).map(\.rawValue).sorted()
        #expect(missing == [], "codes no sample triggers: \(missing)")
        #expect(seen == expected)
    }

    /// `svod validate --format json` on an invalid sample: standard JSON in the documented shape,
    /// with `cell` (and `sheet`) null for a problem with the whole file.
    @Test func jsonReportHasTheDocumentedKeys() throws {
        let report = try Self.validate(Self.invalid.first { $0.path == "invalid/measures.xlsx" }!)
        let json = ValidationReport.json([report], language: .ru)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let files = try #require(root["files"] as? [[String: Any]])
        #expect(files.count == 1)
        let file = files[0]
        for key in ["file", "municipality", "period", "valid", "diagnostics"] {
            #expect(file[key] != nil, "no \(key)")
        }
        #expect(file["file"] as? String == "measures.xlsx")
        #expect(file["municipality"] as? String == "Владивостокский городской округ")
        #expect(file["period"] as? String == "2021-03")
        #expect(file["valid"] as? Bool == false)
        let diagnostics = try #require(file["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.count == report.diagnostics.count)
        for diagnostic in diagnostics {
            #expect(Set(diagnostic.keys).isSuperset(of: ["code", "severity", "sheet", "cell", "value", "message"]))
            #expect(Set(Validator.allCodes.map(\.rawValue)).contains(diagnostic["code"] as? String ?? ""))
            #expect(["error", "warning"].contains(diagnostic["severity"] as? String ?? ""))
            #expect(!(diagnostic["message"] as? String ?? "").isEmpty)
        }
        // A problem with the whole file has no sheet or cell.
        let whole = try Self.validate(Self.invalid.first { $0.path == "invalid/mangled_ids_ambiguous.xlsx" }!)
        let wholeRoot = try #require(try JSONSerialization.jsonObject(with: Data(ValidationReport.json([whole], language: .ru).utf8)) as? [String: Any])
        let fileLevel = try #require(((wholeRoot["files"] as? [[String: Any]])?.first?["diagnostics"] as? [[String: Any]])?.first)
        #expect(fileLevel["code"] as? String == "measure-missing")
        #expect(fileLevel["cell"] is NSNull)
        #expect(fileLevel["sheet"] is NSNull)
        #expect(fileLevel["value"] as? String == "2.10")
        let cellLevel = try #require(diagnostics.first { $0["code"] as? String == "measure-unknown" })
        #expect(cellLevel["cell"] as? String == "A25")
        #expect(cellLevel["sheet"] as? String == "Отчет")
        #expect(cellLevel["severity"] as? String == "error")
        #expect(cellLevel["value"] as? String == "5.1")
        let warning = try #require(diagnostics.first { $0["code"] as? String == "title-mismatch" })
        #expect(warning["severity"] as? String == "warning")
    }
}
