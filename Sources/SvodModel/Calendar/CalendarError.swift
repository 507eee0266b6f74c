import Spreadsheet

/// Why a production calendar could not be read or a reporting calendar could not be set up.
///
/// Thrown only when Svod cannot proceed: a calendar file with a mistake in it, a time zone that
/// does not exist. Every case has a stable ASCII code and a sentence in Russian and English; a
/// location inside a CSV file is `file.csv:LINE:COLUMN`, both 1-based, where the column is the
/// field number (1 is the year, 2 is January, …, 13 is December, 14 the working-day total).
public struct CalendarError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: Sendable, NamedByDiagnosticCode {
        /// The calendar file does not exist, cannot be read, or is not UTF-8.
        case fileUnreadable
        /// The calendar text has no year rows at all.
        case empty
        /// A quoted CSV field is never closed.
        case unterminatedQuote
        /// A row has fewer than thirteen columns (the year and twelve months).
        case missingColumns
        /// The first column of a row is not a four-digit year.
        case invalidYear
        /// The same year appears on two rows of one file.
        case duplicateYear
        /// A month cell holds something other than `N`, `N+` or `N*` separated by commas.
        case invalidDay
        /// A day number that the month does not have (31 April, 30 February).
        case dayOutOfRange
        /// The same day is listed twice in one month.
        case duplicateDay
        /// The row's working-day or day-off total disagrees with its day lists.
        case totalsMismatch
        /// A time zone name that is not in the IANA time zone database.
        case unknownTimeZone
        /// A reporting day of the month outside 1...31.
        case invalidDueDay

        /// The registered code: its name, title, explanation and sentence.
        public var diagnostic: DiagnosticCode {
            switch self {
            case .fileUnreadable: return .calendarFileUnreadable
            case .empty: return .calendarEmpty
            case .unterminatedQuote: return .calendarCsvQuote
            case .missingColumns: return .calendarColumnsMissing
            case .invalidYear: return .calendarYearInvalid
            case .duplicateYear: return .calendarYearDuplicate
            case .invalidDay: return .calendarDayInvalid
            case .dayOutOfRange: return .calendarDayOutOfRange
            case .duplicateDay: return .calendarDayDuplicate
            case .totalsMismatch: return .calendarTotalsMismatch
            case .unknownTimeZone: return .calendarTimezoneUnknown
            case .invalidDueDay: return .calendarDueDayInvalid
            }
        }
    }

    /// Every code the calendar readers emit, for the catalog.
    public static let codes: [DiagnosticCode] = Code.allCases.map(\.diagnostic)

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
        var result = code.diagnostic.template("").text(language)
        if let text { result += Self.valueNote.text(language, ["value": text]) }
        if let detail { result += " " + detail(language) }
        return result
    }

    /// The offending text, after the sentence.
    static let valueNote = MessageTemplate(ru: " Значение: «{value}».", en: " Value: “{value}”.")

    /// The sentence in both languages.
    public var localizedMessage: LocalizedText { LocalizedText(ru: message(.ru), en: message(.en)) }

    /// `location: code: message` in English, for logs.
    public var description: String {
        (location.map { $0 + ": " } ?? "") + code.rawValue + ": " + message(.en)
    }
}

