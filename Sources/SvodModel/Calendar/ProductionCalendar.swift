import Foundation
import Spreadsheet

/// The Russian production calendar (производственный календарь): which days are working days.
///
/// The data is the open-data format of the Ministry of Economic Development: one row per year,
/// one column per month listing that month's non-working days — `8` a day off, `10+` a day off
/// moved there by a government transfer, `30*` a shortened pre-holiday *working* day. A day not
/// listed is a working day, including a Saturday made working by a transfer.
///
/// ``russia`` is the calendar compiled into Svod (`Data/calendars/`, embedded by
/// `Data/calendars/embed.py`). Extra or corrected years can be read from a file in the same
/// format and combined with ``merging(_:)``.
///
/// For a year the calendar does not cover, Saturdays and Sundays are days off and every other
/// day is a working day. That guess is never silent: ``warning(forYear:)`` gives the
/// `calendar-year-missing` warning, ``explain(_:)`` says so, and ``ReportingCalendar`` attaches
/// the warning to every due date it computes from such a year.
public struct ProductionCalendar: Sendable, Equatable {
    /// How a day is described in the data.
    enum Mark: UInt8, Sendable, Equatable {
        /// Listed as `N`: a weekend day or a public holiday.
        case off
        /// Listed as `N+`: a day off moved by a government transfer.
        case transferredOff
        /// Listed as `N*`: a shortened pre-holiday working day.
        case shortened
    }

    /// Listed days by year, then by `CivilDate.daysSinceEpoch`.
    private var marks: [Int: [Int: Mark]]
    /// Where each year's row came from (`file:line`), for explanations.
    private var origins: [Int: String]
    /// The region's own days, by `CivilDate.daysSinceEpoch` (see ``addingRegionalDays(_:)``).
    private var regional: [Int: RegionalDay] = [:]

    /// An empty calendar: every year falls back to Saturday/Sunday, with a warning.
    public init() {
        marks = [:]
        origins = [:]
    }

    init(marks: [Int: [Int: Mark]], origins: [Int: String]) {
        self.marks = marks
        self.origins = origins
    }

    /// The calendar compiled into Svod, parsed once.
    public static let russia: ProductionCalendar = {
        do {
            return try ProductionCalendar(csv: embeddedCSV, source: embeddedSource)
        } catch {
            // The embedded text is checked by embed.py and by CalendarTests; reaching this is a
            // build that skipped both.
            preconditionFailure("The embedded production calendar does not parse: \(error)")
        }
    }()

    /// Reads a calendar from CSV text in the open-data format.
    ///
    /// The text is UTF-8 with commas; a first row whose first field is not a year is a header.
    /// Every further non-blank row needs a four-digit year and twelve month cells; more columns
    /// are allowed, and when columns 14 and 15 hold the yearly totals of working days and days
    /// off, they must agree with the day lists (a cheap guard against a mistyped month).
    ///
    /// - Parameters:
    ///   - csv: The text.
    ///   - source: The file name to put in error locations and explanations.
    /// - Throws: ``CalendarError`` naming the line and column of the first mistake.
    public init(csv: String, source: String? = nil) throws(CalendarError) {
        self = try ProductionCalendarCSV.parse(csv, source: source)
    }

