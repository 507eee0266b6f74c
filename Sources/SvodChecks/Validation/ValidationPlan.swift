import SvodModel

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
    /// Per column position: folded value → index of the schema's spelling in `values` (enum
    /// columns only).
    let enumValues: [[TextKey: Int]]
    /// Per column position and list value: the index of the value it stands for (the first one
    /// folding alike), so a cell picked from the drop-down is matched without folding.
    let canonicalIndex: [[Int]]
    let rules: [RulePlan]
    /// Per status list index: the rules that status triggers, in schema order.
    let rulesByStatus: [[Int]]
    let measures: [Measure]
    /// Measure id → position in `measures` (the first measure with that id).
    let measureIndex: [String: Int]
    /// Measure position → its title folded.
    let foldedTitles: [String]
    /// The schema's shares, one per `share_group` that has both a numerator and a denominator.
    let shares: [SharePlan]
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
        var checkpointPassed: Bool?
        /// Positions of the required columns.
        var require: [Int]
    }

    /// A share: the positions of its numerator and denominator columns (the first of each in
    /// the group, as consolidation takes them).
    struct SharePlan: Sendable {
        var group: String
        var numerator: Int
        var denominator: Int
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
        var shares: [SharePlan] = []
        for column in schema.columns {
            guard let group = column.shareGroup, column.share != nil, !shares.contains(where: { $0.group == group }),
                  let numerator = schema.columns.firstIndex(where: { $0.shareGroup == group && $0.share == "numerator" }),
                  let denominator = schema.columns.firstIndex(where: { $0.shareGroup == group && $0.share == "denominator" })
            else { continue }
            shares.append(SharePlan(group: group, numerator: numerator, denominator: denominator))
        }
        self.shares = shares
        idPosition = schema.columns.firstIndex { $0.role == .measureID }
        titlePosition = schema.columns.firstIndex { $0.role == .measureTitle }
        statusPosition = schema.columns.firstIndex { $0.role == .status }
        // Per enum column: folded value → index of the first list value folding to it, and for
        // each list value the index of its canonical (first equal-folding) value.
        var enumValues: [[TextKey: Int]] = []
        var canonicalIndex: [[Int]] = []
        for column in schema.columns {
            var folded: [TextKey: Int] = [:]
            var canonical: [Int] = []
            if column.type == .enum {
                for (index, value) in column.values.enumerated() {
                    let key = TextKey(TextCleaner.fold(value))
                    if folded[key] == nil { folded[key] = index }
                    canonical.append(folded[key]!)
                }
            }
            enumValues.append(folded)
            canonicalIndex.append(canonical)
        }
        self.enumValues = enumValues
        self.canonicalIndex = canonicalIndex
        // Rules by status: for each value of the status list, the rules it triggers (a rule
        // names statuses as the list does, compared after folding).
        let statusColumn = schema.columns.firstIndex { $0.role == .status }
        let statusList = statusColumn.map { schema.columns[$0].values } ?? []
        let statusIndex = statusColumn.map { enumValues[$0] } ?? [:]
        let positions = Dictionary(schema.columns.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        rules = schema.rules.map { rule in
            RulePlan(checkpointPassed: rule.checkpointPassed, require: rule.require.compactMap { positions[$0] })
        }
        rulesByStatus = statusList.indices.map { status in
            schema.rules.indices.filter { index in
                schema.rules[index].statuses.contains { statusIndex[TextKey(TextCleaner.fold($0))] == status }
            }
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

    /// The list value an enum cell stands for: its index in the column's `values`, or nil.
    func enumIndex(_ text: String, column position: Int) -> Int? {
        let values = columns[position].values
        for index in values.indices where values[index].sameBytes(as: text) { return canonicalIndex[position][index] }
        return enumValues[position][TextKey(TextCleaner.fold(text))]
    }

    /// Whether the measure at `position` has a checkpoint in a month of `period`.
    func isDue(_ position: Int, in period: ReportPeriod) -> Bool {
        var month = period.first
        while month <= period.last {
            if isDue(position, in: month) { return true }
            month = month.next
        }
        return false
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
