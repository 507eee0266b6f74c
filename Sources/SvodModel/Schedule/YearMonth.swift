import Spreadsheet

/// A month of a particular year: the unit in which reporting checkpoints are counted.
///
/// Its text form is `YYYY-MM` (`"2021-06"`), used by `description` and by `Codable`, so that
/// ledgers and JSON output show the same thing a reader would type.
public struct YearMonth: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The year, e.g. 2021.
    public var year: Int
    /// The month, 1 (January) through 12 (December).
    public var month: Int

    /// Creates a year-month.
    ///
    /// - Parameters:
    ///   - year: The year.
    ///   - month: The month, 1 through 12; other values wrap into neighbouring years.
    public init(year: Int, month: Int) {
        let index = year * 12 + (month - 1)
        self.year = index >= 0 ? index / 12 : (index - 11) / 12
        self.month = index - self.year * 12 + 1
    }

    /// The month holding a date.
    ///
    /// - Parameter date: Any day of the month.
    public init(_ date: CivilDate) {
        self.init(year: date.year, month: date.month)
    }

    /// Parses the `YYYY-MM` text form.
    ///
    /// Anything else — a missing part, a month outside 1...12, a day — is rejected.
    ///
    /// - Parameter text: Text such as `"2021-06"`.
    /// - Returns: `nil` when the text is not a `YYYY-MM` month.
    public init?(text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              parts[0].allSatisfy(\.isASCII), parts[1].allSatisfy(\.isASCII),
              let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month)
        else { return nil }
        self.init(year: year, month: month)
    }

    /// The following month (December is followed by January of the next year).
    public var next: YearMonth { YearMonth(year: year, month: month + 1) }
    /// The preceding month (January is preceded by December of the previous year).
    public var previous: YearMonth { YearMonth(year: year, month: month - 1) }
    /// The first day of the month.
    public var firstDay: CivilDate { CivilDate(year: year, month: month, day: 1) }
    /// The last day of the month, leap years included.
    public var lastDay: CivilDate {
        CivilDate(year: year, month: month, day: CivilDate.daysIn(month: month, year: year))
    }

    /// The month `count` months later (earlier when negative).
    ///
    /// - Parameter count: How many months to move.
    /// - Returns: The shifted month.
    public func adding(months count: Int) -> YearMonth { YearMonth(year: year, month: month + count) }

    /// Every month from one month through another, both included.
    ///
    /// - Parameters:
    ///   - first: The first month.
    ///   - last: The last month.
    /// - Returns: The months in order; empty when `last` precedes `first`.
    public static func all(from first: YearMonth, through last: YearMonth) -> [YearMonth] {
        var months: [YearMonth] = []
        var month = first
        while month <= last {
            months.append(month)
            month = month.next
        }
        return months
    }

    /// `YYYY-MM`.
    public var description: String {
        let yearText = String(year)
        let padded = String(repeating: "0", count: max(0, 4 - yearText.count)) + yearText
        return padded + (month < 10 ? "-0" : "-") + String(month)
    }

    public static func < (lhs: YearMonth, rhs: YearMonth) -> Bool {
        (lhs.year, lhs.month) < (rhs.year, rhs.month)
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = YearMonth(text: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a YYYY-MM month: \(text)"))
        }
        self = value
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
