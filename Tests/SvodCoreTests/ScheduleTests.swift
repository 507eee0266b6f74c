import Foundation
import Testing
import Spreadsheet
@testable import SvodModel
@testable import SvodChecks
@testable import SvodConsolidation
@testable import SvodRun

/// A deadline text and the schedule a careful reader gives it.
struct DeadlineCase: Sendable, CustomTestStringConvertible {
    var text: String
    var period: RoadmapPeriod
    var kind: Schedule.Kind
    var start: String?
    var end: String?
    var frequency: Frequency?
    var due: [String]
    var warnings: [String]
    var note: String?
    var monthsOfYear: [Int]
    var weekday: Int?
    var timesPerYear: Int?
    var dayOfMonth: Int?

    init(_ text: String, _ period: RoadmapPeriod, _ kind: Schedule.Kind, _ start: String?, _ end: String?,
         frequency: Frequency? = nil, due: [String], warnings: [String] = [], note: String? = nil,
         monthsOfYear: [Int] = [], weekday: Int? = nil, timesPerYear: Int? = nil, dayOfMonth: Int? = nil) {
        self.text = text
        self.period = period
        self.kind = kind
        self.start = start
        self.end = end
        self.frequency = frequency
        self.due = due
        self.warnings = warnings
        self.note = note
        self.monthsOfYear = monthsOfYear
        self.weekday = weekday
        self.timesPerYear = timesPerYear
        self.dayOfMonth = dayOfMonth
    }

    /// A span whose one checkpoint is the month it ends in.
    static func period(_ text: String, _ period: RoadmapPeriod, _ start: String, _ end: String,
                       warnings: [String] = [], note: String? = nil) -> DeadlineCase {
        DeadlineCase(text, period, .period, start, end, due: [String(end.prefix(7))], warnings: warnings, note: note)
    }

    /// One day.
    static func date(_ text: String, _ period: RoadmapPeriod, _ day: String, warnings: [String] = []) -> DeadlineCase {
        DeadlineCase(text, period, .date, day, day, due: [String(day.prefix(7))], warnings: warnings)
    }

    var testDescription: String { "«\(text)» in \(period)" }

    func check(sourceLocation: SourceLocation = #_sourceLocation) {
        let parsed = DeadlineParser.parse(text, period: period)
        let schedule = parsed.schedule
        #expect(schedule.kind == kind, sourceLocation: sourceLocation)
        #expect(schedule.start?.iso == start, sourceLocation: sourceLocation)
        #expect(schedule.end?.iso == end, sourceLocation: sourceLocation)
        #expect(schedule.frequency == frequency, sourceLocation: sourceLocation)
        #expect(schedule.dueMonths().map(\.description) == due, sourceLocation: sourceLocation)
        #expect(parsed.warningCodes == warnings, "\(parsed.warnings.map(\.message.en))", sourceLocation: sourceLocation)
        #expect(schedule.note == note, sourceLocation: sourceLocation)
        #expect(schedule.monthsOfYear == monthsOfYear, sourceLocation: sourceLocation)
        #expect(schedule.weekday == weekday, sourceLocation: sourceLocation)
        #expect(schedule.timesPerYear == timesPerYear, sourceLocation: sourceLocation)
        #expect(schedule.dayOfMonth == dayOfMonth, sourceLocation: sourceLocation)
    }
}

/// Every month from one `YYYY-MM` through another, as text.
func months(_ first: String, _ last: String) -> [String] {
    YearMonth.all(from: YearMonth(text: first)!, through: YearMonth(text: last)!).map(\.description)
}

@Suite struct ScheduleTests {
    static let y2021 = RoadmapPeriod.calendarYear(2021)
    static let y2022 = RoadmapPeriod.calendarYear(2022)
    static let school2020 = RoadmapPeriod.schoolYear(startingIn: 2020)
    static let school2021 = RoadmapPeriod.schoolYear(startingIn: 2021)
    static let years2021to2024 = RoadmapPeriod.years(2021, through: 2024)
    static let years2020to2021 = RoadmapPeriod.years(2020, through: 2021)

    // MARK: - Deadlines not in the seeds

