import ArgumentParser
import Foundation
import Spreadsheet
import SvodModel

// The typed values of the command line and the option groups the commands share. A value that
// does not parse is refused while the command line is read, with one sentence per kind of value
// (`RefusedArgument`), in the language `--lang` asks for.

/// A report period (`--period`): `2021-03`, `2021-Q1`, `2021-H1`, `2021`, `2020-2021`. Whether
/// it is of the pipeline's cadence is checked once the pipeline is loaded (``reportPeriod(_:of:language:)``).
extension ReportPeriod: ExpressibleByArgument {
    public init?(argument: String) {
        guard let period = ReportPeriod(text: argument) else {
            RefusedArgument.note(.month(argument))
            return nil
        }
        self = period
    }
}

/// A `--period` checked against the pipeline's cadence: a usage error (exit 2) in one sentence
/// when it is of another cadence.
func reportPeriod(_ period: ReportPeriod, of pipeline: Pipeline, language: Language) throws -> ReportPeriod {
    let cadence = pipeline.calendar.cadence
    guard period.cadence != cadence else { return period }
    let example = ReportPeriod(cadence, containing: period.first)
    printError(language == .ru
        ? "«\(period)» — \(period.cadence.words.ru), а отчеты этого конвейера сдаются за период «\(cadence.words.ru)»: --period \(example) (\(example.words.ru))."
        : "«\(period)» is a \(period.cadence.words.en), but this pipeline's reports cover a \(cadence.words.en): --period \(example) (\(example.words.en)).")
    throw ExitStatus.usageError
}

/// A moment as an operator types it (`--as-of`): a day (its last second), a wall-clock time in
/// the region's zone, or a time with `Z` or an offset. Which instant a wall-clock time is depends
/// on the region's zone, known once the pipeline is loaded; whether the text is a moment does not.
struct Moment: ExpressibleByArgument, Sendable {
    let text: String

    init?(argument: String) {
        guard Timestamp.parse(argument, zone: "UTC") != nil else {
            RefusedArgument.note(.moment(argument))
            return nil
        }
        text = argument
    }

    /// The instant in the region's time zone.
    func instant(in zone: String) -> Date {
        // `Timestamp.parse` accepts or refuses a text whatever the zone; the zone moves the instant.
        Timestamp.parse(text, zone: zone)!
    }

    var defaultValueDescription: String { text }
}

/// A command-line value a typed option refused, and the one sentence that says so.
enum RefusedArgument: Equatable, Sendable {
    case month(String)
    case moment(String)

    func message(_ language: Language) -> String {
        switch (self, language) {
        case (.month(let text), .ru):
            return "«\(text)» — не отчетный месяц: --period пишется как ГГГГ-ММ, например 2021-03 (квартал — 2021-Q1, полугодие — 2021-H1, год — 2021, учебный год — 2020-2021)."
        case (.month(let text), .en):
            return "«\(text)» is not a reporting month: --period is written YYYY-MM, for example 2021-03 (a quarter 2021-Q1, a half-year 2021-H1, a year 2021, a school year 2020-2021)."
        case (.moment(let text), .ru):
            return "«\(text)» — не момент времени: --as-of пишется как ГГГГ-ММ-ДД или ГГГГ-ММ-ДДTЧЧ:ММ[:СС], по времени региона или с Z или ±ЧЧ:ММ."
        case (.moment(let text), .en):
            return "«\(text)» is not a moment: --as-of is written YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS], in the region's time zone or with Z or ±HH:MM."
        }
    }

    /// The last refusal while the command line was read (`init?(argument:)` cannot say why).
    private final class Box: @unchecked Sendable {
        let lock = NSLock()
        var refused: RefusedArgument?
    }

    private static let box = Box()

    static func note(_ refusal: RefusedArgument) {
        box.lock.lock()
        defer { box.lock.unlock() }
        box.refused = refusal
    }

