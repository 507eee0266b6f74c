import Testing
import Spreadsheet
@testable import SvodModel
@testable import SvodChecks
@testable import SvodConsolidation
@testable import SvodRun

/// Every distinct deadline text of the three seed roadmaps (`/work/shared/seeds`), from both the
/// extracted text and the published workbooks, with the schedule a careful reader gives it.
///
/// Periods: primorye-2021 "в Приморском крае в 2021 году" → calendar 2021; kazachinsky-2023
/// "на 2023 год" → calendar 2023; gorodets-2020 "на 2020-2021 годы" (the order says
/// "на 2020-2021 г.г.") → the years 2020–2021. Gorodets' work runs August 2020 – June 2021,
/// but every dated cell carries its year, so the only effect of the choice is "В течение
/// года", which covers the whole period and is flagged as naming no particular year.
@Suite struct ScheduleSeedCorpusTests {
    static let primoryePeriod = RoadmapPeriod.calendarYear(2021)
    static let kazachinskyPeriod = RoadmapPeriod.calendarYear(2023)
    static let gorodetsPeriod = RoadmapPeriod.years(2020, through: 2021)

    static let gorodetsCases: [DeadlineCase] = [
        .period("Август 2020г.", gorodetsPeriod, "2020-08-01", "2020-08-31"),
        .period("Сентябрь 2020г.", gorodetsPeriod, "2020-09-01", "2020-09-30"),
        .period("Сентябрь 2020г", gorodetsPeriod, "2020-09-01", "2020-09-30"),
        .period("Июнь 2021г", gorodetsPeriod, "2021-06-01", "2021-06-30"),
        .period("Июнь 2021г.", gorodetsPeriod, "2021-06-01", "2021-06-30"),
        .period("Август-декабрь 2020г.", gorodetsPeriod, "2020-08-01", "2020-12-31"),
        .period("Август-октябрь 2020г.", gorodetsPeriod, "2020-08-01", "2020-10-31"),
        .period("Август-сентябрь 2020г", gorodetsPeriod, "2020-08-01", "2020-09-30"),
        .period("Август-сентябрь 2020г.", gorodetsPeriod, "2020-08-01", "2020-09-30"),
        .period("Сентябрь-октябрь 2020г", gorodetsPeriod, "2020-09-01", "2020-10-31"),
        .period("Октябрь-ноябрь 2020г", gorodetsPeriod, "2020-10-01", "2020-11-30"),
        .period("Ноябрь-декабрь 2020г", gorodetsPeriod, "2020-11-01", "2020-12-31"),
        .period("Ноябрь – декабрь 2020г", gorodetsPeriod, "2020-11-01", "2020-12-31"),
        .period("Январь-февраль 2021г", gorodetsPeriod, "2021-01-01", "2021-02-28"),
        .period("Январь-февраль 2021г.", gorodetsPeriod, "2021-01-01", "2021-02-28"),
        .period("Январь- февраль 2021г", gorodetsPeriod, "2021-01-01", "2021-02-28"),
        .period("Январь- май 2021г", gorodetsPeriod, "2021-01-01", "2021-05-31"),
        .period("Январь-июнь 2021г.", gorodetsPeriod, "2021-01-01", "2021-06-30"),
        .period("Февраль-апрель 2021г", gorodetsPeriod, "2021-02-01", "2021-04-30"),
        DeadlineCase("В течение года", gorodetsPeriod, .throughout, "2020-01-01", "2021-12-31",
                     due: ["2021-12"], warnings: ["deadline-ambiguous-year"]),
        // Measure 4.6 has an empty deadline cell.
        DeadlineCase("", gorodetsPeriod, .unscheduled, nil, nil, due: [], warnings: ["deadline-unscheduled"]),
    ]

