import Foundation
import Spreadsheet
import SvodModel
import SvodChecks
import SvodConsolidation

/// Consolidates the report periods (of the pipeline's cadence, from `collect_from`) whose
/// figures can have changed since they were last published: those whose facts changed (the
/// ledger's marks, so a killed run's changes are not forgotten), those whose as-of state moved
/// (the due moment passed, a month of checkpoints ended, the submissions known by `--as-of`
/// differ, the pipeline or the language changed), the periods after them that are published
/// (statuses carry forward), and the periods due that were never published; or just
/// `--period`. Never a period past the roadmap or past `--as-of`.
///
/// Each period is built from the carried state of the one before it, kept in the ledger when
/// that period was built (`carried_state`), and the period's own reports: a daily run reads one
/// period's facts, whatever the length of the history before it. A state whose submissions
/// changed since is not used; the state is then carried again from the reports.
public struct ConsolidateStage: PipelineStage {
    public var name: String { "consolidate" }

    public func run(_ context: RunContext) throws {
        try FactBackfill.run(context)
        let keys = try StateKeys(context)
        var periods = try Self.periodsToBuild(context, keys: keys)
        guard !periods.isEmpty else { return }
        context.progress("consolidate", 0, periods.count)
        let consolidator = Consolidator(pipeline: context.pipeline)
        var loader = PeriodLoader(context: context)
        let start = try startingState(before: periods[0], consolidator, &loader, keys: keys, context)
        let asOf = context.options.asOf
        // Once carried forward, periods are independent: each is built on another core while
        // this thread loads the next one. The gate keeps at most one state per core alive.
        let results = ResultSlots<Consolidation>(count: periods.count)
        let builders = max(1, min(ProcessInfo.processInfo.activeProcessorCount, periods.count))
        let gate = DispatchSemaphore(value: builders)
        let group = DispatchGroup()
        var built = 0
        // No starting state when a file it needs is missing: nothing is built.
        if var state = start {
            for period in periods {
                let reports = try loader.reports(of: period)
                guard loader.missing.isEmpty else { break }
                consolidator.carry(&state, period: period, reports: reports)
                try context.ledger.recordCarriedState(period: period, key: keys.carried(period), state: state.encoded())
                FaultInjection.checkpoint("carried-state")
                let snapshot = state
                let index = built
                gate.wait()
                DispatchQueue.global().async(group: group) {
                    results.set(index, consolidator.consolidate(period: period, asOf: asOf, reports: reports, carried: snapshot))
                    gate.signal()
                }
                built += 1
                context.progress("consolidate", built, periods.count)
            }
        }
        group.wait()
        // A period with a filed file missing from the archive is not republished, nor any after
        // it: the reporter would show as not having reported, while the ledger says it did.
        if let firstBroken = loader.missing.compactMap(\.period).min() ?? loader.missing.first.map({ _ in periods[0] }) {
            for submission in loader.missing {
                context.fail("the archived file \(submission.path) of \(submission.originalName) is missing; months from \(firstBroken) are not republished until it is restored")
            }
        }
        periods = Array(periods.prefix(built))
        context.publishable = periods
        context.publicationKeys = Dictionary(uniqueKeysWithValues: periods.map { ($0, keys.publication($0)) })
        context.consolidations = results.collect(first: built)
        context.summary.consolidated = periods
    }

    /// The periods this run builds, in order (see the type's documentation).
    static func periodsToBuild(_ context: RunContext, keys: StateKeys) throws -> [ReportPeriod] {
        let months = context.collectedPeriods
        let bound = context.lastPublishable
        if let period = context.options.period {
            return months.contains(period) ? [period] : []
        }
        guard months.lowerBound <= bound else { return [] }
        let due = min(context.pipeline.calendar.latestPeriodDue(asOf: context.options.asOf), bound)
        var set = Set(try context.ledger.dirtyPeriods().filter { months.contains($0) && $0 <= bound })
        let published = try context.ledger.publicationStateKeys()
        for month in ReportPeriod.all(from: months.lowerBound, through: bound) {
            if let stored = published[month] {
                if stored != keys.publication(month) { set.insert(month) }
            } else if month <= due {
                set.insert(month)  // due and never published (a new ledger)
            }
        }
        guard let start = set.min(), let end = set.max() else { return [] }
        // Statuses carry forward: the published periods after a changed one change with it.
        let lastPublished = published.keys.filter { months.contains($0) && $0 <= bound }.max() ?? end
        return ReportPeriod.all(from: start, through: min(max(end, lastPublished), bound))
    }

