import Foundation
import Testing
import Spreadsheet
@testable import SvodModel
import SvodChecks
import SvodConsolidation

/// Who must report what, by when: report periods of every cadence, the three due rules, the
/// registry of municipalities and schools, each measure's applicability, and the awaited state
/// before a due moment.
@Suite struct ReportPeriodTests {
    @Test(arguments: [
        ("2021-03", Cadence.month, "2021-03", "2021-03", "март 2021", "March 2021"),
        ("2021-Q2", .quarter, "2021-04", "2021-06", "II квартал 2021", "Q2 2021"),
        ("2021-h2", .halfYear, "2021-07", "2021-12", "II полугодие 2021", "H2 2021"),
        ("2021", .year, "2021-01", "2021-12", "2021 год", "2021"),
        ("2020-2021", .schoolYear, "2020-09", "2021-08", "2020/21 учебный год", "school year 2020/21"),
        ("2020/21", .schoolYear, "2020-09", "2021-08", "2020/21 учебный год", "school year 2020/21"),
    ])
    func textFormsAndWords(text: String, cadence: Cadence, first: String, last: String, ru: String, en: String) throws {
        let period = try #require(ReportPeriod(text: text))
        #expect(period.cadence == cadence)
        #expect(period.first.description == first && period.last.description == last)
        #expect(period.words.ru == ru && period.words.en == en)
        #expect(ReportPeriod(text: period.description) == period)
    }

    @Test(arguments: ["2021-13", "2021-Q5", "2021-H3", "21", "2020-2022", "Q1", "", "2021-00"])
    func notPeriods(text: String) {
        #expect(ReportPeriod(text: text) == nil)
    }

    @Test func periodsFollowEachOtherAcrossYears() {
        let q4 = ReportPeriod(.quarter, containing: YearMonth(year: 2020, month: 11))
        #expect(q4.description == "2020-Q4" && q4.next.description == "2021-Q1" && q4.next.previous == q4)
        // A school year holding January belongs to the September before it.
        #expect(ReportPeriod(.schoolYear, containing: YearMonth(year: 2021, month: 1)).description == "2020-2021")
        #expect(ReportPeriod.all(.quarter, from: YearMonth(year: 2021, month: 2), through: YearMonth(year: 2021, month: 12)).map(\.description)
            == ["2021-Q1", "2021-Q2", "2021-Q3", "2021-Q4"])
        #expect(ReportPeriod.month(YearMonth(year: 2021, month: 3)).description == "2021-03")
    }

    /// The title block and the file name say the period in the clerk's words.
    @Test func titleBlockAndFileNameForms() {
        let roadmap = RoadmapPeriod.calendarYear(2021)
        #expect(ValueParsing.period(.string("I квартал 2021 г."), cadence: .quarter, period: roadmap)?.description == "2021-Q1")
        #expect(ValueParsing.period(.string("3 кв. 2021"), cadence: .quarter, period: roadmap)?.description == "2021-Q3")
        #expect(ValueParsing.period(.string("II полугодие 2021"), cadence: .halfYear, period: roadmap)?.description == "2021-H2")
        #expect(ValueParsing.period(.string("2021 год"), cadence: .year, period: roadmap)?.description == "2021")
        #expect(ValueParsing.period(.number(2021), cadence: .year, period: roadmap)?.description == "2021")
        #expect(ValueParsing.period(.string("2020/2021 учебный год"), cadence: .schoolYear, period: roadmap)?.description == "2020-2021")
        // A month in a quarterly form is the quarter holding it.
        #expect(ValueParsing.period(.string("май 2021"), cadence: .quarter, period: roadmap)?.description == "2021-Q2")
        #expect(ValueParsing.period(.string("вчера"), cadence: .quarter, period: roadmap) == nil)
        #expect(IdentificationCheck.period(inFileName: "5401001234_2021-Q3.xlsx", cadence: .quarter)?.description == "2021-Q3")
        #expect(IdentificationCheck.period(inFileName: "school_2020_2021.csv", cadence: .schoolYear)?.description == "2020-2021")
        #expect(IdentificationCheck.period(inFileName: "05701000_2021.xlsx", cadence: .year)?.description == "2021")
        #expect(IdentificationCheck.period(inFileName: "05701000_2021-03.xlsx", cadence: .month)?.description == "2021-03")
    }
}

