import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#endif
import Spreadsheet
import SvodModel
import SvodChecks
import SvodConsolidation

/// Options of one `svod run`.
public struct RunOptions: Sendable {
    /// The moment the run acts at: receipt times of new files, the periods due, the as-of of
    /// the consolidations.
    public var asOf: Date
    /// Consolidate this month only (otherwise: the months whose data changed and the latest
    /// month due).
    public var period: ReportPeriod?
    /// Take receipt times from the files' modification times (loading old mail into a new ledger).
    public var backfill: Bool
    public var language: Language
    /// Checks a file in a separate process; true when that check completed (whatever its
    /// verdict), false when it crashed or hung. A run uses it for a file whose check was
    /// interrupted by a run that died; without it, such a file is checked again in process
    /// once, and quarantined the second time.
    public var isolatedCheck: IsolatedCheck?

    public init(asOf: Date, period: ReportPeriod? = nil, backfill: Bool = false, language: Language = .ru,
                isolatedCheck: IsolatedCheck? = nil) {
        self.asOf = asOf
        self.period = period
        self.backfill = backfill
        self.language = language
        self.isolatedCheck = isolatedCheck
    }
}

/// See ``RunOptions/isolatedCheck``.
public typealias IsolatedCheck = @Sendable (_ path: String) -> Bool

/// What a run did.
public struct RunSummary: Sendable, Equatable {
    public var received = 0
    public var duplicates = 0
    public var accepted = 0
    public var rejected = 0
    public var consolidated: [ReportPeriod] = []
    public var published: [String] = []
    /// Inbox entries set aside (links, FIFOs, devices, unreadable files).
    public var entryProblems = 0
    /// Rejected files to report: judged by this run or by runs that did not finish since the
    /// last one that did (the exit status says 1 while there are any).
    public var rejectedToReport = 0
    /// What went wrong that the operator must fix (the run did what it could around it).
    public var failures: [String] = []
}

/// Why a run could not start.
public enum RunError: Error, Sendable {
    /// Another run holds the lock.
    case locked(path: String)
}

/// Reports progress of a stage (a progress bar on a terminal, plain lines otherwise).
public typealias ProgressReporter = @Sendable (_ stage: String, _ done: Int, _ total: Int) -> Void

/// The state one run's stages share.
public final class RunContext: @unchecked Sendable {
    public let pipeline: Pipeline
    public let ledger: Ledger
    public let options: RunOptions
    public let runID: Int64
    public let logger: Logger
    public let progress: ProgressReporter
    public var summary = RunSummary()
    /// Months whose data changed in this run.
    public var changedPeriods: Set<ReportPeriod> = []
    /// Consolidations made in this run, to publish.
    public var consolidations: [Consolidation] = []
    /// The months the consolidate stage covered (their change marks are cleared once published).
    public var publishable: [ReportPeriod] = []
    /// The as-of state of each consolidated month, recorded with its publication.
    var publicationKeys: [ReportPeriod: String] = [:]
    /// Reports rebuilt from the ledger in this run, by ledger id (consolidation and publishing
    /// both need the rejected ones).
    var storedReports: [Int64: FileReport] = [:]

    init(pipeline: Pipeline, ledger: Ledger, options: RunOptions, runID: Int64, logger: Logger, progress: @escaping ProgressReporter) {
        self.pipeline = pipeline
        self.ledger = ledger
        self.options = options
        self.runID = runID
        self.logger = logger
        self.progress = progress
    }

    var folders: PipelineDefinition { pipeline.definition }

    /// The pipeline's content store: `<ledger folder>/store/<sha256>/<original name>`.
    var store: String { ((folders.ledger as NSString).deletingLastPathComponent as NSString).appendingPathComponent("store") }

    /// Scratch space of runs: `<ledger folder>/tmp`, emptied when a run starts.
    var temporaryFolder: String { ((folders.ledger as NSString).deletingLastPathComponent as NSString).appendingPathComponent("tmp") }

    /// Records a problem the operator must fix; the run goes on, and exits with status 4.
    func fail(_ message: String) {
        summary.failures.append(message)
        logger.error("\(message)")
    }
}

/// One stage of the pipeline: a small type with one job.
public protocol PipelineStage: Sendable {
    var name: String { get }
    func run(_ context: RunContext) throws
}

/// Runs a pipeline's stages in order under an exclusive lock, recording the run in the ledger.
/// A run killed at any point leaves a state from which the next run finishes the same way as an
/// uninterrupted one: files move into the content store before they are recorded, verdicts are
/// recorded in one transaction each, and every later step is redone if its mark is missing.
public struct PipelineRunner: Sendable {
    public var pipeline: Pipeline

    public init(pipeline: Pipeline) {
        self.pipeline = pipeline
    }

