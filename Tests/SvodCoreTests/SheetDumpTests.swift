import Foundation
import Testing
import Spreadsheet
@testable import SvodModel
@testable import SvodChecks
@testable import SvodConsolidation
@testable import SvodRun

@Suite struct SheetDumpTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("SpreadsheetTests/Fixtures")

    /// The `svod` executable built next to the test bundle (as PipelineRunTests finds it).
    static let svod: String? = {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return [directory, directory.deletingLastPathComponent()].map { $0.appendingPathComponent("svod").path }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    private func render(_ name: String, sheet: SheetSelector, _ body: (any RowReader, SheetInfo, SpreadsheetDocument, StringSink) throws -> Void) throws -> String {
        let document = try SpreadsheetDocument.open(path: Self.fixtures.appendingPathComponent(name).path)
        let sink = StringSink()
        try body(try document.rows(sheet), try document.sheet(sheet), document, sink)
        return sink.text
    }

    @Test func jsonHasTheDocumentedShape() throws {
        let json = try render("xlsx/inline_rich_prefixed.xlsx", sheet: .name("Второй")) { reader, info, document, sink in
            try SheetDump.json(reader, sheet: info, document: document, to: sink)
        }
        #expect(json == """
            {"sheet": "Второй", "format": "xlsx", "cells": [
              {"ref": "A1", "type": "string", "value": "Справочник & Ко"},
              {"ref": "A2", "type": "number", "value": 1},
              {"ref": "B2", "type": "string", "value": "Жирный текст"}
            ], "merged": []}

            """)
        // It is JSON a standard parser accepts.
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect((parsed?["cells"] as? [Any])?.count == 3)
    }

    @Test func jsonTypesDatesAndMerges() throws {
        let json = try render("xlsx/openpyxl_types.xlsx", sheet: .first) { reader, info, document, sink in
            try SheetDump.json(reader, sheet: info, document: document, to: sink)
        }
        #expect(json.contains(#"{"ref": "A4", "type": "date", "value": "2021-03-01"}"#))
        #expect(json.contains(#"{"ref": "B4", "type": "datetime", "value": "2021-06-10T14:30:00"}"#))
        #expect(json.contains(#"{"ref": "C2", "type": "bool", "value": true}"#))
        #expect(json.contains(#"{"ref": "E1", "type": "number", "value": 12.5}"#))
        #expect(json.hasSuffix(#""merged": ["A10:C10"]}"# + "\n"))
    }

    @Test func csvKeepsPositionsAndDialectIsReported() throws {
        let csv = try render("xlsx/openpyxl_types.xlsx", sheet: .name("Справочник")) { reader, _, _, sink in
            try SheetDump.csv(reader, to: sink)
        }
        #expect(csv == "Код,Наименование\n1,Первый\n2,Второй\n")
        let json = try render("csv/cp1251_semicolon.csv", sheet: .first) { reader, info, document, sink in
            try SheetDump.json(reader, sheet: info, document: document, to: sink)
        }
        #expect(json.hasPrefix(#"{"sheet": "cp1251_semicolon", "format": "csv", "encoding": "windows-1251", "delimiter": ";""#))
    }

    @Test func refusalAsJSON() {
        let error = SpreadsheetError(.legacyXLS, file: "отчет.xls")
        #expect(SheetDump.jsonError(error, language: .en)
            == #"{"error": {"code": "file-legacy-xls", "message": "The file is in an old Excel format Svod does not read (Excel 5.0/95 or older, or a web page or XML saved as .xls). Open it and save it as an Excel workbook (.xlsx)."}}"# + "\n")
    }

    @Test func tableShowsRowNumbersAndMerges() throws {
        let table = try render("xlsx/openpyxl_types.xlsx", sheet: .first) { reader, info, document, sink in
            try SheetDump.table(reader, sheet: info, document: document, language: .ru, to: sink)
        }
        #expect(table.hasPrefix("Лист: Отчет (xlsx)\n"))
        #expect(table.contains("01.03.2021"))
        #expect(table.hasSuffix("Объединенные ячейки: A10:C10\n"))
    }
    /// Issue 11: a refusal met after cells were printed (here: the sheet part ends after its
    /// third row) used to leave the cells array open. The JSON is now complete and carries the
    /// refusal, and the caller learns of it through `Interrupted`.
    @Test func refusalAfterCellsStillGivesValidJSON() throws {
        let document = try SpreadsheetDocument.open(path: Self.fixtures.appendingPathComponent("xlsx/truncated_after_row.xlsx").path)
        let sink = StringSink()
        var interrupted: SheetDump.Interrupted?
        do {
            try SheetDump.json(try document.rows(.first), sheet: try document.sheet(.first), document: document, language: .en, to: sink)
        } catch let error as SheetDump.Interrupted {
            interrupted = error
        }
        #expect(interrupted?.error.code == .xmlMalformed)
        let parsed = try JSONSerialization.jsonObject(with: Data(sink.text.utf8)) as? [String: Any]
        #expect((parsed?["cells"] as? [Any])?.isEmpty == false)
        let error = parsed?["error"] as? [String: Any]
        #expect(error?["code"] as? String == "file-xml-malformed")
        #expect((error?["message"] as? String)?.contains("truncated") == true)
        #expect(sink.text.hasSuffix("}}\n"))
    }

    /// The same through the binary: valid JSON on standard output, exit status 1.
    @Test func svodSheetPrintsValidJSONAndFailsOnATruncatedSheet() throws {
        guard let svod = Self.svod else {
            Issue.record("the svod binary is not built")
            return
        }
        for (fixture, code) in [("xlsx/truncated_after_row.xlsx", "file-xml-malformed"), ("xlsx/zip_bomb_false_size.xlsx", "file-zip-bomb"),
                                ("xls/biff5_book_stream.xls", "file-legacy-xls")] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: svod)
            process.arguments = ["sheet", Self.fixtures.appendingPathComponent(fixture).path, "--format", "json"]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            try process.run()
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 1, "\(fixture)")
            let parsed = try JSONSerialization.jsonObject(with: output) as? [String: Any]
            #expect((parsed?["error"] as? [String: Any])?["code"] as? String == code, "\(fixture)")
        }
    }
}
