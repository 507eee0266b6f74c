import Foundation

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
        var carried = [[MatrixCell?]](repeating: [MatrixCell?](repeating: nil, count: roadmap.measures.count),
                                      count: municipalities.count)
        var applied: YearMonth?
        var results: [Consolidation] = []
        for period in periods.sorted() {
            // Carry statuses forward month by month; within a month the latest report wins.
            for (column, municipality) in municipalities.enumerated() {
                guard let months = valid[municipality.oktmo] else { continue }
                for month in months.keys.sorted() where month <= period && (applied.map { month > $0 } ?? true) {
                    guard let winner = months[month]?.last else { continue }
                    for entry in winner.report.entries {
                        guard let row = measureIndex[entry.measureID] else { continue }
                        carried[column][row] = MatrixCell(
                            status: entry.status, reportedIn: month, overdue: false, reason: entry.reason,
                            indicator: entry.indicatorValue, completionDate: entry.completionDate, actualResult: entry.actualResult)
                    }
                }
            }
            applied = period
            results.append(build(period: period, asOf: asOf, known: known, valid: valid, carried: carried))
        }
        return results
    }

    private func build(period: YearMonth, asOf: Date, known: [ReceivedReport], valid: [String: [YearMonth: [ReceivedReport]]],
                       carried: [[MatrixCell?]]) -> Consolidation {
        let schema = pipeline.schema
        let roadmap = pipeline.roadmap
        let municipalities = pipeline.registry.municipalities
        let due = pipeline.calendar.dueDate(for: period)

        var rejectedCounts: [String: Int] = [:]
        for item in known where !item.report.isValid && item.report.period == period {
            if let oktmo = item.report.municipality?.oktmo { rejectedCounts[oktmo, default: 0] += 1 }
        }

        var lines: [MunicipalityLine] = []
        var columns: [[MatrixCell]] = []
        columns.reserveCapacity(municipalities.count)
        let startedRows = roadmap.measures.indices.filter { (roadmap.measures[$0].schedule.start.map { $0 <= period.lastDay }) ?? true }
        for (column, municipality) in municipalities.enumerated() {
            let months = valid[municipality.oktmo] ?? [:]
            var cells: [MatrixCell] = []
            cells.reserveCapacity(roadmap.measures.count)
            for (row, measure) in roadmap.measures.enumerated() {
                var cell = carried[column][row] ?? MatrixCell(status: nil, reportedIn: nil, overdue: false)
                cell.overdue = isOverdue(measure, status: cell.status, period: period)
                cells.append(cell)
            }
            columns.append(cells)

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
            let done = startedRows.filter { cells[$0].status == schema.doneStatus }.count
            lines.append(MunicipalityLine(
                municipality: municipality, timeliness: timeliness, receivedAt: forPeriod.last?.receivedAt,
                file: forPeriod.last?.report.file, daysLate: daysLate, rejectedFiles: rejected,
                completionShare: startedRows.isEmpty ? 0 : Double(done) / Double(startedRows.count),
                overdue: cells.filter(\.overdue).count))
        }

        var measureLines: [MeasureLine] = []
        var matrix: [[MatrixCell]] = []
        var overdue: [OverdueLine] = []
        let shareGroups = Dictionary(grouping: schema.columns.filter { $0.shareGroup != nil && $0.share != nil }) { $0.shareGroup! }
        for (measureRow, measure) in roadmap.measures.enumerated() {
            let row = columns.map { $0[measureRow] }
            matrix.append(row)
            var counts: [(status: String?, count: Int)] = schema.statuses.map { status in
                (status, row.filter { $0.status == status }.count)
            }
            counts.append((nil, row.filter { $0.status == nil }.count))
            let notRequired = row.filter { $0.status != nil && $0.status == schema.notRequiredStatus }.count
            let doneCount = row.filter { $0.status == schema.doneStatus }.count
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
            timeZone: pipeline.definition.timeZone, statuses: schema.statuses, municipalities: lines,
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
        let schema = pipeline.schema
        if let status, status == schema.doneStatus || status == schema.notRequiredStatus { return false }
        let passed = measure.schedule.dueMonths().contains { $0 <= period }
        guard passed, measure.schedule.kind != .unscheduled else { return false }
        if measure.hasRepeatedCheckpoints, let status, status == schema.inProgressStatus {
            return measure.checkpointPassed(by: period)
        }
        return true
    }
}