    static let unseen: [DeadlineCase] = [
        // Case, dashes, spacing, abbreviations, year markers.
        .period("СЕНТЯБРЬ-НОЯБРЬ 2021 Г.", y2021, "2021-09-01", "2021-11-30"),
        .period("сентябрь—ноябрь 2021", y2021, "2021-09-01", "2021-11-30"),
        .period("Сентябрь-ноябрь 2021 г.", y2021, "2021-09-01", "2021-11-30"),
        .period("сент. – нояб. 2021 г.", y2021, "2021-09-01", "2021-11-30"),
        .period("янв.2021", y2021, "2021-01-01", "2021-01-31"),
        .period("в мае 2021 года", y2021, "2021-05-01", "2021-05-31"),
        .period("в январе", y2021, "2021-01-01", "2021-01-31"),
        .period("Mарт 2021", y2021, "2021-03-01", "2021-03-31"),  // Latin M
        .period("Сентябрь , 2023.", .calendarYear(2023), "2023-09-01", "2023-09-30"),
        .period("2021 - 2024 гг.", years2021to2024, "2021-01-01", "2024-12-31"),
        .period("2021-2024 г.г.", years2021to2024, "2021-01-01", "2024-12-31"),
        .period("2022 год", years2021to2024, "2022-01-01", "2022-12-31"),
        .period("Сенябрь 2021", y2021, "2021-09-01", "2021-09-30", warnings: ["deadline-typo"]),
        // Quarters, half-years, school terms, seasons.
        .period("IV квартал 2022 г.", y2022, "2022-10-01", "2022-12-31"),
        .period("1 квартал 2021 года", y2021, "2021-01-01", "2021-03-31"),
        .period("II–III квартал", y2021, "2021-04-01", "2021-09-30"),
        .period("I квартал", school2020, "2021-01-01", "2021-03-31"),
        .period("I полугодие 2021", y2021, "2021-01-01", "2021-06-30"),
        .period("первое полугодие", y2021, "2021-01-01", "2021-06-30"),
        .period("2 полугодие", y2021, "2021-07-01", "2021-12-31"),
        .period("2 полугодие", school2020, "2021-01-01", "2021-05-31"),
        .period("I полугодие 2020-2021 учебного года", y2021, "2020-09-01", "2020-12-31",
                warnings: ["deadline-outside-period"]),
        .period("III четверть", school2020, "2021-01-01", "2021-03-31"),
        .period("летний период 2021 г.", y2021, "2021-06-01", "2021-08-31"),
        // Ranges.
        .period("01.02.2022- 30.06.2022", y2022, "2022-02-01", "2022-06-30"),
        .period("с 01.09.2021 по 31.12.2021", y2021, "2021-09-01", "2021-12-31"),
        .period("с 1 по 15 марта", y2021, "2021-03-01", "2021-03-15"),
        .period("1-15 марта 2021", y2021, "2021-03-01", "2021-03-15"),
        .period("Сентябрь 2020 – май 2021", school2020, "2020-09-01", "2021-05-31"),
        .period("сентябрь - май", school2020, "2020-09-01", "2021-05-31"),
        .period("декабрь, январь 2021", years2020to2021, "2020-12-01", "2021-01-31"),
        .period("2020/21 учебный год", school2020, "2020-09-01", "2021-08-31"),
        .period("учебный год", school2020, "2020-09-01", "2021-08-31"),
        // Days.
        .date("30.04.2021", y2021, "2021-04-30"),
        .date("1.3.21", y2021, "2021-03-01"),
        .date("2021-03-01", y2021, "2021-03-01"),
        .date("до 1 июня 2022 г.", y2022, "2022-06-01"),
        .date("1 июня 2022 года", y2022, "2022-06-01"),
        .date("до 25 декабря", y2021, "2021-12-25"),
        .date("до 25 декабря", school2020, "2020-12-25"),
        .date("до 25 декабря", years2021to2024, "2021-12-25", warnings: ["deadline-year-inferred"]),
        .date("25.12", school2020, "2020-12-25"),
        .date("не позднее 10.12.2021 г.", y2021, "2021-12-10"),
        .date("по 30 июня", y2021, "2021-06-30"),
        .date("до конца мая", y2021, "2021-05-31"),
        .date("до конца года", y2021, "2021-12-31"),
        .date("к концу учебного года", school2020, "2021-08-31"),
        .date("до декабря 2021 г.", y2021, "2021-12-01"),
        .date("01.09.2022", y2021, "2022-09-01", warnings: ["deadline-outside-period"]),
        DeadlineCase("12.04.2021, 18.10.2021", y2021, .dates, "2021-04-12", "2021-10-18", due: ["2021-04", "2021-10"]),
        DeadlineCase("18.10.2021 и 12.04.2021", y2021, .dates, "2021-04-12", "2021-10-18", due: ["2021-04", "2021-10"]),
        // Separate months.
        DeadlineCase("март, сентябрь", y2021, .months, "2021-03-01", "2021-09-30", due: ["2021-03", "2021-09"]),
        DeadlineCase("апрель-май, октябрь 2021", y2021, .months, "2021-04-01", "2021-10-31", due: ["2021-05", "2021-10"]),
        DeadlineCase("ноябрь 2020, январь", years2020to2021, .months, "2020-11-01", "2021-01-31", due: ["2020-11", "2021-01"]),
        // Recurrences.
        DeadlineCase("ежеквартально", y2021, .recurring, "2021-01-01", "2021-12-31", frequency: .quarterly,
                     due: ["2021-03", "2021-06", "2021-09", "2021-12"]),
        DeadlineCase("Ежеквартально", school2020, .recurring, "2020-09-01", "2021-08-31", frequency: .quarterly,
                     due: ["2020-09", "2020-12", "2021-03", "2021-06"]),
        DeadlineCase("раз в квартал", y2021, .recurring, "2021-01-01", "2021-12-31", frequency: .quarterly,
                     due: ["2021-03", "2021-06", "2021-09", "2021-12"]),
        DeadlineCase("ежемесячно до 5 числа", y2021, .recurring, "2021-01-01", "2021-12-31", frequency: .monthly,
                     due: months("2021-01", "2021-12"), dayOfMonth: 5),
        DeadlineCase("до 5 числа", y2021, .recurring, "2021-01-01", "2021-12-31", frequency: .monthly,
                     due: months("2021-01", "2021-12"), dayOfMonth: 5),
        DeadlineCase("ежемесячно в срок до 10 числа месяца, следующего за отчетным", y2021, .recurring,
                     "2021-01-01", "2021-12-31", frequency: .monthly, due: months("2021-01", "2021-12"),
                     note: "в срок до 10 числа месяца, следующего за отчетным", dayOfMonth: 10),
        DeadlineCase("не реже 1 раза в месяц", y2021, .recurring, "2021-01-01", "2021-12-31", frequency: .monthly,
                     due: months("2021-01", "2021-12")),
        DeadlineCase("ежемесячно с марта по май", y2021, .recurring, "2021-03-01", "2021-05-31", frequency: .monthly,
                     due: ["2021-03", "2021-04", "2021-05"]),
        DeadlineCase("2 раза в год", y2021, .recurring, "2021-01-01", "2021-12-31", frequency: .yearly,
                     due: ["2021-06", "2021-12"], timesPerYear: 2),
        DeadlineCase("не реже двух раз в год", years2020to2021, .recurring, "2020-01-01", "2021-12-31", frequency: .yearly,
                     due: ["2020-06", "2020-12", "2021-06", "2021-12"], timesPerYear: 2),
        DeadlineCase("1 раз в полугодие", y2021, .recurring, "2021-01-01", "2021-12-31", frequency: .yearly,
                     due: ["2021-06", "2021-12"], timesPerYear: 2),
        DeadlineCase("3 раза в год", y2021, .recurring, "2021-01-01", "2021-12-31", frequency: .yearly,
                     due: ["2021-04", "2021-08", "2021-12"], timesPerYear: 3),
        DeadlineCase("каждый вторник", y2021, .recurring, "2021-01-01", "2021-12-31", frequency: .weekly,
                     due: months("2021-01", "2021-12"), weekday: 2),
        DeadlineCase("еженедельно по пятницам", y2021, .recurring, "2021-01-01", "2021-12-31", frequency: .weekly,
                     due: months("2021-01", "2021-12"), weekday: 5),
        DeadlineCase("по средам", y2021, .recurring, "2021-01-01", "2021-12-31", frequency: .weekly,
                     due: months("2021-01", "2021-12"), weekday: 3),
        DeadlineCase("ежегодно", years2021to2024, .recurring, "2021-01-01", "2024-12-31", frequency: .yearly,
                     due: ["2021-12", "2022-12", "2023-12", "2024-12"]),
        DeadlineCase("Май 2021 г., далее — ежегодно", years2021to2024, .recurring, "2021-05-01", "2024-12-31",
                     frequency: .yearly, due: ["2021-05", "2022-05", "2023-05", "2024-05"], monthsOfYear: [5]),
        DeadlineCase("ноябрь, март текущего учебного года", school2020, .recurring, "2020-09-01", "2021-08-31",
                     frequency: .yearly, due: ["2020-11", "2021-03"], monthsOfYear: [11, 3]),
        DeadlineCase("ноябрь, март текущего учебного года", .years(2020, through: 2022), .recurring, "2020-01-01", "2022-12-31",
                     frequency: .yearly, due: ["2020-03", "2020-11", "2021-03", "2021-11", "2022-03", "2022-11"],
                     monthsOfYear: [11, 3]),
        DeadlineCase("Ежемесячно, по запросу", y2021, .recurring, "2021-01-01", "2021-12-31", frequency: .monthly,
                     due: months("2021-01", "2021-12"), note: "по запросу"),
        // Throughout.
        DeadlineCase("В течение года", school2020, .throughout, "2020-09-01", "2021-08-31", due: ["2021-08"]),
        DeadlineCase("в течение учебного года", school2020, .throughout, "2020-09-01", "2021-08-31", due: ["2021-08"]),
        DeadlineCase("в течение 2021-2022 учебного года", school2021, .throughout, "2021-09-01", "2022-08-31", due: ["2022-08"]),
        DeadlineCase("в течение 2021-2022 учебного года", y2021, .throughout, "2021-09-01", "2022-08-31", due: ["2022-08"],
                     warnings: ["deadline-outside-period"]),
        DeadlineCase("в течение всего срока реализации", years2021to2024, .throughout, "2021-01-01", "2024-12-31", due: ["2024-12"]),
        DeadlineCase("В течении всего периода", years2021to2024, .throughout, "2021-01-01", "2024-12-31", due: ["2024-12"]),
        DeadlineCase("в течение 2022 года", years2021to2024, .throughout, "2022-01-01", "2022-12-31", due: ["2022-12"]),
        DeadlineCase("постоянно", y2021, .throughout, "2021-01-01", "2021-12-31", due: ["2021-12"]),
        DeadlineCase("на постоянной основе", y2021, .throughout, "2021-01-01", "2021-12-31", due: ["2021-12"]),
        DeadlineCase("ежедневно", y2021, .throughout, "2021-01-01", "2021-12-31", due: ["2021-12"], note: "ежедневно"),
        DeadlineCase("В течение года по отдельному плану", y2021, .throughout, "2021-01-01", "2021-12-31",
                     due: ["2021-12"], note: "по отдельному плану"),
        DeadlineCase("в течение года, по заявкам ОО", y2021, .throughout, "2021-01-01", "2021-12-31",
                     due: ["2021-12"], note: "по заявкам ОО"),
        DeadlineCase("по мере необходимости", y2021, .throughout, "2021-01-01", "2021-12-31",
                     due: ["2021-12"], note: "по мере необходимости"),
        DeadlineCase("По необходимости", y2021, .throughout, "2021-01-01", "2021-12-31",
                     due: ["2021-12"], note: "По необходимости"),
        DeadlineCase("с сентября 2021 г.", y2021, .throughout, "2021-09-01", "2021-12-31", due: ["2021-12"]),
        .period("в течение года, до 01.12.2021", y2021, "2021-01-01", "2021-12-01"),
        // Reports: what a report covers is kept as a note; several rhythms are not merged.
        DeadlineCase("до 10.01.2022 (за 2021 год)", years2021to2024, .date, "2022-01-10", "2022-01-10", due: ["2022-01"],
                     note: "за 2021 год"),
        DeadlineCase("ежеквартально до 10 числа месяца, следующего за отчетным кварталом", y2021, .recurring,
                     "2021-01-01", "2021-12-31", frequency: .quarterly, due: ["2021-03", "2021-06", "2021-09", "2021-12"],
                     note: "до 10 числа месяца, следующего за отчетным кварталом", dayOfMonth: 10),
        DeadlineCase("каждое 1 число месяца", y2021, .recurring, "2021-01-01", "2021-12-31", frequency: .monthly,
                     due: months("2021-01", "2021-12"), dayOfMonth: 1),
        DeadlineCase("ежегодно в апреле и октябре", years2021to2024, .recurring, "2021-01-01", "2024-12-31",
                     frequency: .yearly, due: ["2021-04", "2021-10", "2022-04", "2022-10", "2023-04", "2023-10", "2024-04", "2024-10"],
                     monthsOfYear: [4, 10]),
        DeadlineCase("Апрель 2021г.,  далее – ежеквартально", y2021, .recurring, "2021-04-01", "2021-12-31",
                     frequency: .quarterly, due: ["2021-06", "2021-09", "2021-12"]),
        DeadlineCase("по понедельникам и четвергам", y2021, .recurring, "2021-01-01", "2021-12-31", frequency: .weekly,
                     due: months("2021-01", "2021-12"), warnings: ["deadline-unparsed"], weekday: 1),
        DeadlineCase("Ежемесячно, ежеквартально", y2021, .recurring, "2021-01-01", "2021-12-31", frequency: .monthly,
                     due: months("2021-01", "2021-12"), warnings: ["deadline-unparsed"]),
        // More spans.
        DeadlineCase("I и III квартал 2021 г.", y2021, .months, "2021-01-01", "2021-09-30", due: ["2021-03", "2021-09"]),
        .period("II половина 2021", y2021, "2021-07-01", "2021-12-31"),
        .period("в течение 1 квартала 2021 года", y2021, "2021-01-01", "2021-03-31"),
        .period("в период с 1 по 10 марта 2021 г.", y2021, "2021-03-01", "2021-03-10"),
        .period("ноябрь 2021 – январь 2022", y2021, "2021-11-01", "2022-01-31", warnings: ["deadline-outside-period"]),
        DeadlineCase("Сентябрь 2021 (1 этап), декабрь 2021 (2 этап)", y2021, .months, "2021-09-01", "2021-12-31",
                     due: ["2021-09", "2021-12"], warnings: ["deadline-unparsed"]),
        DeadlineCase("Весь год", y2021, .throughout, "2021-01-01", "2021-12-31", due: ["2021-12"]),
        DeadlineCase("с сентября", school2020, .throughout, "2020-09-01", "2021-08-31", due: ["2021-08"]),
        // Unscheduled.
        DeadlineCase("в сроки, установленные Рособрнадзором", y2021, .unscheduled, nil, nil, due: [],
                     warnings: ["deadline-unscheduled"], note: "в сроки, установленные Рособрнадзором"),
        DeadlineCase("в соответствии с планом-графиком", y2021, .unscheduled, nil, nil, due: [],
                     warnings: ["deadline-unscheduled"], note: "в соответствии с планом-графиком"),
        DeadlineCase("по графику", y2021, .unscheduled, nil, nil, due: [], warnings: ["deadline-unscheduled"], note: "по графику"),
        DeadlineCase("по согласованию", y2021, .unscheduled, nil, nil, due: [], warnings: ["deadline-unscheduled"],
                     note: "по согласованию"),
        DeadlineCase("   ", y2021, .unscheduled, nil, nil, due: [], warnings: ["deadline-unscheduled"]),
        // What cannot be read is named, and the rest kept.
        .period("Сентябрь 2021, по итогам проверки", y2021, "2021-09-01", "2021-09-30", warnings: ["deadline-unparsed"]),
        DeadlineCase("в течение месяца после проверки", y2021, .unscheduled, nil, nil, due: [],
                     warnings: ["deadline-unparsed", "deadline-unscheduled"]),
        DeadlineCase("Задача 1. Принятие управленческих решений", y2021, .unscheduled, nil, nil, due: [],
                     warnings: ["deadline-unparsed", "deadline-unscheduled"]),
        DeadlineCase("31.02.2021", y2021, .unscheduled, nil, nil, due: [],
                     warnings: ["deadline-invalid-date", "deadline-unscheduled"]),
        .period("30.06.2021 - 01.03.2021", y2021, "2021-03-01", "2021-06-30", warnings: ["deadline-range-reversed"]),
        // A range without a start year crosses the new year rather than run backwards.
        .period("сентябрь - февраль 2021", years2020to2021, "2020-09-01", "2021-02-28"),
        .period("ноябрь - февраль", school2020, "2020-11-01", "2021-02-28"),
        .period("март", years2020to2021, "2020-03-01", "2020-03-31", warnings: ["deadline-year-inferred"]),
    ]

