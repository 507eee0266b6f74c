import Foundation
import Spreadsheet

/// When the report for one month is due, and why.
public struct ReportDue: Hashable, Sendable {
    /// The reporting month.
    public var month: YearMonth
    /// The civil due date in the region: ``nominal``, or the next working day after it.
    public var date: CivilDate
    /// Day D of the month after ``month``, before any move (the last day of that month when it
    /// has no day D).
    public var nominal: CivilDate
    /// Whether ``date`` was moved off a non-working ``nominal`` date.
    public var moved: Bool
    /// The end of the due date on the region's wall clock: ``date`` at 23:59:59.
    public var localDeadline: CivilDateTime
    /// The region's IANA time zone, e.g. `Asia/Vladivostok`.
    public var timeZone: String
    /// The absolute moment of ``localDeadline`` in ``timeZone``.
    public var instant: Date
    /// `calendar-year-missing` for every year the production calendar lacked while the date
    /// was moved.
    public var warnings: [CalendarWarning]
    /// The due date in a sentence, with the reason for any move and the warnings.
    public var explanation: LocalizedText
}

/// The reporting calendar of a region: municipalities report on month M by day D of month M+1,
/// by the end of that day on the region's clock.
///
/// A due date that falls on a non-working day moves to the next working day (Civil Code of the
/// Russian Federation, art. 193: «Если последний день срока приходится на нерабочий день, днем
/// окончания срока считается ближайший следующий за ним рабочий день»), by the
/// ``ProductionCalendar``. All of it is calendar arithmetic on civil dates; `Date` appears only
/// at the edges, for the moment a file was received and the moment a deadline passes, and is
/// converted with the region's zone, never the machine's.
public struct ReportingCalendar: Sendable, Equatable {
    /// The day of month M+1 by which the report on month M is due (1...31; a month without
    /// that day uses its last day).
    public let dueDay: Int
    /// The region's IANA time zone name, validated.
    public let timeZone: String
    /// Whether a due date on a non-working day moves to the next working day (art. 193 GK RF).
    public var moveToWorkingDay: Bool
    /// The production calendar deciding working days.
    public var production: ProductionCalendar

    private let zone: TimeZone

    /// Creates a reporting calendar.
    ///
    /// - Parameters:
    ///   - dueDay: The day of the following month by which a report is due; 10 by default.
    ///   - timeZone: The region's IANA time zone name, e.g. `"Asia/Vladivostok"`.
    ///   - moveToWorkingDay: Whether to move a due date off non-working days; `true` by default.
    ///   - production: The production calendar; the embedded Russian one by default.
    /// - Throws: ``CalendarError`` — `calendar-timezone-unknown` or `calendar-due-day-invalid`.
    public init(dueDay: Int = 10, timeZone: String, moveToWorkingDay: Bool = true,
                production: ProductionCalendar = .russia) throws(CalendarError) {
        guard (1...31).contains(dueDay) else {
            throw CalendarError(.invalidDueDay, text: String(dueDay))
        }
        self.zone = try Self.zone(named: timeZone)
        self.dueDay = dueDay
        self.timeZone = timeZone
        self.moveToWorkingDay = moveToWorkingDay
        self.production = production
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

    // MARK: - Due dates

    /// When the report on a month is due.
    ///
    /// - Parameter month: The reporting month M.
    /// - Returns: Day D of M+1, moved to the next working day when it is not one (and
    ///   ``moveToWorkingDay`` is on), with the moment it ends in the region's zone.
    public func dueDate(for month: YearMonth) -> ReportDue {
        let following = month.next
        let length = CivilDate.daysIn(month: following.month, year: following.year)
        let nominal = CivilDate(year: following.year, month: following.month, day: min(dueDay, length))
        var date = nominal
        var warnings: [CalendarWarning] = []
        if moveToWorkingDay {
            date = production.nextWorkingDay(onOrAfter: nominal)
            for year in nominal.year...date.year {
                if let warning = production.warning(forYear: year) { warnings.append(warning) }
            }
        }
        let local = CivilDateTime(date: date, hour: 23, minute: 59, second: 59)
        let instant = Self.instant(of: local, in: zone)

        let monthWords = CalendarWords.month(month)
        var ru = "Срок сдачи отчета за \(monthWords.ru): \(date.russian) до 23:59 (\(timeZone))."
        var en = "The report for \(monthWords.en) is due \(date.iso) by 23:59 (\(timeZone))."
        if dueDay > length {
            ru += " В месяце нет \(dueDay)-го числа, взят последний день месяца."
            en += " The month has no day \(dueDay), so its last day is used."
        }
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
        return ReportDue(month: month, date: date, nominal: nominal, moved: date != nominal,
                         localDeadline: local, timeZone: timeZone, instant: instant,
                         warnings: warnings, explanation: LocalizedText(ru: ru, en: en))
    }

    /// The reporting month whose report is due on a civil date.
    ///
    /// - Parameter date: A date in the region.
    /// - Returns: The month M with `dueDate(for: M).date == date`, or `nil` when no report is
    ///   due that day. Should two months fall due the same day (a late D moved across a month
    ///   end), the later month.
    public func reportingMonth(dueOn date: CivilDate) -> YearMonth? {
        let own = YearMonth(date)
        for back in 1...3 {
            let month = own.adding(months: -back)
            if dueDate(for: month).date == date { return month }
        }
        return nil
    }

    /// The latest reporting month whose due moment has passed at an instant.
    ///
    /// A due moment has passed once the due date is over on the region's clock: a report
    /// received at 23:59:59.9 local time on the due date is on time, as in ``daysLate(receivedAt:for:)``.
    ///
    /// - Parameter instant: The moment asked about (usually now).
    /// - Returns: The latest month M whose report was due before `instant`.
    public func latestPeriodDue(asOf instant: Date) -> YearMonth {
        let today = localTime(of: instant).date
        var month = YearMonth(today)  // due next month: never passed yet
        while dueDate(for: month).date >= today { month = month.previous }
        return month
    }

    /// Every reporting month from a first one whose due moment has passed at an instant.
    ///
    /// - Parameters:
    ///   - instant: The moment asked about (usually now).
    ///   - first: The first month of interest (e.g. the roadmap's first reporting month).
    /// - Returns: `first` through ``latestPeriodDue(asOf:)``, in order; empty when even
    ///   `first` is not due yet.
    public func periodsDue(asOf instant: Date, from first: YearMonth) -> [YearMonth] {
        YearMonth.all(from: first, through: latestPeriodDue(asOf: instant))
    }

    /// How late a report was received.
    ///
    /// - Parameters:
    ///   - receivedAt: The moment the report arrived.
    ///   - month: The reporting month.
    /// - Returns: 0 when it arrived by the end of the due date on the region's clock, else the
    ///   whole calendar days after the due date (received the next day = 1).
    public func daysLate(receivedAt: Date, for month: YearMonth) -> Int {
        let received = localTime(of: receivedAt).date
        return max(0, received.daysSinceEpoch - dueDate(for: month).date.daysSinceEpoch)
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
