import Foundation
import Testing
@testable import SvodCore

@Suite struct SheetDumpTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("SpreadsheetTests/Fixtures")

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
            == #"{"error": {"code": "file-legacy-xls", "message": "The file is in the legacy Excel 97–2003 format (.xls). Open it and save it as an Excel workbook (.xlsx)."}}"# + "\n")
    }

    @Test func tableShowsRowNumbersAndMerges() throws {
        let table = try render("xlsx/openpyxl_types.xlsx", sheet: .first) { reader, info, document, sink in
            try SheetDump.table(reader, sheet: info, document: document, language: .ru, to: sink)
        }
        #expect(table.hasPrefix("Лист: Отчет (xlsx)\n"))
        #expect(table.contains("01.03.2021"))
        #expect(table.hasSuffix("Объединенные ячейки: A10:C10\n"))
    }
}
