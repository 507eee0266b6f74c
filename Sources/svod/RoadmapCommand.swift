import ArgumentParser
import Foundation
import Spreadsheet
import SvodModel

/// `svod roadmap`: import, inspect and normalize roadmap tables.
struct RoadmapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roadmap",
        abstract: "Import a roadmap table and show or normalize its measures and schedules.",
        subcommands: [Inspect.self, Normalize.self])

    /// Options naming the roadmap and its period.
    struct Source: ParsableArguments {
        @Argument(help: "The roadmap: XLSX, ODS, CSV or normalized YAML.")
        var file: String

        @Option(name: .long, help: "The sheet holding the table: its name or 1-based number.")
        var sheet: String?

        @Option(name: .long, help: "First day of the roadmap period (YYYY-MM-DD), when the title does not say.")
        var periodStart: String?

        @Option(name: .long, help: "Last day of the roadmap period (YYYY-MM-DD).")
        var periodEnd: String?

        func load(_ language: Language) throws -> Roadmap {
            var override: RoadmapPeriod?
            if periodStart != nil || periodEnd != nil {
                guard let start = periodStart.flatMap({ CivilDate(iso: $0) }), let end = periodEnd.flatMap({ CivilDate(iso: $0) }),
                      start <= end else {
                    throw ValidationError(language == .ru
                        ? "--period-start и --period-end — обе даты ГГГГ-ММ-ДД, начало не позже конца."
                        : "--period-start and --period-end must both be YYYY-MM-DD dates, start before end.")
                }
                override = RoadmapPeriod(start: start, end: end, kind: start.year == end.year ? .calendarYear : .years)
            }
            let importer = RoadmapImporter(periodOverride: override)
            return try importer.importFile(file, sheet: sheet.map(SheetSelector.init(argument:)) ?? .first)
        }
    }

    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the roadmap's measures with their parsed schedules and the import warnings.")

        @OptionGroup var source: Source
        @Flag(name: .long, help: "Print JSON instead of text.")
        var json = false
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let roadmap = try withRoadmapErrors(global.lang) { try source.load(global.lang) }
            let out = OutputStream()
            if json {
                out.write(RoadmapJSON.render(roadmap, language: global.lang))
            } else {
                out.write(RoadmapText.render(roadmap, language: global.lang))
            }
            out.flush()
        }
    }

    struct Normalize: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the roadmap in Svod's normalized YAML form.")

        @OptionGroup var source: Source
        @Option(name: .shortAndLong, help: "The YAML file to write (default: standard output).")
        var output: String?
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let roadmap = try withRoadmapErrors(global.lang) { try source.load(global.lang) }
            // The YAML keeps the measures, not what the import met: the warnings go to stderr,
            // as inspect prints them.
            let warnings = RoadmapText.warnings(roadmap.warnings, language: global.lang)
            if !warnings.isEmpty { printError(String(warnings.dropLast())) }
            let yaml = try RoadmapYAML.render(roadmap)
            if let output {
                try AtomicFile.write(Data(yaml.utf8), to: output)
            } else {
                let out = OutputStream()
                out.write(yaml)
                out.flush()
            }
        }
    }
}

/// Prints a roadmap import failure as a clerk-readable sentence and exits 1.
func withRoadmapErrors<T>(_ language: Language, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as RoadmapImportError {
        printError("\(error.code): \(error.message(language))")
        throw ExitStatus.dataError
    }
}
