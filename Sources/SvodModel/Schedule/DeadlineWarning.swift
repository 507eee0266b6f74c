import Spreadsheet

/// Something the deadline parser noticed while reading a deadline: a guess it made, a part it
/// could not read, or a deadline that gives no date.
///
/// Warnings never stop parsing: the schedule is always the best reading of the text, and the
/// warnings say how far to trust it. Each code is declared below with its sentence.
public struct DeadlineWarning: Hashable, Sendable {
    /// A registered code such as `deadline-unparsed`; see ``allCodes``.
    public var code: DiagnosticCode
    /// What happened, for a clerk (Russian) or an analyst (English).
    public var message: LocalizedText

    /// Creates a warning; prefer the static constructors next to this type.
    ///
    /// - Parameters:
    ///   - code: The code.
    ///   - message: The text shown to the user.
    public init(code: DiagnosticCode, message: LocalizedText) {
        self.code = code
        self.message = message
    }

    /// A warning with the code's own sentence.
    init(_ code: DiagnosticCode, variant: String? = nil, _ arguments: MessageArguments) {
        self.init(code: code, message: variant.map { code.message(variant: $0, arguments) } ?? code.message(arguments))
    }

    /// Every code the deadline parser can emit, for the diagnostic catalog.
    public static let allCodes: [DiagnosticCode] = [
        .deadlineUnscheduled, .deadlineUnparsed, .deadlineYearInferred, .deadlineAmbiguousYear,
        .deadlineOutsidePeriod, .deadlineRangeReversed, .deadlineInvalidDate, .deadlineTypo,
    ]
}

/// The result of reading one deadline: the schedule and what to know about it.
public struct DeadlineParse: Sendable, Equatable {
    /// The best reading of the deadline.
    public var schedule: Schedule
    /// What the parser guessed, could not read, or found outside the roadmap period.
    public var warnings: [DeadlineWarning]

    /// Creates a parse result.
    ///
    /// - Parameters:
    ///   - schedule: The schedule.
    ///   - warnings: The warnings, in the order they were found.
    public init(schedule: Schedule, warnings: [DeadlineWarning] = []) {
        self.schedule = schedule
        self.warnings = warnings
    }

    /// The codes of ``warnings``, in order.
    public var warningCodes: [String] { warnings.map(\.code.rawValue) }
}

extension DeadlineWarning {
    /// The deadline gives no date: a reference to another schedule, or nothing at all.
    static func unscheduled(_ text: String) -> DeadlineWarning {
        let trimmed = DeadlineText.trimmed(text)
        if trimmed.isEmpty { return DeadlineWarning(.deadlineUnscheduled, variant: "empty", [:]) }
        return DeadlineWarning(.deadlineUnscheduled, ["deadline": trimmed])
    }

    /// Part of the text was not understood and is left out of the schedule.
    static func unparsed(_ fragments: [String], in text: String) -> DeadlineWarning {
        let quoted = LocalizedText(ru: fragments.map { "«\($0)»" }.joined(separator: ", "),
                                   en: fragments.map { "“\($0)”" }.joined(separator: ", "))
        return DeadlineWarning(.deadlineUnparsed, ["deadline": DeadlineText.trimmed(text), "fragments": quoted])
    }

    /// A month or day without a year was placed in the first year of a multi-year period.
    static func yearInferred(_ fragment: String, year: Int, period: RoadmapPeriod) -> DeadlineWarning {
        DeadlineWarning(.deadlineYearInferred, ["fragment": fragment, "year": year, "period": "\(period)"])
    }

    /// "Года" without a number in a multi-year period: which year is meant is unclear.
    static func ambiguousYear(_ fragment: String, period: RoadmapPeriod) -> DeadlineWarning {
        DeadlineWarning(.deadlineAmbiguousYear, ["fragment": fragment, "period": "\(period)"])
    }

