import Foundation
import Spreadsheet
import SvodModel

/// Where rendered text goes: standard output in the tool, a string in tests.
public protocol TextSink: AnyObject {
    func write(_ text: String)
}

/// A sink collecting text in memory.
public final class StringSink: TextSink {
    public private(set) var text = ""
    public init() {}
    public func write(_ text: String) { self.text += text }
}

/// The three renderings of a sheet that `svod sheet` prints: JSON (typed cells in row order),
/// CSV (values at their positions) and an aligned table for people. Every `CellValue` prints
/// as its `text` (a date in the table as `DD.MM.YYYY`): a time of day as `HH:MM:SS`, a duration
/// in total hours as `HHH:MM:SS`, with JSON `type` `time` and `duration`.
public enum SheetDump {
    /// Thrown by ``json(_:sheet:document:language:to:)`` after it has written a complete JSON
    /// document that ends with the refusal: the caller must not print anything more, only fail.
    public struct Interrupted: Error, Sendable {
        public let error: SpreadsheetError
    }

    /// Writes the sheet as one JSON object. The output is valid JSON whatever the reader does:
    /// a refusal met after cells were printed (a part found truncated at its end, a cap
    /// reached) closes the cells array and adds `"error": {"code", "message"}`, then throws
    /// ``Interrupted``.
    public static func json(_ reader: any RowReader, sheet: SheetInfo, document: SpreadsheetDocument, language: Language = .ru,
                            to out: some TextSink) throws {
        out.write("{\"sheet\": \(JSONText.string(sheet.name)), \"format\": \"\(document.format.rawValue)\"")
        if let dialect = document.csvDialect {
            out.write(", \"encoding\": \(JSONText.string(dialect.encoding.rawValue)), \"delimiter\": \(JSONText.string(String(dialect.delimiter)))")
        }
        out.write(", \"cells\": [")
        var first = true
        var failure: SpreadsheetError?
        do {
            while let row = try reader.nextRow() {
                for cell in row.cells {
                    out.write(first ? "\n  " : ",\n  ")
                    first = false
                    out.write("{\"ref\": \"\(cell.address.a1)\", \"type\": \"\(cell.value.typeName)\", \"value\": \(JSONText.value(cell.value))}")
                }
            }
        } catch let error as SpreadsheetError {
            failure = error.with(file: document.path)
        } catch {
            failure = SpreadsheetError(.fileUnreadable, file: document.path, detail: String(describing: error))
        }
        out.write(first ? "]" : "\n]")
        let merged = reader.mergedRanges.map { JSONText.string($0.a1) }.joined(separator: ", ")
        out.write(", \"merged\": [\(merged)]")
        if let failure {
            out.write(", \"error\": \(errorObject(failure, language: language))}\n")
            throw Interrupted(error: failure)
        }
        out.write("}\n")
    }

    private static func errorObject(_ error: SpreadsheetError, language: Language) -> String {
        "{\"code\": \(JSONText.string(error.code.rawValue)), \"message\": \(JSONText.string(error.message(language)))}"
    }

    /// The JSON printed instead of a sheet when the file is refused.
    public static func jsonError(_ error: SpreadsheetError, language: Language) -> String {
        "{\"error\": \(errorObject(error, language: language))}\n"
    }

    public static func csv(_ reader: any RowReader, to out: some TextSink) throws {
        var nextRow = 0
        while let row = try reader.nextRow() {
            // Keep row positions: blank lines stand for empty rows.
            while nextRow < row.index {
                out.write("\n")
                nextRow += 1
            }
            var column = 0
            var line = ""
            for cell in row.cells {
                while column < cell.address.column {
                    line += ","
                    column += 1
                }
                line += quoted(cell.value.text)
            }
            out.write(line + "\n")
            nextRow = row.index + 1
        }
    }

    private static func quoted(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public static func table(_ reader: any RowReader, sheet: SheetInfo, document: SpreadsheetDocument, language: Language,
                      to out: some TextSink) throws {
        let maxWidth = 40
        var rows: [Row] = []
        var widths: [Int: Int] = [:]
        while let row = try reader.nextRow() {
            for cell in row.cells {
                widths[cell.address.column] = min(maxWidth, max(widths[cell.address.column] ?? 1, display(cell.value).count))
            }
            rows.append(row)
        }
        let columns = (widths.keys.max() ?? -1) + 1
        let numberWidth = max(3, String(rows.last.map { $0.index + 1 } ?? 0).count)
        let header = language == .ru ? "Лист" : "Sheet"
        var title = "\(header): \(sheet.name) (\(document.format.rawValue)"
        if let dialect = document.csvDialect { title += ", \(dialect)" }
        out.write(title + ")\n")
        var line = pad("", numberWidth)
        for column in 0..<columns { line += " | " + pad(CellAddress.columnName(column), widths[column] ?? 1) }
        out.write(line + "\n")
        for row in rows {
            line = pad(String(row.index + 1), numberWidth)
            for column in 0..<columns { line += " | " + pad(display(row[column]), widths[column] ?? 1) }
            out.write(line + "\n")
        }
        if !reader.mergedRanges.isEmpty {
            let label = language == .ru ? "Объединенные ячейки" : "Merged ranges"
            out.write("\(label): \(reader.mergedRanges.map(\.a1).joined(separator: ", "))\n")
        }
    }

    /// A cell as the table shows it: dates as `DD.MM.YYYY`, times and durations as in the JSON,
    /// every line break (LF, CR LF, a lone CR such as a decoded `_x000D_`) as one `⏎`, so a
    /// cell never breaks or rewinds the table's line.
    private static func display(_ value: CellValue) -> String {
        switch value {
        case .date(let date): return date.russian
        case .string(let text), .error(let text):
            guard text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) else { return text }
            var shown = String.UnicodeScalarView()
            var afterCR = false
            for scalar in text.unicodeScalars {
                if scalar == "\n", afterCR {
                    afterCR = false
                    continue
                }
                afterCR = scalar == "\r"
                if scalar == "\n" || scalar == "\r" { shown.append("⏎") } else { shown.append(scalar) }
            }
            return String(shown)
        default: return value.text
        }
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        if text.count > width { return String(text.prefix(width - 1)) + "…" }
        return text + String(repeating: " ", count: width - text.count)
    }
}

