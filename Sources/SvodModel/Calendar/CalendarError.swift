import Spreadsheet

/// Why a production calendar could not be read or a reporting calendar could not be set up.
///
/// Thrown only when Svod cannot proceed: a calendar file with a mistake in it, a time zone that
/// does not exist. Every case has a stable ASCII code and a sentence in Russian and English; a
/// location inside a CSV file is `file.csv:LINE:COLUMN`, both 1-based, where the column is the
/// field number (1 is the year, 2 is January, …, 13 is December, 14 the working-day total).
public struct CalendarError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, CaseIterable {
        /// The calendar file does not exist, cannot be read, or is not UTF-8.
        case fileUnreadable = "calendar-file-unreadable"
        /// The calendar text has no year rows at all.
        case empty = "calendar-empty"
        /// A quoted CSV field is never closed.
        case unterminatedQuote = "calendar-csv-quote"
        /// A row has fewer than thirteen columns (the year and twelve months).
        case missingColumns = "calendar-columns-missing"
        /// The first column of a row is not a four-digit year.
        case invalidYear = "calendar-year-invalid"
        /// The same year appears on two rows of one file.
        case duplicateYear = "calendar-year-duplicate"
        /// A month cell holds something other than `N`, `N+` or `N*` separated by commas.
        case invalidDay = "calendar-day-invalid"
        /// A day number that the month does not have (31 April, 30 February).
        case dayOutOfRange = "calendar-day-out-of-range"
        /// The same day is listed twice in one month.
        case duplicateDay = "calendar-day-duplicate"
        /// The row's working-day or day-off total disagrees with its day lists.
        case totalsMismatch = "calendar-totals-mismatch"
        /// A time zone name that is not in the IANA time zone database.
        case unknownTimeZone = "calendar-timezone-unknown"
        /// A reporting day of the month outside 1...31.
        case invalidDueDay = "calendar-due-day-invalid"
    }

    /// What went wrong.
    public var code: Code
    /// The calendar file, as the user named it (`nil` for text that came from no file).
    public var file: String?
    /// The 1-based physical line where the faulty row starts.
    public var line: Int?
    /// The 1-based field number in that row.
    public var column: Int?
    /// The offending text (a token, a year, a time zone name), quoted in messages.
    public var text: String?
    /// A precise detail in both languages, e.g. «в апреле 2021 года 30 дней».
    public var detail: LocalizedText?

    public init(_ code: Code, file: String? = nil, line: Int? = nil, column: Int? = nil,
                text: String? = nil, detail: LocalizedText? = nil) {
        self.code = code
        self.file = file
        self.line = line
        self.column = column
        self.text = text
        self.detail = detail
    }

    /// `file.csv:14:3`, `line 14, column 3`, or `nil` when the error has no place.
    public var location: String? {
        var parts: [String] = []
        if let file { parts.append(file) }
        if let line {
            if parts.isEmpty { parts.append("<calendar>") }
            parts.append(String(line))
            if let column { parts.append(String(column)) }
        }
        return parts.isEmpty ? nil : parts.joined(separator: ":")
    }

    /// The sentence shown to an operator: the summary, the offending text, the detail.
    public func message(_ language: Language) -> String {
        var result = Self.summary(code)(language)
        if let text {
            result += language == .ru ? " Значение: «\(text)»." : " Value: “\(text)”."
        }
        if let detail { result += " " + detail(language) }
        return result
    }

    /// `location: code: message` in English, for logs.
    public var description: String {
        (location.map { $0 + ": " } ?? "") + code.rawValue + ": " + message(.en)
    }

    /// One sentence per code: what is wrong and what to do about it.
    public static func summary(_ code: Code) -> LocalizedText {
        switch code {
        case .fileUnreadable:
            return .init(
                ru: "Файл производственного календаря не найден, не открывается или не в кодировке UTF-8.",
                en: "The production calendar file does not exist, cannot be read, or is not UTF-8.")
        case .empty:
            return .init(
                ru: "В файле производственного календаря нет ни одной строки с годом.",
                en: "The production calendar file has no year rows.")
        case .unterminatedQuote:
            return .init(
                ru: "Кавычка в строке календаря не закрыта.",
                en: "A quote in the calendar row is never closed.")
        case .missingColumns:
            return .init(
                ru: "В строке календаря меньше 13 столбцов: нужен год и двенадцать месяцев.",
                en: "The calendar row has fewer than 13 columns: it needs the year and twelve months.")
        case .invalidYear:
            return .init(
                ru: "Первый столбец строки календаря должен содержать год из четырех цифр.",
                en: "The first column of a calendar row must be a four-digit year.")
        case .duplicateYear:
            return .init(
                ru: "Год уже есть в календаре выше.",
                en: "The year is already in the calendar above.")
        case .invalidDay:
            return .init(
                ru: "Ячейка месяца должна перечислять через запятую дни в виде N, N+ или N*.",
                en: "A month cell must list days as N, N+ or N*, separated by commas.")
        case .dayOutOfRange:
            return .init(
                ru: "Такого дня в этом месяце нет.",
                en: "The month has no such day.")
        case .duplicateDay:
            return .init(
                ru: "День указан в месяце дважды.",
                en: "The day is listed twice in the month.")
        case .totalsMismatch:
            return .init(
                ru: "Итог за год не совпадает с перечнем дней: вероятно, в одном из месяцев пропущен или лишний день.",
                en: "The yearly total disagrees with the day lists: a month probably misses a day or has one too many.")
        case .unknownTimeZone:
            return .init(
                ru: "Часовой пояс не найден в базе IANA; укажите его как «Asia/Vladivostok» или «Europe/Moscow».",
                en: "The time zone is not in the IANA database; name it like “Asia/Vladivostok” or “Europe/Moscow”.")
        case .invalidDueDay:
            return .init(
                ru: "День сдачи отчета должен быть числом от 1 до 31.",
                en: "The reporting day must be a number from 1 to 31.")
        }
    }
}
