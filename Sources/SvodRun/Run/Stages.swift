import Foundation

#if canImport(Glibc)
import Glibc
#endif
import Spreadsheet
import SvodModel
import SvodChecks
import SvodConsolidation

/// Takes new files from the inbox into the content store, identified by SHA-256. A file the
/// ledger already has is a duplicate: recorded once, the copy set aside in `archive/duplicates`.
/// Entries that are not regular files are set aside one by one; none of them stops the run.
public struct IngestStage: PipelineStage {
    public var name: String { "ingest" }

    public func run(_ context: RunContext) throws {
        let inbox = context.folders.inbox
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        // Files moved into the store by a run killed before it recorded them.
        // The mail gateway's log of receipt times: never a submission; with --backfill, where the
        // receipt times come from (a file it does not name keeps its modification time).
        let manifestName = Array(SubmissionFolder.manifestName.utf8)
        let manifest = context.options.backfill ? Self.manifest(inbox, context) : [:]
        try recoverStore(context, manifest: manifest)
        let entries = try RawPath.list(inbox).filter { $0.name.first != UInt8(ascii: ".") && $0.name != manifestName }
        for (index, entry) in entries.enumerated() {
            context.progress("ingest", index + 1, entries.count)
            let name = EntryName(bytes: entry.name)
            let path = RawPath.join(inbox, entry.name)
            guard let info = RawPath.lstatInfo(path) else { continue }  // gone meanwhile
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                continue
            case S_IFLNK:
                try setAside(name, from: path, code: .link, context)
                continue
            case S_IFREG:
                break
            default:
                try setAside(name, from: path, code: .notAFile, context)
                continue
            }
            let descriptor = RawPath.openForReading(path)
            if descriptor < 0 {
                if errno == ENOENT { continue }
                try setAside(name, from: path, code: errno == ELOOP ? .link : .unreadable, context)
                continue
            }
            var opened = stat()
            let sha: String?
            if fstat(descriptor, &opened) == 0, opened.st_mode & S_IFMT == S_IFREG {
                sha = SHA256.hex(descriptor: descriptor)
            } else {
                sha = nil
            }
            close(descriptor)
            guard let sha else {
                try setAside(name, from: path, code: .unreadable, context)
                continue
            }
            if try context.ledger.submission(sha256: sha) != nil {
                let folder = (context.folders.archive as NSString).appendingPathComponent("duplicates")
                let prefix = Array("\(sha.prefix(12))_".utf8)
                let targetName = prefix.count + entry.name.count <= DerivedName.maximumBytes
                    ? prefix + entry.name : Array(DerivedName.make("\(sha.prefix(12))_" + name.display, suffix: "", tag: "").utf8)
                try RawPath.rename(path, to: RawPath.join(folder, targetName), targetFolder: folder)
                context.summary.duplicates += 1
                context.logger.notice("duplicate file set aside", metadata: ["file": "\(name.display)", "sha256": "\(sha)"])
                continue
            }
            let (receivedAt, source) = Self.receipt(of: name.display, path: path, manifest: manifest, context)
            let folder = (context.store as NSString).appendingPathComponent(sha)
            RawPath.setModificationTime(path, receivedAt)
            try RawPath.rename(path, to: RawPath.join(folder, entry.name), targetFolder: folder)
            FaultInjection.checkpoint("ingest-moved")
            _ = try context.ledger.insertReceived(sha256: sha, originalName: name.display, nameBytes: name.ledgerBytes,
                                                  path: (folder as NSString).appendingPathComponent(name.display),
                                                  receivedAt: receivedAt, runID: context.runID, receivedFrom: source)
            FaultInjection.checkpoint("ingest-recorded")
            context.summary.received += 1
            context.logger.info("received", metadata: ["file": "\(name.display)", "sha256": "\(sha)"])
        }
    }

    /// The inbox's `received.csv`, read; a log that cannot be read is logged and ignored (the
    /// files keep their modification times), never a reason to stop the run.
    static func manifest(_ inbox: String, _ context: RunContext) -> [String: Date] {
        do {
            return try SubmissionFolder.manifest(in: inbox, zone: context.pipeline.definition.timeZone)
        } catch {
            context.logger.warning("the mail log could not be read; receipt times come from the files", metadata: [
                "file": "\(SubmissionFolder.manifestName)", "error": "\(error)",
            ])
            return [:]
        }
    }

    /// When a file was received and how that is known: the run's moment; with `--backfill`, the
    /// mail log's time for its name, else its modification time.
    static func receipt(of name: String, path: [UInt8], manifest: [String: Date], _ context: RunContext) -> (Date, ReceiptSource) {
        guard context.options.backfill else { return (context.options.asOf, .run) }
        if let logged = manifest[name] { return (logged, .gatewayLog) }
        if let modified = RawPath.modificationTime(path) { return (modified, .fileTime) }
        return (context.options.asOf, .run)
    }

    /// Moves an entry that is not a report to `quarantine/entries/` (the link itself, never its
    /// target), records it in the ledger and logs it with its code.
    private func setAside(_ name: EntryName, from path: [UInt8], code: EntryProblemCode, _ context: RunContext) throws {
        let folder = (context.folders.quarantine as NSString).appendingPathComponent("entries")
        var target = RawPath.join(folder, name.bytes)
        var suffix = 1
        while RawPath.exists(target) {
            let tail = Array(".\(suffix)".utf8)
            let base = name.bytes.count + tail.count <= DerivedName.maximumBytes
                ? name.bytes : Array(DerivedName.make(name.display, suffix: "", tag: "\(suffix)").utf8)
            target = RawPath.join(folder, base + tail)
            suffix += 1
        }
        var movedTo: String?
        do {
            try RawPath.rename(path, to: target, targetFolder: folder)
            movedTo = (folder as NSString).appendingPathComponent(EntryName(bytes: Array(target.suffix(from: folder.utf8.count + 1))).display)
        } catch {
            context.logger.error("inbox entry could not be moved", metadata: ["file": "\(name.display)", "error": "\(error)"])
        }
        try context.ledger.recordEntryProblem(name: name.display, nameBytes: name.ledgerBytes, code: code,
                                              movedTo: movedTo, runID: context.runID)
        context.summary.entryProblems += 1
        context.logger.warning("inbox entry set aside", metadata: [
            "file": "\(name.display)", "code": "\(code.rawValue)", "message": "\(code.message(context.options.language))",
        ])
    }

    /// Records files that reached the store but not the ledger (a run killed in between),
    /// with the receipt time stamped on them when they were moved.
    private func recoverStore(_ context: RunContext, manifest: [String: Date]) throws {
        guard FileManager.default.fileExists(atPath: context.store) else { return }
        for folder in try RawPath.list(context.store) {
            let sha = String(decoding: folder.name, as: UTF8.self)
            guard try context.ledger.submission(sha256: sha) == nil else { continue }
            let folderPath = (context.store as NSString).appendingPathComponent(sha)
            for file in try RawPath.list(folderPath) where file.name.first != UInt8(ascii: ".") {
                let name = EntryName(bytes: file.name)
                let receivedAt = RawPath.modificationTime(RawPath.join(folderPath, file.name)) ?? context.options.asOf
                // The time stamped on it is the one the killed run chose; so is its source, told
                // again the same way.
                let source: ReceiptSource = !context.options.backfill ? .run
                    : manifest[name.display] == receivedAt ? .gatewayLog : .fileTime
                _ = try context.ledger.insertReceived(sha256: sha, originalName: name.display, nameBytes: name.ledgerBytes,
                                                      path: (folderPath as NSString).appendingPathComponent(name.display),
                                                      receivedAt: receivedAt, runID: context.runID, receivedFrom: source)
                context.summary.received += 1
                context.logger.notice("recovered an unrecorded file", metadata: ["file": "\(name.display)"])
            }
        }
    }
}

