/// What the row checks need from the schema and the roadmap, worked out once per pipeline instead
/// of once per row: column positions by role, enum values folded, rules with column positions,
/// measures by id, and each month's due and passed checkpoints.
///
/// A national batch checks millions of rows against the same schema; looking columns up by id,
/// folding the status list and scanning the roadmap for every row dominated validation.
final class ValidationPlan: Sendable {
    /// The schema's columns, in order; a row's values are aligned with them.
    let columns: [SchemaColumn]
    /// The same columns with only what the hot loop reads (no strings to retain).
    let checks: [ColumnCheck]
    let idPosition: Int?
    let titlePosition: Int?
    let statusPosition: Int?
    /// Per column position: folded value (and each listed spelling) → the schema's spelling
    /// (enum columns only).
    let enumValues: [[TextKey: String]]
    let rules: [RulePlan]
    let measures: [Measure]
    /// Measure id → position in `measures` (the first measure with that id).
    let measureIndex: [String: Int]
    /// Measure position → its title folded.
    let foldedTitles: [String]
    /// Reporting month → which measures are due then and which have passed a checkpoint.
    private let months: [YearMonth: MonthFacts]

    struct ColumnCheck: Sendable {
        var role: ColumnRole?
        var type: ColumnType
        var required: Bool
        var maxLength: Int?
        var minimum: Double?
        var maximum: Double?
        /// Columns the row checks skip (id, title and deadline are the form's own).
        var skipped: Bool
        /// A share's numerator or denominator: its number is kept for consolidation.
        var keepsNumber: Bool
    }

    struct RulePlan: Sendable {
        var statuses: Set<TextKey>
        var checkpointPassed: Bool?
        /// Positions of the required columns.
        var require: [Int]
    }

    struct MonthFacts: Sendable {
        var due: [Bool]
        var passed: [Bool]
    }

    init(schema: SubmissionSchema, roadmap: Roadmap) {
        columns = schema.columns
        checks = schema.columns.map { column in
            ColumnCheck(role: column.role, type: column.type, required: column.required, maxLength: column.maxLength,
                        minimum: column.minimum ?? (column.type == .percent ? 0 : nil),
                        maximum: column.maximum ?? (column.type == .percent ? 100 : nil),
                        skipped: column.role == .measureID || column.role == .measureTitle || column.role == .deadline,
                        keepsNumber: column.share != nil && column.shareGroup != nil)
        }
        idPosition = schema.columns.firstIndex { $0.role == .measureID }
        titlePosition = schema.columns.firstIndex { $0.role == .measureTitle }
        statusPosition = schema.columns.firstIndex { $0.role == .status }
        let enumValues: [[TextKey: String]] = schema.columns.map { column in
            guard column.type == .enum else { return [:] }
            var folded: [TextKey: String] = [:]
            for value in column.values where folded[TextKey(TextCleaner.fold(value))] == nil {
                folded[TextKey(TextCleaner.fold(value))] = value
            }
            // The list's own spellings too, so a cell picked from the drop-down needs no folding.
            for value in column.values where folded[TextKey(TextCleaner.fold(value))] == value { folded[TextKey(value)] = value }
            return folded
        }
        self.enumValues = enumValues
        let positions = Dictionary(schema.columns.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        // Rule statuses as the status list spells them (the row's status is taken from that list).
        let statusValues = schema.columns.firstIndex { $0.role == .status }.map { enumValues[$0] } ?? [:]
        rules = schema.rules.map { rule in
            let statuses = rule.statuses.map { TextKey(statusValues[TextKey(TextCleaner.fold($0))] ?? $0) }
            return RulePlan(statuses: Set(statuses), checkpointPassed: rule.checkpointPassed,
                     require: rule.require.compactMap { positions[$0] })
        }
        measures = roadmap.measures
        measureIndex = Dictionary(roadmap.measures.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        foldedTitles = roadmap.measures.map { TextCleaner.fold($0.title) }
        var months: [YearMonth: MonthFacts] = [:]
        var month = YearMonth(roadmap.period.start)
        let last = YearMonth(roadmap.period.end)
        let dueMonths = roadmap.measures.map { Set($0.schedule.dueMonths()) }
        while month <= last && months.count < 240 {
            months[month] = MonthFacts(due: dueMonths.map { $0.contains(month) },
                                       passed: roadmap.measures.map { $0.checkpointPassed(by: month) })
            month = month.next
        }
        self.months = months
    }

    /// Whether the measure at `position` has a checkpoint in `month`.
    func isDue(_ position: Int, in month: YearMonth) -> Bool {
        if let facts = months[month] { return facts.due[position] }
        return measures[position].schedule.dueMonths().contains(month)
    }

    /// Whether a checkpoint of the measure at `position` has passed by `month`.
    func checkpointPassed(_ position: Int, by month: YearMonth) -> Bool {
        if let facts = months[month] { return facts.passed[position] }
        return measures[position].checkpointPassed(by: month)
    }
}
