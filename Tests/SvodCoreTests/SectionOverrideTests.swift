import Testing
import Spreadsheet
@testable import SvodModel

/// A `measures` entry that addresses a section to some reporters (Gorodets: section 2 to its
/// six schools) addresses the reporters' measures in it; the ones the district's own bodies
/// carry out stay the region's, as `applicability.own_bodies` says.
@Suite struct SectionOverrideTests {
    static let roadmap: Roadmap = {
        let day = CivilDate(year: 2020, month: 9, day: 30)
        func measure(_ id: String, _ responsible: String) -> Measure {
            Measure(id: id, section: "2", title: "Мероприятие \(id)", deadlineText: "Сентябрь 2020", schedule: .date(day),
                    responsible: responsible, expectedResult: "")
        }
        return Roadmap(title: "План", period: RoadmapPeriod(start: CivilDate(year: 2020, month: 9, day: 1), end: day, kind: .calendarYear),
                       sections: [Section(id: "2", title: "Раздел")],
                       measures: [measure("2.1", "УМЦ управления"), measure("2.3", "Рабочая группа, ШНОР"), measure("2.4", "УОиМП")])
    }()

    static func obligations(_ overrides: [MeasureOverride]) -> Obligations {
        Obligations(roadmap: roadmap, overrides: overrides, ownBodies: ["УОиМП", "УМЦ управления", "рабочая группа"],
                    reporterWords: Obligations.defaultReporterWords, collectFrom: nil)
    }

    @Test func sectionLeavesTheRegionsOwnMeasures() {
        let obligations = Self.obligations([MeasureOverride(ids: [], section: "2", applicability: .reporters(["5248010016"]))])
        #expect(obligations.applicability == [.region, .reporters(["5248010016"]), .region])
        #expect(obligations.sources == ["regional-default", "pipeline", "regional-default"])
    }

    @Test func idsMoveARegionalMeasure() {
        let obligations = Self.obligations([MeasureOverride(ids: ["2.4"], applicability: .everyone)])
        #expect(obligations.applicability == [.region, .everyone, .everyone])
        #expect(obligations.sources[2] == "pipeline")
    }

    @Test func sectionToTheRegionTakesEverything() {
        let obligations = Self.obligations([MeasureOverride(ids: [], section: "2", applicability: .region)])
        #expect(obligations.applicability == [.region, .region, .region])
    }
}
