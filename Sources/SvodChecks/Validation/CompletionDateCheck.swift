import Spreadsheet
import SvodModel

/// A row's completion date against the report's date (not after it) and against its
/// measure's window in the roadmap.
struct CompletionDateCheck: ValidationCheck {
    static let codes: [DiagnosticCode] = [.dateInFuture, .dateOutsideWindow]

    let plan: ValidationPlan
    /// The date completion dates may not exceed: the date filled in, else the due date.
    let reportDate: CivilDate?

    /// - Parameter position: The row's measure, nil when the row names none (then only the
    ///   report date is checked).
    func check(_ date: CivilDate, address: CellAddress, measure position: Int?, into sink: inout DiagnosticSink) {
        sink.emitter = Self.self
        if let reportDate, date > reportDate {
            sink.add(.dateInFuture, cell: address, value: date.russian, ["date": date.russian, "reportDate": reportDate.russian])
            return
        }
        guard let position else { return }
        let measure = plan.measures[position]
        guard let start = measure.schedule.start, let end = measure.schedule.end else { return }
        // A deadline given as a date («01.03.2021», «до 1 июня») is "by then": finishing early is fine.
        let byDate = measure.schedule.kind == .date || measure.schedule.kind == .dates
        if (!byDate && date < start) || date > end {
            sink.add(.dateOutsideWindow, cell: address, value: date.russian,
                     ["date": date.russian, "id": measure.id, "start": start.russian, "end": end.russian])
        }
    }
}

// The codes of the rows' completion dates.
extension DiagnosticCode {
    public static let dateInFuture = DiagnosticCode(
        "date-in-future", .error,
        title: .init(ru: "Дата позже даты отчета", en: "The date is after the report date"),
        explanation: .init(
            ru: "Дата выполнения не может быть позже даты заполнения отчета (или конца срока сдачи). Проверьте год и месяц.",
            en: "A completion date cannot be after the date the report was filled in (or its due date). Check the year and month."),
        message: .init(
            ru: "Дата выполнения {date} позже даты отчета {reportDate}.",
            en: "The completion date {date} is after the report date {reportDate}."))

    public static let dateOutsideWindow = DiagnosticCode(
        "date-outside-window", .warning,
        title: .init(ru: "Дата вне срока мероприятия", en: "The date is outside the measure's window"),
        explanation: .init(
            ru: "Дата выполнения раньше начала или позже окончания срока мероприятия по дорожной карте. Если это так и есть, поясните в комментарии.",
            en: "The completion date is before the start or after the end of the measure's window in the roadmap. If that is so, explain in the comment."),
        message: .init(
            ru: "Дата выполнения {date} вне срока мероприятия {id} по дорожной карте ({start}–{end}).",
            en: "The completion date {date} is outside measure {id}'s window ({start}–{end})."))
}
