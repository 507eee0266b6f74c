import Spreadsheet

/// The month and weekday words the calendar messages need.
///
/// Messages only say «отчет за апрель 2021 г.» and name weekdays, so the nominative (which is
/// also the accusative after «за») is enough. Russian month names come from the deadline
/// grammar's table, so there is one spelling of them in Svod.
package enum CalendarWords {
    /// «январь» … «декабрь», lower case as inside a sentence.
    package static var monthsRu: [String] { RussianCalendarWords.monthNames }
    package static let monthsEn = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]
    /// ISO weekday 1 (Monday) … 7 (Sunday), at index weekday − 1.
    static let weekdaysRu = ["понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"]
    static let weekdaysEn = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    /// «апрель 2021 г.» / "April 2021".
    static func month(_ month: YearMonth) -> LocalizedText {
        LocalizedText(ru: "\(monthsRu[month.month - 1]) \(month.year) г.", en: "\(monthsEn[month.month - 1]) \(month.year)")
    }

    /// «суббота» / "Saturday".
    static func weekday(_ date: CivilDate) -> LocalizedText {
        LocalizedText(ru: weekdaysRu[date.isoWeekday - 1], en: weekdaysEn[date.isoWeekday - 1])
    }

    /// «10.05.2021» / "2021-05-10": the Russian form for clerks, ISO for English readers, to
    /// whom 10.05 could mean October.
    static func date(_ date: CivilDate) -> LocalizedText {
        LocalizedText(ru: date.russian, en: date.iso)
    }
}
