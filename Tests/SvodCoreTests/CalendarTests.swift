import Foundation
import Testing
import Spreadsheet
@testable import SvodModel
@testable import SvodChecks
@testable import SvodConsolidation
@testable import SvodRun

private func day(_ text: String) -> CivilDate {
    guard let date = CivilDate(iso: text) else { preconditionFailure("bad test date \(text)") }
    return date
}

private func month(_ text: String) -> YearMonth {
    guard let month = YearMonth(text: text) else { preconditionFailure("bad test month \(text)") }
    return month
}

/// A monthly report period from `YYYY-MM`.
private func period(_ text: String) -> ReportPeriod { .month(month(text)) }

/// A UTC instant from `YYYY-MM-DDTHH:MM:SS`.
private func utc(_ text: String) -> Date {
    let parts = text.split(separator: "T")
    let clock = parts[1].split(separator: ":").map { Int($0)! }
    let time = CivilDateTime(date: day(String(parts[0])), hour: clock[0], minute: clock[1], second: clock[2])
    return Date(timeIntervalSince1970: TimeInterval(time.secondsSinceEpoch))
}

private func iso(_ instant: Date) -> String {
    CivilDateTime(secondsSinceEpoch: Int(instant.timeIntervalSince1970.rounded(.down))).iso + "Z"
}

private func calendar(_ zone: String = "Asia/Vladivostok", dueDay: Int = 10, move: Bool = true) throws -> ReportingCalendar {
    try ReportingCalendar(dueDay: dueDay, timeZone: zone, moveToWorkingDay: move)
}

/// A calendar CSV row: the year, twelve month cells, optional totals.
private func row(_ year: String, _ months: [Int: String] = [:], totals: [String] = []) -> String {
    ([year] + (1...12).map { "\"\(months[$0] ?? "")\"" } + totals).joined(separator: ",")
}