    /// Reads a calendar from a CSV file in the open-data format.
    ///
    /// - Parameter path: The file, as the user named it.
    /// - Throws: ``CalendarError`` — `calendar-file-unreadable`, or a parse error naming
    ///   `path:line:column`.
    public init(contentsOfFile path: String) throws(CalendarError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CalendarError(.fileUnreadable, file: path)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CalendarError(.fileUnreadable, file: path, detail: LocalizedText(
                ru: "Сохраните файл в кодировке UTF-8.", en: "Save the file as UTF-8."))
        }
        try self.init(csv: text, source: path)
    }

    /// This calendar with the years of another one added; where both have a year, the other
    /// calendar's row wins (a user file can correct a year as well as add one).
    ///
    /// - Parameter other: The calendar whose years take precedence.
    /// - Returns: The combined calendar.
    public func merging(_ other: ProductionCalendar) -> ProductionCalendar {
        var result = self
        for (year, days) in other.marks {
            result.marks[year] = days
            result.origins[year] = other.origins[year]
        }
        return result
    }

    /// The years the calendar covers, in order.
    public var years: [Int] { marks.keys.sorted() }

    /// Whether the calendar has a row for a year.
    public func covers(year: Int) -> Bool { marks[year] != nil }

    /// The `calendar-year-missing` warning for a year the calendar does not cover.
    ///
    /// - Parameter year: The year consulted.
    /// - Returns: The warning, or `nil` when the year is covered.
    public func warning(forYear year: Int) -> CalendarWarning? {
        covers(year: year) ? nil : .yearMissing(year)
    }

    /// What kind of day a date is.
    public enum DayStatus: String, Sendable, CaseIterable {
        /// A working day on a weekday, not listed.
        case working
        /// A Saturday or Sunday that is not listed: made working by a transfer.
        case workingWeekend
        /// Listed as `N*`: a working day shortened by an hour before a holiday.
        case shortened
        /// Listed as `N` on a Saturday or Sunday.
        case weekend
        /// Listed as `N` on a weekday: a public holiday or another non-working day.
        case nonWorking
        /// Listed as `N+`: a day off moved there by a transfer.
        case transferredDayOff
        /// A weekday in a year the calendar does not cover: assumed working.
        case assumedWorking
        /// A Saturday or Sunday in a year the calendar does not cover: assumed a day off.
        case assumedWeekend
        /// A day off the region set (its own holiday), whatever the federal calendar says.
        case regionalDayOff
        /// A working day the region set.
        case regionalWorkingDay

        /// Whether work is done on this day (shortened days included).
        public var isWorking: Bool {
            switch self {
            case .working, .workingWeekend, .shortened, .assumedWorking, .regionalWorkingDay: return true
            case .weekend, .nonWorking, .transferredDayOff, .assumedWeekend, .regionalDayOff: return false
            }
        }

        /// Whether the status is a Saturday/Sunday guess for a year without data.
        public var isAssumed: Bool { self == .assumedWorking || self == .assumedWeekend }
    }

    /// The status of a date: from the data when the year is covered, else the weekend rule.
    ///
    /// - Parameter date: The date.
    /// - Returns: The status.
    public func status(_ date: CivilDate) -> DayStatus {
        if let day = regional[date.daysSinceEpoch] { return day.isDayOff ? .regionalDayOff : .regionalWorkingDay }
        let isWeekend = date.isoWeekday >= 6
        guard let year = marks[date.year] else { return isWeekend ? .assumedWeekend : .assumedWorking }
        switch year[date.daysSinceEpoch] {
        case .off?: return isWeekend ? .weekend : .nonWorking
        case .transferredOff?: return .transferredDayOff
        case .shortened?: return .shortened
        case nil: return isWeekend ? .workingWeekend : .working
        }
    }

    /// Whether a date is a working day; shortened pre-holiday days are working days.
    ///
    /// For a year the calendar does not cover, Monday to Friday are working days; see
    /// ``warning(forYear:)``.
    public func isWorkingDay(_ date: CivilDate) -> Bool { status(date).isWorking }

    /// The first working day on or after a date.
    ///
    /// - Parameter date: The date to start from.
    /// - Returns: `date` itself when it is a working day, else the next working day.
    public func nextWorkingDay(onOrAfter date: CivilDate) -> CivilDate {
        var day = date.daysSinceEpoch
        // Terminates: every uncovered year has working days, and covered years are finite.
        while !isWorkingDay(CivilDate(daysSinceEpoch: day)) { day += 1 }
        return CivilDate(daysSinceEpoch: day)
    }

    /// Why a date is or is not a working day, in a sentence for the user.
    ///
    /// «10.05.2021 — выходной (перенесенный) день» / "2021-05-10 is a day off moved by a
    /// transfer". For a year without data, the sentence ends with the
    /// `calendar-year-missing` warning.
    ///
    /// - Parameter date: The date.
    /// - Returns: The explanation in both languages.
    public func explain(_ date: CivilDate) -> LocalizedText {
        let day = CalendarWords.date(date)
        let weekday = CalendarWords.weekday(date)
        let what: LocalizedText
        switch status(date) {
        case .working:
            what = .init(ru: "рабочий день (\(weekday.ru))", en: "a working day (\(weekday.en))")
        case .workingWeekend:
            what = .init(ru: "рабочий день по переносу (\(weekday.ru))",
                         en: "a working day (a \(weekday.en) made working by a transfer)")
        case .shortened:
            if date.isoWeekday >= 6 {
                what = .init(ru: "рабочий сокращенный предпраздничный день по переносу (\(weekday.ru))",
                             en: "a shortened pre-holiday working day (a \(weekday.en) made working by a transfer)")
            } else {
                what = .init(ru: "рабочий сокращенный предпраздничный день (\(weekday.ru))",
                             en: "a shortened pre-holiday working day (\(weekday.en))")
            }
        case .weekend:
            what = .init(ru: "выходной день (\(weekday.ru))", en: "a day off (\(weekday.en))")
        case .nonWorking:
            what = .init(ru: "нерабочий день (\(weekday.ru))", en: "a non-working day (\(weekday.en))")
        case .transferredDayOff:
            what = .init(ru: "выходной (перенесенный) день", en: "a day off moved by a transfer")
        case .assumedWorking:
            what = .init(ru: "рабочий день (\(weekday.ru))", en: "a working day (\(weekday.en))")
        case .assumedWeekend:
            what = .init(ru: "выходной день (\(weekday.ru))", en: "a day off (\(weekday.en))")
        case .regionalDayOff:
            let act = regional[date.daysSinceEpoch]?.act ?? ""
            what = .init(ru: "нерабочий день в регионе (\(weekday.ru); \(act))", en: "a regional day off (\(weekday.en); \(act))")
        case .regionalWorkingDay:
            let act = regional[date.daysSinceEpoch]?.act ?? ""
            what = .init(ru: "рабочий день в регионе (\(weekday.ru); \(act))", en: "a regional working day (\(weekday.en); \(act))")
        }
        var text = LocalizedText(ru: "\(day.ru) — \(what.ru)", en: "\(day.en) is \(what.en)")
        if let warning = warning(forYear: date.year) {
            text = LocalizedText(ru: text.ru + ". " + warning.message.ru, en: text.en + ". " + warning.message.en)
        }
        return text
    }

    /// Where a year's row came from (`file:line`), or `nil` when the year is not covered.
    public func origin(ofYear year: Int) -> String? { origins[year] }

    /// The federal calendar with a region's own days laid over it: extra days off (a republic's
    /// holidays, set by its law and yearly decrees) and extra working days, each with the act
    /// that set it. A regional day wins over the federal data for its date; a later entry for
    /// the same date wins over an earlier one.
    public func addingRegionalDays(_ days: [RegionalDay]) -> ProductionCalendar {
        var copy = self
        for day in days { copy.regional[day.date.daysSinceEpoch] = day }
        return copy
    }

    /// The region's own entry for a date, if it has one.
    public func regionalDay(_ date: CivilDate) -> RegionalDay? { regional[date.daysSinceEpoch] }
}

/// A day a region sets apart from the federal production calendar, with the act that set it
/// (e.g. «Указ Главы Республики Башкортостан от … № УГ-…»).
public struct RegionalDay: Sendable, Equatable, Hashable {
    public var date: CivilDate
    /// A day off (the region's holiday) or, when false, a working day.
    public var isDayOff: Bool
    /// The act that set it, as the region cites it.
    public var act: String

    public init(date: CivilDate, isDayOff: Bool, act: String) {
        self.date = date
        self.isDayOff = isDayOff
        self.act = act
    }
}
