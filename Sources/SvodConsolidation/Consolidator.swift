import Foundation
import SvodModel
import SvodChecks

/// Aggregates validated reports into the regional picture for one report period. Pure: the
/// same reports, receipt times and `asOf` always give the same figures.
///
/// Only valid reports count. For each reporter and period the latest valid report wins (a
/// correction supersedes); statuses carry forward, so a measure reported done in March stays
/// done in May unless a later report says otherwise. Timeliness is judged by the first valid
/// report for the period against the due moment in the region's time zone; before that moment
/// a reporter without a report is awaited, not missing.
///
/// Only the pipeline's obligations count: a measure that does not apply to a reporter (the
/// region's own, another group's, another period's) is neither overdue nor in its shares.
public struct Consolidator: Sendable {
    public var pipeline: Pipeline

    public init(pipeline: Pipeline) {
        self.pipeline = pipeline
    }

    public func consolidate(_ received: [ReceivedReport], period: ReportPeriod, asOf: Date) -> Consolidation {
        consolidate(received, periods: [period], asOf: asOf)[0]
    }

    /// Consolidates several periods in one pass: statuses are carried forward incrementally
    /// instead of replaying every earlier period for each (a national year: 12 months × 2,400
    /// municipalities).
    public func consolidate(_ received: [ReceivedReport], periods: [ReportPeriod], asOf: Date) -> [Consolidation] {
        let known = Self.inReceiptOrder(received.filter { $0.receivedAt <= asOf })
        var byPeriod: [ReportPeriod: [ReceivedReport]] = [:]
        for item in known {
            if let period = item.report.period { byPeriod[period, default: []].append(item) }
        }
        let reported = byPeriod.keys.sorted()
        var state = startState()
        var next = 0
        let ordered = periods.sorted()
        let results = ResultSlots<Consolidation>(count: ordered.count)
        // Once carried forward, periods are independent: each is built on another core while
        // this thread carries on to the next one. A national year is 12 months × 2,400
        // municipalities × all measures; the gate keeps at most one snapshot per core alive.
        let builders = max(1, min(ProcessInfo.processInfo.activeProcessorCount, ordered.count))
        let gate = DispatchSemaphore(value: builders)
        let group = DispatchGroup()
        for (index, period) in ordered.enumerated() {
            while next < reported.count, reported[next] <= period {
                carry(&state, period: reported[next], reports: byPeriod[reported[next]] ?? [])
                next += 1
            }
            let snapshot = state
            let own = known.filter { $0.report.period == period || $0.report.period == nil }
            gate.wait()
            DispatchQueue.global().async(group: group) {
                results.set(index, consolidate(period: period, asOf: asOf, reports: own, carried: snapshot))
                gate.signal()
            }
        }
        group.wait()
        return results.collect()
    }

    /// The state before any report: nothing reported, for every reporter and measure.
    public func startState() -> CarriedState {
        CarriedState(reporters: pipeline.registry.municipalities.count, measures: pipeline.roadmap.measures.count)
    }

    /// Carries a period's reports into the state: for each reporter, its latest valid report for
    /// the period (in receipt order) gives its latest word on the measures it lists. Reports of
    /// other periods, invalid ones and those of unknown reporters are ignored.
    public func carry(_ state: inout CarriedState, period: ReportPeriod, reports: [ReceivedReport]) {
        let columns = reporterColumns
        var winners: [Int: FileReport] = [:]
        for item in Self.inReceiptOrder(reports) where item.report.isValid && item.report.period == period {
            guard let code = item.report.municipality?.code, let column = columns[code] else { continue }
            winners[column] = item.report
        }
        let measureIndex = self.measureIndex
        let statuses = StatusCodes(schema: pipeline.schema)
        for (column, report) in winners {
            state.apply(report, reporter: column, reported: period, measureIndex: measureIndex, statuses: statuses)
        }
        state.through = max(state.through ?? period, period)
    }

    /// A state `CarriedState.encoded()` wrote for this pipeline's registry and roadmap; nil when
    /// it does not fit them.
    public func carriedState(decoding data: Data) -> CarriedState? {
        CarriedState(encoded: data, reporters: pipeline.registry.municipalities.count, measures: pipeline.roadmap.measures.count,
                     statuses: StatusCodes(schema: pipeline.schema))
    }

    /// Consolidates one period from the state carried through it (`carry` of the period's own
    /// reports included) and the files received for it or without a period, known by `asOf`.
    public func consolidate(period: ReportPeriod, asOf: Date, reports: [ReceivedReport], carried: CarriedState) -> Consolidation {
        let known = Self.inReceiptOrder(reports.filter { $0.receivedAt <= asOf && ($0.report.period == period || $0.report.period == nil) })
        return build(period: period, asOf: asOf, known: known, carried: carried, statuses: StatusCodes(schema: pipeline.schema))
    }

