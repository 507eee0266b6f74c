import Spreadsheet
import SvodModel

/// The schema's conditional rules on a row: the columns a status (and, for some rules, a passed
/// checkpoint) makes mandatory are filled in.
struct RulesCheck: ValidationCheck {
    static let codes: [DiagnosticCode] = [.completionDateMissing, .resultMissing, .reasonMissing, .ruleValueMissing]

    let plan: ValidationPlan
    /// Schema column position → the table's column index (nil when the table lacks it).
    let positions: [Int?]
    /// The last month whose checkpoints the report answers for.
    let checkpointMonth: YearMonth?

    func check(_ row: SubmissionRow, measure position: Int, status: String?, into sink: inout DiagnosticSink) {
        guard let status else { return }
        let checkpointPassed = checkpointMonth.map { plan.checkpointPassed(position, by: $0) } ?? false
        guard let statusPosition = plan.statusPosition,
              let index = plan.columns[statusPosition].values.firstIndex(where: { $0.sameBytes(as: status) }) else { return }
        sink.emitter = Self.self
        var reported: Set<Int> = []
        for ruleIndex in plan.rulesByStatus[index] {
            let rule = plan.rules[ruleIndex]
            if let needed = rule.checkpointPassed, needed != checkpointPassed { continue }
            for required in rule.require where !reported.contains(required) {
                guard let index = positions[required], row.cells[required] == nil else { continue }
                reported.insert(required)
                let column = plan.columns[required]
                let measure = plan.measures[position]
                let code: DiagnosticCode
                switch column.role {
                case .completionDate: code = .completionDateMissing
                case .actualResult: code = .resultMissing
                case .reason: code = .reasonMissing
                default: code = .ruleValueMissing
                }
                sink.add(code, variant: rule.checkpointPassed == true ? "checkpoint" : nil,
                         cell: CellAddress(row: row.index, column: index),
                         ["column": column.title, "status": status, "id": measure.id, "deadline": measure.deadlineText])
            }
        }
    }

    /// The sentences of the four codes: which column to fill in, and why — the status, or the
    /// status once the measure's checkpoint has passed.
    static let byStatus = MessageTemplate(
        ru: "Заполните «{column}»: статус «{status}».",
        en: "Fill in «{column}»: the status is «{status}».")
    static let byCheckpoint = MessageTemplate(
        ru: "Заполните «{column}»: срок мероприятия {id} («{deadline}») истек, а оно в статусе «{status}».",
        en: "Fill in «{column}»: measure {id}'s checkpoint («{deadline}») has passed and its status is «{status}».")
}

// The codes of the schema's rules.
extension DiagnosticCode {
    public static let completionDateMissing = DiagnosticCode(
        "completion-date-missing", .error,
        title: .init(ru: "Не указана дата выполнения", en: "The completion date is missing"),
        explanation: .init(
            ru: "При статусе «Выполнено» укажите дату выполнения.",
            en: "With the status «Выполнено», state the completion date."),
        message: RulesCheck.byStatus, variants: ["checkpoint": RulesCheck.byCheckpoint])

    public static let resultMissing = DiagnosticCode(
        "result-missing", .error,
        title: .init(ru: "Не указан фактический результат", en: "The actual result is missing"),
        explanation: .init(
            ru: "При статусе «Выполнено» опишите фактический результат: документ, мероприятие, охват.",
            en: "With the status «Выполнено», describe the actual result: a document, an event, the reach."),
        message: RulesCheck.byStatus, variants: ["checkpoint": RulesCheck.byCheckpoint])

    public static let reasonMissing = DiagnosticCode(
        "reason-missing", .error,
        title: .init(ru: "Не указана причина невыполнения", en: "The reason for non-completion is missing"),
        explanation: .init(
            ru: "Если мероприятие не выполнено или его срок истек, а оно не завершено, укажите причину.",
            en: "When a measure is not done, or its checkpoint has passed and it is not finished, state the reason."),
        message: RulesCheck.byStatus, variants: ["checkpoint": RulesCheck.byCheckpoint])

    public static let ruleValueMissing = DiagnosticCode(
        "rule-value-missing", .error,
        title: .init(ru: "Не заполнено поле, обязательное при этом статусе", en: "A value required by the status is missing"),
        explanation: .init(
            ru: "Правило формы требует заполнить эту колонку при указанном статусе.",
            en: "A rule of the form requires this column for the given status."),
        message: RulesCheck.byStatus, variants: ["checkpoint": RulesCheck.byCheckpoint])
}