    /// The deadline falls, at least in part, outside the roadmap period.
    static func outsidePeriod(_ start: CivilDate, _ end: CivilDate, period: RoadmapPeriod) -> DeadlineWarning {
        let span = start == end ? start.russian : start.russian + "–" + end.russian
        return DeadlineWarning(.deadlineOutsidePeriod, ["span": span, "bounds": period.start.russian + "–" + period.end.russian])
    }

    /// A range was written end first; its bounds were swapped.
    static func rangeReversed(_ fragment: String) -> DeadlineWarning {
        DeadlineWarning(.deadlineRangeReversed, ["fragment": fragment])
    }

    /// A written date does not exist (31.02.2021).
    static func invalidDate(_ fragment: String) -> DeadlineWarning {
        DeadlineWarning(.deadlineInvalidDate, ["fragment": fragment])
    }

    /// A misspelt month name was read as the nearest month.
    static func typo(_ written: String, readAs month: Int) -> DeadlineWarning {
        DeadlineWarning(.deadlineTypo, ["written": written, "month": RussianCalendarWords.monthNames[month - 1]])
    }
}

// The deadline parser's codes: all warnings, since the schedule is always the best reading.
extension DiagnosticCode {
    public static let deadlineUnscheduled = DiagnosticCode(
        "deadline-unscheduled", .warning,
        title: .init(ru: "Срок не называет дат", en: "The deadline names no dates"),
        explanation: .init(
            ru: "Срок мероприятия в дорожной карте не указан или не называет дат (например, ссылается на другой документ). Мероприятие остается в дорожной карте, но не приходится ни на один отчетный месяц: строки по нему в отчете не требуются, и просроченным оно не считается. Если срок есть, впишите его в дорожную карту.",
            en: "The measure's deadline in the roadmap is empty or names no dates (it refers to another document, say). The measure stays in the roadmap but falls in no reporting month: no report needs a row for it, and it is never overdue. If there is a deadline, write it into the roadmap."),
        message: .init(
            ru: "Срок «{deadline}» не называет дат: мероприятие не попадёт ни в один отчётный месяц.",
            en: "The deadline “{deadline}” names no dates: the measure falls in no reporting month."),
        variants: ["empty": .init(
            ru: "Срок не указан: мероприятие не попадёт ни в один отчётный месяц.",
            en: "No deadline is given: the measure falls in no reporting month.")])

    public static let deadlineUnparsed = DiagnosticCode(
        "deadline-unparsed", .warning,
        title: .init(ru: "Часть срока не понята", en: "Part of the deadline was not understood"),
        explanation: .init(
            ru: "Svod прочел срок не полностью: непонятая часть приведена в сообщении и в расписание мероприятия не вошла. Проверьте расписание (svod roadmap inspect) и при необходимости перепишите срок, например «до 01.06.2021» или «ежеквартально».",
            en: "Svod read only part of the deadline: the part it did not understand is quoted in the message and left out of the measure's schedule. Check the schedule (svod roadmap inspect) and rewrite the deadline if needed, e.g. «до 01.06.2021» or «ежеквартально»."),
        message: .init(
            ru: "В сроке «{deadline}» не понято: {fragments}; эта часть не учтена.",
            en: "In the deadline “{deadline}”, not understood: {fragments}; that part is ignored."))

    public static let deadlineYearInferred = DiagnosticCode(
        "deadline-year-inferred", .warning,
        title: .init(ru: "Год срока взят по периоду", en: "The deadline's year was inferred"),
        explanation: .init(
            ru: "В сроке назван месяц или день без года, а дорожная карта рассчитана на несколько лет. Svod отнес срок к первому году периода. Если имеется в виду другой год, укажите его в сроке.",
            en: "The deadline names a month or day without a year, and the roadmap spans several years. Svod placed it in the period's first year. If another year is meant, write it in the deadline."),
        message: .init(
            ru: "Для «{fragment}» не указан год; взят {year} — первый год периода {period}.",
            en: "No year is given for “{fragment}”; took {year}, the first year of the period {period}."))

