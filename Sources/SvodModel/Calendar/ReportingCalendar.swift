import Foundation
import Spreadsheet

/// When a period's report is due: day D of the month after the period (Primorye: the 10th), a
/// fixed day of the year (Amur: 1 August), or N working days after the period's end.
public enum DueRule: Sendable, Equatable, CustomStringConvertible {
    /// Day D (1...31) of the month after the period; a month without day D uses its last day.
    case dayOfFollowingMonth(Int)
    /// A fixed day of the year: in the year the period ends (Amur: 1 August for the year's report),
    /// or in the year after it when `followingYear`.
    case fixedDate(month: Int, day: Int, followingYear: Bool)
    /// The N-th working day after the period's last day, by the production calendar.
    case workingDaysAfter(Int)

    /// The rule as a pipeline definition writes it, for messages.
    public var description: String {
        switch self {
        case .dayOfFollowingMonth(let day): return "day_of_next_month: \(day)"
        case .fixedDate(let month, let day, let following):
            return "date: \(String.twoDigits(month))-\(String.twoDigits(day))" + (following ? ", following_year: true" : "")
        case .workingDaysAfter(let count): return "working_days_after: \(count)"
        }
    }
}

/// When the report for one period is due, and why.
public struct ReportDue: Hashable, Sendable {
    /// The report period.
    public var period: ReportPeriod
    /// The first month of the period (the month itself for a monthly cadence).
    public var month: YearMonth { period.first }
    /// The civil due date in the region: ``nominal``, or the next working day after it.
    public var date: CivilDate
    /// The date the rule gives, before any move.
    public var nominal: CivilDate
    /// Whether ``date`` was moved off a non-working ``nominal`` date.
    public var moved: Bool
    /// The end of the due date on the region's wall clock: ``date`` at 23:59:59.
    public var localDeadline: CivilDateTime
    /// The region's IANA time zone, e.g. `Asia/Vladivostok`.
    public var timeZone: String
    /// The absolute moment of ``localDeadline`` in ``timeZone``.
    public var instant: Date
    /// The last month whose checkpoints the report answers for: the period's last month, or the
    /// last month ended before the due date when the report is due inside the period (Amur's
    /// yearly report by 1 August answers for January–July).
    public var reportedThrough: YearMonth
    /// `calendar-year-missing` for every year the production calendar lacked while the date
    /// was moved or counted.
    public var warnings: [CalendarWarning]
    /// The due date in a sentence, with the reason for any move and the warnings.
    public var explanation: LocalizedText
}

/// The reporting calendar of a region: reporters report on each period of a cadence (a month by
/// default) by the date a due rule gives (day D of the following month by default), by the end
/// of that day on the region's clock.
///
/// A due date that falls on a non-working day moves to the next working day (Civil Code of the
/// Russian Federation, art. 193: «Если последний день срока приходится на нерабочий день, днем
/// окончания срока считается ближайший следующий за ним рабочий день»), by the
/// ``ProductionCalendar``, and the term runs until 23:59:59 of that day (art. 194). All of it is
/// calendar arithmetic on civil dates; `Date` appears only at the edges, for the moment a file
/// was received and the moment a deadline passes, and is converted with the region's zone,
/// never the machine's.
public struct ReportingCalendar: Sendable, Equatable {
    /// How often reports are due.
    public let cadence: Cadence
    /// When a period's report is due.
    public let rule: DueRule
    /// The region's IANA time zone name, validated.
    public let timeZone: String
    /// Whether a due date on a non-working day moves to the next working day (art. 193 GK RF).
    public var moveToWorkingDay: Bool
    /// The production calendar deciding working days.
    public var production: ProductionCalendar

    private let zone: TimeZone

    /// Day D of the following month, for a ``DueRule/dayOfFollowingMonth(_:)`` rule (else 0).
    public var dueDay: Int {
        if case .dayOfFollowingMonth(let day) = rule { return day }
        return 0
    }

