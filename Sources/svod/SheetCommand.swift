import ArgumentParser
import Foundation
import Spreadsheet
import SvodChecks

/// `svod sheet`: prints a spreadsheet exactly as Svod's reader sees it.
struct SheetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sheet",
        abstract: "Print an XLSX, ODS or CSV sheet as Svod reads it: typed cells, merged ranges, dialect.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, csv, json
    }

    @Argument(help: "The XLSX, ODS or CSV file.")
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
            case .json: try SheetDump.json(reader, sheet: info, document: document, language: global.lang, to: out)
            case .csv: try SheetDump.csv(reader, to: out)
            case .table: try SheetDump.table(reader, sheet: info, document: document, language: global.lang, to: out)
            }
            out.flush()
        } catch let interrupted as SheetDump.Interrupted {
            // The JSON is complete and names the refusal; only the exit status is left.
            out.flush()
            if format != .json { report(interrupted.error) }
            throw ExitStatus.dataError
        } catch let error as SpreadsheetError {
            out.flush()
            report(error)
            throw ExitStatus.dataError
        } catch where format == .json {
            // Whatever else fails, `--format json` still prints one JSON document.
            out.flush()
            report(SpreadsheetError(.fileUnreadable, file: file, detail: String(describing: error)))
            throw ExitStatus.dataError
        }
    }

    private func report(_ error: SpreadsheetError) {
        let failure = error.with(file: file)
        if format == .json {
            let out = OutputStream()
            out.write(SheetDump.jsonError(failure, language: global.lang))
            out.flush()
        } else {
            printError("\(file): \(failure.code.rawValue): \(failure.message(global.lang))")
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