// The calendars' codes: one sentence each, what is wrong and what to do about it.
extension DiagnosticCode {
    public static let calendarFileUnreadable = DiagnosticCode(
        "calendar-file-unreadable", .error,
        title: .init(ru: "Файл календаря не читается", en: "The calendar file cannot be read"),
        explanation: .init(
            ru: "Svod не нашел файл производственного календаря, не смог его прочитать или текст не в кодировке UTF-8. Проверьте путь calendar.production_calendar в описании конвейера и сохраните файл в UTF-8.",
            en: "Svod did not find the production calendar file, could not read it, or its text is not UTF-8. Check calendar.production_calendar in the pipeline definition and save the file as UTF-8."),
        message: .init(
            ru: "Файл производственного календаря не найден, не открывается или не в кодировке UTF-8.",
            en: "The production calendar file does not exist, cannot be read, or is not UTF-8."))
    public static let calendarEmpty = DiagnosticCode(
        "calendar-empty", .error,
        title: .init(ru: "Календарь пуст", en: "The calendar is empty"),
        explanation: .init(
            ru: "Файл производственного календаря (calendar.production_calendar в описании конвейера) — CSV в формате открытых данных, как Data/calendars/: строка на год, в ней год и двенадцать месяцев с перечнем нерабочих дней. В этом файле нет ни одной такой строки.",
            en: "The production calendar file (calendar.production_calendar in the pipeline definition) is CSV in the open-data format, as in Data/calendars/: a row per year, holding the year and twelve months listing their days off. This file has no such row."),
        message: .init(
            ru: "В файле производственного календаря нет ни одной строки с годом.",
            en: "The production calendar file has no year rows."))
    public static let calendarCsvQuote = DiagnosticCode(
        "calendar-csv-quote", .error,
        title: .init(ru: "Незакрытая кавычка", en: "An unclosed quote"),
        explanation: .init(
            ru: "Файл производственного календаря (calendar.production_calendar в описании конвейера) — CSV в формате открытых данных, как Data/calendars/: строка на год, в ней год и двенадцать месяцев с перечнем нерабочих дней. В строке, названной в сообщении, кавычка открыта и не закрыта до конца файла; закройте ее.",
            en: "The production calendar file (calendar.production_calendar in the pipeline definition) is CSV in the open-data format, as in Data/calendars/: a row per year, holding the year and twelve months listing their days off. In the row the message names, a quote opens and is never closed; close it."),
        message: .init(
            ru: "Кавычка в строке календаря не закрыта.",
            en: "A quote in the calendar row is never closed."))
    public static let calendarColumnsMissing = DiagnosticCode(
        "calendar-columns-missing", .error,
        title: .init(ru: "Не хватает столбцов", en: "Columns are missing"),
        explanation: .init(
            ru: "Файл производственного календаря (calendar.production_calendar в описании конвейера) — CSV в формате открытых данных, как Data/calendars/: строка на год, в ней год и двенадцать месяцев с перечнем нерабочих дней. В названной строке меньше 13 столбцов; допишите недостающие месяцы.",
            en: "The production calendar file (calendar.production_calendar in the pipeline definition) is CSV in the open-data format, as in Data/calendars/: a row per year, holding the year and twelve months listing their days off. The row named has fewer than 13 columns; add the missing months."),
        message: .init(
            ru: "В строке календаря меньше 13 столбцов: нужен год и двенадцать месяцев.",
            en: "The calendar row has fewer than 13 columns: it needs the year and twelve months."))
    public static let calendarYearInvalid = DiagnosticCode(
        "calendar-year-invalid", .error,
        title: .init(ru: "Год не распознан", en: "The year is not recognised"),
        explanation: .init(
            ru: "Файл производственного календаря (calendar.production_calendar в описании конвейера) — CSV в формате открытых данных, как Data/calendars/: строка на год, в ней год и двенадцать месяцев с перечнем нерабочих дней. Первый столбец названной строки — не год из четырех цифр; исправьте его.",
            en: "The production calendar file (calendar.production_calendar in the pipeline definition) is CSV in the open-data format, as in Data/calendars/: a row per year, holding the year and twelve months listing their days off. The first column of the row named is not a four-digit year; correct it."),
        message: .init(
            ru: "Первый столбец строки календаря должен содержать год из четырех цифр.",
            en: "The first column of a calendar row must be a four-digit year."))
    public static let calendarYearDuplicate = DiagnosticCode(
        "calendar-year-duplicate", .error,
        title: .init(ru: "Год повторяется", en: "A year appears twice"),
        explanation: .init(
            ru: "Файл производственного календаря (calendar.production_calendar в описании конвейера) — CSV в формате открытых данных, как Data/calendars/: строка на год, в ней год и двенадцать месяцев с перечнем нерабочих дней. Один год записан в файле дважды, и неясно, какая строка верна; оставьте одну.",
            en: "The production calendar file (calendar.production_calendar in the pipeline definition) is CSV in the open-data format, as in Data/calendars/: a row per year, holding the year and twelve months listing their days off. One year is in the file twice, and which row is right is unclear; keep one."),
        message: .init(
            ru: "Год уже есть в календаре выше.",
            en: "The year is already in the calendar above."))
    public static let calendarDayInvalid = DiagnosticCode(
        "calendar-day-invalid", .error,
        title: .init(ru: "День не распознан", en: "A day is not recognised"),
        explanation: .init(
            ru: "Файл производственного календаря (calendar.production_calendar в описании конвейера) — CSV в формате открытых данных, как Data/calendars/: строка на год, в ней год и двенадцать месяцев с перечнем нерабочих дней. Ячейка месяца перечисляет через запятую дни: N — нерабочий день, N* — сокращенный рабочий день, N+ — перенесенный выходной. В названной ячейке есть что-то другое.",
            en: "The production calendar file (calendar.production_calendar in the pipeline definition) is CSV in the open-data format, as in Data/calendars/: a row per year, holding the year and twelve months listing their days off. A month cell lists days separated by commas: N a day off, N* a shortened working day, N+ a transferred day off. The cell named holds something else."),
        message: .init(
            ru: "Ячейка месяца должна перечислять через запятую дни в виде N, N+ или N*.",
            en: "A month cell must list days as N, N+ or N*, separated by commas."))
    public static let calendarDayOutOfRange = DiagnosticCode(
        "calendar-day-out-of-range", .error,
        title: .init(ru: "Такого дня в месяце нет", en: "The month has no such day"),
        explanation: .init(
            ru: "Файл производственного календаря (calendar.production_calendar в описании конвейера) — CSV в формате открытых данных, как Data/calendars/: строка на год, в ней год и двенадцать месяцев с перечнем нерабочих дней. В названной ячейке день, которого в этом месяце нет (31 апреля, 30 февраля); исправьте его.",
            en: "The production calendar file (calendar.production_calendar in the pipeline definition) is CSV in the open-data format, as in Data/calendars/: a row per year, holding the year and twelve months listing their days off. The cell named holds a day the month does not have (31 April, 30 February); correct it."),
        message: .init(
            ru: "Такого дня в этом месяце нет.",
            en: "The month has no such day."))
    public static let calendarDayDuplicate = DiagnosticCode(
        "calendar-day-duplicate", .error,
        title: .init(ru: "День указан дважды", en: "A day is listed twice"),
        explanation: .init(
            ru: "Файл производственного календаря (calendar.production_calendar в описании конвейера) — CSV в формате открытых данных, как Data/calendars/: строка на год, в ней год и двенадцать месяцев с перечнем нерабочих дней. В названной ячейке один день перечислен дважды; удалите повтор.",
            en: "The production calendar file (calendar.production_calendar in the pipeline definition) is CSV in the open-data format, as in Data/calendars/: a row per year, holding the year and twelve months listing their days off. The cell named lists one day twice; delete the repeat."),
        message: .init(
            ru: "День указан в месяце дважды.",
            en: "The day is listed twice in the month."))
    public static let calendarTotalsMismatch = DiagnosticCode(
        "calendar-totals-mismatch", .error,
        title: .init(ru: "Итоги не сходятся с днями", en: "The totals disagree with the days"),
        explanation: .init(
            ru: "Файл производственного календаря (calendar.production_calendar в описании конвейера) — CSV в формате открытых данных, как Data/calendars/: строка на год, в ней год и двенадцать месяцев с перечнем нерабочих дней. Итоговое число рабочих или нерабочих дней в строке не совпадает с перечнем дней по месяцам; найдите пропущенный или лишний день.",
            en: "The production calendar file (calendar.production_calendar in the pipeline definition) is CSV in the open-data format, as in Data/calendars/: a row per year, holding the year and twelve months listing their days off. The row's total of working days or days off disagrees with the days listed by month; find the missing or extra day."),
        message: .init(
            ru: "Итог за год не совпадает с перечнем дней: вероятно, в одном из месяцев пропущен или лишний день.",
            en: "The yearly total disagrees with the day lists: a month probably misses a day or has one too many."))
    public static let calendarTimezoneUnknown = DiagnosticCode(
        "calendar-timezone-unknown", .error,
        title: .init(ru: "Неизвестный часовой пояс", en: "Unknown time zone"),
        explanation: .init(
            ru: "Часовой пояс региона (time_zone в описании конвейера, --time-zone у svod calendar) должен быть именем из базы IANA, например «Asia/Vladivostok» или «Europe/Moscow»; смещения вида MSK+7 не подходят.",
            en: "The region's time zone (time_zone in the pipeline definition, --time-zone of svod calendar) must be a name from the IANA database, such as “Asia/Vladivostok” or “Europe/Moscow”; offsets like MSK+7 do not do."),
        message: .init(
            ru: "Часовой пояс не найден в базе IANA; укажите его как «Asia/Vladivostok» или «Europe/Moscow».",
            en: "The time zone is not in the IANA database; name it like “Asia/Vladivostok” or “Europe/Moscow”."))
    public static let calendarDueDayInvalid = DiagnosticCode(
        "calendar-due-day-invalid", .error,
        title: .init(ru: "Недопустимый день сдачи", en: "An invalid reporting day"),
        explanation: .init(
            ru: "День сдачи отчета (calendar.due_day в описании конвейера, --due-day у svod calendar) — число месяца, следующего за отчетным, от 1 до 31.",
            en: "The reporting day (calendar.due_day in the pipeline definition, --due-day of svod calendar) is a day of the month after the reporting month, from 1 to 31."),
        message: .init(
            ru: "День сдачи отчета должен быть числом от 1 до 31.",
            en: "The reporting day must be a number from 1 to 31."))
}
