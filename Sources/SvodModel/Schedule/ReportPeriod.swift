import Spreadsheet

/// How often reporters report: one report covers one period of the cadence.
///
/// Primorye reports monthly, Omsk's monitoring is quarterly, Amur reports yearly, and a school
/// plan (Gorodets) is reported on once per school year, September through August.
public enum Cadence: String, Sendable, Codable, CaseIterable, Comparable {
    case month
    case quarter
    case halfYear = "half_year"
    case year
    case schoolYear = "school_year"

    /// How many months one period spans.
    public var months: Int {
        switch self {
        case .month: return 1
        case .quarter: return 3
        case .halfYear: return 6
        case .year, .schoolYear: return 12
        }
    }

    /// The month (1...12) in which periods are anchored: September for school years, January otherwise.
    var anchorMonth: Int { self == .schoolYear ? 9 : 1 }

    /// «месяц», «квартал», … / "month", "quarter", …
    public var words: LocalizedText {
        switch self {
        case .month: return .init(ru: "месяц", en: "month")
        case .quarter: return .init(ru: "квартал", en: "quarter")
        case .halfYear: return .init(ru: "полугодие", en: "half-year")
        case .year: return .init(ru: "год", en: "year")
        case .schoolYear: return .init(ru: "учебный год", en: "school year")
        }
    }

    public static func < (lhs: Cadence, rhs: Cadence) -> Bool {
        (lhs.months, lhs == .schoolYear ? 1 : 0) < (rhs.months, rhs == .schoolYear ? 1 : 0)
    }
}

