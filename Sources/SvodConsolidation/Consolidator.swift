import Foundation
import SvodModel
import SvodChecks

/// Aggregates validated reports into the regional picture for one month. Pure: the same
/// reports, receipt times and `asOf` always give the same figures.
///
/// Only valid reports count. For each municipality and month the latest valid report wins (a
/// correction supersedes); statuses carry forward, so a measure reported done in March stays
/// done in May unless a later report says otherwise. Timeliness is judged by the first valid
/// report for the period against the due moment in the region's time zone.
public struct Consolidator: Sendable {
    public var pipeline: Pipeline

    public init(pipeline: Pipeline) {
        self.pipeline = pipeline
    }

    public func consolidate(_ received: [ReceivedReport], period: YearMonth, asOf: Date) -> Consolidation {
        consolidate(received, periods: [period], asOf: asOf)[0]
    }

    /// Consolidates several months in one pass: statuses are carried forward incrementally
    /// instead of replaying every earlier month for each (a national year: 12 months × 2,400
    /// municipalities).
    public func consolidate(_ received: [ReceivedReport], periods: [YearMonth], asOf: Date) -> [Consolidation] {
        let roadmap = pipeline.roadmap
        let municipalities = pipeline.registry.municipalities
        let known = received.filter { $0.receivedAt <= asOf }
            .sorted { ($0.receivedAt, $0.report.file) < ($1.receivedAt, $1.report.file) }
        // Valid reports by municipality and month, in receipt order.
        var valid: [String: [YearMonth: [ReceivedReport]]] = [:]
        for item in known where item.report.isValid {
            guard let municipality = item.report.municipality, let month = item.report.period else { continue }
            valid[municipality.oktmo, default: [:]][month, default: []].append(item)
        }
        let measureIndex = Dictionary(roadmap.measures.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let statuses = StatusCodes(schema: pipeline.schema)
        var carried = [[MatrixCell?]](repeating: [MatrixCell?](repeating: nil, count: roadmap.measures.count),
                                      count: municipalities.count)
        var codes = [[Int8]](repeating: [Int8](repeating: StatusCodes.none, count: roadmap.measures.count),
                             count: municipalities.count)
        var applied: YearMonth?
        let months = periods.sorted()
        let results = ResultSlots<Consolidation>(count: months.count)
        let validByMonth = valid
        // Once carried forward, months are independent: each is built on another core while
        // this thread carries on to the next month. A national year is 12 months × 2,400
        // municipalities × all measures; the gate keeps at most one snapshot per core alive.
        let builders = max(1, min(ProcessInfo.processInfo.activeProcessorCount, months.count))
        let gate = DispatchSemaphore(value: builders)
        let group = DispatchGroup()
        for (index, period) in months.enumerated() {
            // Carry statuses forward month by month; within a month the latest report wins.
            for (column, municipality) in municipalities.enumerated() {
                guard let byMonth = valid[municipality.oktmo] else { continue }
                for month in byMonth.keys.sorted() where month <= period && (applied.map { month > $0 } ?? true) {
                    guard let winner = byMonth[month]?.last else { continue }
                    for entry in winner.report.entries {
                        guard let row = measureIndex[entry.measureID] else { continue }
                        carried[column][row] = MatrixCell(
                            status: entry.status, reportedIn: month, overdue: false, reason: entry.reason,
                            indicator: entry.indicatorValue, completionDate: entry.completionDate, actualResult: entry.actualResult)
                        codes[column][row] = statuses.code(entry.status)
                    }
                }
            }
            applied = period
            let (snapshot, snapshotCodes) = (carried, codes)
            gate.wait()
            DispatchQueue.global().async(group: group) {
                results.set(index, build(period: period, asOf: asOf, known: known, valid: validByMonth,
                                         carried: snapshot, codes: snapshotCodes, statuses: statuses))
                gate.signal()
            }
        }
        group.wait()
        return results.collect()
    }

    private func build(period: YearMonth, asOf: Date, known: [ReceivedReport], valid: [String: [YearMonth: [ReceivedReport]]],
                       carried: [[MatrixCell?]], codes: [[Int8]], statuses: StatusCodes) -> Consolidation {
        let schema = pipeline.schema
        let roadmap = pipeline.roadmap
        let municipalities = pipeline.registry.municipalities
        let due = pipeline.calendar.dueDate(for: period)
        let facts = roadmap.measures.map { OverdueFacts($0, period: period) }

        var rejectedCounts: [String: Int] = [:]
        for item in known where !item.report.isValid && item.report.period == period {
            if let oktmo = item.report.municipality?.oktmo { rejectedCounts[oktmo, default: 0] += 1 }
        }

        var lines: [MunicipalityLine] = []
        lines.reserveCapacity(municipalities.count)
        // Overdue flags by municipality, then measure.
        var overdueFlags = [[Bool]]()
        overdueFlags.reserveCapacity(municipalities.count)
        let started = roadmap.measures.map { ($0.schedule.start.map { $0 <= period.lastDay }) ?? true }
        let startedCount = started.filter { $0 }.count
        for (column, municipality) in municipalities.enumerated() {
            let months = valid[municipality.oktmo] ?? [:]
            let flags = facts.indices.map { facts[$0].isOverdue(codes[column][$0], statuses) }
            overdueFlags.append(flags)

            let forPeriod = months[period] ?? []
            let rejected = rejectedCounts[municipality.oktmo] ?? 0
            let timeliness: Timeliness
            var daysLate = 0
            if let first = forPeriod.first {
                daysLate = pipeline.calendar.daysLate(receivedAt: first.receivedAt, for: period)
                timeliness = first.receivedAt <= due.instant ? .onTime : .late
                if timeliness == .late { daysLate = max(daysLate, 1) }
            } else {
                timeliness = .missing
            }
            let done = started.indices.filter { started[$0] && codes[column][$0] == statuses.done }.count
            lines.append(MunicipalityLine(
                municipality: municipality, timeliness: timeliness, receivedAt: forPeriod.last?.receivedAt,
                file: forPeriod.last?.report.file, daysLate: daysLate, rejectedFiles: rejected,
                completionShare: startedCount == 0 ? 0 : Double(done) / Double(startedCount),
                overdue: flags.filter { $0 }.count))
        }

        var measureLines: [MeasureLine] = []
        var matrix: [[MatrixCell]] = []
        var overdue: [OverdueLine] = []
        let shareGroups = Dictionary(grouping: schema.columns.filter { $0.shareGroup != nil && $0.share != nil }) { $0.shareGroup! }
        let empty = MatrixCell(status: nil, reportedIn: nil, overdue: false)
        for (measureRow, measure) in roadmap.measures.enumerated() {
            var row: [MatrixCell] = []
            row.reserveCapacity(municipalities.count)
            // Status counts by code: [no status, list value 0, 1, …].
            var tally = [Int](repeating: 0, count: statuses.count + 1)
            for column in municipalities.indices {
                var cell = carried[column][measureRow] ?? empty
                cell.overdue = overdueFlags[column][measureRow]
                row.append(cell)
                let code = codes[column][measureRow]
                if code == StatusCodes.none { tally[0] += 1 } else if code >= 0 { tally[Int(code) + 1] += 1 }
            }
            matrix.append(row)
            var counts: [(status: String?, count: Int)] = schema.statuses.indices.map { (schema.statuses[$0], tally[$0 + 1]) }
            counts.append((nil, tally[0]))
            let notRequired = statuses.notRequired >= 0 ? tally[Int(statuses.notRequired) + 1] : 0
            let doneCount = statuses.done >= 0 ? tally[Int(statuses.done) + 1] : 0
            let denominator = municipalities.count - notRequired
            let values = row.compactMap(\.indicator)
            var stats: IndicatorStats?
            if !values.isEmpty {
                stats = IndicatorStats(count: values.count, sum: values.reduce(0, +), minimum: values.min()!, maximum: values.max()!)
            }
            var shares: [ShareFigure] = []
            for group in shareGroups.keys.sorted() {
                guard let numerator = shareGroups[group]?.first(where: { $0.share == "numerator" }),
                      let denominatorColumn = shareGroups[group]?.first(where: { $0.share == "denominator" }) else { continue }
                var top = 0.0
                var bottom = 0.0
                for municipality in municipalities {
                    guard let winner = latestEntry(for: measure.id, municipality: municipality, in: valid, upTo: period) else { continue }
                    if let n = winner.numbers[numerator.id], let d = winner.numbers[denominatorColumn.id] {
                        top += n
                        bottom += d
                    }
                }
                shares.append(ShareFigure(group: group, numeratorTitle: numerator.title, denominatorTitle: denominatorColumn.title,
                                          numerator: top, denominator: bottom))
            }
            measureLines.append(MeasureLine(
                measure: measure, state: state(of: measure, in: period), statusCounts: counts,
                overdue: row.filter(\.overdue).count,
                completionShare: denominator <= 0 ? 0 : Double(doneCount) / Double(denominator),
                indicator: stats, shares: shares))
            for (index, cell) in row.enumerated() where cell.overdue {
                overdue.append(OverdueLine(measure: measure, municipality: municipalities[index], status: cell.status, reason: cell.reason))
            }
        }

        // The register and the remarks: every file received for the period (and unidentified ones).
        let order = Dictionary(uniqueKeysWithValues: municipalities.enumerated().map { ($1.oktmo, $0) })
        let forPeriod = known.filter { $0.report.period == period || $0.report.period == nil }
        var register: [RegisterLine] = []
        for item in forPeriod {
            let superseded: Bool
            if item.report.isValid, let municipality = item.report.municipality {
                superseded = valid[municipality.oktmo]?[period]?.last?.report.path != item.report.path
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
        func position(_ municipality: Municipality?) -> Int { municipality.flatMap { order[$0.oktmo] } ?? Int.max }
        register.sort { (position($0.municipality), $0.receivedAt, $0.file) < (position($1.municipality), $1.receivedAt, $1.file) }
        let diagnostics = forPeriod.sorted {
            (position($0.report.municipality), $0.receivedAt, $0.report.file) < (position($1.report.municipality), $1.receivedAt, $1.report.file)
        }.flatMap(\.report.diagnostics)

        return Consolidation(
            region: pipeline.definition.region, roadmapTitle: roadmap.title, period: period, asOf: asOf, due: due,
            timeZone: pipeline.definition.timeZone, statuses: schema.statuses, statusMeanings: schema.statusMeanings, municipalities: lines,
            measures: measureLines, matrix: matrix, overdue: overdue, register: register, diagnostics: diagnostics)
    }

    private func latestEntry(for id: String, municipality: Municipality, in valid: [String: [YearMonth: [ReceivedReport]]],
                             upTo period: YearMonth) -> ReportEntry? {
        guard let months = valid[municipality.oktmo] else { return nil }
        for month in months.keys.sorted(by: >) where month <= period {
            if let entry = months[month]?.last?.report.entries.first(where: { $0.measureID == id }) { return entry }
        }
        return nil
    }

    /// Where a measure stands by schedule in the month.
    public func state(of measure: Measure, in period: YearMonth) -> ScheduleState {
        let schedule = measure.schedule
        guard schedule.kind != .unscheduled, let start = schedule.start, let end = schedule.end else { return .unscheduled }
        let months = schedule.dueMonths()
        if months.contains(period) { return .dueThisMonth }
        if YearMonth(start) > period { return .notStarted }
        if YearMonth(end) < period || (months.last.map { $0 < period } ?? false) && schedule.kind != .recurring { return .pastCheckpoint }
        return .ongoing
    }

    /// A measure is overdue for a municipality when a checkpoint has passed by the end of the
    /// month and it is not reported done (or not required). A recurring measure reported as under
    /// way (or one with several dates or months, between them) is on track until its last
    /// checkpoint; not started or not done, it is overdue once its first checkpoint passed.
    public func isOverdue(_ measure: Measure, status: String?, period: YearMonth) -> Bool {
        let statuses = StatusCodes(schema: pipeline.schema)
        return OverdueFacts(measure, period: period).isOverdue(statuses.code(status), statuses)
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

/// What deciding "overdue" needs to know about a measure in a month, worked out once per month.
struct OverdueFacts: Sendable {
    /// A checkpoint has passed by the end of the month.
    let anyCheckpointPassed: Bool
    let unscheduled: Bool
    let repeated: Bool
    /// The last checkpoint has passed (for repeated measures under way).
    let lastCheckpointPassed: Bool

    init(_ measure: Measure, period: YearMonth) {
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
