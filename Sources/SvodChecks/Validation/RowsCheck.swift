import Spreadsheet
import SvodModel

/// The table's rows, one at a time: each row goes through the row checks in turn — its measure
/// id (`MeasureIDCheck`), its title (`TitleCheck`), its values by column type (`ValuesCheck`),
/// its shares (`ShareCheck`), its completion date (`CompletionDateCheck`) and the schema's
/// conditional rules (`RulesCheck`) — and after the last row the table as a whole (`CoverageCheck`). This type
/// only runs them and keeps the entries; it emits nothing itself.
///
/// Rows arrive one at a time (`check(_:into:)`, in sheet order) and are not kept here; what the
/// check keeps is bounded by the roadmap, not by the file: which measures have been seen (one
/// slot per measure) and the `entries`, one per roadmap measure the table names (its first
/// row; a second row of a measure is `measure-duplicate`, and a row naming no measure is an
/// error too). So a valid report's entries are all its rows, and a file of a million rows keeps
/// at most as many entries as the roadmap has measures. They are kept for invalid files as well
/// (consolidation reads only valid ones): the bound is the same and the entries stay what the
/// checks understood, whatever the verdict.
struct RowsCheck {
    let plan: ValidationPlan
    package let period: ReportPeriod?
    /// The last month whose checkpoints the report answers for.
    let checkpointMonth: YearMonth?
    /// Per measure position: whether the reporter owes it this period (nil when who sent the
    /// report or for which period is unknown).
    let expected: [Bool]?
    private var ids: MeasureIDCheck
    private let titles: TitleCheck
    private let values: ValuesCheck
    private let shares: ShareCheck
    private let dates: CompletionDateCheck
    private let rules: RulesCheck
    /// The rows' values for consolidation, one per measure named, in row order.
    private(set) var entries: [ReportEntry] = []

    /// - Parameter positions: Schema column position → the table's column index (nil when the
    ///   table lacks it).
    init(plan: ValidationPlan, positions: [Int?], period: ReportPeriod?, checkpointMonth: YearMonth? = nil,
         expected: [Bool]? = nil, reportDate: CivilDate?) {
        self.plan = plan
        self.period = period
        self.checkpointMonth = checkpointMonth ?? period?.last
        self.expected = expected
        self.ids = MeasureIDCheck(plan: plan, positions: positions)
        self.titles = TitleCheck(plan: plan)
        self.values = ValuesCheck(plan: plan, positions: positions)
        self.shares = ShareCheck(plan: plan, positions: positions)
        self.dates = CompletionDateCheck(plan: plan, reportDate: reportDate)
        self.rules = RulesCheck(plan: plan, positions: positions, checkpointMonth: checkpointMonth ?? period?.last)
    }

    /// Checks one table row; returns whether it became an entry (the first row of a measure).
    mutating func check(_ row: SubmissionRow, into sink: inout DiagnosticSink) -> Bool {
        guard let idPosition = plan.idPosition else { return false }
        switch ids.check(row, idPosition: idPosition, into: &sink) {
        case .repeated:
            return false
        case .noMeasure:
            let (entry, completion) = values.check(row, measure: nil, into: &sink)
            shares.check(row, numbers: entry.numbers, into: &sink)
            if let completion { dates.check(completion.date, address: completion.cell, measure: nil, into: &sink) }
            return false
        case .first(let measure):
            titles.check(row, measure: measure, into: &sink)
            let (entry, completion) = values.check(row, measure: measure, into: &sink)
            shares.check(row, numbers: entry.numbers, into: &sink)
            if let completion { dates.check(completion.date, address: completion.cell, measure: measure, into: &sink) }
            rules.check(row, measure: measure, status: entry.status, into: &sink)
            entries.append(entry)
            return true
        }
    }

    /// After the last row: an empty table, and the measures due this month that have no row.
    func finish(rowCount: Int, into sink: inout DiagnosticSink) {
        guard plan.idPosition != nil else { return }
        CoverageCheck(plan: plan, period: period, expected: expected).check(rowCount: rowCount, seen: ids.seen, into: &sink)
    }

    /// A text cut to 80 characters for a message («…» marks the cut).
    static func short(_ text: String) -> String { text.count > 80 ? String(text.prefix(79)) + "…" : text }
}