    /// The refusal that stopped the parse, if a typed value did; cleared.
    static func take() -> RefusedArgument? {
        box.lock.lock()
        defer { box.lock.unlock() }
        defer { box.refused = nil }
        return box.refused
    }

    /// The error to report for a command line that did not parse: the typed value's own
    /// sentence (in the language of `--lang`, which was not parsed either), or the parser's.
    static func explain(_ error: Error, arguments: [String]) -> Error {
        guard let refusal = take() else { return error }
        return ValidationError(refusal.message(Language.requested(in: arguments)))
    }
}

extension Language {
    /// The language `--lang` names among raw arguments (the last one wins), Russian by default.
    static func requested(in arguments: [String]) -> Language {
        var language = Language.ru
        for (index, argument) in arguments.enumerated() {
            if argument == "--" { break }
            if argument == "--lang", index + 1 < arguments.count, let named = Language(rawValue: arguments[index + 1]) {
                language = named
            } else if argument.hasPrefix("--lang="), let named = Language(rawValue: String(argument.dropFirst(7))) {
                language = named
            }
        }
        return language
    }
}

// MARK: Option groups

/// Options every command shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Language of user-facing text: ru (default) or en.")
    var lang: Language = .ru
}

/// `--pipeline FILE`: the region's pipeline definition, as an option.
struct PipelineOption: ParsableArguments {
    @Option(name: .long, help: "The region's pipeline definition (YAML).")
    var pipeline: String

    func load(_ language: Language) throws -> Pipeline { try loadPipeline(pipeline, language: language) }
}

/// `PIPELINE`: the region's pipeline definition, as the first argument (the operator's commands).
struct PipelineArgument: ParsableArguments {
    @Argument(help: "The region's pipeline definition (YAML).")
    var pipeline: String

    func load(_ language: Language) throws -> Pipeline { try loadPipeline(pipeline, language: language) }
}

/// `--period P`, required: the report period a command is about.
struct PeriodOption: ParsableArguments {
    @Option(name: .long, help: "The report period: YYYY-MM, or YYYY-Qn, YYYY-Hn, YYYY, YYYY-YYYY by the pipeline's cadence.")
    var period: ReportPeriod
}

/// `--as-of T`: the moment a command judges and acts at; now by default.
struct AsOfOption: ParsableArguments {
    @Option(name: .long, help: "The moment to judge by (YYYY-MM-DD[THH:MM[:SS]] in the region's zone, or with Z/±HH:MM); default: now.")
    var asOf: Moment?

    func instant(in zone: String) -> Date { asOf?.instant(in: zone) ?? Date() }
}

/// Loads a pipeline, turning configuration problems into exit status 2 with a located message
/// in the chosen language, after the problem's code.
func loadPipeline(_ path: String, language: Language) throws -> Pipeline {
    do {
        let pipeline = try Pipeline.load(path: path)
        for warning in pipeline.definition.warnings + pipeline.schema.warnings {
            printError("\(warning.code.severity.name(language)): \(warning.code): \(warning.description(language))")
        }
        return pipeline
    } catch let error as ConfigurationError {
        printError("\(error.code): \(error.description(language))")
        throw ExitStatus.usageError
    } catch let error as RoadmapImportError {
        // A roadmap the reader refused is named, as a configuration file is.
        if case .unreadable(let refusal) = error, let file = refusal.file {
            printError("\(error.code): \(file): \(error.message(language))")
        } else {
            printError("\(error.code): \(error.message(language))")
        }
        throw ExitStatus.usageError
    }
}

/// The municipality a `--municipality` names (name, alias or OKTMO code); exit status 2 when
/// the registry has none.
func findMunicipality(_ text: String, in registry: ReporterRegistry, language: Language) throws -> Reporter {
    guard let found = registry.find(name: text) ?? registry.find(oktmo: text) else {
        printError(language == .ru ? "«\(text)» нет в реестре муниципальных образований." : "«\(text)» is not in the registry.")
        throw ExitStatus.usageError
    }
    return found
}
