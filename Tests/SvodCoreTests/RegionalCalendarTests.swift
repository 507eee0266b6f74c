import Foundation
import Testing
import Spreadsheet
@testable import SvodModel
@testable import SvodRun

/// A region's own days over the federal calendar: a republic's holidays move a due date, and
/// the explanation names the act that set the day.
@Suite struct RegionalCalendarTests {
    static func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    /// Bashkortostan 2026: 12 October (the Republic Day weekend, 10–12 October) is a day off.
    static let bashkortostan = [
        RegionalDay(date: day("2026-10-12"), isDayOff: true, act: "Указ Главы Республики Башкортостан о Дне Республики 2026 года"),
        RegionalDay(date: day("2026-03-20"), isDayOff: true, act: "Закон Республики Башкортостан о праздниках (Ураза-байрам)"),
    ]

    @Test func aRegionalDayOffMovesTheDueDateAndTheActIsNamed() throws {
        let federal = try ReportingCalendar(timeZone: "Asia/Yekaterinburg")
        let regional = try ReportingCalendar(timeZone: "Asia/Yekaterinburg",
                                             production: ProductionCalendar.russia.addingRegionalDays(Self.bashkortostan))
        let september = YearMonth(year: 2026, month: 9)
        // 10 October 2026 is a Saturday: the federal term is Monday the 12th, the republic's the 13th.
        #expect(federal.dueDate(for: september).date == Self.day("2026-10-12"))
        let due = regional.dueDate(for: september)
        #expect(due.date == Self.day("2026-10-13"))
        #expect(due.explanation.ru.contains("12.10.2026 — нерабочий день в регионе: Указ Главы Республики Башкортостан о Дне Республики 2026 года."))
        #expect(due.explanation.en.contains("2026-10-12 is a regional day off: Указ Главы Республики Башкортостан"))
        let explained = regional.production.explain(Self.day("2026-03-20"))
        #expect(explained.ru == "20.03.2026 — нерабочий день в регионе (пятница; Закон Республики Башкортостан о праздниках (Ураза-байрам))")
        // A month whose term no regional day touches is as in the federal calendar.
        #expect(regional.dueDate(for: YearMonth(year: 2026, month: 4)) == federal.dueDate(for: YearMonth(year: 2026, month: 4)))
    }

    @Test func aRegionalWorkingDayKeepsTheTerm() throws {
        // 10 October 2026 is a Saturday; a region that made it a working day keeps the 10th.
        let production = ProductionCalendar.russia.addingRegionalDays([
            RegionalDay(date: Self.day("2026-10-10"), isDayOff: false, act: "Постановление о переносе рабочего дня"),
        ])
        let calendar = try ReportingCalendar(timeZone: "Europe/Moscow", production: production)
        #expect(calendar.dueDate(for: YearMonth(year: 2026, month: 9)).date == Self.day("2026-10-10"))
        #expect(production.status(Self.day("2026-10-10")) == .regionalWorkingDay)
    }

    static func pipeline(_ calendar: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("svod-regional-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("region.yaml").path
        try """
            version: 1
            region: Республика Башкортостан
            time_zone: Asia/Yekaterinburg
            roadmap: roadmap.xlsx
            municipalities: municipalities.csv
            calendar:
            \(calendar)
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func thePipelineDeclaresTheRegionsDaysAndSvodCalendarSaysWhichActMovedTheTerm() throws {
        let path = try Self.pipeline("""
              due_day: 10
              regional_days_off:
                - {date: 2026-10-12, act: "Указ Главы Республики Башкортостан от 01.09.2026"}
              regional_working_days:
                - {date: 2026-11-07, act: "Постановление Правительства Республики Башкортостан"}
            """)
        let definition = try PipelineDefinition.load(path: path)
        #expect(definition.regionalDays.map(\.date) == [Self.day("2026-10-12"), Self.day("2026-11-07")])
        #expect(definition.regionalDays.map(\.isDayOff) == [true, false])
        #expect(try definition.productionCalendar().status(Self.day("2026-10-12")) == .regionalDayOff)
        let printed = try RunRecoveryTests.svod(["calendar", "2026-09", "--pipeline", path])
        #expect(printed.status == 0)
        #expect(printed.stdout.contains("13.10.2026 до 23:59 (Asia/Yekaterinburg)"))
        #expect(printed.stdout.contains("12.10.2026 — нерабочий день в регионе: Указ Главы Республики Башкортостан от 01.09.2026."))
    }

    @Test func aRegionalDayWithoutADateOrActIsAConfigurationError() throws {
        for entry in ["{date: 12.10.2026, act: \"Указ\"}", "{date: 2026-10-12}", "{date: 2026-10-12, act: \"  \"}"] {
            let path = try Self.pipeline("  regional_days_off:\n    - \(entry)\n")
            #expect(throws: ConfigurationError.self) { try PipelineDefinition.load(path: path) }
            do {
                _ = try PipelineDefinition.load(path: path)
            } catch let error as ConfigurationError {
                #expect(error.code == .configBadRegionalDay, "\(entry)")
            }
            let printed = try RunRecoveryTests.svod(["calendar", "2026-09", "--pipeline", path])
            #expect(printed.status == 2)
            #expect(printed.stderr.hasPrefix("config-bad-regional-day"))
        }
    }
}
