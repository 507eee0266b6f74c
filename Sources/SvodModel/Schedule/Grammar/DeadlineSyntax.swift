import Spreadsheet

/// The syntax tree of a deadline: what the grammar read, before years are resolved against the
/// roadmap period.

/// The year a calendar span is written with.
enum YearSpec: Equatable, Sendable {
    /// A calendar year: "2021", "2021 г.".
    case calendar(Int)
    /// A school year, by its first year: "2020-2021 учебного года", "2020/21".
    case school(Int)

    /// The year of a month under this spec: September–December of a school year fall in its
    /// first year, January–August in its second.
    func year(forMonth month: Int) -> Int {
        switch self {
        case .calendar(let year): return year
        case .school(let first): return month >= 9 ? first : first + 1
        }
    }

    /// The same spec a number of years later (earlier when negative).
    func shifted(by years: Int) -> YearSpec {
        switch self {
        case .calendar(let year): return .calendar(year + years)
        case .school(let first): return .school(first + years)
        }
    }
}

/// A year phrase: one year, or a range of calendar years ("2021 - 2024 гг.").
enum YearPhrase: Equatable, Sendable {
    case single(YearSpec)
    case range(Int, Int)
}

/// The shape of a calendar span, independent of its year.
enum SpanShape: Equatable, Sendable {
    /// One day: "01.03", "1 июня".
    case day(day: Int, month: Int)
    /// One month: "Август".
    case month(Int)
    /// A calendar quarter, 1 through 4.
    case quarter(Int)
    /// A half-year, 1 or 2; a school half-year runs September–December and January–May.
    case half(Int, school: Bool)
    /// A school term (четверть), 1 through 4: September–October, November–December,
    /// January–March, April–May.
    case term(Int)
    /// A season by its first month: spring (3), summer (6), autumn (9).
    case season(Int)
    /// A whole calendar year, or a school year when its spec is `.school`.
    case year(school: Bool)

    /// The first and last month of the span (a school year runs from 9 to 8).
    var months: (first: Int, last: Int) {
        switch self {
        case .day(_, let month): return (month, month)
        case .month(let month): return (month, month)
        case .quarter(let q): return (3 * q - 2, 3 * q)
        case .half(let h, school: false): return h == 1 ? (1, 6) : (7, 12)
        case .half(let h, school: true): return h == 1 ? (9, 12) : (1, 5)
        case .term(let t): return [(9, 10), (11, 12), (1, 3), (4, 5)][t - 1]
        case .season(let first): return (first, first + 2)
        case .year(school: false): return (1, 12)
        case .year(school: true): return (9, 8)
        }
    }
}

/// A calendar span as written: its shape and, when the text gives one, its year.
struct SpanTerm: Equatable, Sendable {
    var shape: SpanShape
    /// `nil` when the text names no year; for `.year` shapes that means "the year" — the roadmap
    /// period ("в течение года").
    var year: YearSpec?
    /// Character offsets in the source text.
    var range: Range<Int>
}

/// A repetition: `count` times per `unit`, optionally on a weekday.
struct Recurrence: Equatable, Sendable {
    var unit: RecurrenceUnit
    /// How many times per unit ("2 раза в год" → 2).
    var count: Int
    /// The ISO weekday of a weekly repetition ("каждый вторник" → 2).
    var weekday: Int?
}

/// What a deadline says about a span of the roadmap period as a whole.
enum Scope: Equatable, Sendable {
    /// The whole roadmap period: "всего срока реализации", "постоянно".
    case wholeTerm
    /// One span: "года", "2021-2022 учебного года".
    case span(SpanTerm)
    /// From one span through another: "2021 - 2024 гг.".
    case range(SpanTerm, SpanTerm)
}

/// One element of a deadline, with the characters it was read from.
struct DeadlineItem: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        /// "Август 2020г.", "01.03.2021", "IV квартал".
        case span(SpanTerm)
        /// "Сентябрь-ноябрь 2021 г.", "с 1 по 15 марта".
        case range(SpanTerm, SpanTerm)
        /// "с сентября 2021 г." with no end: from the span to the end of the period.
        case openFrom(SpanTerm)
        /// "до 1 июня 2022 г." (`endOf` false: by the span's first day), "до конца мая",
        /// "по 30.06" (`endOf` true: by its last day); `nil` is the end of the whole term.
        case by(SpanTerm?, endOf: Bool)
        /// "В течение года", "постоянно", "в течение 2021-2022 учебного года".
        case throughout(Scope)
        /// "Ежемесячно", "2 раза в год", "каждый вторник".
        case recurrence(Recurrence)
        /// "далее": what follows repeats from what precedes.
        case thereafter
        /// "текущего (учебного) года": the months before it recur each year.
        case currentYear(school: Bool)
        /// "до 5 числа", "до 10 числа месяца, следующего за отчетным".
        case dayOfMonth(Int, followingMonth: Bool)
        /// "по заявкам", "по утвержденному графику", with any words that follow ("по запросу МОУО").
        case note(NoteKind)
        /// A duration relative to some event: "в течение месяца".
        case relative
        /// "за 2021 год", "за I квартал": the span a report covers. It is a note when the text
        /// also says when the report is due, and the span itself otherwise.
        case about(SpanTerm, SpanTerm)
        /// "за квартал", "за год": a covered span with no date of its own; always a note.
        case aboutUnit
    }

    var kind: Kind
    /// Character offsets in the source text.
    var range: Range<Int>
}