    static let kazachinskyCases: [DeadlineCase] = [
        .period("Январь 2023", kazachinskyPeriod, "2023-01-01", "2023-01-31"),
        .period("Февраль 2023", kazachinskyPeriod, "2023-02-01", "2023-02-28"),
        .period("Февраль, 2023", kazachinskyPeriod, "2023-02-01", "2023-02-28"),
        .period("Март, 2023", kazachinskyPeriod, "2023-03-01", "2023-03-31"),
        .period("Апрель 2023", kazachinskyPeriod, "2023-04-01", "2023-04-30"),
        .period("Май, 2023 г", kazachinskyPeriod, "2023-05-01", "2023-05-31"),
        .period("<p>Май, 2023 г</p>", kazachinskyPeriod, "2023-05-01", "2023-05-31"),
        .period("Июнь 2023", kazachinskyPeriod, "2023-06-01", "2023-06-30"),
        .period("Июнь, 2023", kazachinskyPeriod, "2023-06-01", "2023-06-30"),
        .period("Август 2023", kazachinskyPeriod, "2023-08-01", "2023-08-31"),
        .period("Сентябрь, 2023", kazachinskyPeriod, "2023-09-01", "2023-09-30"),
        .period("Сентябрь , 2023", kazachinskyPeriod, "2023-09-01", "2023-09-30"),
        .period("<p>Сентябрь , 2023</p>", kazachinskyPeriod, "2023-09-01", "2023-09-30"),
        .period("Октябрь 2023", kazachinskyPeriod, "2023-10-01", "2023-10-31"),
        .period("Октябрь, 2023", kazachinskyPeriod, "2023-10-01", "2023-10-31"),
        .period("Декабрь 2023", kazachinskyPeriod, "2023-12-01", "2023-12-31"),
        .period("Август-сентябрь 2023", kazachinskyPeriod, "2023-08-01", "2023-09-30"),
        .period("Март – август, 2023 г", kazachinskyPeriod, "2023-03-01", "2023-08-31"),
        .period("Октябрь – декабрь 2023", kazachinskyPeriod, "2023-10-01", "2023-12-31"),
        .period("Февраль- декабрь 2023", kazachinskyPeriod, "2023-02-01", "2023-12-31"),
        .period("Январь-декабрь 2023", kazachinskyPeriod, "2023-01-01", "2023-12-31"),
        .period("Январь-декабрь 2023 По плану ККИПК", kazachinskyPeriod, "2023-01-01", "2023-12-31", note: "По плану ККИПК"),
        // Adjacent months are one span of work with one checkpoint.
        .period("Январь, февраль 2023", kazachinskyPeriod, "2023-01-01", "2023-02-28"),
        .period("Январь, февраль 2023 г", kazachinskyPeriod, "2023-01-01", "2023-02-28"),
        .period("Февраль, март", kazachinskyPeriod, "2023-02-01", "2023-03-31"),
        DeadlineCase("апрель, 2023 октябрь, 2023", kazachinskyPeriod, .months, "2023-04-01", "2023-10-31",
                     due: ["2023-04", "2023-10"]),
        DeadlineCase("Ежемесячно 2023", kazachinskyPeriod, .recurring, "2023-01-01", "2023-12-31", frequency: .monthly,
                     due: months("2023-01", "2023-12")),
        DeadlineCase("В течение года", kazachinskyPeriod, .throughout, "2023-01-01", "2023-12-31", due: ["2023-12"]),
        DeadlineCase("В назначенные сроки", kazachinskyPeriod, .unscheduled, nil, nil, due: [],
                     warnings: ["deadline-unscheduled"], note: "В назначенные сроки"),
    ]

