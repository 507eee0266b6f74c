import Spreadsheet

/// Something to know about a date computed from the calendars: the answer was still given,
/// but on weaker grounds than the official production calendar.
///
/// Codes are stable ASCII and never translated.
public struct CalendarWarning: Hashable, Sendable {
    /// A stable code such as `calendar-year-missing`; see ``allCodes``.
    public var code: String
    /// The year the warning is about.
    public var year: Int
    /// What happened, for a clerk (Russian) or an analyst (English).
    public var message: LocalizedText

    /// Creates a warning; prefer the static constructors below.
    ///
    /// - Parameters:
    ///   - code: The stable code.
    ///   - year: The year concerned.
    ///   - message: The text shown to the user.
    public init(code: String, year: Int, message: LocalizedText) {
        self.code = code
        self.year = year
        self.message = message
    }

    /// Every code the calendars can emit, for the diagnostic catalog.
    public static let allCodes: [String] = ["calendar-year-missing"]

    /// The production calendar has no row for a year, so only Saturdays and Sundays were
    /// treated as days off in it: public holidays and government transfers are not known.
    ///
    /// - Parameter year: The missing year.
    /// - Returns: The `calendar-year-missing` warning.
    public static func yearMissing(_ year: Int) -> CalendarWarning {
        CalendarWarning(code: "calendar-year-missing", year: year, message: LocalizedText(
            ru: "Производственный календарь на \(year) год не загружен: выходными считаются только суббота и воскресенье, праздники и переносы не учтены.",
            en: "The production calendar for \(year) is not loaded: only Saturdays and Sundays are treated as days off; public holidays and transfers are not taken into account."))
    }
}