    @Test(arguments: unseen) func unseenDeadline(_ deadline: DeadlineCase) { deadline.check() }

    @Test func unparsedWarningNamesTheFragment() throws {
        let parsed = DeadlineParser.parse("Сентябрь 2021, по итогам проверки", period: Self.y2021)
        let warning = try #require(parsed.warnings.first)
        #expect(warning.message.ru.contains("«по итогам проверки»"))
        #expect(warning.message.en.contains("“по итогам проверки”"))
    }

    @Test func everyCodeIsCatalogued() {
        let texts = Self.unseen.map(\.text) + ["", "31.02.2021", "Сенябрь", "30.06.2021 - 01.03.2021", "март"]
        for text in texts {
            for warning in DeadlineParser.parse(text, period: Self.years2020to2021).warnings {
                #expect(DeadlineWarning.allCodes.contains(warning.code))
                #expect(!warning.message.ru.isEmpty && !warning.message.en.isEmpty)
                let ascii = warning.code.rawValue.unicodeScalars.allSatisfy { $0.isASCII }
                #expect(ascii)
            }
        }
    }

    @Test func dateCellOutsideThePeriodIsKeptAndFlagged() {
        let date = CivilDate(year: 2022, month: 1, day: 15)
        let parsed = DeadlineParser.parse(date: date, period: Self.y2021)
        #expect(parsed.schedule == .date(date))
        #expect(parsed.warningCodes == ["deadline-outside-period"])
    }