    public static func stages(named names: [String]) -> [any PipelineStage] {
        names.compactMap { name -> (any PipelineStage)? in
            switch name {
            case "ingest": return IngestStage()
            case "validate": return ValidateStage()
            case "record": return RecordStage()
            case "consolidate": return ConsolidateStage()
            case "publish": return PublishStage()
            default: return nil
            }
        }
    }

    public func run(options: RunOptions, logger: Logger, progress: @escaping ProgressReporter = { _, _, _ in }) throws -> RunSummary {
        let definition = pipeline.definition
        let lock = try RunLock(path: definition.ledger + ".lock")
        defer { lock.release() }
        let ledger = try Ledger(path: definition.ledger)
        // A missing or emptied ledger beside a full archive is never silently a new one.
        if try ledger.submissionCount() == 0 {
            let filed = FiledFiles.list(archive: definition.archive, quarantine: definition.quarantine).count
            if filed > 0 { throw LedgerError.lost(path: definition.ledger, filedFiles: filed) }
        }
        let runID = try ledger.startRun(asOf: options.asOf, at: Date())
        let context = RunContext(pipeline: pipeline, ledger: ledger, options: options, runID: runID, logger: logger, progress: progress)
        logger.info("run started", metadata: ["run": "\(runID)", "as_of": "\(Timestamp.iso(options.asOf, zone: definition.timeZone))"])
        do {
            TemporaryFiles.removeLeftovers(in: [definition.output, definition.quarantine], logger: logger)
            try? FileManager.default.removeItem(atPath: context.temporaryFolder)
            for stage in Self.stages(named: definition.stages) {
                FaultInjection.checkpoint("before-\(stage.name)")
                try stage.run(context)
                logger.debug("stage finished", metadata: ["stage": "\(stage.name)"])
            }
            context.summary.rejectedToReport = try ledger.rejectedSinceLastFinishedRun(before: runID)
        } catch {
            try? ledger.finishRun(runID, at: Date(), outcome: "failed: \(error)", received: context.summary.received,
                                  accepted: context.summary.accepted, rejected: context.summary.rejected,
                                  published: context.summary.published.count)
            throw error
        }
        let outcome = !context.summary.failures.isEmpty ? "failed: " + context.summary.failures.joined(separator: "; ")
            : context.summary.rejectedToReport > 0 ? "done-with-rejections" : "ok"
        try ledger.finishRun(runID, at: Date(), outcome: outcome, received: context.summary.received,
                             accepted: context.summary.accepted, rejected: context.summary.rejected,
                             published: context.summary.published.count)
        logger.info("run finished", metadata: [
            "run": "\(runID)", "received": "\(context.summary.received)", "accepted": "\(context.summary.accepted)",
            "rejected": "\(context.summary.rejected)", "published": "\(context.summary.published.count)",
            "outcome": "\(outcome)",
        ])
        return context.summary
    }
}

/// The files a pipeline has filed: reports in the archive (less set-aside duplicates) and in
/// the quarantine (less diagnostics and set-aside inbox entries). What a lost ledger is checked
/// against and rebuilt from.
enum FiledFiles {
    struct File {
        var folder: String
        var name: EntryName
        var modified: Date
        var quarantined: Bool
    }

    static func list(archive: String, quarantine: String) -> [File] {
        var files: [File] = []
        for (root, skipped, quarantined) in [(archive, "duplicates", false), (quarantine, "entries", true)] {
            RawPath.walk(root, skippingTopLevel: skipped) { folder, name, path, info in
                let text = String(decoding: name, as: UTF8.self)
                guard info.st_mode & S_IFMT == S_IFREG, name.first != UInt8(ascii: "."), !text.hasSuffix(".diagnostics.txt"),
                      !text.hasSuffix(".diagnostics.json") else { return }
                files.append(File(folder: folder, name: EntryName(bytes: name),
                                  modified: RawPath.modificationTime(path) ?? Date(timeIntervalSince1970: 0), quarantined: quarantined))
            }
        }
        return files
    }
}

/// Temporary files of atomic writes (`.<name>.tmp-<pid>-<random>`) that a killed run left. Only
/// the folders Svod writes files into hold them (the archive and the store receive renames).
enum TemporaryFiles {
    static func removeLeftovers(in folders: [String], logger: Logger) {
        for root in folders {
            RawPath.walk(root) { _, name, path, info in
                guard info.st_mode & S_IFMT == S_IFREG, name.first == UInt8(ascii: "."),
                      String(decoding: name, as: UTF8.self).includes(".tmp-"),
                      RawPath.withCPath(path, { unlink($0) }) == 0 else { return }
                logger.notice("removed a temporary file a killed run left", metadata: ["file": "\(EntryName(bytes: path).display)"])
            }
        }
    }
}

/// An exclusive, non-blocking lock on a file (`flock`): a second run says so and stops.
final class RunLock: @unchecked Sendable {
    private let descriptor: Int32

    init(path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw RunError.locked(path: path) }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            close(descriptor)
            throw RunError.locked(path: path)
        }
    }

    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
