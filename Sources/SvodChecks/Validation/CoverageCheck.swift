import Spreadsheet
import SvodModel

/// The table as a whole, after its last row: it has rows at all, and a row for every measure
/// the roadmap has a checkpoint of in the reporting month.
struct CoverageCheck: ValidationCheck {
    static let codes: [DiagnosticCode] = [.reportEmpty, .measureMissing]

    let plan: ValidationPlan
    let period: ReportPeriod?
    /// Per measure position: whether the reporter owes it this period.
    let expected: [Bool]?

    /// - Parameter seen: Measure position → the id cell of its first row, nil for no row.
    func check(rowCount: Int, seen: [CellAddress?], into sink: inout DiagnosticSink) {
        sink.emitter = Self.self
        if rowCount == 0 { sink.add(.reportEmpty) }
        guard let period else { return }
        for (position, measure) in plan.measures.enumerated()
        where seen[position] == nil && plan.measureIndex[measure.id] == position && plan.isDue(position, in: period)
            && expected.map({ $0[position] }) ?? true {
            sink.add(.measureMissing, value: measure.id,
                     ["id": measure.id, "title": RowsCheck.short(measure.title), "deadline": measure.deadlineText])
        }
    }
}

// The codes of the table as a whole.
extension DiagnosticCode {
    public static let reportEmpty = DiagnosticCode(
        "report-empty", .error,
        title: .init(ru: "Отчет пустой", en: "The report is empty"),
        explanation: .init(
            ru: "В таблице нет ни одной строки с мероприятием. Заполните строки формы.",
            en: "The table holds no measure rows. Fill in the form's rows."),
        message: .init(
            ru: "В таблице отчета нет ни одной заполненной строки.",
            en: "The report table has no filled-in rows."))

    public static let measureMissing = DiagnosticCode(
        "measure-missing", .error,
        title: .init(ru: "Нет строки по мероприятию со сроком в этом месяце", en: "A measure due this month is missing"),
        explanation: .init(
            ru: "По дорожной карте у мероприятия контрольная точка в отчетном месяце, но в отчете нет его строки. Добавьте строку (она есть в форме за этот месяц).",
            en: "The roadmap has a checkpoint of this measure in the reporting month, but the report has no row for it. Add the row (the form for this month has it)."),
        message: .init(
            ru: "Нет строки по мероприятию {id} «{title}»: по дорожной карте у него контрольная точка в отчетном месяце (срок: {deadline}).",
            en: "No row for measure {id} «{title}»: the roadmap has a checkpoint in the reporting month (deadline: {deadline})."))
}