    /// The state carried to the end of the period before `first`: a kept state that still holds
    /// (its key matches, no period up to it changed since), carried on through the periods after
    /// it; else carried from the first report. Nil when a file it needs is missing.
    private func startingState(before first: ReportPeriod, _ consolidator: Consolidator, _ loader: inout PeriodLoader,
                               keys: StateKeys, _ context: RunContext) throws -> CarriedState? {
        let dirty = try context.ledger.dirtyPeriods()
        var state = consolidator.startState()
        var from: ReportPeriod?
        for (period, key) in try context.ledger.carriedStateKeys(before: first) {
            guard key == keys.carried(period), !dirty.contains(where: { $0 <= period }),
                  let data = try context.ledger.carriedState(period: period),
                  let kept = consolidator.carriedState(decoding: data) else { continue }
            state = kept
            from = period
            break
        }
        if from == nil {
            context.logger.notice("carrying statuses forward from the first report", metadata: ["through": "\(first)"])
        }
        for period in try context.ledger.storedPeriods() where period < first && (from.map { period > $0 } ?? true) {
            let reports = try loader.reports(of: period, winnersOnly: true)
            guard loader.missing.isEmpty else { return nil }
            consolidator.carry(&state, period: period, reports: reports)
        }
        return state
    }
}

/// What a period's figures depend on besides its facts, as keys kept in the ledger: for the
/// carried state, the pipeline's registry and roadmap and the submissions known up to the
/// period; for a publication, also the configuration files, the language and the
/// as-of-dependent states (awaited or due, the months of checkpoints passed).
struct StateKeys {
    private let identified: [(ReportPeriod, KnownSubmissions)]
    private let carriedPrefix: String
    private let publicationPrefix: String
    private let consolidator: Consolidator
    private let asOf: Date

    /// The layout of published workbooks and JSON: raised when it changes, so that a new Svod
    /// republishes what an older one wrote.
    static let formatVersion = 1

    init(_ context: RunContext) throws {
        let pipeline = context.pipeline
        asOf = context.options.asOf
        let known = try context.ledger.knownSubmissions(asOf: asOf)
        identified = known.compactMap { key, value in key.map { ($0, value) } }.sorted { $0.0 < $1.0 }
        consolidator = Consolidator(pipeline: pipeline)
        let shape = pipeline.registry.municipalities.map(\.code).joined(separator: ",") + "|"
            + pipeline.roadmap.measures.map(\.id).joined(separator: ",") + "|" + pipeline.schema.statuses.joined(separator: ",")
        carriedPrefix = SHA256.hex(Data(shape.utf8))
        var configuration = Data("\(Self.formatVersion)|\(context.options.language)|".utf8)
        let definition = pipeline.definition
        for path in [definition.file, definition.roadmapPath, definition.municipalitiesPath, definition.schemaPath,
                     definition.productionCalendarPath].compactMap({ $0 }) {
            configuration.append(Data(path.utf8))
            configuration.append(FileManager.default.contents(atPath: path) ?? Data())
        }
        publicationPrefix = SHA256.hex(configuration)
    }

    /// The submissions of periods up to `period` known by the run's `--as-of`.
    private func upTo(_ period: ReportPeriod) -> KnownSubmissions {
        var total = KnownSubmissions(count: 0, latest: 0)
        for (claimed, value) in identified where claimed <= period {
            total.count += value.count
            total.latest = max(total.latest, value.latest)
        }
        return total
    }

    func carried(_ period: ReportPeriod) -> String {
        let known = upTo(period)
        return "\(carriedPrefix)|\(known.count)|\(known.latest)"
    }

