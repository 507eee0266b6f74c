import Foundation
import Spreadsheet
import SvodModel
import SvodChecks
import SvodConsolidation

/// Consolidates the report periods (of the pipeline's cadence, from `collect_from`) whose facts
/// changed since they were last published (the ledger's
/// marks, so a killed run's changes are not forgotten), the months after them (statuses carry
/// forward) up to the latest month due, and that month itself; or just `--period`. Never a
/// month past the roadmap or past `--as-of`.
public struct ConsolidateStage: PipelineStage {
    public var name: String { "consolidate" }

    public func run(_ context: RunContext) throws {
        let pipeline = context.pipeline
        let months = context.collectedPeriods
        let bound = context.lastPublishable
        var periods: [ReportPeriod]
        if let period = context.options.period {
            periods = months.contains(period) ? [period] : []
        } else {
            guard months.lowerBound <= bound else { return }
            let due = min(pipeline.calendar.latestPeriodDue(asOf: context.options.asOf), bound)
            var set = Set(try context.ledger.dirtyPeriods().filter { months.contains($0) && $0 <= bound })
            if months.contains(due) { set.insert(due) }
            // A month never published yet (a new ledger) is due too.
            if due >= months.lowerBound {
                for month in ReportPeriod.all(from: months.lowerBound, through: due)
                where try context.ledger.publication(period: month) == nil {
                    set.insert(month)
                }
            }
            if let start = set.min(), let end = set.max() {
                periods = ReportPeriod.all(from: start, through: min(max(end, due), bound))
            } else {
                periods = []
            }
        }
        guard !periods.isEmpty else { return }
        let (received, missing) = try Self.receivedReports(context)
        // A month with a filed file missing from the archive is not republished: the
        // municipality would show as not having reported, while the ledger says it did.
        if let firstBroken = missing.compactMap(\.period).min() {
            for submission in missing {
                context.fail("the archived file \(submission.path) of \(submission.originalName) is missing; months from \(firstBroken) are not republished until it is restored")
            }
            periods = periods.filter { $0 < firstBroken }
        }
        context.publishable = periods
        guard !periods.isEmpty else { return }
        context.progress("consolidate", 0, periods.count)
        context.consolidations = context.consolidationJob.consolidate(received, periods: periods, asOf: context.options.asOf)
        context.summary.consolidated = context.consolidations.map(\.period)
        context.progress("consolidate", periods.count, periods.count)
    }

    /// Every filed submission with its receipt time, as the ledger holds it: accepted ones with
    /// their recorded facts and diagnostics, rejected ones with their diagnostics. No file is
    /// read again. Accepted files whose facts are not recorded (a ledger from before schema 4)
    /// are back-filled first; those whose files are missing from the archive are returned apart.
    static func receivedReports(_ context: RunContext) throws -> ([ReceivedReport], [LedgerSubmission]) {
        try FactBackfill.run(context)
        let facts = try context.ledger.storedFacts()
        var received: [ReceivedReport] = []
        var missing: [LedgerSubmission] = []
        for submission in try context.ledger.submissions(state: .stored) {
            var report = try context.storedReport(submission)
            if submission.verdict == .accepted {
                // The archive is the evidence behind the facts: a month whose file is gone is
                // held back until it is restored, even though the ledger has its facts.
                guard RawPath.exists(submission.diskPath), let entries = facts[submission.id] else {
                    missing.append(submission)
                    continue
                }
                report.entries = entries
            }
            received.append(ReceivedReport(report: report, receivedAt: submission.receivedAt))
        }
        return (received, missing)
    }
}

/// The one-time back-fill of schema 4: the facts of accepted reports judged before the ledger
/// kept them, read from their stored files (validation is deterministic, so the facts are those
/// of the recorded verdict). One file per transaction, so a run killed in the middle leaves the
/// rest for the next one, which ends the same way.
enum FactBackfill {
    /// Back-fills what it can: a submission whose file is missing stays without facts (and
    /// its month unpublished) until the file is restored.
    static func run(_ context: RunContext) throws {
        let pending = try context.ledger.submissionsWithoutFacts()
        guard !pending.isEmpty else { return }
        context.logger.notice("recording the facts of reports judged before the ledger kept them", metadata: ["files": "\(pending.count)"])
        let validator = Validator(pipeline: context.pipeline)
        for (index, submission) in pending.enumerated() {
            context.progress("facts", index + 1, pending.count)
            guard RawPath.exists(submission.diskPath) else { continue }
            let report = try context.withReadablePath(of: submission) { validator.validate(path: $0) }
            try context.ledger.recordFacts(submission.id, report: report)
            FaultInjection.checkpoint("facts-backfilled")
        }
    }
}

/// Writes each consolidation's workbook and JSON into the output folder (atomically), unless an
/// identical one is already published; then one report per rejected file for the municipality,
/// written from the ledger. Months' change marks are cleared only once all are written.
public struct PublishStage: PipelineStage {
    public var name: String { "publish" }

    public func run(_ context: RunContext) throws {
        let output = context.folders.output
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        let slug = ((context.folders.file as NSString).lastPathComponent as NSString).deletingPathExtension
        let job = context.consolidationJob
        for (index, consolidation) in context.consolidations.enumerated() {
            context.progress("publish", index + 1, context.consolidations.count)
            let rendering = job.render(consolidation)
            let fingerprint = rendering.fingerprint
            let base = (output as NSString).appendingPathComponent("\(slug)-\(consolidation.period)")
            let period = consolidation.period
            if try context.ledger.publication(period: period) == fingerprint,
               FileManager.default.fileExists(atPath: base + ".xlsx"), FileManager.default.fileExists(atPath: base + ".json") {
                continue
            }
            try job.write(rendering, workbook: base + ".xlsx", json: base + ".json")
            FaultInjection.checkpoint("publish-written")
            try context.ledger.recordPublication(period: period, fingerprint: fingerprint, asOf: context.options.asOf,
                                                 runID: context.runID)
            context.summary.published.append(base + ".xlsx")
            context.logger.info("published", metadata: ["period": "\(period)", "workbook": "\(base).xlsx"])
        }
        if context.options.period == nil, let last = context.publishable.max() {
            try context.ledger.clearDirty(try context.ledger.dirtyPeriods().filter { $0 <= last })
        }
        // One report per rejected file, for sending back to the municipality; the newest file
        // of a name wins. Written only when its text changed, so reruns change nothing.
        let rejected = (output as NSString).appendingPathComponent("rejected")
        var newest: [String: LedgerSubmission] = [:]
        for submission in try context.ledger.submissions(state: .stored) where submission.verdict == .rejected {
            newest[DerivedName.make(submission.originalName, suffix: ".txt", tag: String(submission.sha256.prefix(12)))] = submission
        }
        for (name, submission) in newest.sorted(by: { $0.key < $1.key }) {
            let target = (rejected as NSString).appendingPathComponent(name)
            let text = Data(ValidationReport.text([try context.storedReport(submission)], language: context.options.language).utf8)
            if FileManager.default.contents(atPath: target) == text { continue }
            try AtomicFile.write(text, to: target)
        }
    }
}

extension RunContext {
    /// The consolidation job of this run (`svod consolidate` does the same one over a folder).
    var consolidationJob: ConsolidationJob { ConsolidationJob(pipeline: pipeline, language: options.language) }
}