    /// Receipt order: by the moment received, then by file name.
    static func inReceiptOrder(_ reports: [ReceivedReport]) -> [ReceivedReport] {
        reports.sorted { ($0.receivedAt, $0.report.file) < ($1.receivedAt, $1.report.file) }
    }

    private var reporterColumns: [String: Int] {
        Dictionary(pipeline.registry.municipalities.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { first, _ in first })
    }

    private var measureIndex: [String: Int] {
        Dictionary(pipeline.roadmap.measures.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The last month whose checkpoints count as passed for a period at a moment: the months
    /// the period's report answers for, and none that has not ended by `asOf`.
    public func checkpointHorizon(_ period: ReportPeriod, asOf: Date) -> YearMonth {
        let today = YearMonth(pipeline.calendar.localTime(of: asOf).date)
        return min(pipeline.calendar.reportedThrough(period), today.previous)
    }

    /// `known`: the files received for the period or without one, by `asOf`, in receipt order.
    private func build(period: ReportPeriod, asOf: Date, known: [ReceivedReport], carried carriedState: CarriedState,
                       statuses: StatusCodes) -> Consolidation {
        let carried = carriedState.cells
        let codes = carriedState.codes
        // Valid reports for the period by reporter, in receipt order.
        var valid: [String: [ReceivedReport]] = [:]
        for item in known where item.report.isValid && item.report.period == period {
            guard let code = item.report.municipality?.code else { continue }
            valid[code, default: []].append(item)
        }
        let schema = pipeline.schema
        let roadmap = pipeline.roadmap
        let obligations = pipeline.obligations
        let municipalities = pipeline.registry.municipalities
        let due = pipeline.calendar.dueDate(for: period)
        let awaitedNow = asOf <= due.instant
        // Checkpoints passed for a reporter whose report is in (or overdue), and for one still
        // awaited: the latter answers only for what its previous report did.
        let horizon = checkpointHorizon(period, asOf: asOf)
        let facts = roadmap.measures.map { OverdueFacts($0, through: horizon) }
        let previousHorizon = checkpointHorizon(period.previous, asOf: asOf)
        let awaitedFacts = awaitedNow ? roadmap.measures.map { OverdueFacts($0, through: previousHorizon) } : facts

        var rejectedCounts: [String: Int] = [:]
        for item in known where !item.report.isValid && item.report.period == period {
            if let code = item.report.municipality?.code { rejectedCounts[code, default: 0] += 1 }
        }

        var lines: [MunicipalityLine] = []
        lines.reserveCapacity(municipalities.count)
        // Per reporter and measure: whether it applies this period, and whether it is overdue.
        var applies = [[Bool]]()
        var overdueFlags = [[Bool]]()
        applies.reserveCapacity(municipalities.count)
        overdueFlags.reserveCapacity(municipalities.count)
        let started = roadmap.measures.map { ($0.schedule.start.map { $0 <= period.lastDay }) ?? true }
        // Whom each measure applies to, worked out once: only the measures of groups or named
        // reporters are asked per reporter.
        let plan = obligations.plan(for: period)
        for (column, municipality) in municipalities.enumerated() {
            let forPeriod = valid[municipality.code] ?? []
            let own = obligations.owed(by: municipality, in: plan)
            applies.append(own)
            let awaited = forPeriod.isEmpty && awaitedNow
            let judged = awaited ? awaitedFacts : facts
            let flags = judged.indices.map { own[$0] && judged[$0].isOverdue(codes[column][$0], statuses) }
            overdueFlags.append(flags)

            let rejected = rejectedCounts[municipality.code] ?? 0
            let timeliness: Timeliness
            var daysLate = 0
            if let first = forPeriod.first {
                daysLate = pipeline.calendar.daysLate(receivedAt: first.receivedAt, for: period)
                timeliness = first.receivedAt <= due.instant ? .onTime : .late
                if timeliness == .late { daysLate = max(daysLate, 1) }
            } else {
                timeliness = awaited ? .awaited : .missing
            }
            // Done ÷ (its measures whose window has started, minus those it reported not required).
            var done = 0
            var counted = 0
            for row in started.indices where started[row] && own[row] {
                let code = codes[column][row]
                if code >= 0 && code == statuses.notRequired { continue }
                counted += 1
                if code >= 0 && code == statuses.done { done += 1 }
            }
            lines.append(MunicipalityLine(
                municipality: municipality, timeliness: timeliness, receivedAt: forPeriod.last?.receivedAt,
                file: forPeriod.last?.report.file, daysLate: daysLate, rejectedFiles: rejected,
                completionShare: counted == 0 ? 0 : Double(done) / Double(counted),
                overdue: flags.filter { $0 }.count, measuresOwed: own.filter { $0 }.count))
        }

        var measureLines: [MeasureLine] = []
        var matrix: [[MatrixCell]] = []
        var overdue: [OverdueLine] = []
        let shareGroups = Dictionary(grouping: schema.columns.filter { $0.shareGroup != nil && $0.share != nil }) { $0.shareGroup! }
        let empty = MatrixCell(status: nil, reportedIn: nil, overdue: false)
        for (measureRow, measure) in roadmap.measures.enumerated() {
            var row: [MatrixCell] = []
            row.reserveCapacity(municipalities.count)
            // Status counts by code over the reporters it applies to: [no status, list value 0, 1, …].
            var tally = [Int](repeating: 0, count: statuses.count + 1)
            var owing = 0
            var values: [Double] = []
            for column in municipalities.indices {
                var cell = carried[column][measureRow] ?? empty
                cell.overdue = overdueFlags[column][measureRow]
                cell.applies = applies[column][measureRow]
                row.append(cell)
                guard cell.applies else { continue }
                owing += 1
                if let value = cell.indicator { values.append(value) }
                let code = codes[column][measureRow]
                if code == StatusCodes.none { tally[0] += 1 } else if code >= 0 { tally[Int(code) + 1] += 1 }
            }
            matrix.append(row)
            var counts: [(status: String?, count: Int)] = schema.statuses.indices.map { (schema.statuses[$0], tally[$0 + 1]) }
            counts.append((nil, tally[0]))
            let notRequired = statuses.notRequired >= 0 ? tally[Int(statuses.notRequired) + 1] : 0
            let doneCount = statuses.done >= 0 ? tally[Int(statuses.done) + 1] : 0
            let denominator = owing - notRequired
            var stats: IndicatorStats?
            if !values.isEmpty {
                stats = IndicatorStats(count: values.count, sum: values.reduce(0, +), minimum: values.min()!, maximum: values.max()!)
            }
            var shares: [ShareFigure] = []
            for group in shareGroups.keys.sorted() {
                guard let numerator = shareGroups[group]?.first(where: { $0.share == "numerator" }),
                      let denominatorColumn = shareGroups[group]?.first(where: { $0.share == "denominator" }) else { continue }
                // Σ numerators ÷ Σ denominators over the reporters that owe the measure.
                var top = 0.0
                var bottom = 0.0
                var reporters = 0
                for column in municipalities.indices where applies[column][measureRow] {
                    guard carried[column][measureRow] != nil else { continue }
                    let numbers = carriedState.numbers[column][measureRow]
                    if let n = numbers[numerator.id], let d = numbers[denominatorColumn.id] {
                        top += n
                        bottom += d
                        reporters += 1
                    }
                }
                shares.append(ShareFigure(group: group, numeratorTitle: numerator.title, denominatorTitle: denominatorColumn.title,
                                          numerator: top, denominator: bottom, reporters: reporters))
            }
            measureLines.append(MeasureLine(
                measure: measure, state: state(of: measure, in: period), statusCounts: counts,
                overdue: row.filter(\.overdue).count,
                completionShare: denominator <= 0 ? 0 : Double(doneCount) / Double(denominator),
                indicator: stats, shares: shares, applicability: obligations.applicability[measureRow], owing: owing))
            for (index, cell) in row.enumerated() where cell.overdue {
                overdue.append(OverdueLine(measure: measure, municipality: municipalities[index], status: cell.status, reason: cell.reason))
            }
        }

        // The register and the remarks: every file received for the period (and unidentified ones).
        let order = Dictionary(uniqueKeysWithValues: municipalities.enumerated().map { ($1.code, $0) })
        let forPeriod = known.filter { $0.report.period == period || $0.report.period == nil }
        var register: [RegisterLine] = []
        for item in forPeriod {
            let superseded: Bool
            if item.report.isValid, let municipality = item.report.municipality {
                superseded = valid[municipality.code]?.last?.report.path != item.report.path
            } else {
                superseded = false
            }
            register.append(RegisterLine(
                municipality: item.report.municipality, file: item.report.file, receivedAt: item.receivedAt,
                daysLate: item.report.period == nil ? 0 : pipeline.calendar.daysLate(receivedAt: item.receivedAt, for: period),
                valid: item.report.isValid, superseded: superseded, errors: item.report.errorCount,
                warnings: item.report.warningCount))
        }
        // Registry order, then receipt order; unidentified files last.
        func position(_ municipality: Reporter?) -> Int { municipality.flatMap { order[$0.code] } ?? Int.max }
        register.sort { (position($0.municipality), $0.receivedAt, $0.file) < (position($1.municipality), $1.receivedAt, $1.file) }
        let diagnostics = forPeriod.sorted {
            (position($0.report.municipality), $0.receivedAt, $0.report.file) < (position($1.report.municipality), $1.receivedAt, $1.report.file)
        }.flatMap(\.report.diagnostics)

        return Consolidation(
            region: pipeline.definition.region, roadmapTitle: roadmap.title, period: period, asOf: asOf, due: due,
            timeZone: pipeline.definition.timeZone, statuses: schema.statuses, statusMeanings: schema.statusMeanings,
            reporterKind: pipeline.registry.kind ?? .municipality, municipalities: lines,
            measures: measureLines, matrix: matrix, overdue: overdue, register: register, diagnostics: diagnostics)
    }

    /// Where a measure stands by schedule in the period.
    public func state(of measure: Measure, in period: ReportPeriod) -> ScheduleState {
        let schedule = measure.schedule
        guard schedule.kind != .unscheduled, let start = schedule.start, let end = schedule.end else { return .unscheduled }
        let months = schedule.dueMonths()
        if months.contains(where: period.contains) { return .dueThisMonth }
        if YearMonth(start) > period.last { return .notStarted }
        if YearMonth(end) < period.first || (months.last.map { $0 < period.first } ?? false) && schedule.kind != .recurring {
            return .pastCheckpoint
        }
        return .ongoing
    }

    /// A measure is overdue for a reporter when a checkpoint has passed by the months the
    /// period's report answers for and it is not reported done (or not required). A recurring
    /// measure reported as under way (or one with several dates or months, between them) is on
    /// track until its last checkpoint; not started or not done, it is overdue once its first
    /// checkpoint passed.
    public func isOverdue(_ measure: Measure, status: String?, period: ReportPeriod) -> Bool {
        let statuses = StatusCodes(schema: pipeline.schema)
        return OverdueFacts(measure, through: pipeline.calendar.reportedThrough(period)).isOverdue(statuses.code(status), statuses)
    }
}

/// Status values as small integers: their position in the schema's list, `none` for no status,
/// `other` for a value outside the list. Consolidation compares and counts a status for every
/// cell of every month; integers spare it comparing Cyrillic strings.
struct StatusCodes: Sendable {
    static let none: Int8 = -1
    static let other: Int8 = -2
    let values: [String]
    let done: Int8
    let inProgress: Int8
    let notRequired: Int8

    var count: Int { values.count }

    init(schema: SubmissionSchema) {
        values = schema.statuses
        func position(_ status: String?) -> Int8 {
            guard let status, let index = schema.statuses.firstIndex(where: { $0 == status }) else { return Self.other }
            return Int8(truncatingIfNeeded: index)
        }
        done = position(schema.doneStatus)
        inProgress = position(schema.inProgressStatus)
        notRequired = position(schema.notRequiredStatus)
    }

    func code(_ status: String?) -> Int8 {
        guard let status else { return Self.none }
        // Statuses in reports are the list's own strings: bytes compare equal without normalizing.
        if let index = values.firstIndex(where: { $0.sameBytes(as: status) }) { return Int8(truncatingIfNeeded: index) }
        if let index = values.firstIndex(of: status) { return Int8(truncatingIfNeeded: index) }
        return Self.other
    }
}

/// What deciding "overdue" needs to know about a measure by a month, worked out once per period.
struct OverdueFacts: Sendable {
    /// A checkpoint has passed by the end of the month.
    let anyCheckpointPassed: Bool
    let unscheduled: Bool
    let repeated: Bool
    /// The last checkpoint has passed (for repeated measures under way).
    let lastCheckpointPassed: Bool

    init(_ measure: Measure, through period: YearMonth) {
        anyCheckpointPassed = measure.schedule.dueMonths().contains { $0 <= period }
        unscheduled = measure.schedule.kind == .unscheduled
        repeated = measure.hasRepeatedCheckpoints
        lastCheckpointPassed = measure.checkpointPassed(by: period)
    }

    /// A measure is overdue for a municipality when a checkpoint has passed by the end of the
    /// month and it is not reported done (or not required). A recurring measure reported as under
    /// way (or one with several dates or months, between them) is on track until its last
    /// checkpoint; not started or not done, it is overdue once its first checkpoint passed.
    func isOverdue(_ status: Int8, _ statuses: StatusCodes) -> Bool {
        if status >= 0 && (status == statuses.done || status == statuses.notRequired) { return false }
        guard anyCheckpointPassed, !unscheduled else { return false }
        if repeated && status >= 0 && status == statuses.inProgress { return lastCheckpointPassed }
        return true
    }
}