    func publication(_ period: ReportPeriod) -> String {
        let calendar = consolidator.pipeline.calendar
        let awaited = asOf <= calendar.dueDate(for: period).instant
        let horizon = consolidator.checkpointHorizon(period, asOf: asOf)
        let previous = awaited ? "\(consolidator.checkpointHorizon(period.previous, asOf: asOf))" : "-"
        // Files without a period are in every period's register, but their marks change only the
        // latest period due (`RunContext.dirtyPeriod`): one such file never rebuilds the history.
        return "\(publicationPrefix)|\(carried(period))|\(awaited)|\(horizon)|\(previous)"
    }
}

/// Reads a period's filed submissions from the ledger as the consolidator takes them: every
/// file received for the period (and, for a period's register, those without one) with its
/// diagnostics, the winning valid report of each reporter with its facts. Accepted files whose
/// archived copy is gone are collected in `missing`.
struct PeriodLoader {
    let context: RunContext
    private(set) var missing: [LedgerSubmission] = []

    init(context: RunContext) {
        self.context = context
    }

    mutating func reports(of period: ReportPeriod, winnersOnly: Bool = false) throws -> [ReceivedReport] {
        let ledger = context.ledger
        let submissions = try ledger.storedSubmissions(period: period, unidentified: !winnersOnly, asOf: context.options.asOf)
        // The latest accepted file of each reporter for the period (receipt order) gives its facts.
        var winners: [String: LedgerSubmission] = [:]
        for submission in submissions.sorted(by: { ($0.receivedAt, $0.originalName) < ($1.receivedAt, $1.originalName) })
        where submission.verdict == .accepted && submission.period == period {
            winners[submission.municipality ?? ""] = submission
        }
        let winnerIDs = Set(winners.values.map(\.id))
        let chosen = winnersOnly ? submissions.filter { winnerIDs.contains($0.id) } : submissions
        for submission in chosen where submission.verdict == .accepted && !RawPath.exists(submission.diskPath) {
            missing.append(submission)
        }
        let facts = try ledger.facts(of: Array(winnerIDs))
        let diagnostics = winnersOnly ? [:] : try ledger.diagnostics(of: chosen.map(\.id))
        return chosen.map { submission in
            var report = context.storedReport(submission, diagnostics: diagnostics[submission.id] ?? [])
            if let entries = facts[submission.id] { report.entries = entries }
            return ReceivedReport(report: report, receivedAt: submission.receivedAt)
        }
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
            let stateKey = context.publicationKeys[period]
            if try context.ledger.publication(period: period) == fingerprint,
               FileManager.default.fileExists(atPath: base + ".xlsx"), FileManager.default.fileExists(atPath: base + ".json") {
                if let stateKey { try context.ledger.confirmPublication(period: period, stateKey: stateKey) }
                continue
            }
            try job.write(rendering, workbook: base + ".xlsx", json: base + ".json")
            FaultInjection.checkpoint("publish-written")
            try context.ledger.recordPublication(period: period, fingerprint: fingerprint, asOf: context.options.asOf,
                                                 runID: context.runID, stateKey: stateKey)
            context.summary.published.append(base + ".xlsx")
            context.logger.info("published", metadata: ["period": "\(period)", "workbook": "\(base).xlsx"])
        }
        if context.options.period == nil, let last = context.publishable.max() {
            try context.ledger.clearDirty(try context.ledger.dirtyPeriods().filter { $0 <= last })
        }
        // One report per rejected file, for sending back to the reporter; the newest file of a
        // name wins. Written when its verdict is new (judged by this run, or by one that did not
        // complete since the last that did) or when it is missing, in the language of the run
        // that writes it; a letter already written is never rewritten, so reruns change nothing
        // and a run's cost does not grow with the history of rejections.
        let rejected = (output as NSString).appendingPathComponent("rejected")
        let lastFinished = try context.ledger.lastFinishedRun(before: context.runID)
        var newest: [String: LedgerSubmission] = [:]
        for submission in try context.ledger.submissions(state: .stored, verdict: .rejected) {
            newest[DerivedName.make(submission.originalName, suffix: ".txt", tag: String(submission.sha256.prefix(12)))] = submission
        }
        for (name, submission) in newest.sorted(by: { $0.key < $1.key }) {
            let target = (rejected as NSString).appendingPathComponent(name)
            let judgedNow = (submission.verdictRunID ?? 0) > lastFinished
            if !judgedNow, FileManager.default.fileExists(atPath: target) { continue }
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
