import Spreadsheet

/// How often a recurring measure repeats.
public enum Frequency: String, Sendable, Codable, CaseIterable {
    case weekly
    case monthly
    case quarterly
    case yearly
}

/// When a roadmap measure is due, as read from its deadline text.
///
/// One value covers every shape a roadmap deadline takes — a date, a list of dates, a period,
/// a list of months, a recurrence, an ongoing activity or a reference to a schedule kept
/// elsewhere — and ``dueMonths()`` turns each into the months in which a report is expected.
public struct Schedule: Sendable, Equatable, Codable {
    /// The shape of a deadline.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// One day: "01.03.2021", "до 1 июня 2022 г.".
        case date
        /// Several days: "12.04.2021, 18.10.2021".
        case dates
        /// A span with a single checkpoint at its end: "Сентябрь-ноябрь 2021 г.", "IV квартал".
        case period
        /// Separate months, each a checkpoint: "апрель, 2023 октябрь, 2023".
        case months
        /// A repetition inside a window: "Ежемесячно", "2 раза в год", "далее — ежегодно".
        case recurring
        /// An ongoing activity over a window: "В течение года", "постоянно".
        case throughout
        /// No date can be read: "По утвержденному графику", "В назначенные сроки".
        case unscheduled
    }

    /// The shape of the deadline.
    public var kind: Kind
    /// The first day of the window; `nil` for `.unscheduled`.
    public var start: CivilDate?
    /// The last day of the window; `nil` for `.unscheduled`.
    public var end: CivilDate?
    /// The days of a `.dates` deadline, sorted; the single day of a `.date` one.
    public var dates: [CivilDate]
    /// The months of a `.months` deadline, sorted.
    public var months: [YearMonth]
    /// How often a `.recurring` deadline repeats.
    public var frequency: Frequency?
    /// For a yearly recurrence, the months of each year in which it falls, as written
    /// ("ноябрь, март текущего учебного года" → `[11, 3]`).
    public var monthsOfYear: [Int]
    /// For a weekly recurrence on a named day, the ISO weekday (Monday 1 … Sunday 7).
    public var weekday: Int?
    /// How many times a year the deadline falls, when the text counts them ("2 раза в год" → 2).
    public var timesPerYear: Int?
    /// For a monthly recurrence due by a day of the month ("до 5 числа"), that day.
    public var dayOfMonth: Int?
    /// Words kept from the text that qualify the deadline: "по отдельному плану",
    /// "по заявкам", "по мере необходимости", "по запросу МОУО".
    public var note: String?

    /// Creates a schedule; prefer the static constructors.
    ///
    /// - Parameters:
    ///   - kind: The shape.
    ///   - start: The first day of the window.
    ///   - end: The last day of the window.
    ///   - dates: The days of `.date` and `.dates`.
    ///   - months: The months of `.months`.
    ///   - frequency: The repetition of `.recurring`.
    ///   - monthsOfYear: The stated months of a yearly recurrence.
    ///   - weekday: The ISO weekday of a weekly recurrence.
    ///   - timesPerYear: The stated count per year.
    ///   - dayOfMonth: The day of month of a monthly recurrence.
    ///   - note: Qualifying words kept from the text.
    public init(kind: Kind, start: CivilDate? = nil, end: CivilDate? = nil, dates: [CivilDate] = [],
                months: [YearMonth] = [], frequency: Frequency? = nil, monthsOfYear: [Int] = [],
                weekday: Int? = nil, timesPerYear: Int? = nil, dayOfMonth: Int? = nil, note: String? = nil) {
        self.kind = kind
        self.start = start
        self.end = end
        self.dates = dates
        self.months = months
        self.frequency = frequency
        self.monthsOfYear = monthsOfYear
        self.weekday = weekday
        self.timesPerYear = timesPerYear
        self.dayOfMonth = dayOfMonth
        self.note = note
    }

    /// A single day.
    ///
    /// - Parameter day: The day.
    /// - Returns: A `.date` schedule whose window is that day.
    public static func date(_ day: CivilDate) -> Schedule {
        Schedule(kind: .date, start: day, end: day, dates: [day])
    }

    /// Several days, sorted and without repeats.
    ///
    /// - Parameter days: The days.
    /// - Returns: A `.dates` schedule whose window runs from the first day to the last.
    public static func dates(_ days: [CivilDate]) -> Schedule {
        let sorted = Array(Set(days)).sorted()
        return Schedule(kind: .dates, start: sorted.first, end: sorted.last, dates: sorted)
    }

    /// A span with its checkpoint at the end.
    ///
    /// - Parameters:
    ///   - start: The first day.
    ///   - end: The last day.
    /// - Returns: A `.period` schedule.
    public static func period(_ start: CivilDate, _ end: CivilDate) -> Schedule {
        Schedule(kind: .period, start: start, end: end)
    }

    /// Separate months, sorted and without repeats.
    ///
    /// - Parameter months: The months.
    /// - Returns: A `.months` schedule whose window runs from the first day of the first month
    ///   to the last day of the last.
    public static func months(_ months: [YearMonth]) -> Schedule {
        let sorted = Array(Set(months)).sorted()
        return Schedule(kind: .months, start: sorted.first?.firstDay, end: sorted.last?.lastDay, months: sorted)
    }

    /// The months in which a report on the measure is due, sorted and without repeats.
    ///
    /// - `.date`, `.dates`, `.months`: the month of each day or the months themselves.
    /// - `.period`, `.throughout`: the month of the window's end.
    /// - `.recurring` monthly or weekly: every month of the window.
    /// - `.recurring` quarterly: the last month of each calendar quarter (March, June,
    ///   September, December) inside the window.
    /// - `.recurring` yearly: in each year of the window, the months of ``monthsOfYear``; when
    ///   none are stated but ``timesPerYear`` is N > 1, N months spread evenly over the twelve
    ///   months that end with the window's last month — the k-th in month ⌈12·k / N⌉ of that
    ///   year (2 → June and December, 3 → April, August, December for a calendar window; 2 →
    ///   February and August for a school year); otherwise the month of the window's end
    ///   (December for calendar windows, August for a school year).
    /// - `.unscheduled`: none.
    ///
    /// - Returns: The checkpoint months.
    public func dueMonths() -> [YearMonth] {
        let result: [YearMonth]
        switch kind {
        case .unscheduled:
            result = []
        case .date, .dates:
            result = dates.map(YearMonth.init)
        case .months:
            result = months
        case .period, .throughout:
            result = end.map { [YearMonth($0)] } ?? []
        case .recurring:
            guard let start, let end else { return [] }
            let window = YearMonth.all(from: YearMonth(start), through: YearMonth(end))
            switch frequency {
            case .weekly?, .monthly?:
                result = window
            case .quarterly?:
                result = window.filter { $0.month % 3 == 0 }
            case .yearly?:
                let wanted = Set(yearlyMonths(anchor: end.month))
                result = window.filter { wanted.contains($0.month) }
            case nil:
                result = [YearMonth(end)]
            }
        }
        return Array(Set(result)).sorted()
    }

    /// The months of each year in which a yearly recurrence falls.
    private func yearlyMonths(anchor: Int) -> [Int] {
        if !monthsOfYear.isEmpty { return monthsOfYear }
        guard let count = timesPerYear, count > 1 else { return [anchor] }
        let n = min(count, 12)
        return (1...n).map { k in
            let offset = (12 * k + n - 1) / n  // ⌈12k / n⌉
            return (anchor + offset - 1) % 12 + 1
        }
    }
}
