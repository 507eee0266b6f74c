import Foundation

/// Moves a file, creating the target's folder; `rename` is atomic on one file system.
func moveFile(from source: String, to target: String) throws {
    let fileManager = FileManager.default
    try fileManager.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    if rename(source, target) != 0 {
        // Another file system: copy, then remove the source.
        if fileManager.fileExists(atPath: target) { try fileManager.removeItem(atPath: target) }
        try fileManager.copyItem(atPath: source, toPath: target)
        try fileManager.removeItem(atPath: source)
    }
}

/// Takes new files from the inbox into the content store, identified by SHA-256. A file the
/// ledger already has is a duplicate: recorded once, the copy set aside in `archive/duplicates`.
public struct IngestStage: PipelineStage {
    public var name: String { "ingest" }

    public func run(_ context: RunContext) throws {
        let fileManager = FileManager.default
        let inbox = context.folders.inbox
        try fileManager.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        // Files moved into the store by a run killed before it recorded them.
        try recoverStore(context)
        let names = try fileManager.contentsOfDirectory(atPath: inbox).filter { !$0.hasPrefix(".") }.sorted()
        for (index, name) in names.enumerated() {
            context.progress("ingest", index + 1, names.count)
            let path = (inbox as NSString).appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let sha = SHA256.hex(data)
            if try context.ledger.submission(sha256: sha) != nil {
                let target = (context.folders.archive as NSString).appendingPathComponent("duplicates/\(sha.prefix(12))_\(name)")
                try moveFile(from: path, to: target)
                context.summary.duplicates += 1
                context.logger.notice("duplicate file set aside", metadata: ["file": "\(name)", "sha256": "\(sha)"])
                continue
            }
            let receivedAt = context.options.backfill ? modificationDate(path) ?? context.options.asOf : context.options.asOf
            let stored = (context.store as NSString).appendingPathComponent("\(sha)/\(name)")
            try setModificationDate(path, receivedAt)
            try moveFile(from: path, to: stored)
            FaultInjection.checkpoint("ingest-moved")
            _ = try context.ledger.insertReceived(sha256: sha, originalName: name, path: stored, receivedAt: receivedAt,
                                                  runID: context.runID)
            FaultInjection.checkpoint("ingest-recorded")
            context.summary.received += 1
            context.logger.info("received", metadata: ["file": "\(name)", "sha256": "\(sha)"])
        }
    }

    /// Records files that reached the store but not the ledger (a run killed in between),
    /// with the receipt time stamped on them when they were moved.
    private func recoverStore(_ context: RunContext) throws {
        let fileManager = FileManager.default
        guard let shas = try? fileManager.contentsOfDirectory(atPath: context.store) else { return }
        for sha in shas.sorted() where try context.ledger.submission(sha256: sha) == nil {
            let folder = (context.store as NSString).appendingPathComponent(sha)
            for name in (try fileManager.contentsOfDirectory(atPath: folder)).sorted() {
                let stored = (folder as NSString).appendingPathComponent(name)
                let receivedAt = modificationDate(stored) ?? context.options.asOf
                _ = try context.ledger.insertReceived(sha256: sha, originalName: name, path: stored, receivedAt: receivedAt,
                                                      runID: context.runID)
                context.summary.received += 1
                context.logger.notice("recovered an unrecorded file", metadata: ["file": "\(name)"])
            }
        }
    }

    private func modificationDate(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate]) as? Date
    }

    private func setModificationDate(_ path: String, _ date: Date) throws {
        try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: path)
    }
}

/// Judges every received file that has no verdict yet.
public struct ValidateStage: PipelineStage {
    public var name: String { "validate" }

    public func run(_ context: RunContext) throws {
        let validator = Validator(pipeline: context.pipeline)
        let pending = try context.ledger.submissions(state: .received)
        for (index, submission) in pending.enumerated() {
            context.progress("validate", index + 1, pending.count)
            // Validate under the original name: the name carries the municipality and month.
            context.reports[submission.id] = validator.validate(path: submission.path)
        }
    }
}

/// Records verdicts and diagnostics in the ledger and files each submission under its original
/// name: accepted ones into `archive/<period>/<OKTMO>/<sha>/`, rejected ones into
/// `quarantine/<sha>/` with their diagnostics beside them. (The name carries the municipality and
/// month, so it is never changed; the content hash keeps same-named files apart.)
public struct RecordStage: PipelineStage {
    public var name: String { "record" }

    public func run(_ context: RunContext) throws {
        let ledger = context.ledger
        for submission in try ledger.submissions(state: .received) {
            guard let report = context.reports[submission.id] else { continue }
            try ledger.recordVerdict(submission.id, report: report)
            FaultInjection.checkpoint("record-verdict")
            if report.isValid { context.summary.accepted += 1 } else { context.summary.rejected += 1 }
            if let period = report.period { context.changedPeriods.insert(period) }
            context.logger.info(report.isValid ? "accepted" : "rejected", metadata: [
                "file": "\(submission.originalName)", "municipality": "\(report.municipality?.name ?? "-")",
                "period": "\(report.period?.description ?? "-")", "errors": "\(report.errorCount)",
            ])
        }
        // File everything validated but not yet filed (this run's, and any a killed run left).
        let validated = try ledger.submissions(state: .validated)
        for (index, submission) in validated.enumerated() {
            context.progress("record", index + 1, validated.count)
            let folders = context.folders
            let target: String
            if submission.verdict == "accepted" {
                target = (folders.archive as NSString).appendingPathComponent(
                    "\(submission.period ?? "unknown")/\(submission.municipality ?? "unknown")/\(submission.sha256.prefix(12))/\(submission.originalName)")
            } else {
                target = (folders.quarantine as NSString).appendingPathComponent("\(submission.sha256.prefix(12))/\(submission.originalName)")
                try writeDiagnostics(of: submission, beside: target, context: context)
            }
            if FileManager.default.fileExists(atPath: submission.path) {
                try moveFile(from: submission.path, to: target)
                try? FileManager.default.removeItem(atPath: (submission.path as NSString).deletingLastPathComponent)
            }
            FaultInjection.checkpoint("record-moved")
            try ledger.markStored(submission.id, path: target)
            if submission.verdict == "rejected" { context.changedPeriods.insert(YearMonth(text: submission.period ?? "") ?? context.fallbackPeriod) }
        }
    }