    // MARK: - Month words

    static let monthWords: [(words: [String], month: Int)] = [
        (["январь", "января", "январе", "Янв."], 1), (["февраль", "февраля", "феврале", "февр."], 2),
        (["март", "марта", "марте", "мар."], 3), (["апрель", "апреля", "апреле", "апр."], 4),
        (["май", "мая", "мае"], 5), (["июнь", "июня", "июне"], 6), (["июль", "июля", "июле"], 7),
        (["август", "августа", "августе", "авг."], 8), (["сентябрь", "сентября", "сентябре", "сент.", "сен."], 9),
        (["октябрь", "октября", "октябре", "окт."], 10), (["ноябрь", "ноября", "ноябре", "нояб."], 11),
        (["декабрь", "декабря", "декабре", "дек."], 12),
    ]

    @Test(arguments: monthWords) func everyMonthFormIsTheMonth(words: [String], month: Int) {
        for word in words + words.map({ $0.uppercased() }) {
            let parsed = DeadlineParser.parse("\(word) 2021", period: Self.y2021)
            #expect(parsed.schedule.kind == .period, "\(word)")
            #expect(parsed.schedule.start == YearMonth(year: 2021, month: month).firstDay, "\(word)")
            #expect(parsed.schedule.end == YearMonth(year: 2021, month: month).lastDay, "\(word)")
            #expect(parsed.warnings.isEmpty, "\(word)")
        }
    }