@Suite struct ProductionCalendarDataTests {
    @Test func embeddedTextIsTheDataFileByteForByte() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let file = root.appendingPathComponent(ProductionCalendar.embeddedSource)
        let onDisk = Array(try Data(contentsOf: file))
        let embedded = Array(ProductionCalendar.embeddedCSV.utf8)
        let firstDifference = zip(onDisk, embedded).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(onDisk.count, embedded.count)
        let same = onDisk == embedded  // compared outside #expect so a failure does not print 11 KB of bytes
        #expect(same, """
            \(ProductionCalendar.embeddedSource) (\(onDisk.count) bytes) and the embedded text (\(embedded.count) bytes) \
            differ from byte \(firstDifference): run python3 Data/calendars/embed.py after editing the CSV
            """)
    }

    @Test func embeddedCalendarCoversTheOfficialYears() {
        let russia = ProductionCalendar.russia
        #expect(russia.years == Array(1999...2027))
        #expect(russia.covers(year: 2027) && !russia.covers(year: 2028) && !russia.covers(year: 1998))
        #expect(russia.origin(ofYear: 2021) == "Data/calendars/ru-production-calendar-1999-2027.csv:24")
    }

    /// Facts from the government's transfer decrees, one per kind of day.
    @Test(arguments: [
        ("2021-05-10", false, "N+ transferred day off"),
        ("2021-05-11", true, "the Tuesday after"),
        ("2021-01-10", false, "last of the New Year holidays 2021 (a Sunday)"),
        ("2021-01-11", true, "first working day of 2021"),
        ("2021-01-07", false, "Christmas, listed plain on a weekday"),
        ("2021-04-30", true, "N* shortened pre-holiday day is working"),
        ("2021-02-20", true, "Saturday made working, N*"),
        ("2002-11-10", true, "Sunday made working (not listed)"),
        ("2023-02-24", false, "2023: transfer from 1 January"),
        ("2023-05-08", false, "2023: transfer from 8 January"),
        ("2024-04-27", true, "2024: Saturday made working"),
        ("2024-04-29", false, "2024: transfer from 27 April"),
        ("2024-05-10", false, "2024: transfer from 6 January"),
        ("2024-12-28", true, "2024: Saturday made working"),
        ("2024-12-31", false, "2024: transfer from 7 January"),
        ("2025-02-24", true, "2025: the 23 February holiday moved to 8 May, not to Monday"),
        ("2025-03-10", true, "2025: the 8 March holiday moved to 13 June, not to Monday"),
        ("2025-05-02", false, "2025: transfer from 4 January"),
        ("2025-05-08", false, "2025: transfer from 23 February"),
        ("2025-06-13", false, "2025: transfer from 8 March"),
        ("2025-11-01", true, "2025: Saturday made working, N*"),
        ("2025-11-03", false, "2025: transfer from 1 November"),
        ("2025-12-31", false, "2025: transfer from 5 January"),
    ])
    func workingDays(date: String, working: Bool, why: String) {
        #expect(ProductionCalendar.russia.isWorkingDay(day(date)) == working, "\(why)")
    }

    @Test func shortenedDaysAreWorkingDays() {
        let russia = ProductionCalendar.russia
        for text in ["1999-01-06", "2021-04-30", "2021-06-11", "2021-11-03", "2024-05-08", "2025-03-07"] {
            #expect(russia.status(day(text)) == .shortened, "\(text)")
            #expect(russia.isWorkingDay(day(text)), "\(text)")
        }
    }

    @Test(arguments: [
        ("2021-05-10", "10.05.2021 — выходной (перенесенный) день", "2021-05-10 is a day off moved by a transfer"),
        ("2021-05-08", "08.05.2021 — выходной день (суббота)", "2021-05-08 is a day off (Saturday)"),
        ("2021-01-07", "07.01.2021 — нерабочий день (четверг)", "2021-01-07 is a non-working day (Thursday)"),
        ("2021-05-11", "11.05.2021 — рабочий день (вторник)", "2021-05-11 is a working day (Tuesday)"),
        ("2021-04-30", "30.04.2021 — рабочий сокращенный предпраздничный день (пятница)",
         "2021-04-30 is a shortened pre-holiday working day (Friday)"),
        ("2002-11-10", "10.11.2002 — рабочий день по переносу (воскресенье)",
         "2002-11-10 is a working day (a Sunday made working by a transfer)"),
        ("2028-01-01",
         "01.01.2028 — выходной день (суббота). Производственный календарь на 2028 год не загружен: выходными считаются только суббота и воскресенье, праздники и переносы не учтены.",
         "2028-01-01 is a day off (Saturday). The production calendar for 2028 is not loaded: only Saturdays and Sundays are treated as days off; public holidays and transfers are not taken into account."),
    ])
    func explanations(date: String, ru: String, en: String) {
        let text = ProductionCalendar.russia.explain(day(date))
        #expect(text.ru == ru)
        #expect(text.en == en)
    }

    @Test func nextWorkingDay() {
        let russia = ProductionCalendar.russia
        #expect(russia.nextWorkingDay(onOrAfter: day("2021-01-01")) == day("2021-01-11"))
        #expect(russia.nextWorkingDay(onOrAfter: day("2021-05-11")) == day("2021-05-11"))
        #expect(russia.nextWorkingDay(onOrAfter: day("2024-12-29")) == day("2025-01-09"))
    }

    // MARK: 2026 and 2027, from the decrees (No. 1466 of 24.09.2025, No. 1187 of 17.09.2026)

    @Test(arguments: [
        // The December 2025 report: 10 January 2026 falls in the New Year holidays (1–11 January).
        ("2025-12", "2026-01-10", "2026-01-12"),
        // April 2026: 10 May is a Sunday and 11 May the day off moved from 9 May (Labour Code art. 112).
        ("2026-04", "2026-05-10", "2026-05-12"),
        // September 2026: 10 October is a Saturday.
        ("2026-09", "2026-10-10", "2026-10-12"),
        // January 2027: 10 February is a Wednesday, a plain working day.
        ("2027-01", "2027-02-10", "2027-02-10"),
    ])
    func decreedYearsMoveTheDueDates(period: String, nominal: String, moved: String) throws {
        let due = try calendar().dueDate(for: month(period))
        #expect(due.nominal == day(nominal))
        #expect(due.date == day(moved))
        #expect(due.warnings.isEmpty)
    }

    @Test func decreedTransfersAreKnown() {
        let russia = ProductionCalendar.russia
        #expect(!russia.isWorkingDay(day("2026-01-09")))  // Sat 3 Jan → Fri 9 Jan
        #expect(!russia.isWorkingDay(day("2026-12-31")))  // Sun 4 Jan → Thu 31 Dec
        #expect(!russia.isWorkingDay(day("2027-02-22")))  // Sat 20 Feb worked → Mon 22 Feb off
        #expect(russia.isWorkingDay(day("2027-02-20")))   // the Saturday worked (and shortened)
        #expect(!russia.isWorkingDay(day("2027-11-05")))  // Sat 2 Jan → Fri 5 Nov
        #expect(russia.isWorkingDay(day("2026-04-30")))   // shortened, still working
    }

    // MARK: Years the calendar does not cover

    @Test func missingYearFallsBackToWeekendsWithAWarning() throws {
        let russia = ProductionCalendar.russia
        #expect(russia.isWorkingDay(day("2028-01-06")))  // a Thursday: a holiday in truth, unknown here
        #expect(!russia.isWorkingDay(day("2028-01-01")))
        #expect(russia.status(day("2028-01-03")) == .assumedWorking)
        let warning = try #require(russia.warning(forYear: 2028))
        #expect(warning.code == .calendarYearMissing)
        #expect(warning.year == 2028)
        #expect(warning.message.ru.hasPrefix("Производственный календарь на 2028 год не загружен: выходными считаются только суббота и воскресенье"))
        #expect(warning.message.en.hasPrefix("The production calendar for 2028 is not loaded"))
        #expect(russia.warning(forYear: 2027) == nil)
        #expect(CalendarWarning.allCodes.contains(warning.code))
    }

    @Test func dueDateInAMissingYearCarriesTheWarning() throws {
        let due = try calendar().dueDate(for: month("2027-12"))
        #expect(due.nominal == day("2028-01-10"))
        #expect(due.date == day("2028-01-10"))  // a Monday: working by the weekend rule alone
        #expect(due.warnings.map(\.code.rawValue) == ["calendar-year-missing"])
        #expect(due.explanation.ru.contains("Производственный календарь на 2028 год не загружен"))
        #expect(due.explanation.en.contains("The production calendar for 2028 is not loaded"))
        #expect(try calendar().dueDate(for: month("2027-11")).warnings.isEmpty)
        // Without moving, the production calendar is not consulted, so nothing to warn about.
        #expect(try calendar(move: false).dueDate(for: month("2027-12")).warnings.isEmpty)
    }

    @Test func userFileAddsAndCorrectsYears() throws {
        let extra = """
        "Год/Месяц","Январь","Февраль","Март","Апрель","Май","Июнь","Июль","Август","Сентябрь","Октябрь","Ноябрь","Декабрь"
        \(row("2030", [1: "1,2,3,4,5,6,7,8,12,13"]))
        \(row("2021", [5: "1,2,3,8,9"]))
        """
        let user = try ProductionCalendar(csv: extra, source: "extra.csv")
        let merged = ProductionCalendar.russia.merging(user)
        #expect(merged.years == Array(1999...2027) + [2030])
        #expect(!merged.isWorkingDay(day("2030-01-07")))
        #expect(merged.isWorkingDay(day("2021-05-10")))  // the user's row wins
        #expect(merged.origin(ofYear: 2021) == "extra.csv:3")
        #expect(merged.origin(ofYear: 2020) == "Data/calendars/ru-production-calendar-1999-2027.csv:23")
        let reporting = try ReportingCalendar(timeZone: "Europe/Moscow", production: merged)
        #expect(reporting.dueDate(for: month("2021-04")).date == day("2021-05-10"))
    }

    @Test func readsAFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("svod-calendar-\(UUID().uuidString).csv").path
        try Data(("\u{FEFF}" + row("2031", [1: "1,2"]) + "\r\n").utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let calendar = try ProductionCalendar(contentsOfFile: path)
        #expect(calendar.years == [2031])
        #expect(!calendar.isWorkingDay(day("2031-01-02")))
        #expect(calendar.origin(ofYear: 2031) == "\(path):1")
        #expect(throws: CalendarError(.fileUnreadable, file: "/nonexistent/calendar.csv")) {
            try ProductionCalendar(contentsOfFile: "/nonexistent/calendar.csv")
        }
    }
}

@Suite struct ProductionCalendarParseErrorTests {
    static let header = "\"Год/Месяц\",\"Январь\",\"Февраль\",\"Март\",\"Апрель\",\"Май\",\"Июнь\",\"Июль\",\"Август\",\"Сентябрь\",\"Октябрь\",\"Ноябрь\",\"Декабрь\""

    @Test(arguments: [
        (row("2030", [3: "1,2,3x"]), CalendarError.Code.invalidDay, 4, "3x"),
        (row("2030", [3: "1,,2+*"]), .invalidDay, 4, "2+*"),
        (row("2030", [4: "30,31"]), .dayOutOfRange, 5, "31"),
        (row("2031", [2: "29"]), .dayOutOfRange, 3, "29"),
        (row("2030", [6: "5*,5"]), .duplicateDay, 7, "5"),
        (row("20x1"), .invalidYear, 1, "20x1"),
        (row("203"), .invalidYear, 1, "203"),
        (row("2030", [1: "1,2"], totals: ["364"]), .totalsMismatch, 14, "364"),
        (row("2030", [1: "1,2*"], totals: ["364", "2"]), .totalsMismatch, 15, "2"),
    ])
    func malformedCellNamesLineAndColumn(line: String, code: CalendarError.Code, column: Int, text: String) {
        let csv = Self.header + "\n" + row("2029") + "\n" + line + "\n"
        do {
            _ = try ProductionCalendar(csv: csv, source: "cal.csv")
            Issue.record("parsed a malformed line: \(line)")
        } catch {
            #expect(error.code == code)
            #expect(error.line == 3)
            #expect(error.column == column)
            #expect(error.text == text)
            #expect(error.location == "cal.csv:3:\(column)")
            #expect(error.description.hasPrefix("cal.csv:3:\(column): \(code.rawValue): "))
            #expect(error.message(.ru).contains("«\(text)»"))
        }
    }

    @Test func rowWithoutTwelveMonthsNamesTheLine() {
        let csv = Self.header + "\n\n" + "2030,\"1\",\"2\"\n"
        #expect(throws: CalendarError(.missingColumns, line: 3, detail: .init(ru: "Столбцов в строке: 3.", en: "The row has 3 columns."))) {
            try ProductionCalendar(csv: csv)
        }
    }

    @Test func duplicateYearNamesBothLines() throws {
        let csv = row("2030") + "\n" + row("2030") + "\n"
        let error = try #require(throws: CalendarError.self) { try ProductionCalendar(csv: csv) }
        #expect(error.code == .duplicateYear)
        #expect(error.line == 2)
        #expect(error.message(.en).contains("line 1"))
    }

    @Test func unterminatedQuoteNamesItsLine() throws {
        let csv = Self.header + "\n" + row("2030") + "\n2031,\"1,2\n"
        let error = try #require(throws: CalendarError.self) { try ProductionCalendar(csv: csv) }
        #expect(error.code == .unterminatedQuote)
        #expect(error.line == 3)
        #expect(error.column == 2)
    }

    @Test func emptyTextIsAnError() {
        #expect(throws: CalendarError(.empty)) { try ProductionCalendar(csv: Self.header + "\n\n") }
        #expect(throws: CalendarError(.empty)) { try ProductionCalendar(csv: "") }
    }

    @Test func headerIsOptionalAndExtraColumnsAreIgnored() throws {
        let calendar = try ProductionCalendar(csv: row("2030", [1: "1"], totals: ["364", "1", "2912", "", "note"]))
        #expect(calendar.years == [2030])
    }

    @Test func errorCodesAreStableAndUnique() {
        let codes = CalendarError.Code.allCases.map(\.rawValue)
        #expect(Set(codes).count == codes.count)
        #expect(codes.allSatisfy { $0.hasPrefix("calendar-") && $0.allSatisfy(\.isASCII) })
    }
}

@Suite struct ReportingCalendarTests {
    /// (reporting month, due date, moved, why)
    @Test(arguments: [
        ("2021-04", "2021-05-11", true, "10 May 2021 was a transferred day off"),
        ("2020-12", "2021-01-11", true, "1–10 January 2021 were days off"),
        ("2024-01", "2024-02-12", true, "a Saturday 10th moves to Monday the 12th"),
        ("2024-07", "2024-08-12", true, "a Saturday 10th moves to Monday the 12th"),
        ("2002-10", "2002-11-10", false, "a Sunday made working by a transfer stays"),
        ("2024-04", "2024-05-13", true, "10 May 2024 was a transferred day off, then the weekend"),
        ("2021-05", "2021-06-10", false, "an ordinary Thursday"),
        ("2025-04", "2025-05-12", true, "10 May 2025 was a Saturday inside the May holidays"),
    ])
    func knownDueDates(reported: String, due: String, moved: Bool, why: String) throws {
        let result = try calendar().dueDate(for: month(reported))
        #expect(result.date == day(due), "\(why)")
        #expect(result.moved == moved, "\(why)")
        #expect(result.nominal == YearMonth(year: month(reported).year, month: month(reported).month + 1).firstDay.adding(days: 9))
        #expect(result.warnings.isEmpty)
    }

    @Test func saturdayMadeWorkingStaysWithAnotherDueDay() throws {
        // 27 April 2002 was a Saturday made working; a region reporting by the 27th keeps it.
        let due = try calendar(dueDay: 27).dueDate(for: month("2002-03"))
        #expect(day("2002-04-27").isoWeekday == 6)
        #expect(due.date == day("2002-04-27") && !due.moved)
        // And a shortened pre-holiday day is a working day too.
        let shortened = try calendar(dueDay: 30).dueDate(for: month("2021-03"))
        #expect(shortened.date == day("2021-04-30") && !shortened.moved)
    }

    @Test func explanationNamesTheMoveAndTheLaw() throws {
        let due = try calendar().dueDate(for: month("2021-04"))
        #expect(due.explanation.ru == "Срок сдачи отчета за апрель 2021 г.: 11.05.2021 до 23:59 (Asia/Vladivostok). 10.05.2021 — нерабочий день, срок переносится на следующий рабочий день (ст. 193 ГК РФ).")
        #expect(due.explanation.en == "The report for April 2021 is due 2021-05-11 by 23:59 (Asia/Vladivostok). 2021-05-10 is a non-working day, so the term moves to the next working day (Civil Code of the Russian Federation, art. 193).")
        let plain = try calendar().dueDate(for: month("2021-05"))
        #expect(plain.explanation.ru == "Срок сдачи отчета за май 2021 г.: 10.06.2021 до 23:59 (Asia/Vladivostok).")
        let unmoved = try calendar(move: false).dueDate(for: month("2021-04"))
        #expect(unmoved.explanation.ru.hasSuffix("10.05.2021 — нерабочий день, но перенос срока на рабочий день отключен."))
    }

    @Test func shortMonthUsesItsLastDay() throws {
        let due = try calendar(dueDay: 31, move: false).dueDate(for: month("2024-01"))
        #expect(due.nominal == day("2024-02-29"))
        #expect(due.explanation.ru.contains("В месяце нет 31-го числа"))
    }

    // MARK: Instants

    @Test(arguments: [
        ("Asia/Vladivostok", "2021-04", "2021-05-11T13:59:59Z"),
        ("Europe/Moscow", "2021-04", "2021-05-11T20:59:59Z"),
        ("Europe/Kaliningrad", "2021-04", "2021-05-11T21:59:59Z"),
        ("Asia/Kamchatka", "2021-04", "2021-05-11T11:59:59Z"),
        ("Europe/Moscow", "2010-05", "2010-06-10T19:59:59Z"),  // summer time, +4, before 2011
        ("Europe/Moscow", "2010-12", "2011-01-11T20:59:59Z"),  // winter time, +3
    ])
    func dueInstants(zone: String, reported: String, expected: String) throws {
        let due = try calendar(zone).dueDate(for: month(reported))
        #expect(iso(due.instant) == expected)
        #expect(due.localDeadline == CivilDateTime(date: due.date, hour: 23, minute: 59, second: 59))
        #expect(due.timeZone == zone)
    }

    /// Wall-clock times next to clock changes, where reading the offset at the wall time taken
    /// as UTC would be an hour off.
    @Test(arguments: [
        ("Asia/Vladivostok", "2010-03-27T23:59:59", "2010-03-27T13:59:59Z"),  // +10, +11 from 16:00Z
        ("Asia/Vladivostok", "2010-10-30T23:59:59", "2010-10-30T12:59:59Z"),  // +11, +10 from 16:00Z
        ("America/Asuncion", "2019-03-23T23:59:59", "2019-03-24T03:59:59Z"),  // shown twice: the later
        ("Europe/Berlin", "2021-03-28T02:30:00", "2021-03-28T01:30:00Z"),      // skipped: the later reading
        ("Europe/Berlin", "2021-10-31T23:59:59", "2021-10-31T22:59:59Z"),
    ])
    func instantsAroundClockChanges(zone: String, local: String, expected: String) throws {
        let reporting = try calendar(zone)
        let parts = local.split(separator: "T")
        let clock = parts[1].split(separator: ":").map { Int($0)! }
        let wall = CivilDateTime(date: day(String(parts[0])), hour: clock[0], minute: clock[1], second: clock[2])
        let instant = reporting.instant(of: wall)
        #expect(iso(instant) == expected)
    }

    @Test func unknownTimeZoneIsAnError() throws {
        #expect(throws: CalendarError(.unknownTimeZone, text: "Asia/Vladivostock")) {
            try ReportingCalendar(timeZone: "Asia/Vladivostock")
        }
        #expect(throws: CalendarError(.unknownTimeZone, text: "")) { try ReportingCalendar(timeZone: "") }
        #expect(throws: CalendarError(.invalidDueDay, text: "0")) { try ReportingCalendar(dueDay: 0, timeZone: "UTC") }
        #expect(throws: CalendarError(.invalidDueDay, text: "32")) { try ReportingCalendar(dueDay: 32, timeZone: "UTC") }
        let error = try #require(throws: CalendarError.self) { try ReportingCalendar(timeZone: "MSK+7") }
        #expect(error.message(.ru).contains("«MSK+7»"))
    }

    // MARK: Lateness and periods due

    @Test func daysLateCountsCivilDaysInTheRegion() throws {
        let reporting = try calendar()  // Vladivostok, +10
        let april = period("2021-04")   // due 11.05.2021 23:59:59 local = 13:59:59Z
        #expect(reporting.daysLate(receivedAt: utc("2021-05-01T00:00:00"), for: april) == 0)
        #expect(reporting.daysLate(receivedAt: utc("2021-05-11T13:59:59"), for: april) == 0)
        #expect(reporting.daysLate(receivedAt: utc("2021-05-11T13:59:59").addingTimeInterval(0.9), for: april) == 0)
        #expect(reporting.daysLate(receivedAt: utc("2021-05-11T14:00:00"), for: april) == 1)
        #expect(reporting.daysLate(receivedAt: utc("2021-05-12T13:59:59"), for: april) == 1)
        #expect(reporting.daysLate(receivedAt: utc("2021-05-14T02:00:00"), for: april) == 3)
        // The same moment is on time in Moscow, where it is still 11 May.
        #expect(try calendar("Europe/Moscow").daysLate(receivedAt: utc("2021-05-11T14:00:00"), for: april) == 0)
    }

    @Test func periodsDueAsOfAnInstant() throws {
        let reporting = try calendar()
        #expect(reporting.latestPeriodDue(asOf: utc("2021-05-11T13:59:59")) == period("2021-03"))
        #expect(reporting.latestPeriodDue(asOf: utc("2021-05-11T14:00:00")) == period("2021-04"))
        #expect(reporting.latestPeriodDue(asOf: utc("2021-01-11T14:00:00")) == period("2020-12"))
        #expect(reporting.latestPeriodDue(asOf: utc("2021-01-10T14:00:00")) == period("2020-11"))
        #expect(reporting.periodsDue(asOf: utc("2021-05-11T14:00:00"), from: period("2021-01"))
                == [period("2021-01"), period("2021-02"), period("2021-03"), period("2021-04")])
        #expect(reporting.periodsDue(asOf: utc("2021-05-11T14:00:00"), from: period("2021-05")).isEmpty)
    }

    @Test func reportingMonthForADueDate() throws {
        let reporting = try calendar()
        #expect(reporting.reportingMonth(dueOn: day("2021-05-11")) == month("2021-04"))
        #expect(reporting.reportingMonth(dueOn: day("2021-05-10")) == nil)
        #expect(reporting.reportingMonth(dueOn: day("2021-01-11")) == month("2020-12"))
        #expect(reporting.reportingMonth(dueOn: day("2021-06-10")) == month("2021-05"))
    }

    // MARK: Properties over every month the calendar covers

    static let coveredMonths = YearMonth.all(from: YearMonth(year: 1999, month: 1), through: YearMonth(year: 2025, month: 11))

    @Test(arguments: [1, 5, 10, 15, 20, 25])
    func dueDateProperties(dueDay: Int) throws {
        let reporting = try calendar(dueDay: dueDay)
        let production = ProductionCalendar.russia
        #expect(Self.coveredMonths.count == 323)
        for month in Self.coveredMonths {
            let due = reporting.dueDate(for: month)
            let context = "\(month) by day \(dueDay): \(due.date)"
            #expect(YearMonth(due.date) == month.next, "\(context)")
            #expect(due.nominal == CivilDate(year: month.next.year, month: month.next.month, day: dueDay), "\(context)")
            #expect(due.date.day >= dueDay, "\(context)")
            #expect(production.isWorkingDay(due.date), "\(context)")
            #expect(due.moved == !production.isWorkingDay(due.nominal), "\(context)")
            if !due.moved { #expect(due.date.day == dueDay, "\(context)") }
            var between = due.nominal
            while between < due.date {
                #expect(!production.isWorkingDay(between), "\(context): \(between) is a working day")
                between = between.adding(days: 1)
            }
            #expect(due.warnings.isEmpty, "\(context)")
            #expect(reporting.reportingMonth(dueOn: due.date) == month, "\(context)")
        }
    }

    @Test func withoutMovingTheDueDateIsAlwaysDayD() throws {
        let reporting = try calendar(move: false)
        for month in Self.coveredMonths {
            let due = reporting.dueDate(for: month)
            #expect(due.date == CivilDate(year: month.next.year, month: month.next.month, day: 10), "\(month)")
            #expect(!due.moved && due.date == due.nominal, "\(month)")
        }
    }

    @Test func dueInstantsIncreaseWithTheMonth() throws {
        let reporting = try calendar("Europe/Moscow")
        let instants = Self.coveredMonths.map { reporting.dueDate(for: $0).instant }
        #expect(zip(instants, instants.dropFirst()).allSatisfy { $0 < $1 })
    }
}