/// Judges every received file, one at a time: the file is marked in the ledger as being checked,
/// validated, and its verdict recorded in one transaction with the month it changes. A mark
/// found by a later run means the run that set it died during that check — perhaps because of
/// the file. Such a file is checked again in a separate process first (when the run has one);
/// if that check dies too, the file is quarantined as `file-stopped-check` and the run goes on.
/// A crash inside a reader then costs one file, never the region.
public struct ValidateStage: PipelineStage {
    public var name: String { "validate" }

    public func run(_ context: RunContext) throws {
        let validator = Validator(pipeline: context.pipeline)
        let ledger = context.ledger
        for suspect in try ledger.submissions(state: .validating) {
            let survives: Bool
            if let isolated = context.options.isolatedCheck {
                survives = try context.withReadablePath(of: suspect) { isolated($0) }
            } else {
                survives = suspect.attempts < 2
            }
            if survives {
                context.logger.notice("checking again a file whose check was interrupted", metadata: ["file": "\(suspect.originalName)"])
                try check(suspect, validator, context)
            } else {
                let report = Self.stoppedCheckReport(suspect, pipeline: context.pipeline)
                try ledger.recordVerdict(suspect.id, report: report, dirty: context.dirtyPeriod(for: report.period), runID: context.runID)
                context.summary.rejected += 1
                context.logger.error("the file stopped the check; quarantined for the operator", metadata: [
                    "file": "\(suspect.originalName)", "code": "\(DiagnosticCode.fileStoppedCheck.rawValue)", "sha256": "\(suspect.sha256)",
                ])
            }
        }
        // New files in batches of a few per core: each batch is marked, checked on every core,
        // and its verdicts (with their facts) recorded in receipt order, one transaction each.
        // Memory holds one batch of reports, whatever the inbox's size.
        let pending = try ledger.submissions(state: .received)
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let batchSize = workers * 4
        var start = 0
        while start < pending.count {
            let batch = Array(pending[start..<min(start + batchSize, pending.count)])
            for submission in batch {
                try ledger.markValidating(submission.id)
                FaultInjection.checkpoint("validate-marked")
            }
            let reports = try context.withReadablePaths(of: batch) { paths -> [FileReport] in
                for path in paths { FaultInjection.crashIfPoison(path) }
                return BatchValidation.validate(paths, pipeline: context.pipeline, workers: workers)
            }
            for (offset, submission) in batch.enumerated() {
                context.progress("validate", start + offset + 1, pending.count)
                try record(reports[offset], of: submission, context)
            }
            start += batch.count
        }
    }

