import Foundation
import Testing
@testable import SvodModel
@testable import SvodChecks
@testable import SvodConsolidation
@testable import SvodRun
import Spreadsheet

/// Reports saved as Excel 97–2003 `.xls` (LibreOffice's conversions of the sample reports,
/// `Tests/SpreadsheetTests/Fixtures/xls/libreoffice_*.xls`) validate exactly as their XLSX originals.
@Suite struct XLSValidationTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("SpreadsheetTests/Fixtures/xls")

    static func validate(_ path: String) throws -> FileReport {
        Validator(pipeline: try SubmissionSamplesTests.primorye.get()).validate(path: path)
    }

    static func flattened(_ report: FileReport) -> [String] {
        report.diagnostics.map { "\($0.sheet ?? "-") \($0.cell?.a1 ?? "-") \($0.code.rawValue)" }
    }

    @Test func validReportSavedAsXLSValidatesWithTheSameEntries() throws {
        let xls = try Self.validate(Self.fixtures.appendingPathComponent("libreoffice_05701000_2021-01.xls").path)
        let xlsx = try Self.validate(SubmissionSamplesTests.submissions.appendingPathComponent("valid/05701000_2021-01.xlsx").path)
        #expect(xls.isValid, "\(Self.flattened(xls))")
        #expect(xls.diagnostics.isEmpty)
        #expect(xls.submission?.format == .xls)
        #expect(xls.municipality?.code == "05701000")
        #expect(xls.period?.description == "2021-01")
        #expect(!xls.entries.isEmpty)
        #expect(xls.entries == xlsx.entries)
    }

    @Test func invalidReportSavedAsXLSGivesTheSameDiagnostics() throws {
        let xls = try Self.validate(Self.fixtures.appendingPathComponent("libreoffice_status_and_values.xls").path)
        let xlsx = try Self.validate(SubmissionSamplesTests.submissions.appendingPathComponent("invalid/status_and_values.xlsx").path)
        #expect(!xls.isValid)
        #expect(Self.flattened(xls).count == 11)
        #expect(Self.flattened(xls) == Self.flattened(xlsx))
        #expect(xls.diagnostics.map(\.value) == xlsx.diagnostics.map(\.value))
        #expect(xls.entries == xlsx.entries)
    }

    @Test func excel95IsRefused() throws {
        let report = try Self.validate(Self.fixtures.appendingPathComponent("biff5_book_stream.xls").path)
        #expect(Self.flattened(report) == ["- - file-refused"])
        #expect(report.diagnostics.first?.message(.en).contains("Excel 5.0/95") == true)
    }

    /// `--annotate` on an `.xls`: a new workbook of its values (as for CSV), with the marks.
    @Test func annotatedCopyOfAnXLSReport() throws {
        let report = try Self.validate(Self.fixtures.appendingPathComponent("libreoffice_status_and_values.xls").path)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("svod-xls-annotate-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let copy = try Annotation.write(report, into: directory, language: .ru)
        let target = copy.path
        #expect(target.hasSuffix("libreoffice_status_and_values.checked.xlsx"))
        // The clerk is told that the copy is a new .xlsx, not their own file.
        #expect(copy.plan == AnnotatedCopyPlan(format: .xlsx, source: .xls))
        #expect(copy.note(.ru) == "Файл Excel 97–2003 (.xls) возвращён в формате .xlsx: значения те же, оформление исходного файла не перенесено.")
        #expect(copy.note(.en)?.contains("returned as .xlsx") == true)
        let document = try SpreadsheetDocument.open(path: target)
        #expect(document.format == .xlsx)
        #expect(document.sheets.map(\.name) == ["Отчет", "Инструкция", "Проверка"])
        let original = try SpreadsheetDocument.open(path: report.path)
        let copied = try document.rows(.name("Отчет")).readAll()
        #expect(copied == (try original.rows(.name("Отчет")).readAll()))
        let summary = try document.rows(.name("Проверка")).readAll()
        #expect(summary.flatMap(\.cells).contains { $0.value == .string("status-invalid") })
    }
    /// `svod roadmap inspect` on a roadmap saved as `.xls` by LibreOffice: the same measures,
    /// schedules and warnings as from the XLSX.
    @Test func roadmapSavedAsXLSImportsTheSame() throws {
        let xls = try RoadmapImporter().importFile(Self.fixtures.appendingPathComponent("libreoffice_roadmap_gorodets-2020.xls").path)
        let xlsx = try RoadmapImporter().importFile(SubmissionSamplesTests.root.appendingPathComponent("Samples/roadmaps/gorodets-2020.xlsx").path)
        #expect(xls.measures.count == 40)
        #expect(xls.title == xlsx.title)
        #expect(xls.period == xlsx.period)
        #expect(xls.sections == xlsx.sections)
        #expect(xls.measures == xlsx.measures)
        #expect(xls.warnings.count == xlsx.warnings.count)
    }
}

/// `svod validate --annotate` names each copy after the content it holds and tells the clerk
/// when the copy is a conversion.
@Suite struct AnnotatedCopyNamingTests {
    @Test func copiesAreNamedByContentAndConversionsAreSaid() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("svod-annotate-cli-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let xls = XLSValidationTests.fixtures.appendingPathComponent("libreoffice_status_and_values.xls").path
        let xlsm = XLSValidationTests.fixtures.deletingLastPathComponent().appendingPathComponent("annotate/libreoffice_macro_enabled.xlsm").path
        let pipeline = DemoRegion.root.appendingPathComponent("Pipelines/primorye.yaml").path
        let result = try RunRecoveryTests.svod(["validate", xls, xlsm, "--pipeline", pipeline, "--annotate", directory])
        #expect(result.status == 1)
        let written = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(written == ["libreoffice_macro_enabled.checked.xlsm", "libreoffice_status_and_values.checked.xlsx"])
        #expect(result.stderr.contains("Файл Excel 97–2003 (.xls) возвращён в формате .xlsx"))
        // Said once: for the .xls, not for the macro-enabled workbook, which is the clerk's own file.
        #expect(result.stderr.components(separatedBy: "возвращён в формате").count == 2)
        let english = try RunRecoveryTests.svod(["validate", xls, "--pipeline", pipeline, "--annotate", directory, "--lang", "en"])
        #expect(english.stderr.contains("The Excel 97–2003 file (.xls) is returned as .xlsx"))
    }
}
