import ArgumentParser
import Foundation
import Logging
import SvodRun
import SvodModel

/// `svod run`: the scheduled job — ingest, validate, record, consolidate, publish.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a region's pipeline: take new reports from the inbox, check, record, consolidate and publish.",
        discussion: """
            Exit status: 0 done; 1 done, with rejected files (since the last completed run); 2 configuration error; \
            3 another run holds the lock; 4 the run failed (I/O, full disk, a damaged or lost ledger, a file missing \
            from the archive) and the operator must act.
            """)

    enum LogFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var pipeline: PipelineArgument

    @OptionGroup var moment: AsOfOption

    @Option(name: .long, help: "Consolidate this month (YYYY-MM) only.")
    var period: ReportPeriod?

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
        let loaded = try pipeline.load(global.lang)
        let definitionPath = pipeline.pipeline
        let options = RunOptions(asOf: moment.instant(in: loaded.definition.timeZone),
                                 period: try period.map { try reportPeriod($0, of: loaded, language: global.lang) }, backfill: backfill, language: global.lang,
                                 isolatedCheck: { path in IsolatedCheck.completes(path: path, pipeline: definitionPath) })
        let progress = ProgressDisplay(enabled: logFormat == .text)
        let ru = global.lang == .ru
        let summary: RunSummary
        do {
            summary = try PipelineRunner(pipeline: loaded).run(options: options, logger: logger, progress: progress.report)
        } catch RunError.locked(let path) {
            progress.finish()
            printError(ru ? "Другой запуск конвейера уже идет (блокировка \(path)); попробуйте позже." : "Another run holds the lock (\(path)); try again later.")
            throw ExitStatus.locked
        } catch let error as LedgerError {
            progress.finish()
            printError(error.message(global.lang))
            throw ExitStatus.runFailed
        } catch {
            progress.finish()
            printError(ru ? "Запуск не удался: \(error). Входящие файлы не потеряны; исправьте причину и запустите снова."
                          : "The run failed: \(error). No incoming file is lost; fix the cause and run again.")
            throw ExitStatus.runFailed
        }
        progress.finish()
        print(ru
            ? "Получено файлов: \(summary.received) (повторов: \(summary.duplicates)), принято: \(summary.accepted), отклонено: \(summary.rejected); сведено месяцев: \(summary.consolidated.count), опубликовано: \(summary.published.count)."
            : "Received \(summary.received) files (\(summary.duplicates) duplicates), accepted \(summary.accepted), rejected \(summary.rejected); consolidated \(summary.consolidated.count) months, published \(summary.published.count).")
        for path in summary.published { print(path) }
        if summary.entryProblems > 0 {
            printError(ru ? "Убрано из входящей папки не-файлов (ссылки, каналы, нечитаемые): \(summary.entryProblems); см. карантин, папка entries."
                          : "Inbox entries set aside (links, FIFOs, unreadable files): \(summary.entryProblems); see the quarantine's entries folder.")
        }
        if !summary.failures.isEmpty {
            for failure in summary.failures { printError((ru ? "Ошибка запуска: " : "Run failure: ") + failure) }
            throw ExitStatus.runFailed
        }
        if summary.rejectedToReport > 0 { throw ExitStatus.dataError }
    }
}

/// Checks one file in a child process (`svod validate`), so that a crash or a hang costs that
/// check, not the run.
enum IsolatedCheck {
    /// Seconds a child may take before it is taken to hang.
    static let timeout: TimeInterval = 300

    static func completes(path: String, pipeline: String) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0])
        process.arguments = ["validate", path, "--pipeline", pipeline, "--format", "json"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        var environment = ProcessInfo.processInfo.environment
        environment["SVOD_KILL_AT"] = nil
        process.environment = environment
        do { try process.run() } catch { return false }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                return false
            }
            usleep(20_000)
        }
        return process.terminationReason == .exit && (process.terminationStatus == 0 || process.terminationStatus == 1)
    }
}

/// `svod status`: who reported, who is missing, what is quarantined, when the last run was.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show who reported for a month, on time or late, who is missing, what is quarantined, and the last run.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var pipeline: PipelineArgument

    @Option(name: .long, help: "The reporting month (YYYY-MM); default: the latest month due as of --as-of, within the roadmap.")
    var period: ReportPeriod?

    @OptionGroup var asOf: AsOfOption

    @Option(name: .long, help: "Output format: text or json.")
    var format: Format = .text

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let loaded = try pipeline.load(global.lang)
        let instant = asOf.instant(in: loaded.definition.timeZone)
        let month = try period.map { try reportPeriod($0, of: loaded, language: global.lang) }
            ?? PipelineStatus.defaultPeriod(pipeline: loaded, asOf: instant)
        let ledger: Ledger
        do {
            ledger = try Ledger(path: loaded.definition.ledger)
        } catch let error as LedgerError {
            printError(error.message(global.lang))
            throw ExitStatus.runFailed
        }
        let status = try PipelineStatus.compute(pipeline: loaded, ledger: ledger, period: month,
                                                asOf: asOf.asOf == nil ? nil : instant)
        let out = OutputStream()
        out.write(format == .json ? status.json(zone: loaded.definition.timeZone)
                                  : status.text(language: global.lang, zone: loaded.definition.timeZone))
        out.flush()
    }
}
