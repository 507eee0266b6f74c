import Spreadsheet

/// Something the deadline parser noticed while reading a deadline: a guess it made, a part it
/// could not read, or a deadline that gives no date.
///
/// Warnings never stop parsing: the schedule is always the best reading of the text, and the
/// warnings say how far to trust it. Codes are stable ASCII and never translated.
public struct DeadlineWarning: Hashable, Sendable {
    /// A stable code such as `deadline-unparsed`; see ``allCodes``.
    public var code: String
    /// What happened, for a clerk (Russian) or an analyst (English).
    public var message: LocalizedText

    /// Creates a warning; prefer the static constructors next to this type.
    ///
    /// - Parameters:
    ///   - code: The stable code.
    ///   - message: The text shown to the user.
    public init(code: String, message: LocalizedText) {
        self.code = code
        self.message = message
    }

    /// Every code the deadline parser can emit, for the diagnostic catalog.
    public static let allCodes: [String] = [
        "deadline-unscheduled", "deadline-unparsed", "deadline-year-inferred", "deadline-ambiguous-year",
        "deadline-outside-period", "deadline-range-reversed", "deadline-invalid-date", "deadline-typo",
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
    public var warningCodes: [String] { warnings.map(\.code) }
}

extension DeadlineWarning {
    /// The deadline gives no date: a reference to another schedule, or nothing at all.
    static func unscheduled(_ text: String) -> DeadlineWarning {
        let trimmed = DeadlineText.trimmed(text)
        if trimmed.isEmpty {
            return DeadlineWarning(code: "deadline-unscheduled", message: LocalizedText(
                ru: "Срок не указан: мероприятие не попадёт ни в один отчётный месяц.",
                en: "No deadline is given: the measure falls in no reporting month."))
        }
        return DeadlineWarning(code: "deadline-unscheduled", message: LocalizedText(
            ru: "Срок «\(trimmed)» не называет дат: мероприятие не попадёт ни в один отчётный месяц.",
            en: "The deadline “\(trimmed)” names no dates: the measure falls in no reporting month."))
    }

    /// Part of the text was not understood and is left out of the schedule.
    static func unparsed(_ fragments: [String], in text: String) -> DeadlineWarning {
        let quotedRu = fragments.map { "«\($0)»" }.joined(separator: ", ")
        let quotedEn = fragments.map { "“\($0)”" }.joined(separator: ", ")
        return DeadlineWarning(code: "deadline-unparsed", message: LocalizedText(
            ru: "В сроке «\(DeadlineText.trimmed(text))» не понято: \(quotedRu); эта часть не учтена.",
            en: "In the deadline “\(DeadlineText.trimmed(text))”, not understood: \(quotedEn); that part is ignored."))
    }

    /// A month or day without a year was placed in the first year of a multi-year period.
    static func yearInferred(_ fragment: String, year: Int, period: RoadmapPeriod) -> DeadlineWarning {
        DeadlineWarning(code: "deadline-year-inferred", message: LocalizedText(
            ru: "Для «\(fragment)» не указан год; взят \(year) — первый год периода \(period).",
            en: "No year is given for “\(fragment)”; took \(year), the first year of the period \(period)."))
    }

    /// "Года" without a number in a multi-year period: which year is meant is unclear.
    static func ambiguousYear(_ fragment: String, period: RoadmapPeriod) -> DeadlineWarning {
        DeadlineWarning(code: "deadline-ambiguous-year", message: LocalizedText(
            ru: "«\(fragment)» в плане на \(period) годы не называет года; срок отнесён ко всему периоду.",
            en: "“\(fragment)” in a plan for \(period) names no particular year; the whole period is used."))
    }

    /// The deadline falls, at least in part, outside the roadmap period.
    static func outsidePeriod(_ start: CivilDate, _ end: CivilDate, period: RoadmapPeriod) -> DeadlineWarning {
        let span = start == end ? start.russian : start.russian + "–" + end.russian
        let bounds = period.start.russian + "–" + period.end.russian
        return DeadlineWarning(code: "deadline-outside-period", message: LocalizedText(
            ru: "Срок \(span) выходит за период дорожной карты \(bounds).",
            en: "The deadline \(span) lies outside the roadmap period \(bounds)."))
    }

    /// A range was written end first; its bounds were swapped.
    static func rangeReversed(_ fragment: String) -> DeadlineWarning {
        DeadlineWarning(code: "deadline-range-reversed", message: LocalizedText(
            ru: "В «\(fragment)» начало позже конца; границы переставлены.",
            en: "In “\(fragment)” the start comes after the end; the bounds were swapped."))
    }

    /// A written date does not exist (31.02.2021).
    static func invalidDate(_ fragment: String) -> DeadlineWarning {
        DeadlineWarning(code: "deadline-invalid-date", message: LocalizedText(
            ru: "«\(fragment)» — несуществующая дата; она не учтена.",
            en: "“\(fragment)” is not a real date; it is ignored."))
    }

    /// A misspelt month name was read as the nearest month.
    static func typo(_ written: String, readAs month: Int) -> DeadlineWarning {
        DeadlineWarning(code: "deadline-typo", message: LocalizedText(
            ru: "«\(written)» прочитано как «\(RussianCalendarWords.monthNames[month - 1])».",
            en: "“\(written)” was read as “\(RussianCalendarWords.monthNames[month - 1])”."))
    }
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