    // MARK: - School-year inference, for every month

    @Test(arguments: 1...12) func schoolYearPlacesEveryMonth(month: Int) {
        let period = Self.school2020
        let expectedYear = month >= 9 ? 2020 : 2021
        #expect(period.year(forMonth: month) == expectedYear)
        let name = RussianCalendarWords.monthNames[month - 1]
        let parsed = DeadlineParser.parse(name, period: period)
        #expect(parsed.schedule.start == YearMonth(year: expectedYear, month: month).firstDay)
        #expect(parsed.warnings.isEmpty)
        #expect(RoadmapPeriod.calendarYear(2021).year(forMonth: month) == 2021)
        #expect(Self.years2021to2024.year(forMonth: month) == 2021)
    }

    // MARK: - Due months as properties

    static let recurringTexts = [
        "ежемесячно", "ежеквартально", "ежегодно", "еженедельно", "каждый четверг", "2 раза в год", "3 раза в год",
        "5 раз в год", "не реже 1 раза в квартал", "Май 2021 г., далее — ежегодно", "ноябрь, март текущего учебного года",
        "ежемесячно с марта по май", "ежегодно в апреле и октябре", "раз в полгода", "Ежемесячно 2022",
    ]

    @Test(arguments: recurringTexts) func recurringDueMonthsAreSortedUniqueAndInsideTheWindow(text: String) throws {
        for period in [Self.y2021, Self.school2020, Self.years2021to2024] {
            let schedule = DeadlineParser.parse(text, period: period).schedule
            #expect(schedule.kind == .recurring, "\(text)")
            let start = try #require(schedule.start)
            let end = try #require(schedule.end)
            let due = schedule.dueMonths()
            #expect(!due.isEmpty)
            #expect(due == due.sorted())
            #expect(Set(due).count == due.count)
            #expect(due.allSatisfy { YearMonth(start) <= $0 && $0 <= YearMonth(end) }, "\(text) in \(period)")
        }
    }