    public static let deadlineAmbiguousYear = DiagnosticCode(
        "deadline-ambiguous-year", .warning,
        title: .init(ru: "Неясно, о каком годе речь", en: "Which year is meant is unclear"),
        explanation: .init(
            ru: "В сроке сказано о годе без номера (например, «в течение года»), а дорожная карта рассчитана на несколько лет. Svod отнес срок ко всему периоду. Если срок относится к одному году, укажите его.",
            en: "The deadline speaks of a year without its number (e.g. «в течение года»), and the roadmap spans several years. Svod took the whole period. If the deadline is about one year, name it."),
        message: .init(
            ru: "«{fragment}» в плане на {period} годы не называет года; срок отнесён ко всему периоду.",
            en: "“{fragment}” in a plan for {period} names no particular year; the whole period is used."))

    public static let deadlineOutsidePeriod = DiagnosticCode(
        "deadline-outside-period", .warning,
        title: .init(ru: "Срок вне периода дорожной карты", en: "The deadline is outside the roadmap period"),
        explanation: .init(
            ru: "Срок мероприятия полностью или частично выходит за период дорожной карты, а отчеты за месяцы вне периода не принимаются (period-outside-roadmap). Проверьте год в сроке и период дорожной карты.",
            en: "The measure's deadline lies wholly or partly outside the roadmap period, and reports for months outside it are refused (period-outside-roadmap). Check the year in the deadline and the roadmap's period."),
        message: .init(
            ru: "Срок {span} выходит за период дорожной карты {bounds}.",
            en: "The deadline {span} lies outside the roadmap period {bounds}."))

    public static let deadlineRangeReversed = DiagnosticCode(
        "deadline-range-reversed", .warning,
        title: .init(ru: "Начало срока позже конца", en: "The range runs backwards"),
        explanation: .init(
            ru: "В диапазоне срока начало позже конца. Svod переставил границы; проверьте, что так и задумано.",
            en: "In a range of the deadline the start comes after the end. Svod swapped the bounds; check that this is what was meant."),
        message: .init(
            ru: "В «{fragment}» начало позже конца; границы переставлены.",
            en: "In “{fragment}” the start comes after the end; the bounds were swapped."))

    public static let deadlineInvalidDate = DiagnosticCode(
        "deadline-invalid-date", .warning,
        title: .init(ru: "Несуществующая дата", en: "A date that does not exist"),
        explanation: .init(
            ru: "В сроке записана дата, которой нет в календаре (например, 31.02.2021). Svod ее не учел; исправьте дату в дорожной карте.",
            en: "The deadline holds a date the calendar does not have (e.g. 31.02.2021). Svod left it out; correct the date in the roadmap."),
        message: .init(
            ru: "«{fragment}» — несуществующая дата; она не учтена.",
            en: "“{fragment}” is not a real date; it is ignored."))

    public static let deadlineTypo = DiagnosticCode(
        "deadline-typo", .warning,
        title: .init(ru: "Опечатка в названии месяца", en: "A misspelt month"),
        explanation: .init(
            ru: "Название месяца в сроке написано с ошибкой, и Svod прочел его как ближайший по написанию месяц, названный в сообщении. Проверьте, что месяц прочитан верно.",
            en: "A month name in the deadline is misspelt, and Svod read it as the nearest month by spelling, named in the message. Check that it was read right."),
        message: .init(
            ru: "«{written}» прочитано как «{month}».",
            en: "“{written}” was read as “{month}”."))
}

/// Small text helpers shared by the deadline grammar.
enum DeadlineText {
    /// The text without leading and trailing whitespace.
    static func trimmed(_ text: some StringProtocol) -> String {
        var rest = Substring(text)
        while let first = rest.first, first.isWhitespace { rest.removeFirst() }
        while let last = rest.last, last.isWhitespace { rest.removeLast() }
        return String(rest)
    }
}
