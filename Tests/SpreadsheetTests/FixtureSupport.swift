import Foundation
import Spreadsheet

/// Locates committed fixtures next to this file (no bundle resources needed).
enum Fixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    /// All non-empty cells of a sheet keyed by A1 reference, plus the merged ranges.
    static func read(_ name: String, sheet: SheetSelector = .first) throws -> (cells: [String: CellValue], merged: [String]) {
        let document = try SpreadsheetDocument.open(path: path(name))
        let reader = try document.rows(sheet)
        var cells: [String: CellValue] = [:]
        while let row = try reader.nextRow() {
            for cell in row.cells { cells[cell.address.a1] = cell.value }
        }
        return (cells, reader.mergedRanges.map(\.a1))
    }

    /// The error code that opening and reading every sheet of a file raises, if any.
    static func refusal(_ name: String, limits: ReadLimits = .default) -> SpreadsheetError? {
        do {
            let document = try SpreadsheetDocument.open(path: path(name), limits: limits)
            for sheet in document.sheets {
                _ = try document.rows(.position(sheet.index + 1)).readAll()
            }
            return nil
        } catch let error as SpreadsheetError {
            return error
        } catch {
            return nil
        }
    }
}

func date(_ y: Int, _ m: Int, _ d: Int) -> CellValue { .date(CivilDate(year: y, month: m, day: d)) }

func dateTime(_ y: Int, _ m: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int = 0) -> CellValue {
    .dateTime(CivilDateTime(date: CivilDate(year: y, month: m, day: d), hour: h, minute: mi, second: s))
}

/// A temporary directory removed when the value is released.
final class TemporaryDirectory {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("svod-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    deinit { try? FileManager.default.removeItem(at: url) }
}
