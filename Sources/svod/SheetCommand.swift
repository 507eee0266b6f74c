import ArgumentParser
import Foundation
import SvodCore

/// `svod sheet`: prints a spreadsheet exactly as Svod's reader sees it.
struct SheetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sheet",
        abstract: "Print an XLSX or CSV sheet as Svod reads it: typed cells, merged ranges, dialect.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, csv, json
    }

    @Argument(help: "The XLSX or CSV file.")
    var file: String

    @Option(name: .long, help: "The sheet: its name or 1-based number (default: the first).")
    var sheet: String?

    @Option(name: .long, help: "Output format: table, csv or json.")
    var format: Format = .table

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let out = OutputStream()
        do {
            let document = try SpreadsheetDocument.open(path: file)
            let selector = sheet.map(SheetSelector.init(argument:)) ?? .first
            let info = try document.sheet(selector)
            let reader = try document.rows(selector)
            switch format {
            case .json: try SheetRendering.json(reader, sheet: info, document: document, to: out)
            case .csv: try SheetRendering.csv(reader, to: out)
            case .table: try SheetRendering.table(reader, sheet: info, document: document, language: global.lang, to: out)
            }
            out.flush()
        } catch let error as SpreadsheetError {
            out.flush()
            let failure = error.with(file: file)
            if format == .json {
                out.write("{\"error\": {\"code\": \(JSONText.string(failure.code.rawValue)), \"message\": \(JSONText.string(failure.message(global.lang)))}}\n")
                out.flush()
            } else {
                printError("\(file): \(failure.code.rawValue): \(failure.message(global.lang))")
            }
            throw ExitStatus.dataError
        }
    }
}

/// The three renderings of a sheet.
enum SheetRendering {
    static func json(_ reader: any RowReader, sheet: SheetInfo, document: SpreadsheetDocument, to out: OutputStream) throws {
        out.write("{\"sheet\": \(JSONText.string(sheet.name)), \"format\": \"\(document.format.rawValue)\"")
        if let dialect = document.csvDialect {
            out.write(", \"encoding\": \(JSONText.string(dialect.encoding.rawValue)), \"delimiter\": \(JSONText.string(String(dialect.delimiter)))")
        }
        out.write(", \"cells\": [")
        var first = true
        while let row = try reader.nextRow() {
            for cell in row.cells {
                out.write(first ? "\n  " : ",\n  ")
                first = false
                out.write("{\"ref\": \"\(cell.address.a1)\", \"type\": \"\(cell.value.typeName)\", \"value\": \(JSONText.value(cell.value))}")
            }
        }
        out.write(first ? "]" : "\n]")
        let merged = reader.mergedRanges.map { JSONText.string($0.a1) }.joined(separator: ", ")
        out.write(", \"merged\": [\(merged)]}\n")
    }

    static func csv(_ reader: any RowReader, to out: OutputStream) throws {
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

    static func table(_ reader: any RowReader, sheet: SheetInfo, document: SpreadsheetDocument, language: Language,
                      to out: OutputStream) throws {
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

    private static func display(_ value: CellValue) -> String {
        switch value {
        case .date(let date): return date.russian
        default: return value.text.replacingOccurrences(of: "\n", with: "⏎")
        }
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        if text.count > width { return String(text.prefix(width - 1)) + "…" }
        return text + String(repeating: " ", count: width - text.count)
    }
}

func printError(_ message: String) {
    var standardError = StandardError()
    print(message, to: &standardError)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandle.standardError.write(Data(string.utf8))
    }
}
