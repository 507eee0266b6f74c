import Spreadsheet

/// Something to know about a date computed from the calendars: the answer was still given,
/// but on weaker grounds than the official production calendar.
///
/// Each code is declared below with its sentence.
public struct CalendarWarning: Hashable, Sendable {
    /// A registered code such as `calendar-year-missing`; see ``allCodes``.
    public var code: DiagnosticCode
    /// The year the warning is about.
    public var year: Int
    /// What happened, for a clerk (Russian) or an analyst (English).
    public var message: LocalizedText

    /// Creates a warning; prefer the static constructors below.
    ///
    /// - Parameters:
    ///   - code: The code.
    ///   - year: The year concerned.
    ///   - message: The text shown to the user.
    public init(code: DiagnosticCode, year: Int, message: LocalizedText) {
        self.code = code
        self.year = year
        self.message = message
    }

    /// Every code the calendars can emit, for the diagnostic catalog.
    public static let allCodes: [DiagnosticCode] = [.calendarYearMissing]

    /// The production calendar has no row for a year, so only Saturdays and Sundays were
    /// treated as days off in it: public holidays and government transfers are not known.
    ///
    /// - Parameter year: The missing year.
    /// - Returns: The `calendar-year-missing` warning.
    public static func yearMissing(_ year: Int) -> CalendarWarning {
        CalendarWarning(code: .calendarYearMissing, year: year, message: DiagnosticCode.calendarYearMissing.message(["year": year]))
    }
}

extension DiagnosticCode {
    public static let calendarYearMissing = DiagnosticCode(
        "calendar-year-missing", .warning,
        title: .init(ru: "Нет производственного календаря на год", en: "No production calendar for the year"),
        explanation: .init(
            ru: "Производственный календарь не знает этого года, поэтому выходными считаются только суббота и воскресенье: праздники и переносы выходных не учтены, и срок сдачи может прийтись на нерабочий день. Добавьте год в файл календаря (calendar.production_calendar в описании конвейера) или обновите Svod.",
            en: "The production calendar does not have the year, so only Saturdays and Sundays count as days off: public holidays and transfers are not known, and a due date may fall on a day off. Add the year to a calendar file (calendar.production_calendar in the pipeline definition) or upgrade Svod."),
        message: .init(
            ru: "Производственный календарь на {year} год не загружен: выходными считаются только суббота и воскресенье, праздники и переносы не учтены.",
            en: "The production calendar for {year} is not loaded: only Saturdays and Sundays are treated as days off; public holidays and transfers are not taken into account."))
}
