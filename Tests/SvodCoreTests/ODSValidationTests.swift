import Foundation
import Testing
import Spreadsheet
@testable import SvodModel
@testable import SvodChecks
@testable import SvodConsolidation
@testable import SvodRun

/// Reports saved by LibreOffice as ODS validate exactly like their XLSX originals.
@Suite struct ODSValidationTests {
    static func report(_ path: String) throws -> FileReport {
        let pipeline = try SubmissionSamplesTests.primorye.get()
        return Validator(pipeline: pipeline).validate(path: SubmissionSamplesTests.submissions.appendingPathComponent(path).path)
    }

    static func located(_ report: FileReport) -> [String] {
        report.diagnostics.map { "\($0.cell?.a1 ?? "-") \($0.code.rawValue) \($0.sheet ?? "")" }
    }

    @Test func validODSHasTheSameEntriesAsTheXLSX() throws {
        let xlsx = try Self.report("valid/05701000_2021-01.xlsx")
        let ods = try Self.report("valid/05701000_2021-01_libreoffice.ods")
        #expect(ods.isValid, "\(Self.located(ods))")
        #expect(ods.submission?.format == .ods)
        #expect(ods.entries == xlsx.entries)
        #expect(!ods.entries.isEmpty)
        #expect(ods.municipality?.code == xlsx.municipality?.code)
        #expect(ods.period == xlsx.period)
        #expect(ods.submission?.sheet == xlsx.submission?.sheet)
        #expect(Self.located(ods) == Self.located(xlsx))
    }

    @Test func invalidODSHasTheSameDiagnosticsAsTheXLSX() throws {
        let xlsx = try Self.report("invalid/status_and_values.xlsx")
        let ods = try Self.report("invalid/status_and_values_libreoffice.ods")
        #expect(!ods.isValid)
        #expect(Self.located(ods) == Self.located(xlsx))
        #expect(ods.diagnostics.map(\.value) == xlsx.diagnostics.map(\.value))
        #expect(ods.diagnostics.count == 11)
    }

    @Test func annotatingAnODSReportWritesTheCheckedWorkbook() throws {
        let ods = try Self.report("invalid/status_and_values_libreoffice.ods")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("svod-ods-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let target = try Annotation.write(ods, into: directory, language: .ru).path
        #expect(target.hasSuffix("status_and_values_libreoffice.checked.ods"))
        // The clerk's own ODS, with the same sheets and values and the «Проверка» sheet appended.
        let copy = try SpreadsheetDocument.open(path: target)
        let original = try SpreadsheetDocument.open(path: ods.path)
        #expect(copy.format == .ods)
        #expect(copy.sheets.map(\.name) == original.sheets.map(\.name) + ["Проверка"])
        for sheet in original.sheets {
            #expect(try copy.rows(.position(sheet.index + 1)).readAll() == original.rows(.position(sheet.index + 1)).readAll())
        }
        #expect(try copy.rows(.name("Проверка")).readAll().count == ods.diagnostics.count + 1)
    }
}