    static let primoryeCases: [DeadlineCase] = [
        .date("01.03.2021", primoryePeriod, "2021-03-01"),
        .date("31.03.2021", primoryePeriod, "2021-03-31"),
        .date("30.04.2021", primoryePeriod, "2021-04-30"),
        .date("28.05.2021", primoryePeriod, "2021-05-28"),
        .date("30.06.2021", primoryePeriod, "2021-06-30"),
        .date("30.07.2021", primoryePeriod, "2021-07-30"),
        .date("29.09.2021", primoryePeriod, "2021-09-29"),
        .date("29.10.2021", primoryePeriod, "2021-10-29"),
        .date("29.11.2021", primoryePeriod, "2021-11-29"),
        .date("30.11.2021", primoryePeriod, "2021-11-30"),
        DeadlineCase("23.06.2021, 17.11.2021", primoryePeriod, .dates, "2021-06-23", "2021-11-17", due: ["2021-06", "2021-11"]),
        .period("25.02.2021- 12.12.2021", primoryePeriod, "2021-02-25", "2021-12-12"),
        .period("01.04.2021- 31.05.2021", primoryePeriod, "2021-04-01", "2021-05-31"),
        .period("01.04.2021- 30.07.2021", primoryePeriod, "2021-04-01", "2021-07-30"),
        .period("Март - июнь", primoryePeriod, "2021-03-01", "2021-06-30"),
        .period("Март - декабрь", primoryePeriod, "2021-03-01", "2021-12-31"),
        DeadlineCase("В течение года", primoryePeriod, .throughout, "2021-01-01", "2021-12-31", due: ["2021-12"]),
        DeadlineCase("Ежемесячно", primoryePeriod, .recurring, "2021-01-01", "2021-12-31", frequency: .monthly,
                     due: months("2021-01", "2021-12")),
        DeadlineCase("Ежемесячно /по запросу МОУО", primoryePeriod, .recurring, "2021-01-01", "2021-12-31", frequency: .monthly,
                     due: months("2021-01", "2021-12"), note: "по запросу МОУО"),
        DeadlineCase("По утвержденному графику", primoryePeriod, .unscheduled, nil, nil, due: [],
                     warnings: ["deadline-unscheduled"], note: "По утвержденному графику"),
    ]

    @Test(arguments: gorodetsCases) func gorodets(_ deadline: DeadlineCase) { deadline.check() }
    @Test(arguments: kazachinskyCases) func kazachinsky(_ deadline: DeadlineCase) { deadline.check() }
    @Test(arguments: primoryeCases) func primorye(_ deadline: DeadlineCase) { deadline.check() }

    /// Primorye's workbook stores most checkpoints as real dates (column A, style 8).
    @Test(arguments: [
        (44256.0, "2021-03-01"), (44286.0, "2021-03-31"), (44316.0, "2021-04-30"), (44344.0, "2021-05-28"),
        (44377.0, "2021-06-30"), (44407.0, "2021-07-30"), (44468.0, "2021-09-29"), (44498.0, "2021-10-29"),
        (44529.0, "2021-11-29"), (44530.0, "2021-11-30"),
    ])
    func primoryeDateCells(serial: Double, iso: String) throws {
        let date = try #require(ExcelDate.dateTime(serial: serial, system: .date1900)).date
        #expect(date.iso == iso)
        let parsed = DeadlineParser.parse(date: date, period: Self.primoryePeriod)
        #expect(parsed.schedule == .date(date))
        #expect(parsed.schedule.dueMonths() == [YearMonth(date)])
        #expect(parsed.warnings.isEmpty)
    }

    /// The titles of the three seeds give the periods used above.
    @Test(arguments: [
        ("«Дорожная карта» по организации работы с общеобразовательными организациями, имеющими низкие образовательные результаты обучающихся, в Приморском крае в 2021 году", primoryePeriod),
        ("программы повышения качества образования в школах с низкими результатами обучения и в школах, функционирующих в неблагоприятных социальных условиях на 2023 год", kazachinskyPeriod),
        ("План мероприятий («дорожная карта») по работе с общеобразовательными организациями с низкими образовательными результатами (ШНОР) на 2020-2021 годы", gorodetsPeriod),
        ("Утвердить прилагаемый план мероприятий («дорожную карту») реализации муниципальной системы работы с общеобразовательными организациями с низкими образовательными результатами на 2020-2021 г.г. ((Приложение 2).", gorodetsPeriod),
    ])
    func seedTitles(title: String, period: RoadmapPeriod) {
        #expect(RoadmapPeriod.infer(fromTitle: title) == period)
    }
}