    private func check(_ submission: LedgerSubmission, _ validator: Validator, _ context: RunContext) throws {
        try context.ledger.markValidating(submission.id)
        FaultInjection.checkpoint("validate-marked")
        // Validate under the original name: the name carries the municipality and month.
        let report = try context.withReadablePath(of: submission) { path -> FileReport in
            FaultInjection.crashIfPoison(path)
            return validator.validate(path: path)
        }
        try record(report, of: submission, context)
    }

    /// Records a file's verdict, diagnostics and facts in one transaction.
    private func record(_ checked: FileReport, of submission: LedgerSubmission, _ context: RunContext) throws {
        var report = checked
        report.file = submission.originalName
        report.path = submission.path
        try context.ledger.recordVerdict(submission.id, report: report, dirty: context.dirtyPeriod(for: report.period),
                                         runID: context.runID)
        // Its facts are in the ledger now: consolidation reads them there, never the file.
        let verdict = Verdict(report)
        FaultInjection.checkpoint("record-verdict")
        switch verdict {
        case .accepted: context.summary.accepted += 1
        case .rejected: context.summary.rejected += 1
        }
        context.logger.info("\(verdict.rawValue)", metadata: [
            "file": "\(submission.originalName)", "municipality": "\(report.municipality?.name ?? "-")",
            "period": "\(report.period?.description ?? "-")", "errors": "\(report.errorCount)",
        ])
    }

    /// The verdict on a file that stopped the check: who and when as far as its name tells.
    static func stoppedCheckReport(_ submission: LedgerSubmission, pipeline: Pipeline) -> FileReport {
        let file = submission.originalName
        let diagnostic = Diagnostic(.fileStoppedCheck, file: file, message: DiagnosticCode.fileStoppedCheck.message())
        return FileReport(path: submission.path, file: file,
                          municipality: IdentificationCheck.municipality(inFileName: file, registry: pipeline.registry),
                          period: IdentificationCheck.period(inFileName: file, cadence: pipeline.calendar.cadence), diagnostics: [diagnostic], submission: nil, entries: [])
    }
}

/// Files every judged submission under its original name: accepted ones into
/// `archive/<period>/<OKTMO>/<sha>/`, rejected ones into `quarantine/<sha>/` with their
/// diagnostics beside them, written from the ledger. (The name carries the municipality and
/// month, so it is never changed, byte for byte; the content hash keeps same-named files apart.)
public struct RecordStage: PipelineStage {
    public var name: String { "record" }

    public func run(_ context: RunContext) throws {
        let ledger = context.ledger
        let validated = try ledger.submissions(state: .validated)
        for (index, submission) in validated.enumerated() {
            context.progress("record", index + 1, validated.count)
            let folders = context.folders
            let tag = String(submission.sha256.prefix(12))
            let folder: String
            if submission.verdict == .accepted {
                folder = (folders.archive as NSString).appendingPathComponent(
                    "\(submission.period?.description ?? "unknown")/\(submission.municipality ?? "unknown")/\(tag)")
            } else {
                folder = (folders.quarantine as NSString).appendingPathComponent(tag)
                let report = try context.storedReport(submission)
                let base = (folder as NSString).appendingPathComponent(DerivedName.make(submission.originalName, suffix: ".diagnostics", tag: tag, maximumBytes: DerivedName.maximumBytes - 5))
                try AtomicFile.write(Data(ValidationReport.text([report], language: context.options.language).utf8), to: base + ".txt")
                try AtomicFile.write(Data(ValidationReport.json([report], language: context.options.language).utf8), to: base + ".json")
            }
            let source = submission.diskPath
            let target = RawPath.join(folder, submission.nameBytes ?? Array(submission.originalName.utf8))
            if RawPath.exists(source) {
                try RawPath.rename(source, to: target, targetFolder: folder)
                rmdir((submission.path as NSString).deletingLastPathComponent)
            } else if !RawPath.exists(target) {
                context.fail("the stored file \(submission.path) of \(submission.originalName) is gone; it cannot be filed")
                continue
            }
            FaultInjection.checkpoint("record-moved")
            try ledger.markStored(submission.id, path: (folder as NSString).appendingPathComponent(submission.originalName))
        }
    }
}