    @Test(arguments: Frequency.allCases) func frequencyDueMonthsOverAnyWindow(frequency: Frequency) {
        for (start, end) in [((2021, 1, 1), (2021, 12, 31)), ((2020, 9, 1), (2021, 8, 31)), ((2021, 3, 15), (2023, 2, 10))] {
            let schedule = Schedule(kind: .recurring, start: CivilDate(year: start.0, month: start.1, day: start.2),
                                    end: CivilDate(year: end.0, month: end.1, day: end.2), frequency: frequency)
            let due = schedule.dueMonths()
            let window = YearMonth.all(from: YearMonth(schedule.start!), through: YearMonth(schedule.end!))
            #expect(due == due.sorted() && Set(due).count == due.count)
            #expect(due.allSatisfy(window.contains))
            switch frequency {
            case .weekly, .monthly: #expect(due == window)
            case .quarterly: #expect(due == window.filter { [3, 6, 9, 12].contains($0.month) })
            case .yearly: #expect(due == window.filter { $0.month == schedule.end!.month })
            }
        }
    }

    @Test(arguments: 1...12) func timesPerYearSpreadsEvenly(times: Int) {
        let schedule = Schedule(kind: .recurring, start: CivilDate(year: 2021, month: 1, day: 1),
                                end: CivilDate(year: 2021, month: 12, day: 31), frequency: .yearly, timesPerYear: times)
        let due = schedule.dueMonths()
        #expect(due.count == max(times, 1))
        #expect(due.last == YearMonth(year: 2021, month: 12))
        #expect(due.map(\.month) == (1...times).map { (12 * $0 + times - 1) / times })
    }