/// One report period: a month, a quarter, a half-year, a calendar year or a school year.
///
/// Its text form, used in file names, ledgers, JSON and on the command line, is `2021-06` for a
/// month, `2021-Q1` for a quarter, `2021-H1` for a half-year, `2021` for a year and `2020-2021`
/// for a school year. A monthly period's text is the ``YearMonth``'s, so ledgers and file names
/// of monthly regions read as before.
public struct ReportPeriod: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    // The month first: with the one-byte cadence after it a period (and an optional one, the
    // cadence's spare values holding `nil`) takes 17 bytes, not 24 — a national matrix keeps
    // one per cell.
    /// The first month of the period.
    public let first: YearMonth
    public let cadence: Cadence

    /// The period of a cadence that holds a month.
    ///
    /// - Parameters:
    ///   - cadence: The cadence.
    ///   - month: Any month of the period.
    public init(_ cadence: Cadence, containing month: YearMonth) {
        let anchor = YearMonth(year: month.year, month: cadence.anchorMonth)
        var offset = (month.year * 12 + month.month) - (anchor.year * 12 + anchor.month)
        offset = offset >= 0 ? offset - offset % cadence.months : offset - ((offset % cadence.months) + cadence.months) % cadence.months
        first = anchor.adding(months: offset)
        self.cadence = cadence
    }

    /// A monthly period.
    public static func month(_ month: YearMonth) -> ReportPeriod { ReportPeriod(.month, containing: month) }

    /// The last month of the period.
    public var last: YearMonth { first.adding(months: cadence.months - 1) }
    /// Every month of the period, in order.
    public var months: [YearMonth] { YearMonth.all(from: first, through: last) }
    public var firstDay: CivilDate { first.firstDay }
    public var lastDay: CivilDate { last.lastDay }
    public var next: ReportPeriod { ReportPeriod(cadence, containing: last.next) }
    public var previous: ReportPeriod { ReportPeriod(cadence, containing: first.previous) }

    /// Whether a month falls in the period.
    public func contains(_ month: YearMonth) -> Bool { first <= month && month <= last }

    /// Every period of a cadence from the one holding `first` through the one holding `last`.
    public static func all(_ cadence: Cadence, from first: YearMonth, through last: YearMonth) -> [ReportPeriod] {
        var periods: [ReportPeriod] = []
        var period = ReportPeriod(cadence, containing: first)
        while period.first <= last {
            periods.append(period)
            period = period.next
        }
        return periods
    }

    /// Every period from one through another, both included.
    public static func all(from first: ReportPeriod, through last: ReportPeriod) -> [ReportPeriod] {
        guard first.cadence == last.cadence else { return [] }
        return all(first.cadence, from: first.first, through: last.first)
    }

    /// The index of the period within its year: the quarter 1...4, the half 1...2, the month 1...12.
    var indexInYear: Int { (first.month - cadence.anchorMonth + 12) % 12 / cadence.months + 1 }

    /// The text form; see the type's documentation.
    public var description: String {
        switch cadence {
        case .month: return first.description
        case .quarter: return "\(first.year)-Q\(indexInYear)"
        case .halfYear: return "\(first.year)-H\(indexInYear)"
        case .year: return String(first.year)
        case .schoolYear: return "\(first.year)-\(first.year + 1)"
        }
    }

    /// Parses the text form: `2021-06`, `2021-Q1`, `2021-H2`, `2021`, `2020-2021` (also `2020/21`,
    /// `2020/2021`, `2020-21`). The cadence is the one the form names.
    ///
    /// - Parameter text: The text.
    /// - Returns: `nil` when it is none of the forms.
    public init?(text raw: some StringProtocol) {
        let text = String(raw).uppercased()
        if let month = YearMonth(text: text) {
            self = .month(month)
            return
        }
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == "/" }).map(String.init)
        func year(_ part: String) -> Int? {
            guard part.count == 4, part.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(part), value >= 1900 else { return nil }
            return value
        }
        if parts.count == 1, let year = year(parts[0]) {
            self.init(.year, containing: YearMonth(year: year, month: 1))
            return
        }
        guard parts.count == 2, let first = year(parts[0]) else { return nil }
        let second = parts[1]
        if second.count == 2, let letter = second.first, letter == "Q" || letter == "H",
           let index = Int(second.dropFirst()), index >= 1, index <= (letter == "Q" ? 4 : 2) {
            let cadence: Cadence = letter == "Q" ? .quarter : .halfYear
            self.init(cadence, containing: YearMonth(year: first, month: (index - 1) * cadence.months + 1))
            return
        }
        let next = year(second) ?? (second.count == 2 && second.allSatisfy({ $0.isASCII && $0.isNumber }) ? Int(second).map { first / 100 * 100 + $0 } : nil)
        guard let next, next == first + 1 else { return nil }
        self.init(.schoolYear, containing: YearMonth(year: first, month: 9))
    }

    /// The period in words: «июнь 2021», «I квартал 2021», «II полугодие 2021», «2021 год»,
    /// «2020/21 учебный год»; "June 2021", "Q1 2021", "H2 2021", "2021", "school year 2020/21".
    public var words: LocalizedText {
        let roman = ["I", "II", "III", "IV"]
        switch cadence {
        case .month:
            return .init(ru: "\(RussianCalendarWords.monthNames[first.month - 1]) \(first.year)",
                         en: "\(CalendarWords.monthsEn[first.month - 1]) \(first.year)")
        case .quarter:
            return .init(ru: "\(roman[indexInYear - 1]) квартал \(first.year)", en: "Q\(indexInYear) \(first.year)")
        case .halfYear:
            return .init(ru: "\(roman[indexInYear - 1]) полугодие \(first.year)", en: "H\(indexInYear) \(first.year)")
        case .year:
            return .init(ru: "\(first.year) год", en: String(first.year))
        case .schoolYear:
            let second = String.twoDigits((first.year + 1) % 100)
            return .init(ru: "\(first.year)/\(second) учебный год", en: "school year \(first.year)/\(second)")
        }
    }

    /// Periods compare by their first month (and, between cadences, the longer one last).
    public static func < (lhs: ReportPeriod, rhs: ReportPeriod) -> Bool {
        (lhs.first, lhs.cadence) < (rhs.first, rhs.cadence)
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = ReportPeriod(text: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a report period: \(text)"))
        }
        self = value
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension String {
    /// Two digits, zero-padded.
    static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : String(value)
    }
}
