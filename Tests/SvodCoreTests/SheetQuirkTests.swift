import Foundation
import Testing
import Spreadsheet
@testable import SvodModel
@testable import SvodChecks
@testable import SvodConsolidation
@testable import SvodRun

/// Issue 12, item 5, seen from `svod sheet` and the value parsers.
@Suite struct SheetQuirkTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("SpreadsheetTests/Fixtures")

    private func json(_ name: String) throws -> (text: String, interrupted: SpreadsheetError?) {
        let document = try SpreadsheetDocument.open(path: Self.fixtures.appendingPathComponent(name).path)
        let sink = StringSink()
        do {
            try SheetDump.json(try document.rows(.first), sheet: try document.sheet(.first), document: document, language: .en, to: sink)
        } catch let error as SheetDump.Interrupted {
            return (sink.text, error.error)
        }
        return (sink.text, nil)
    }

    @Test func timesAndDurationsInJSONAndTable() throws {
        let (text, interrupted) = try json("xlsx/time_of_day_and_duration.xlsx")
        #expect(interrupted == nil)
        #expect(text.contains(#"{"ref": "A1", "type": "time", "value": "14:30:00"}"#))
        #expect(text.contains(#"{"ref": "A2", "type": "duration", "value": "228:00:00"}"#))
        #expect(text.contains(#"{"ref": "E2", "type": "duration", "value": "-01:30:00"}"#))
        #expect(text.contains(#"{"ref": "A3", "type": "time", "value": "14:30:00"}"#))
        #expect(text.contains(#"{"ref": "F1", "type": "datetime", "value": "2021-06-10T14:30:00"}"#))
        #expect(!text.contains("1899-12-31") && !text.contains("1900-01"))
        #expect(try JSONSerialization.jsonObject(with: Data(text.utf8)) is [String: Any])

        let document = try SpreadsheetDocument.open(path: Self.fixtures.appendingPathComponent("xlsx/time_of_day_and_duration.xlsx").path)
        let sink = StringSink()
        try SheetDump.table(try document.rows(), sheet: try document.sheet(.first), document: document, language: .ru, to: sink)
        #expect(sink.text.contains("14:30:00"))
        #expect(sink.text.contains("228:00:00"))
    }

    /// A decoded `_x000D_` (CR) never rewinds the table's line; JSON escapes it.
    @Test func escapesInJSONAndTable() throws {
        let (text, _) = try json("xlsx/xstring_escapes.xlsx")
        #expect(text.contains(#"{"ref": "A1", "type": "string", "value": "строка1\r\nстрока2"}"#))
        #expect(text.contains(#"{"ref": "B1", "type": "string", "value": "имя_x000D_файла"}"#))
        let document = try SpreadsheetDocument.open(path: Self.fixtures.appendingPathComponent("xlsx/xstring_escapes.xlsx").path)
        let sink = StringSink()
        try SheetDump.table(try document.rows(), sheet: try document.sheet(.first), document: document, language: .ru, to: sink)
        #expect(!sink.text.contains("\r"))
        #expect(sink.text.contains("строка1⏎строка2"))
        #expect(sink.text.contains("итог⏎"))
    }

    /// Item 6 still holds on the new refusals: a CRC error found at the end of the sheet, after
    /// its cells were printed, ends one valid JSON document.
    @Test func crcErrorAfterCellsStillGivesValidJSON() throws {
        let (text, interrupted) = try json("xlsx/zip_crc_mismatch.xlsx")
        #expect(interrupted?.code == .corrupt)
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        #expect((parsed?["cells"] as? [Any])?.isEmpty == false)
        #expect((parsed?["error"] as? [String: Any])?["code"] as? String == "file-corrupt")
    }

    /// `svod sheet` without `--sheet`: the first visible worksheet, and the new refusal code,
    /// through the binary.
    @Test func svodSheetDefaultSheetAndDuplicateEntry() throws {
        guard let svod = SheetDumpTests.svod else {
            Issue.record("the svod binary is not built")
            return
        }
        func run(_ fixture: String) throws -> (Int32, [String: Any]?) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: svod)
            process.arguments = ["sheet", Self.fixtures.appendingPathComponent(fixture).path, "--format", "json"]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            try process.run()
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, try JSONSerialization.jsonObject(with: output) as? [String: Any])
        }
        let (status, sheet) = try run("xlsx/first_sheet_hidden_or_chart.xlsx")
        #expect(status == 0)
        #expect(sheet?["sheet"] as? String == "Отчет")
        let (refused, error) = try run("xlsx/zip_duplicate_entry.xlsx")
        #expect(refused == 1)
        let message = (error?["error"] as? [String: Any])
        #expect(message?["code"] as? String == "file-zip-duplicate-entry")
        #expect((message?["message"] as? String)?.contains("одинаковым именем") == true)
    }

    @Test func timesAndDurationsAreNeitherDatesNorNumbers() {
        for value in [CellValue.time(seconds: 52_200), .duration(seconds: 129_600), .time(seconds: 0)] {
            #expect(ValueParsing.date(value) == nil)
            #expect(ValueParsing.number(value) == nil)
            #expect(ValueParsing.month(value, period: .calendarYear(2021)) == nil)
        }
        // Dates and date-times still are.
        #expect(ValueParsing.date(.dateTime(CivilDateTime(date: CivilDate(year: 2021, month: 3, day: 1), hour: 9)))?.iso == "2021-03-01")
    }
}