    @Test func dueMonthsOfTheOtherKinds() {
        let march = CivilDate(year: 2021, month: 3, day: 5)
        #expect(Schedule.date(march).dueMonths() == [YearMonth(year: 2021, month: 3)])
        #expect(Schedule.dates([march.adding(days: 40), march, march]).dueMonths()
            == [YearMonth(year: 2021, month: 3), YearMonth(year: 2021, month: 4)])
        #expect(Schedule.period(march, march.adding(days: 100)).dueMonths() == [YearMonth(year: 2021, month: 6)])
        #expect(Schedule(kind: .unscheduled).dueMonths().isEmpty)
        #expect(Schedule.months([YearMonth(year: 2021, month: 10), YearMonth(year: 2021, month: 4)]).dueMonths()
            == [YearMonth(year: 2021, month: 4), YearMonth(year: 2021, month: 10)])
    }

    /// Whatever the text, parsing returns a coherent schedule.
    @Test func arbitraryTextNeverBreaksTheParser() {
        let pieces = ["январь", "2021", "-", ",", "по", "до", "с", "ежемесячно", "раз", "в", "год", "15", "IV",
                      "квартал", "далее", "г.", "учебного", "года", "31.13.2021", "01.03", "/", "и", "течение",
                      "каждый", "вторник", "2020/21", "числа", "по плану", "xyz", "—", "полугодие", "текущего", "к", "конца"]
        var seed: UInt64 = 0x5EED
        for _ in 0..<400 {
            var words: [String] = []
            for _ in 0..<Int(seed % 6 + 1) {
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                words.append(pieces[Int((seed >> 33) % UInt64(pieces.count))])
            }
            let text = words.joined(separator: " ")
            for period in [Self.y2021, Self.school2020, Self.years2021to2024] {
                let schedule = DeadlineParser.parse(text, period: period).schedule
                let due = schedule.dueMonths()
                #expect(due == due.sorted(), "\(text)")
                if schedule.kind == .unscheduled {
                    #expect(schedule.start == nil && schedule.end == nil, "\(text)")
                } else if let start = schedule.start, let end = schedule.end {
                    #expect(start <= end, "\(text)")
                } else {
                    Issue.record("no window for «\(text)»")
                }
            }
        }
    }

    // MARK: - YearMonth

    @Test func yearMonthArithmeticAndText() throws {
        let december = YearMonth(year: 2020, month: 12)
        #expect(december.next == YearMonth(year: 2021, month: 1))
        #expect(december.next.previous == december)
        #expect(december.description == "2020-12")
        #expect(YearMonth(text: "2021-06") == YearMonth(year: 2021, month: 6))
        #expect(YearMonth(text: "2021-13") == nil)
        #expect(YearMonth(text: "2021-6") == nil)
        #expect(YearMonth(text: "2021-06-01") == nil)
        #expect(YearMonth(year: 2024, month: 2).lastDay == CivilDate(year: 2024, month: 2, day: 29))
        #expect(YearMonth(year: 2023, month: 2).lastDay == CivilDate(year: 2023, month: 2, day: 28))
        #expect(YearMonth(year: 2021, month: 6).firstDay == CivilDate(year: 2021, month: 6, day: 1))
        #expect(YearMonth(year: 2021, month: 1) < YearMonth(year: 2021, month: 2))
        #expect(YearMonth.all(from: december, through: YearMonth(year: 2021, month: 2)).count == 3)

        let json = try JSONEncoder().encode([YearMonth(year: 2021, month: 6)])
        #expect(String(decoding: json, as: UTF8.self) == "[\"2021-06\"]")
        let decoded = try JSONDecoder().decode([YearMonth].self, from: json)
        #expect(decoded == [YearMonth(year: 2021, month: 6)])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([YearMonth].self, from: Data("[\"2021-6\"]".utf8)) }
    }

    // MARK: - RoadmapPeriod

    @Test(arguments: [
        ("Дорожная карта в 2021 году", RoadmapPeriod.calendarYear(2021)),
        ("Дорожная карта на 2023 год", .calendarYear(2023)),
        ("План на 2019-2022 годы", .years(2019, through: 2022)),
        ("План на 2019 – 2022 гг.", .years(2019, through: 2022)),
        ("2020-2021 учебный год", .schoolYear(startingIn: 2020)),
        ("работы со школами в 2020/21 учебном году", .schoolYear(startingIn: 2020)),
        ("План мероприятий на 2020-2021 учебный год", .schoolYear(startingIn: 2020)),
        ("по итогам 2022 года, дорожная карта на 2023 год", .calendarYear(2023)),
    ])
    func periodFromTitle(title: String, period: RoadmapPeriod) {
        #expect(RoadmapPeriod.infer(fromTitle: title) == period)
    }

    @Test func titleWithoutAYearHasNoPeriod() {
        #expect(RoadmapPeriod.infer(fromTitle: "Дорожная карта по работе со ШНОР") == nil)
    }

    @Test func periodShapes() {
        #expect(Self.school2020.start == CivilDate(year: 2020, month: 9, day: 1))
        #expect(Self.school2020.end == CivilDate(year: 2021, month: 8, day: 31))
        #expect(RoadmapPeriod.years(2021, through: 2021) == .calendarYear(2021))
        #expect(Self.years2021to2024.isYearAmbiguous)
        #expect(!Self.school2020.isYearAmbiguous && !Self.y2021.isYearAmbiguous)
        #expect(Self.school2020.description == "2020/21")
    }
}

