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
            case .json: try SheetDump.json(reader, sheet: info, document: document, to: out)
            case .csv: try SheetDump.csv(reader, to: out)
            case .table: try SheetDump.table(reader, sheet: info, document: document, language: global.lang, to: out)
            }
            out.flush()
        } catch let error as SpreadsheetError {
            out.flush()
            let failure = error.with(file: file)
            if format == .json {
                out.write(SheetDump.jsonError(failure, language: global.lang))
                out.flush()
            } else {
                printError("\(file): \(failure.code.rawValue): \(failure.message(global.lang))")
            }
            throw ExitStatus.dataError
        }
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