extension RunContext {
    /// The first and last report periods collected: from `collect_from` (or the roadmap's
    /// first period) through the roadmap's last.
    var collectedPeriods: ClosedRange<ReportPeriod> {
        let periods = pipeline.reportPeriods
        let first = periods.first ?? pipeline.calendar.period(containing: YearMonth(pipeline.roadmap.period.start))
        return first...max(first, periods.last ?? first)
    }

    /// The latest period a run may publish: never past the roadmap, never past the period of
    /// `--as-of` (a file's own claim never publishes future periods).
    var lastPublishable: ReportPeriod {
        min(collectedPeriods.upperBound, pipeline.calendar.period(containing: YearMonth(pipeline.calendar.localTime(of: options.asOf).date)))
    }

    /// The period a verdict changes: its own (within the collected periods), or for a file
    /// without a readable period the latest due.
    func dirtyPeriod(for period: ReportPeriod?) -> ReportPeriod {
        var month = period ?? pipeline.calendar.latestPeriodDue(asOf: options.asOf)
        if month.cadence != pipeline.calendar.cadence { month = pipeline.calendar.period(containing: month.first) }
        return min(max(month, collectedPeriods.lowerBound), collectedPeriods.upperBound)
    }

    /// Calls `body` with a path the readers can open: the file's own path, or for a name that
    /// is not UTF-8 a link under its display name in the run's temporary folder (the validator
    /// reads the municipality and month from the name).
    func withReadablePath<T>(of submission: LedgerSubmission, _ body: (String) throws -> T) throws -> T {
        try withReadablePaths(of: [submission]) { try body($0[0]) }
    }

    /// `withReadablePath(of:_:)` for several files at once (a batch checked in parallel): each
    /// link has a folder of its own, so files of the same name never share one.
    func withReadablePaths<T>(of submissions: [LedgerSubmission], _ body: ([String]) throws -> T) throws -> T {
        var links: [String] = []
        defer { for link in links { unlink(link) } }
        var paths: [String] = []
        for submission in submissions {
            guard submission.nameBytes != nil else {
                paths.append(submission.path)
                continue
            }
            let folder = (temporaryFolder as NSString).appendingPathComponent("\(getpid())/\(submission.id)")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let link = (folder as NSString).appendingPathComponent(DerivedName.make(submission.originalName, suffix: "", tag: ""))
            unlink(link)
            if RawPath.withCPath(submission.diskPath, { target in symlink(target, link) }) == 0 {
                links.append(link)
                paths.append(link)
            } else {
                paths.append(submission.path)
            }
        }
        return try body(paths)
    }

    /// A judged submission's report as the ledger holds it (for a rejected file: what goes back
    /// to the municipality, never re-read from a path that may have moved).
    func storedReport(_ submission: LedgerSubmission) throws -> FileReport {
        if let known = storedReports[submission.id] { return known }
        let report = storedReport(submission, diagnostics: try ledger.diagnostics(of: submission.id))
        storedReports[submission.id] = report
        return report
    }

    /// A judged submission's report from its recorded diagnostics (read in bulk by the caller), not kept.
    func storedReport(_ submission: LedgerSubmission, diagnostics recorded: [LedgerDiagnostic]) -> FileReport {
        let diagnostics = recorded.compactMap { $0.diagnostic(file: submission.originalName) }
        var report = FileReport(path: submission.path, file: submission.originalName,
                                municipality: submission.municipality.flatMap { pipeline.registry.find(oktmo: $0) },
                                period: submission.period, diagnostics: diagnostics,
                                submission: nil, entries: [])
        // The ledger keeps the capped list and the full counts.
        report.omittedErrors = max(0, submission.errors - report.errorCount)
        report.omittedWarnings = max(0, submission.warnings - report.warningCount)
        return report
    }
}

extension LedgerSubmission {
    /// Where the file is on disk: the ledger's path with the name's own bytes.
    var diskPath: [UInt8] {
        guard let nameBytes else { return Array(path.utf8) }
        return RawPath.join((path as NSString).deletingLastPathComponent, nameBytes)
    }
}
