import Spreadsheet

/// One token of a deadline text, with the characters of the source it was read from.
struct DeadlineToken: Equatable, Sendable {
    /// What a token is.
    enum Kind: Equatable, Sendable {
        /// Digits, or a numeral word ("два", "одного"); `digits` is 0 for words.
        case number(Int, digits: Int)
        /// An ordinal: "1-й", "первое", a Roman numeral "IV".
        case ordinal(Int)
        /// `DD.MM.YYYY`, `D.M.YY`, `DD.MM`, `DD/MM/YYYY`, `YYYY-MM-DD`.
        case date(day: Int, month: Int, year: Int?)
        /// Something shaped like a date that is not one: "31.02.2021".
        case invalidDate
        /// A month name in any case, or its abbreviation; 1 through 12.
        case month(Int)
        /// A weekday name in any case; ISO 1 (Monday) through 7.
        case weekday(Int)
        /// A season: its first month (3 spring, 6 summer, 9 autumn).
        case season(Int)
        /// "г", "г.", "гг.", "г.г.", "год", "года", "году", "годы".
        case yearMarker
        /// A word or phrase with a meaning in deadlines.
        case keyword(DeadlineKeyword)
        /// `-`, `–`, `—` and their kin.
        case dash
        /// A list separator.
        case separator(Separator)
        /// Any other word, lower-cased.
        case word(String)
    }

    /// A list separator.
    enum Separator: Equatable, Sendable {
        case comma, semicolon, slash, and
    }

    var kind: Kind
    /// Character offsets in the source text.
    var range: Range<Int>
    /// For a month read from a misspelt word, the word as written.
    var correctedFrom: String? = nil
}

/// Words and phrases with a meaning in deadlines, after case and spelling are normalised.
enum DeadlineKeyword: Equatable, Sendable {
    /// "до", "не позднее", "в срок до", "к".
    case until
    /// "с", "со", "начиная с", "не ранее".
    case from
    /// "по".
    case through
    /// "в течение", "на протяжении", "в ходе", "в период".
    case during
    /// A bare "в", "во", "на": skipped where it adds nothing.
    case inPreposition
    /// "каждый", "каждую", "каждое" …
    case each
    /// "раз", "раза".
    case times
    /// "не реже", "не менее", "минимум".
    case atLeast
    /// A unit of repetition written as a noun: "месяц", "неделю", "полгода", "день".
    case unit(RecurrenceUnit)
    /// An adverb of repetition: "ежемесячно", "еженедельно", "ежегодно" …
    case every(RecurrenceUnit)
    /// "квартал", "кв.".
    case quarter
    /// "полугодие".
    case half
    /// "четверть" (a school term).
    case term
    /// "далее", "в дальнейшем", "затем".
    case thereafter
    /// "текущего", "текущий".
    case current
    /// "учебного", "учебный", "уч.".
    case school
    /// "всего срока реализации", "весь период", "периода".
    case wholeTerm
    /// "постоянно", "на постоянной основе", "систематически".
    case always
    /// "конец", "конца", "окончания".
    case endOf
    /// "числа" in "до 5 числа".
    case dayOfMonth
    /// "следующего за отчетным".
    case followingReporting
    /// A phrase that replaces or qualifies the date: "по заявкам", "по графику".
    case note(NoteKind)
    /// "за" in "до 10.01.2022 (за 2021 год)": what a report covers, not when it is due.
    case about
    /// A word that carries nothing: "срок", "включительно", "по итогам".
    case filler
}

/// A unit of repetition.
enum RecurrenceUnit: Equatable, Sendable {
    case day, week, month, quarter, halfYear, year
}

/// What a note phrase says about the date.
enum NoteKind: Equatable, Sendable {
    /// The work is done when asked for during the window: "по заявкам", "по мере необходимости".
    case onDemand
    /// The dates are set elsewhere: "по утвержденному графику", "в назначенные сроки".
    case elsewhere
}