    /// Creates a reporting calendar.
    ///
    /// - Parameters:
    ///   - cadence: How often reports are due; monthly by default.
    ///   - rule: When a period's report is due.
    ///   - timeZone: The region's IANA time zone name, e.g. `"Asia/Vladivostok"`.
    ///   - moveToWorkingDay: Whether to move a due date off non-working days; `true` by default.
    ///   - production: The production calendar; the embedded Russian one by default.
    /// - Throws: ``CalendarError`` — `calendar-timezone-unknown` or `calendar-due-day-invalid`.
    public init(cadence: Cadence = .month, rule: DueRule, timeZone: String, moveToWorkingDay: Bool = true,
                production: ProductionCalendar = .russia) throws(CalendarError) {
        switch rule {
        case .dayOfFollowingMonth(let day):
            guard (1...31).contains(day) else { throw CalendarError(.invalidDueDay, text: String(day)) }
        case .fixedDate(let month, let day, _):
            guard (1...12).contains(month), (1...CivilDate.daysIn(month: month, year: 2001)).contains(day) else {
                throw CalendarError(.invalidDueDay, text: "\(String.twoDigits(month))-\(String.twoDigits(day))")
            }
        case .workingDaysAfter(let count):
            guard (1...60).contains(count) else { throw CalendarError(.invalidDueDay, text: String(count)) }
        }
        self.zone = try Self.zone(named: timeZone)
        self.cadence = cadence
        self.rule = rule
        self.timeZone = timeZone
        self.moveToWorkingDay = moveToWorkingDay
        self.production = production
    }

    /// A monthly calendar due on day D of the following month.
    ///
    /// - Parameters:
    ///   - dueDay: The day of the following month by which a report is due; 10 by default.
    ///   - timeZone: The region's IANA time zone name.
    ///   - moveToWorkingDay: Whether to move a due date off non-working days.
    ///   - production: The production calendar.
    /// - Throws: ``CalendarError`` — `calendar-timezone-unknown` or `calendar-due-day-invalid`.
    public init(dueDay: Int = 10, timeZone: String, moveToWorkingDay: Bool = true,
                production: ProductionCalendar = .russia) throws(CalendarError) {
        try self.init(cadence: .month, rule: .dayOfFollowingMonth(dueDay), timeZone: timeZone,
                      moveToWorkingDay: moveToWorkingDay, production: production)
    }

    /// Looks up an IANA time zone by name.
    ///
    /// - Parameter name: A name such as `"Europe/Moscow"`.
    /// - Returns: The zone.
    /// - Throws: ``CalendarError`` `calendar-timezone-unknown` naming the text.
    public static func zone(named name: String) throws(CalendarError) -> TimeZone {
        guard !name.isEmpty, let zone = TimeZone(identifier: name) else {
            throw CalendarError(.unknownTimeZone, text: name)
        }
        return zone
    }

    // MARK: - Periods

    /// The report period of this calendar's cadence holding a month.
    public func period(containing month: YearMonth) -> ReportPeriod { ReportPeriod(cadence, containing: month) }

    // MARK: - Due dates

    /// When the report on the period holding a month is due.
    public func dueDate(for month: YearMonth) -> ReportDue { dueDate(for: period(containing: month)) }