@Suite struct DueRuleTests {
    static func calendar(_ cadence: Cadence, _ rule: DueRule) throws -> ReportingCalendar {
        try ReportingCalendar(cadence: cadence, rule: rule, timeZone: "Asia/Vladivostok")
    }

    @Test func dayOfTheMonthAfterAQuarter() throws {
        // I квартал 2021 → 10.04.2021, a Saturday → Monday 12.04.2021 (art. 193).
        let due = try Self.calendar(.quarter, .dayOfFollowingMonth(10)).dueDate(for: #require(ReportPeriod(text: "2021-Q1")))
        #expect(due.nominal == CivilDate(year: 2021, month: 4, day: 10) && due.date == CivilDate(year: 2021, month: 4, day: 12))
        #expect(due.reportedThrough == YearMonth(year: 2021, month: 3))
        #expect(due.explanation.ru.hasPrefix("Срок сдачи отчета за I квартал 2021: 12.04.2021 до 23:59 (Asia/Vladivostok)."))
    }

    /// Amur: the year's report by 1 August of that year. 01.08.2021 is a Sunday → 02.08.2021;
    /// the report answers for January–July.
    @Test func aFixedDateInTheClosingYear() throws {
        let calendar = try Self.calendar(.year, .fixedDate(month: 8, day: 1, followingYear: false))
        let year = try #require(ReportPeriod(text: "2021"))
        let due = calendar.dueDate(for: year)
        #expect(due.date == CivilDate(year: 2021, month: 8, day: 2) && due.moved)
        #expect(due.reportedThrough == YearMonth(year: 2021, month: 7))
        #expect(calendar.latestPeriodDue(asOf: Timestamp.parse("2021-08-02T23:00", zone: "Asia/Vladivostok")!).description == "2020")
        #expect(calendar.latestPeriodDue(asOf: Timestamp.parse("2021-08-03T00:00:01", zone: "Asia/Vladivostok")!) == year)
        #expect(calendar.isAwaited(year, asOf: Timestamp.parse("2021-08-02T23:59:59", zone: "Asia/Vladivostok")!))
        let following = try Self.calendar(.year, .fixedDate(month: 3, day: 1, followingYear: true)).dueDate(for: year)
        #expect(following.date == CivilDate(year: 2022, month: 3, day: 1) && following.reportedThrough == YearMonth(year: 2021, month: 12))
    }

    /// Five working days after I квартал 2021: 1, 2, 5, 6, 7 April.
    @Test func workingDaysAfterThePeriod() throws {
        let due = try Self.calendar(.quarter, .workingDaysAfter(5)).dueDate(for: #require(ReportPeriod(text: "2021-Q1")))
        #expect(due.date == CivilDate(year: 2021, month: 4, day: 7) && !due.moved)
        // Over the May holidays of 2021 (1–3 and 8–10 May off by the production calendar): 4, 5, 6, 7, 11 May.
        let april = try Self.calendar(.month, .workingDaysAfter(5)).dueDate(for: ReportPeriod.month(YearMonth(year: 2021, month: 4)))
        #expect(april.date == CivilDate(year: 2021, month: 5, day: 11))
        #expect(april.explanation.ru.contains("5-й рабочий день после окончания периода"))
    }

    @Test func aSchoolYearIsDueAfterAugust() throws {
        let due = try Self.calendar(.schoolYear, .dayOfFollowingMonth(10)).dueDate(for: #require(ReportPeriod(text: "2020-2021")))
        #expect(due.date == CivilDate(year: 2021, month: 9, day: 10))
        #expect(due.explanation.ru.contains("2020/21 учебный год"))
    }
}

@Suite struct ReporterRegistryTests {
    static func registry(_ text: String) throws -> ReporterRegistry {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("svod-registry-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("reporters.csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return try ReporterRegistry.load(path: path)
    }

    @Test func schoolsWithTheirMunicipalityAndGroups() throws {
        let registry = try Self.registry("""
            name;code;kind;parent;groups;aliases
            Городецкий муниципальный округ;22631000;МО;;;
            МБОУ СОШ № 1;5248012345;ОО;22631000;высокий риск|500+;Школа № 1
            МБОУ Смиркинская ОШ;5248054321;school;Городецкий муниципальный округ;500+;
            """)
        #expect(registry.municipalities.map(\.kind) == [.municipality, .school, .school])
        let school = try #require(registry.find(code: "5248012345"))
        #expect(school.parent == "22631000" && school.groups == ["высокий риск", "500+"])
        #expect(registry.find(name: "школа № 1") == school)
        #expect(registry.groups == ["высокий риск", "500+"])
        #expect(registry.kind == nil)
        #expect(registry.municipalities[2].parent == "22631000")
    }

    @Test func aRegistryWithoutOktmoIsOfSchools() throws {
        let registry = try Self.registry("name;code\nМБОУ СОШ № 2;5248000002\n")
        #expect(registry.kind == .school)
        #expect(TitleField.municipality.label(for: .school, cadence: .quarter).ru == "Образовательная организация")
        #expect(TitleField.period.label(for: .school, cadence: .quarter).ru == "Отчетный период")
    }

    /// Gorodets' ШНОР schools name their district, which is the pipeline's owner, not a reporter.
    @Test func gorodetsSchoolsNameTheirDistrict() throws {
        let pipeline = try Pipeline.load(path: DemoRegion.root.appendingPathComponent("Pipelines/gorodets.yaml").path)
        #expect(pipeline.registry.kind == .school && pipeline.registry.municipalities.count == 6)
        #expect(pipeline.registry.municipalities.allSatisfy { $0.parent == "Городецкий муниципальный округ" })
    }

    /// A district whose schools report to it is not a reporter: its name is kept as written.
    /// A parent that is another school is refused.
    @Test func parentsOutsideTheRegistryAndBadOnes() throws {
        let district = try Self.registry("name;code;kind;parent\nМБОУ СОШ № 2;5248000002;school;Городецкий муниципальный округ\n")
        #expect(district.municipalities[0].parent == "Городецкий муниципальный округ")
        #expect(throws: ConfigurationError.self) {
            try Self.registry("name;code;kind;parent\nМБОУ СОШ № 1;5248000001;school;\nМБОУ СОШ № 2;5248000002;school;5248000001\n")
        }
        do {
            _ = try Self.registry("name;code;kind\nМБОУ СОШ № 2;5248000002;детсад\n")
            Issue.record("an unknown kind was accepted")
        } catch let error as ConfigurationError {
            #expect(error.code == .configBadMunicipality && error.message(.ru).contains("«детсад»"))
        }
    }
}

@Suite struct ApplicabilityTests {
    @Test(arguments: [
        ("ГАУ ДПО ПК ИРО", true), ("Министерство образования Приморского края", true), ("ЦОКО", true),
        ("МОУО, ОО", false), ("ГАУ ДПО ПК ИРО, специалисты МОУО", false), ("МО ПК ГАУ ДПО ПК ИРО Опорные школы", false),
        ("", false), ("Управление образования", false),
    ])
    func regionalByItsExecutors(responsible: String, regional: Bool) {
        #expect(Obligations.isRegional(responsible: responsible, ownBodies: Obligations.defaultOwnBodies,
                                       reporterWords: Obligations.defaultReporterWords) == regional)
    }

    /// The pipeline's overrides: a section for a group, a measure for named reporters, one
    /// back to everyone, and a quarterly measure in a monthly pipeline.
    @Test func overridesWinInOrder() throws {
        let pipeline = DemoRegion.pipeline
        let roadmap = pipeline.roadmap
        let vladivostok = pipeline.registry.municipalities[0]
        var grouped = pipeline.registry.municipalities[1]
        grouped.groups = ["500+"]
        let obligations = Obligations(roadmap: roadmap, overrides: [
            MeasureOverride(ids: [], section: "4", applicability: .groups(["500+"])),
            MeasureOverride(ids: ["1.1"], applicability: .reporters([vladivostok.code])),
            MeasureOverride(ids: ["3.1"], applicability: .everyone, cadence: .quarter),
        ], ownBodies: Obligations.defaultOwnBodies, reporterWords: Obligations.defaultReporterWords, collectFrom: nil)
        func index(_ id: String) throws -> Int { try #require(roadmap.measures.firstIndex { $0.id == id }) }
        let march = ReportPeriod.month(YearMonth(year: 2021, month: 3))
        let april = ReportPeriod.month(YearMonth(year: 2021, month: 4))
        #expect(try obligations.applies(index("4.1"), to: grouped, in: march))
        #expect(try !obligations.applies(index("4.1"), to: vladivostok, in: march))
        #expect(try obligations.applies(index("1.1"), to: vladivostok, in: march))
        #expect(try !obligations.applies(index("1.1"), to: grouped, in: march))
        // 3.1 is the institute's by default; the pipeline gives it back to everyone, quarterly.
        #expect(try obligations.sources[index("3.1")] == "pipeline")
        #expect(try obligations.applies(index("3.1"), to: vladivostok, in: march))
        #expect(try !obligations.applies(index("3.1"), to: vladivostok, in: april))
        #expect(try obligations.sources[index("2.1")] == "regional-default" && obligations.applicability[index("2.1")] == .region)
    }
}

@Suite struct PipelineReportingKeysTests {
    /// A pipeline over the demo's roadmap and registry with `extra` YAML added.
    static func load(_ extra: String) throws -> Pipeline {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("svod-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = DemoRegion.root.path
        let yaml = """
            version: 1
            region: Приморский край
            time_zone: Asia/Vladivostok
            roadmap: \(root)/Samples/roadmaps/primorye-2021.xlsx
            reporters: \(root)/Samples/municipalities/primorye.csv
            schema: \(root)/Pipelines/schema-default.yaml
            \(extra)
            """
        let path = folder.appendingPathComponent("pipeline.yaml").path
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: path))
        return try Pipeline.load(path: path)
    }

    static func refusal(_ extra: String) -> ConfigurationError? {
        do {
            _ = try load(extra)
            return nil
        } catch let error as ConfigurationError {
            return error
        } catch {
            return nil
        }
    }

    @Test func quarterlyFromTheSecondQuarter() throws {
        let pipeline = try Self.load("""
            reporting:
              cadence: quarter
              due: {working_days_after: 5}
              collect_from: 2021-Q2
            measures:
              - section: "4"
                applies_to: region
            """)
        #expect(pipeline.calendar.cadence == .quarter && pipeline.calendar.rule == .workingDaysAfter(5))
        #expect(pipeline.reportPeriods.map(\.description) == ["2021-Q2", "2021-Q3", "2021-Q4"])
        #expect(!pipeline.isReportPeriod(try #require(ReportPeriod(text: "2021-Q1"))))
        #expect(!pipeline.isReportPeriod(ReportPeriod.month(YearMonth(year: 2021, month: 6))))
        let ids = pipeline.measureIndices(for: pipeline.registry.municipalities[0], in: try #require(ReportPeriod(text: "2021-Q2")))
            .map { pipeline.roadmap.measures[$0].id }
        #expect(!ids.contains { $0.hasPrefix("4.") } && !ids.contains("3.1") && ids.contains("1.1"))
    }

    @Test(arguments: [
        ("reporting:\n  cadence: weekly", "config-bad-cadence"),
        ("reporting:\n  due: {day_of_next_month: 10, working_days_after: 3}", "config-bad-due-rule"),
        ("reporting:\n  due: {date: \"08-01\"}", "config-bad-due-rule"),
        ("reporting:\n  cadence: year\n  due: {date: \"02-30\"}", "config-bad-due-rule"),
        ("reporting:\n  cadence: quarter\n  collect_from: 2021-03", "config-bad-collect-from"),
        ("measures:\n  - ids: [\"9.9\"]\n    applies_to: region", "config-bad-measure-override"),
        ("measures:\n  - ids: [\"1.1\"]\n    groups: [нет такой]", "config-bad-measure-override"),
        ("measures:\n  - ids: [\"1.1\"]\n    reporters: [\"00000000\"]", "config-bad-measure-override"),
        ("measures:\n  - ids: [\"1.1\"]\n    applies_to: some", "config-bad-measure-override"),
        ("measures:\n  - ids: [\"1.1\"]\n    section: \"1\"\n    applies_to: region", "config-bad-measure-override"),
        ("reporting:\n  cadence: quarter\nmeasures:\n  - ids: [\"1.1\"]\n    cadence: month", "config-bad-cadence"),
    ])
    func badKeysAreRefusedWithTheirCode(yaml: String, code: String) throws {
        let error = try #require(Self.refusal(yaml))
        #expect(error.code.rawValue == code)
        #expect(!error.message(.ru).isEmpty && !error.message(.en).isEmpty)
    }
}

/// Before the due moment a reporter without a report is awaited, not missing; after it, missing.
/// The demo's March (due 12.04.2021 23:59 Vladivostok), from the demo mail.
@Suite struct AwaitedTests {
    static func consolidate(asOf text: String) throws -> Consolidation {
        let pipeline = DemoRegion.pipeline
        let validator = Validator(pipeline: pipeline)
        let inbox = DemoRegion.root.appendingPathComponent("Samples/demo/inbox").path
        let received = try SubmissionFolder.scan(inbox, zone: pipeline.definition.timeZone).map {
            ReceivedReport(report: validator.validate(path: $0.path), receivedAt: $0.receivedAt)
        }
        let asOf = try #require(Timestamp.parse(text, zone: pipeline.definition.timeZone))
        return Consolidator(pipeline: pipeline).consolidate(received, period: .month(YearMonth(year: 2021, month: 3)), asOf: asOf)
    }

    @Test func theFiguresOnTheDueDayAndTheDayAfter() throws {
        let before = try Self.consolidate(asOf: "2021-04-12T17:00")
        let after = try Self.consolidate(asOf: "2021-04-13T09:00")
        #expect(before.missingCount == 0)
        #expect(before.awaitedCount > 0 && before.awaitedCount == after.missingCount)
        #expect(before.onTimeCount == after.onTimeCount && after.awaitedCount == 0)
        // An awaited reporter answers only for what its February report did.
        for (line, later) in zip(before.municipalities, after.municipalities) where line.timeliness == .awaited {
            #expect(later.timeliness == .missing)
            #expect(line.overdue <= later.overdue)
        }
        #expect(before.overdueCount < after.overdueCount)
        let json = ConsolidationJSON.render(before)
        #expect(json.contains("\"awaited\": \(before.awaitedCount)"))
        #expect(json.contains("\"report\": \"awaited\""))
    }
}

@Suite struct ShareIndicatorTests {
    @Test(arguments: [
        ("Доля ОО, в которых реализуются программы перехода в эффективный режим", true),
        ("Региональный показатель: доля обучающихся, преодолевших порог", true),
        ("Увеличение доли ОО с высокими результатами", false),
        ("Информационная справка", false),
        ("Показатель — доля педагогов, прошедших КПК", true),
    ])
    func aShareResult(result: String, share: Bool) {
        let measure = Measure(id: "1.1", section: "1", title: "Мероприятие", deadlineText: "", schedule: Schedule(kind: .unscheduled),
                              responsible: "МОУО", expectedResult: result)
        #expect(measure.hasShareIndicator == share)
    }
}

/// A school's report is told about in a school's words.
@Suite struct SchoolIdentificationTests {
    @Test func aSchoolsMessagesSpeakOfTheSchool() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("svod-schools-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = DemoRegion.root.path
        try Data("name;code\nМБОУ СОШ № 1;5248012345\nМБОУ СОШ № 2;5248012346\n".utf8)
            .write(to: folder.appendingPathComponent("schools.csv"))
        try Data("""
            version: 1
            region: Городецкий муниципальный округ
            time_zone: Europe/Moscow
            roadmap: \(root)/Samples/roadmaps/primorye-2021.xlsx
            reporters: schools.csv
            schema: \(root)/Pipelines/schema-default.yaml
            reporting: {cadence: quarter}
            """.utf8).write(to: folder.appendingPathComponent("pipeline.yaml"))
        let pipeline = try Pipeline.load(path: folder.appendingPathComponent("pipeline.yaml").path)
        let school = pipeline.registry.municipalities[0]
        let form = ReportTemplate(pipeline: pipeline, municipality: school, period: try #require(ReportPeriod(text: "2021-Q1")))
        #expect(form.fileStem == "5248012345_2021-Q1")
        let csv = folder.appendingPathComponent(form.fileStem + ".csv").path
        try form.writeCSV(to: csv)
        let text = try String(contentsOfFile: csv, encoding: .utf8)
        #expect(text.contains("Образовательная организация") && text.contains("Код ОО (ИНН)") && text.contains("I квартал 2021"))
        // The form reads back as the school's report for the quarter.
        let report = Validator(pipeline: pipeline).validate(path: csv)
        #expect(report.municipality == school && report.period?.description == "2021-Q1")
        // The other school's name in the file name: the school's words, the file name to correct.
        let renamed = folder.appendingPathComponent("5248012346_2021-Q1.csv").path
        try FileManager.default.copyItem(atPath: csv, toPath: renamed)
        let mismatch = Validator(pipeline: pipeline).validate(path: renamed)
        let diagnostic = try #require(mismatch.diagnostics.first { $0.code == .municipalityMismatch })
        #expect(diagnostic.message.ru.hasPrefix("Образовательная организация указана по-разному"))
        #expect(diagnostic.message.ru.contains("(код) — 5248012345"))
    }
}
