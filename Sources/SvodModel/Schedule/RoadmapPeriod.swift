import Spreadsheet

/// The time span a roadmap covers: one calendar year, several years, or one school year.
///
/// A deadline written without a year ("Март - июнь") takes its year from the period; see
/// ``year(forMonth:)``. Recurring and "throughout" deadlines use the period as their window
/// unless the text states another one.
public struct RoadmapPeriod: Hashable, Sendable, Codable, CustomStringConvertible {
    /// How the roadmap's title names its period.
    public enum Kind: String, Sendable, Codable {
        /// "в 2021 году", "на 2023 год": 1 January – 31 December.
        case calendarYear
        /// "на 2019-2022 годы": 1 January of the first year – 31 December of the last.
        case years
        /// "на 2020-2021 учебный год", "в 2020/21 учебном году": 1 September – 31 August.
        case schoolYear
    }

    /// The first day of the period.
    public var start: CivilDate
    /// The last day of the period.
    public var end: CivilDate
    /// How the period is named.
    public var kind: Kind

    /// Creates a period from its bounds.
    ///
    /// - Parameters:
    ///   - start: The first day.
    ///   - end: The last day.
    ///   - kind: How the period is named.
    public init(start: CivilDate, end: CivilDate, kind: Kind) {
        self.start = start
        self.end = end
        self.kind = kind
    }

    /// One calendar year, 1 January – 31 December.
    ///
    /// - Parameter year: The year.
    /// - Returns: The period.
    public static func calendarYear(_ year: Int) -> RoadmapPeriod {
        RoadmapPeriod(start: CivilDate(year: year, month: 1, day: 1),
                      end: CivilDate(year: year, month: 12, day: 31), kind: .calendarYear)
    }

    /// Several calendar years, 1 January of the first – 31 December of the last.
    ///
    /// A single year (`first == last`) is still a `.calendarYear`.
    ///
    /// - Parameters:
    ///   - first: The first year.
    ///   - last: The last year.
    /// - Returns: The period.
    public static func years(_ first: Int, through last: Int) -> RoadmapPeriod {
        guard last > first else { return calendarYear(first) }
        return RoadmapPeriod(start: CivilDate(year: first, month: 1, day: 1),
                             end: CivilDate(year: last, month: 12, day: 31), kind: .years)
    }

    /// The school year starting on 1 September of `year` and ending on 31 August of the next.
    ///
    /// - Parameter year: The year in which the school year starts (2020 for "2020/21").
    /// - Returns: The period.
    public static func schoolYear(startingIn year: Int) -> RoadmapPeriod {
        RoadmapPeriod(start: CivilDate(year: year, month: 9, day: 1),
                      end: CivilDate(year: year + 1, month: 8, day: 31), kind: .schoolYear)
    }

    /// Reads the period from a roadmap's title.
    ///
    /// Understands "в 2021 году", "на 2023 год", "на 2019-2022 годы", "на 2020-2021 г.г.",
    /// "2020-2021 учебный год", "в 2020/21 учебном году". A year pair written with a slash, or
    /// followed by "учебный год" in any case, is a school year; other pairs are calendar years.
    /// When the title names several periods, the first one introduced by "на" or "в" wins,
    /// then the first one at all.
    ///
    /// - Parameter title: The title, or the sentence of the order that names the roadmap.
    /// - Returns: The period, or `nil` when the title names no year.
    public static func infer(fromTitle title: String) -> RoadmapPeriod? {
        let tokens = DeadlineLexer(title).tokens()
        var candidates: [(period: RoadmapPeriod, introduced: Bool)] = []
        var index = 0
        while index < tokens.count {
            var grammar = DeadlineGrammar(tokens: tokens, source: Array(title), position: index)
            if let year = grammar.parseYearSpec(allowRange: true) {
                let introduced = index > 0 && tokens[index - 1].kind == .keyword(.inPreposition)
                switch year {
                case .single(.calendar(let y)): candidates.append((.calendarYear(y), introduced))
                case .single(.school(let y)): candidates.append((.schoolYear(startingIn: y), introduced))
                case .range(let first, let last): candidates.append((.years(first, through: last), introduced))
                }
                index = grammar.position
            } else {
                index += 1
            }
        }
        return (candidates.first(where: \.introduced) ?? candidates.first)?.period
    }

    /// The year of a month that a deadline names without one.
    ///
    /// A calendar year gives that year. Several years give the first year — a guess, so the
    /// deadline parser warns with `deadline-year-inferred` (see ``isYearAmbiguous``). A school
    /// year gives the first year for September–December and the second for January–August.
    ///
    /// - Parameter month: The month, 1 through 12.
    /// - Returns: The year the month most likely belongs to.
    public func year(forMonth month: Int) -> Int {
        switch kind {
        case .calendarYear, .years: return start.year
        case .schoolYear: return month >= start.month ? start.year : start.year + 1
        }
    }

    /// Whether a month without a year cannot be placed in the period with certainty.
    ///
    /// True for a period of several calendar years.
    public var isYearAmbiguous: Bool { kind == .years && end.year > start.year }

    /// Whether a date falls inside the period, bounds included.
    ///
    /// - Parameter date: The date.
    /// - Returns: `true` when `start <= date <= end`.
    public func contains(_ date: CivilDate) -> Bool { start <= date && date <= end }

    /// Whether a report period has a month in the roadmap's period.
    public func overlaps(_ period: ReportPeriod) -> Bool {
        period.last >= YearMonth(start) && period.first <= YearMonth(end)
    }

    /// "2021", "2019–2022", "2020/21 учебный год".
    public var description: String {
        switch kind {
        case .calendarYear: return String(start.year)
        case .years: return "\(start.year)–\(end.year)"
        case .schoolYear:
            let second = end.year % 100
            return "\(start.year)/" + (second < 10 ? "0" : "") + String(second)
        }
    }
}