    /// When the report on a period is due.
    ///
    /// - Parameter period: The report period.
    /// - Returns: The rule's date, moved to the next working day when it is not one (and
    ///   ``moveToWorkingDay`` is on), with the moment it ends in the region's zone.
    public func dueDate(for period: ReportPeriod) -> ReportDue {
        var warnings: [CalendarWarning] = []
        var ru: String
        var en: String
        let words = period.cadence == .month ? CalendarWords.month(period.first) : period.words
        let nominal: CivilDate
        var note = LocalizedText(ru: "", en: "")
        switch rule {
        case .dayOfFollowingMonth(let dueDay):
            let following = period.last.next
            let length = CivilDate.daysIn(month: following.month, year: following.year)
            nominal = CivilDate(year: following.year, month: following.month, day: min(dueDay, length))
            if dueDay > length {
                note = .init(ru: " В месяце нет \(dueDay)-го числа, взят последний день месяца.",
                             en: " The month has no day \(dueDay), so its last day is used.")
            }
        case .fixedDate(let month, let day, let followingYear):
            nominal = Self.fixedDate(month: month, day: day, followingYear: followingYear, closing: period)
        case .workingDaysAfter(let count):
            var day = period.lastDay
            var found = 0
            while found < count {
                day = CivilDate(daysSinceEpoch: day.daysSinceEpoch + 1)
                if production.isWorkingDay(day) { found += 1 }
            }
            for year in period.lastDay.year...day.year {
                if let warning = production.warning(forYear: year) { warnings.append(warning) }
            }
            nominal = day
            note = .init(ru: " Это \(count)-й рабочий день после окончания периода.",
                         en: " It is working day \(count) after the period ends.")
        }
        var date = nominal
        if moveToWorkingDay {
            date = production.nextWorkingDay(onOrAfter: nominal)
            for year in nominal.year...date.year where !warnings.contains(where: { $0.year == year }) {
                if let warning = production.warning(forYear: year) { warnings.append(warning) }
            }
        }
        let local = CivilDateTime(date: date, hour: 23, minute: 59, second: 59)
        let instant = Self.instant(of: local, in: zone)
        ru = "Срок сдачи отчета за \(words.ru): \(date.russian) до 23:59 (\(timeZone))." + note.ru
        en = "The report for \(words.en) is due \(date.iso) by 23:59 (\(timeZone))." + note.en
        if date != nominal {
            ru += " \(nominal.russian) — нерабочий день, срок переносится на следующий рабочий день (ст. 193 ГК РФ)."
            en += " \(nominal.iso) is a non-working day, so the term moves to the next working day (Civil Code of the Russian Federation, art. 193)."
            // The region's own days off that moved it, each with its act.
            for offset in 0..<(date.daysSinceEpoch - nominal.daysSinceEpoch) {
                let day = CivilDate(daysSinceEpoch: nominal.daysSinceEpoch + offset)
                guard let regional = production.regionalDay(day), regional.isDayOff else { continue }
                ru += " \(day.russian) — нерабочий день в регионе: \(regional.act)."
                en += " \(day.iso) is a regional day off: \(regional.act)."
            }
        } else if !moveToWorkingDay, production.covers(year: nominal.year), !production.isWorkingDay(nominal) {
            ru += " \(nominal.russian) — нерабочий день, но перенос срока на рабочий день отключен."
            en += " \(nominal.iso) is a non-working day, but moving the term to a working day is turned off."
        }
        for warning in warnings {
            ru += " " + warning.message.ru
            en += " " + warning.message.en
        }
        // A report due inside its period answers for the months ended before the due date.
        return ReportDue(period: period, date: date, nominal: nominal, moved: date != nominal,
                         localDeadline: local, timeZone: timeZone, instant: instant,
                         reportedThrough: reportedThrough(period),
                         warnings: warnings, explanation: LocalizedText(ru: ru, en: en))
    }

    /// ``ReportDue/reportedThrough`` without the rest of the due date (no sentence is built):
    /// the period's last month, or for a fixed date inside the period the last month ended
    /// before it. Every file's check asks it.
    public func reportedThrough(_ period: ReportPeriod) -> YearMonth {
        guard case .fixedDate(let month, let day, let followingYear) = rule else { return period.last }
        let nominal = Self.fixedDate(month: month, day: day, followingYear: followingYear, closing: period)
        let endedBeforeDue = YearMonth(CivilDate(daysSinceEpoch: nominal.daysSinceEpoch + 1)).previous
        return min(period.last, max(period.first, endedBeforeDue))
    }

    /// A fixed day of the year in the year a period ends (or the next), before any move.
    private static func fixedDate(month: Int, day: Int, followingYear: Bool, closing period: ReportPeriod) -> CivilDate {
        let year = period.last.year + (followingYear ? 1 : 0)
        return CivilDate(year: year, month: month, day: min(day, CivilDate.daysIn(month: month, year: year)))
    }

    /// The report period whose report is due on a civil date.
    ///
    /// - Parameter date: A date in the region.
    /// - Returns: The period P with `dueDate(for: P).date == date`, or `nil` when no report is
    ///   due that day. Should two periods fall due the same day, the later one.
    public func reportingPeriod(dueOn date: CivilDate) -> ReportPeriod? {
        var period = self.period(containing: YearMonth(date).adding(months: 13))
        for _ in 0..<(cadence == .month ? 16 : 8) {
            if dueDate(for: period).date == date { return period }
            period = period.previous
        }
        return nil
    }

    /// The monthly form of ``reportingPeriod(dueOn:)``: the first month of the period due that day.
    public func reportingMonth(dueOn date: CivilDate) -> YearMonth? { reportingPeriod(dueOn: date)?.first }

