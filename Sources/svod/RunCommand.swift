import ArgumentParser
import Foundation
import Logging
import SvodCore

/// `svod run`: the scheduled job — ingest, validate, record, consolidate, publish.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a region's pipeline: take new reports from the inbox, check, record, consolidate and publish.",
        discussion: "Exit status: 0 done, 1 done with rejected files, 2 configuration error, 3 another run holds the lock.")

    enum LogFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "The region's pipeline definition (YAML).")
    var pipeline: String

    @Option(name: .long, help: "The moment to act at (YYYY-MM-DD[THH:MM[:SS]] in the region's zone, or with Z/±HH:MM); default: now.")
    var asOf: String?

    @Option(name: .long, help: "Consolidate this month (YYYY-MM) only.")
    var period: String?

    @Flag(name: .long, help: "Take receipt times from the files' modification times (loading old mail).")
    var backfill = false

    @Option(name: .long, help: "Log format on standard error: text or json.")
    var logFormat: LogFormat = .text

    @Flag(name: .long, help: "Log every step.")
    var verbose = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        SvodLogging.bootstrap(json: logFormat == .json, level: verbose ? .debug : .info)
        let logger = Logger(label: "svod.run")
        let loaded = try loadPipeline(pipeline, language: global.lang)
        let zone = loaded.definition.timeZone
        var moment = Date()
        if let asOf {
            guard let parsed = Timestamp.parse(asOf, zone: zone) else { throw ValidationError("--as-of must be YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS].") }
            moment = parsed
        }
        var month: YearMonth?
        if let period {
            guard let parsed = YearMonth(text: period) else { throw ValidationError("--period must be YYYY-MM.") }
            month = parsed
        }
        let options = RunOptions(asOf: moment, period: month, backfill: backfill, language: global.lang)
        let progress = ProgressDisplay(enabled: logFormat == .text)
        do {
            let summary = try PipelineRunner(pipeline: loaded).run(options: options, logger: logger, progress: progress.report)
            progress.finish()
            let ru = global.lang == .ru
            print(ru
                ? "Получено файлов: \(summary.received) (повторов: \(summary.duplicates)), принято: \(summary.accepted), отклонено: \(summary.rejected); сведено месяцев: \(summary.consolidated.count), опубликовано: \(summary.published.count)."
                : "Received \(summary.received) files (\(summary.duplicates) duplicates), accepted \(summary.accepted), rejected \(summary.rejected); consolidated \(summary.consolidated.count) months, published \(summary.published.count).")
            for path in summary.published { print(path) }
            if summary.rejected > 0 { throw ExitStatus.dataError }
        } catch RunError.locked(let path) {
            progress.finish()
            printError(global.lang == .ru ? "Другой запуск конвейера уже идет (блокировка \(path)); попробуйте позже." : "Another run holds the lock (\(path)); try again later.")
            throw ExitCode(3)
        }
    }
}

/// `svod status`: who reported, who is missing, what is quarantined, when the last run was.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show who reported for a month, on time or late, who is missing, what is quarantined, and the last run.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "The region's pipeline definition (YAML).")
    var pipeline: String

    @Option(name: .long, help: "The reporting month (YYYY-MM); default: the latest month due.")
    var period: String?

    @Option(name: .long, help: "Output format: text or json.")
    var format: Format = .text

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let loaded = try loadPipeline(pipeline, language: global.lang)
        let month = try period.map { text -> YearMonth in
            guard let parsed = YearMonth(text: text) else { throw ValidationError("--period must be YYYY-MM.") }
            return parsed
        } ?? loaded.calendar.latestPeriodDue(asOf: Date())
        let ledger = try Ledger(path: loaded.definition.ledger)
        let status = try PipelineStatus.compute(pipeline: loaded, ledger: ledger, period: month)
        let out = OutputStream()
        out.write(format == .json ? status.json(zone: loaded.definition.timeZone)
                                  : status.text(language: global.lang, zone: loaded.definition.timeZone))
        out.flush()
    }
}