/// The lexer's tokens, one layer below the schedules.
@Suite struct ScheduleLexerTests {
    static let cases: [(text: String, kinds: [DeadlineToken.Kind])] = [
        ("Август 2020г.", [.month(8), .number(2020, digits: 4), .yearMarker]),
        ("2020-2021 г.г.", [.number(2020, digits: 4), .dash, .number(2021, digits: 4), .yearMarker]),
        ("<p>Сентябрь , 2023</p>", [.month(9), .separator(.comma), .number(2023, digits: 4)]),
        ("01. 03.2021", [.date(day: 1, month: 3, year: 2021)]),
        ("1.3.21 и 25.12", [.date(day: 1, month: 3, year: 2021), .separator(.and), .date(day: 25, month: 12, year: nil)]),
        ("31.02.2021", [.invalidDate]),
        ("1-е полугодие", [.ordinal(1), .keyword(.half)]),
        ("IV кв.", [.ordinal(4), .keyword(.quarter)]),
        ("Mарт — Май", [.month(3), .dash, .month(5)]),
        ("--- сент.", [.dash, .month(9)]),
        ("не реже 2 раз в месяц", [.keyword(.atLeast), .number(2, digits: 1), .keyword(.times), .keyword(.inPreposition), .keyword(.unit(.month))]),
        ("в течение всего срока реализации программы", [.keyword(.during), .keyword(.wholeTerm)]),
        ("по утверждённому графику", [.keyword(.note(.elsewhere))]),
        ("каждую среду", [.keyword(.each), .weekday(3)]),
        ("Ежеквартально/ по запросу", [.keyword(.every(.quarter)), .separator(.slash), .keyword(.note(.onDemand))]),
    ]

    @Test(arguments: cases) func tokens(text: String, kinds: [DeadlineToken.Kind]) {
        #expect(DeadlineLexer(text).tokens().map(\.kind) == kinds)
    }

    @Test func tokensPointBackAtTheText() {
        let lexer = DeadlineLexer("до 1 июня 2022 г.")
        let words = lexer.tokens().map { String(lexer.source[$0.range]) }
        #expect(words == ["до", "1", "июня", "2022", "г"])
    }
}