    /// The latest report period whose due moment has passed at an instant.
    ///
    /// A due moment has passed once the due date is over on the region's clock: a report
    /// received at 23:59:59.9 local time on the due date is on time, as in ``daysLate(receivedAt:for:)``.
    ///
    /// - Parameter instant: The moment asked about (usually now).
    /// - Returns: The latest period P whose report was due before `instant`.
    public func latestPeriodDue(asOf instant: Date) -> ReportPeriod {
        let today = localTime(of: instant).date
        // A fixed date may fall inside the period, so start from the period after today's.
        var period = self.period(containing: YearMonth(today)).next
        while dueDate(for: period).date >= today { period = period.previous }
        return period
    }

    /// Whether a period's report is still ahead of its due moment at an instant.
    public func isAwaited(_ period: ReportPeriod, asOf instant: Date) -> Bool { instant <= dueDate(for: period).instant }

    /// Every report period from a first one whose due moment has passed at an instant.
    ///
    /// - Parameters:
    ///   - instant: The moment asked about (usually now).
    ///   - first: The first period of interest (e.g. the roadmap's first or `collect_from`).
    /// - Returns: `first` through ``latestPeriodDue(asOf:)``, in order; empty when even
    ///   `first` is not due yet.
    public func periodsDue(asOf instant: Date, from first: ReportPeriod) -> [ReportPeriod] {
        ReportPeriod.all(from: first, through: latestPeriodDue(asOf: instant))
    }

    /// How late a report was received.
    ///
    /// - Parameters:
    ///   - receivedAt: The moment the report arrived.
    ///   - period: The report period.
    /// - Returns: 0 when it arrived by the end of the due date on the region's clock, else the
    ///   whole calendar days after the due date (received the next day = 1).
    public func daysLate(receivedAt: Date, for period: ReportPeriod) -> Int {
        let received = localTime(of: receivedAt).date
        return max(0, received.daysSinceEpoch - dueDate(for: period).date.daysSinceEpoch)
    }

    // MARK: - Civil time in the region's zone

    /// The region's wall-clock time at an instant (fractions of a second dropped).
    ///
    /// - Parameter instant: The moment.
    /// - Returns: The civil date and time in ``timeZone``.
    public func localTime(of instant: Date) -> CivilDateTime {
        Self.localTime(of: instant, in: zone)
    }

    /// The instant at which the region's wall clock shows a time.
    ///
    /// - Parameter local: The wall-clock time in ``timeZone``.
    /// - Returns: The moment; see ``instant(of:in:)`` for times a clock change skips or repeats.
    public func instant(of local: CivilDateTime) -> Date {
        Self.instant(of: local, in: zone)
    }

    package static func localTime(of instant: Date, in zone: TimeZone) -> CivilDateTime {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down))
        let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
        return CivilDateTime(secondsSinceEpoch: seconds + offset)
    }

    /// The instant of a wall-clock time in a zone.
    ///
    /// The offset to subtract is the one in force *at the answer*, not at the wall-clock time
    /// read as UTC, so near a clock change a single lookup can be an hour off (Vladivostok,
    /// 27.03.2010 23:59:59 +10, with the change to +11 at 16:00 UTC that day). The offsets in
    /// force a day either side of the time are tried, and those that read back as the same wall
    /// time are kept. A time shown twice (clocks set back) gives the later moment, the real end
    /// of the day; a time a clock change skips gives the later reading too. Both favour the
    /// municipality by at most the size of the change.
    ///
    /// - Parameters:
    ///   - local: The wall-clock time.
    ///   - zone: The zone.
    /// - Returns: The moment.
    static func instant(of local: CivilDateTime, in zone: TimeZone) -> Date {
        let wall = local.secondsSinceEpoch
        func offset(at seconds: Int) -> Int {
            zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
        }
        var offsets = Set([offset(at: wall - 86_400), offset(at: wall), offset(at: wall + 86_400)])
        offsets.insert(offset(at: wall - offset(at: wall)))
        let readings = offsets.map { wall - $0 }
        let exact = readings.filter { $0 + offset(at: $0) == wall }
        let chosen = exact.max() ?? readings.max() ?? wall
        return Date(timeIntervalSince1970: TimeInterval(chosen))
    }
}