    /// `<file>.diagnostics.txt` (Russian, for the clerk) and `.json` beside a quarantined file.
    private func writeDiagnostics(of submission: LedgerSubmission, beside target: String, context: RunContext) throws {
        let report = context.reports[submission.id] ?? Validator(pipeline: context.pipeline).validate(path: submission.path)
        var named = report
        named.file = submission.originalName
        try AtomicFile.write(Data(ValidationReport.text([named], language: context.options.language).utf8),
                             to: target + ".diagnostics.txt")
        try AtomicFile.write(Data(ValidationReport.json([named], language: context.options.language).utf8),
                             to: target + ".diagnostics.json")
    }
}

extension RunContext {
    /// The month a rejected file without a readable month counts against: the latest due.
    var fallbackPeriod: YearMonth { pipeline.calendar.latestPeriodDue(asOf: options.asOf) }
}

/// Consolidates the months whose data changed in this run, the months after them (statuses carry
/// forward) up to the latest month due, and that month itself; or just `--period`.
public struct ConsolidateStage: PipelineStage {
    public var name: String { "consolidate" }

    public func run(_ context: RunContext) throws {
        let pipeline = context.pipeline
        let roadmap = pipeline.roadmap.period
        let first = YearMonth(roadmap.start)
        let last = YearMonth(roadmap.end)
        var periods: [YearMonth]
        if let period = context.options.period {
            periods = [period]
        } else {
            let due = pipeline.calendar.latestPeriodDue(asOf: context.options.asOf)
            var set = context.changedPeriods
            if due >= first && due <= last { set.insert(due) }
            // A month never published yet (a new ledger) is due too.
            if let start = set.min() {
                let end = max(set.max()!, due)
                set.formUnion(YearMonth.all(from: start, through: end))
            }
            for month in YearMonth.all(from: first, through: min(due, last)) where try context.ledger.publication(period: month.description) == nil {
                set.insert(month)
            }
            periods = set.filter { $0 >= first && $0 <= last && $0 <= max(due, context.changedPeriods.max() ?? due) }.sorted()
        }
        guard !periods.isEmpty else { return }
        let received = try Self.receivedReports(context)
        let consolidator = Consolidator(pipeline: pipeline)
        context.progress("consolidate", 0, periods.count)
        context.consolidations = consolidator.consolidate(received, periods: periods, asOf: context.options.asOf)
        context.summary.consolidated = context.consolidations.map(\.period)
        context.progress("consolidate", periods.count, periods.count)
    }

    /// Every filed submission with its receipt time, judged (again, for earlier runs' files:
    /// the stored verdict and a fresh validation agree, since validation is deterministic).
    static func receivedReports(_ context: RunContext) throws -> [ReceivedReport] {
        let validator = Validator(pipeline: context.pipeline)
        return try context.ledger.submissions(state: .stored).map { submission in
            var report = context.reports[submission.id] ?? validator.validate(path: submission.path)
            report.file = submission.originalName
            report.path = submission.path
            return ReceivedReport(report: report, receivedAt: submission.receivedAt)
        }
    }
}

/// Writes each consolidation's workbook and JSON into the output folder (atomically), unless an
/// identical one is already published.
public struct PublishStage: PipelineStage {
    public var name: String { "publish" }

    public func run(_ context: RunContext) throws {
        let output = context.folders.output
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        let slug = ((context.folders.file as NSString).lastPathComponent as NSString).deletingPathExtension
        for (index, consolidation) in context.consolidations.enumerated() {
            context.progress("publish", index + 1, context.consolidations.count)
            let json = ConsolidationJSON.render(consolidation, language: context.options.language)
            let fingerprint = SHA256.hex(Data(json.utf8))
            let base = (output as NSString).appendingPathComponent("\(slug)-\(consolidation.period)")
            let period = consolidation.period.description
            if try context.ledger.publication(period: period) == fingerprint,
               FileManager.default.fileExists(atPath: base + ".xlsx"), FileManager.default.fileExists(atPath: base + ".json") {
                continue
            }
            try ConsolidationWorkbook.write(consolidation, to: base + ".xlsx", language: context.options.language)
            try AtomicFile.write(Data(json.utf8), to: base + ".json")
            FaultInjection.checkpoint("publish-written")
            try context.ledger.recordPublication(period: period, fingerprint: fingerprint, asOf: context.options.asOf,
                                                 runID: context.runID)
            context.summary.published.append(base + ".xlsx")
            context.logger.info("published", metadata: ["period": "\(period)", "workbook": "\(base).xlsx"])
        }
        // One report per rejected file, for sending back to the municipality.
        let rejected = (output as NSString).appendingPathComponent("rejected")
        for submission in try context.ledger.submissions(state: .stored) where submission.verdict == "rejected" {
            let target = (rejected as NSString).appendingPathComponent(submission.originalName + ".txt")
            if FileManager.default.fileExists(atPath: target) { continue }
            let source = submission.path + ".diagnostics.txt"
            if let data = FileManager.default.contents(atPath: source) { try AtomicFile.write(data, to: target) }
        }
    }
}
