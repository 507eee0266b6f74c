import Foundation
import Testing
import Spreadsheet
@testable import SvodModel
@testable import SvodChecks
@testable import SvodConsolidation
@testable import SvodRun

/// The three published roadmaps import completely from their messy XLSX: every measure, no
/// continuation fragments or header rows taken for measures.
@Suite struct RoadmapImportTests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Samples/roadmaps")

    static func load(_ name: String) throws -> Roadmap {
        try RoadmapImporter().importFile(samples.appendingPathComponent(name).path)
    }

    @Test func primorye2021() throws {
        let roadmap = try Self.load("primorye-2021.xlsx")
        #expect(roadmap.period == RoadmapPeriod.calendarYear(2021))
        #expect(roadmap.title.hasPrefix("«Дорожная карта» по организации работы"))
        #expect(roadmap.sections.map(\.id) == ["1", "2", "3", "4"])
        #expect(roadmap.sections[0].title == "Принятие управленческих решений, направленных на улучшение качества образования")
        #expect(roadmap.measures.count == 28)
        #expect(roadmap.measures.map(\.id).prefix(5) == ["1.1", "1.2", "1.3", "1.4", "2.1"])
        #expect(roadmap.measures.filter { $0.section == "2" }.count == 17)
        #expect(roadmap.measures.last?.id == "4.3")
        // The responsible text split by a page break is joined back.
        let first = try #require(roadmap.measure(id: "1.1"))
        #expect(first.deadlineText == "В течение года")
        #expect(first.responsible.contains("образования» (далее - ГАУ ДПО ПК ИРО) муниципальные органы управл"))
        // A deadline stored as a real Excel date.
        let second = try #require(roadmap.measure(id: "1.2"))
        #expect(second.deadlineText == "01.03.2021")
        #expect(second.schedule.kind == .date)
        // Title continued on the next row.
        let courses = try #require(roadmap.measure(id: "2.2"))
        #expect(courses.title.hasPrefix("Программа повышения квалификации «Руководство разработкой"))
        #expect(courses.schedule.dueMonths() == [YearMonth(year: 2021, month: 4)])
    }

    @Test func gorodets2020() throws {
        let roadmap = try Self.load("gorodets-2020.xlsx")
        #expect(roadmap.sections.map(\.id) == ["1", "2", "3", "4"])
        #expect(roadmap.sections[3].title.contains("МБОУ \"Средняя школа №4\""))  // a section title continued
        #expect(roadmap.measures.count == 40)
        #expect(roadmap.measures.filter { $0.section == "1" }.map(\.id)
            == (1...15).map { "1.\($0)" })
        // The source numbers 2.6 twice; the second gets a distinct id and a warning.
        #expect(roadmap.measures.filter { $0.section == "2" }.map(\.id)
            == ["2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.6-2", "2.7", "2.8", "2.9"])
        #expect(roadmap.warnings.contains { $0.code == .measureDuplicateID && $0.measure == "2.6-2" })
        let continued = try #require(roadmap.measure(id: "2.9"))
        #expect(continued.title.hasSuffix("поддержки ШНОР"))
        #expect(roadmap.measure(id: "1.6")?.title == "Формирование плана мероприятий для оказания методической поддержки ШНОР")
    }

    @Test func kazachinsky2023() throws {
        let roadmap = try Self.load("kazachinsky-2023.xlsx")
        #expect(roadmap.period == RoadmapPeriod.calendarYear(2023))
        #expect(roadmap.title.hasPrefix("Дорожная карта программы повышения качества образования"))
        #expect(roadmap.sections.map(\.id) == ["1", "2", "3", "4"])
        #expect(roadmap.sections[1].title == "Адресная поддержка школ с низкими образовательными результатами")
        // Numbering restarts in each section: ids become <section>.<n>.
        #expect(roadmap.measures.count == 40)
        #expect(roadmap.measures.filter { $0.section == "2" }.map(\.id) == (1...13).map { "2.\($0)" })
        #expect(roadmap.measures.filter { $0.section == "4" }.last?.id == "4.10")
        let first = try #require(roadmap.measure(id: "1.1"))
        #expect(first.deadlineText == "Январь, февраль 2023 г")
        #expect(first.responsible == "Директор МКУ РЦО, Начальник Отдела образования")
        // A row without a number continues the measure above it (page break), deadline included.
        let recommendations = try #require(roadmap.measure(id: "2.1"))
        #expect(recommendations.title.contains("Контроль выполнения адресных рекомендаций"))
        #expect(recommendations.deadlineText == "Февраль 2023 Сентябрь, 2023")
    }

    static let headerTitles: Set<String> = ["мероприятие", "наименование мероприятия", "мероприятия содержание работы"]

    @Test func noHeaderOrFragmentBecomesAMeasure() throws {
        for name in ["primorye-2021.xlsx", "gorodets-2020.xlsx", "kazachinsky-2023.xlsx"] {
            let roadmap = try Self.load(name)
            for measure in roadmap.measures {
                #expect(!Self.headerTitles.contains(TextCleaner.fold(measure.title)), "\(name) \(measure.id) is a header")
                #expect(!measure.title.isEmpty, "\(name) \(measure.id) has no title")
                if measure.deadlineText.isEmpty {
                    // Only one published measure has no deadline (Gorodets 4.6): kept, flagged.
                    #expect(name == "gorodets-2020.xlsx" && measure.id == "4.6")
                    #expect(measure.schedule.kind == .unscheduled)
                    #expect(roadmap.warnings.contains { $0.measure == measure.id && $0.code == .measureDeadlineMissing })
                }
            }
            #expect(Set(roadmap.measures.map(\.id)).count == roadmap.measures.count)
        }
    }

    /// Every warning says where it is: the file and the sheet, and the cell of a measure's (its
    /// number, deadline or title); `svod roadmap inspect` prints that place before the code.
    @Test func warningsSayWhereTheyAre() throws {
        for name in ["primorye-2021.xlsx", "gorodets-2020.xlsx", "kazachinsky-2023.xlsx"] {
            let roadmap = try Self.load(name)
            #expect(!roadmap.warnings.isEmpty, "\(name)")
            for warning in roadmap.warnings {
                #expect(warning.file == name && warning.sheet != nil, "\(name) \(warning.code)")
                if warning.measure != nil { #expect(warning.cell != nil, "\(name) \(warning.code)") }
            }
        }
        let gorodets = try Self.load("gorodets-2020.xlsx")
        let duplicate = try #require(gorodets.warnings.first { $0.code == .measureDuplicateID })
        #expect(duplicate.line(.ru) == "gorodets-2020.xlsx [Приложение 2] A28 [measure-duplicate-id] 2.6-2: "
            + "Номер мероприятия 2.6 повторяется в таблице (строка 28); второму присвоен номер 2.6-2.")
        #expect(gorodets.warnings.first { $0.code == .measureDeadlineMissing }?.cell?.a1 == "C47")
        #expect(gorodets.warnings.first { $0.code == .deadlineAmbiguousYear }?.cell?.a1 == "C9")
        #expect(RoadmapText.render(gorodets, language: .en).contains(
            "\nWarnings:\n  gorodets-2020.xlsx [Приложение 2] A28 [measure-duplicate-id] 2.6-2: Measure number 2.6 appears twice"))
        let json = RoadmapJSON.render(gorodets)
        #expect(json.contains("{\"measure\": \"2.6-2\", \"code\": \"measure-duplicate-id\", \"file\": \"gorodets-2020.xlsx\", \"sheet\": \"Приложение 2\", \"cell\": \"A28\","))
        // The normalized YAML names its file; it has no sheets or cells.
        let yaml = try RoadmapYAML.parse(try RoadmapYAML.render(gorodets), file: "g.yaml")
        #expect(!yaml.warnings.isEmpty)
        #expect(yaml.warnings.allSatisfy { $0.file == "g.yaml" && $0.sheet == nil && $0.cell == nil })
        #expect(yaml.warnings.first?.line(.ru).hasPrefix("g.yaml [deadline-") == true)
    }

    @Test func unknownLayoutNamesWhatIsMissing() throws {
        let rows = [
            Row(index: 0, cells: [Cell(address: CellAddress(row: 0, column: 0), value: .string("Отчет")),
                                  Cell(address: CellAddress(row: 0, column: 1), value: .string("Мероприятие"))]),
            Row(index: 1, cells: [Cell(address: CellAddress(row: 1, column: 1), value: .string("Что-то"))]),
        ]
        #expect(throws: RoadmapImportError.layoutNotRecognized(file: "x.xlsx", sheet: "Лист1", missing: [.deadline], headerRow: 1)) {
            try RoadmapImporter().importTable(rows: rows, merged: [], file: "x.xlsx", sheet: "Лист1")
        }
        let error = RoadmapImportError.layoutNotRecognized(file: "x.xlsx", sheet: "Лист1", missing: [.deadline], headerRow: 1)
        #expect(error.message(.ru).contains("«Сроки»"))
    }

    @Test func csvWithRepeatedHeaderColumnNumbersAndHTML() throws {
        let csv = """
            План мероприятий на 2019-2022 годы
            Наименование мероприятия;Сроки реализации;Ответственный;Ожидаемый результат;№ п/п
            1;2;3;4;5
            Раздел 1. Управление
            <p>Совещание</p> с <b>директорами</b>;Ежемесячно;МОУО;Протокол;1.
            Мониторинг;Сентябрь , 2021;МОУО;Справка;2.
            Наименование мероприятия;Сроки реализации;Ответственный;Ожидаемый результат;№ п/п
            Раздел 2. Кадры
            Курсы;2021 - 2022 гг.;ИРО;Обучены;1.

            """
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("svod-roadmap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("plan.csv").path
        try Data(csv.utf8).write(to: URL(fileURLWithPath: path))
        let roadmap = try RoadmapImporter().importFile(path)
        #expect(roadmap.period.start == CivilDate(year: 2019, month: 1, day: 1))
        #expect(roadmap.sections.map(\.title) == ["Управление", "Кадры"])
        #expect(roadmap.measures.map(\.id) == ["1.1", "1.2", "2.1"])
        #expect(roadmap.measures[0].title == "Совещание с директорами")
        #expect(roadmap.measures[0].schedule.frequency == .monthly)
    }

    @Test func yamlRoundTrip() throws {
        let roadmap = try Self.load("kazachinsky-2023.xlsx")
        let yaml = try RoadmapYAML.render(roadmap)
        #expect(yaml.hasPrefix("version: 1\ntitle: \"Дорожная карта"))
        let again = try RoadmapYAML.parse(yaml, file: "k.yaml")
        #expect(again.title == roadmap.title)
        #expect(again.period == roadmap.period)
        #expect(again.sections == roadmap.sections)
        #expect(again.measures.map(\.id) == roadmap.measures.map(\.id))
        #expect(again.measures.map(\.schedule) == roadmap.measures.map(\.schedule))
        #expect(again.measures.map(\.responsible) == roadmap.measures.map(\.responsible))
        #expect(try RoadmapYAML.render(again) == yaml)
    }

    @Test func yamlErrorsNameTheKeyAndLine() {
        let yaml = "version: 1\ntitle: T\nperiod: {start: 2021-01-01, end: 2021-12-31}\nmeasures:\n  - id: '1'\n    title: [a, b]\n"
        #expect(throws: RoadmapImportError.self) { try RoadmapYAML.parse(yaml, file: "r.yaml") }
        do {
            _ = try RoadmapYAML.parse(yaml, file: "r.yaml")
        } catch let error as RoadmapImportError {
            #expect(error.message(.en).contains("title: must be text (line 6)"))
        } catch {}
    }
}

@Suite struct RoadmapJSONTests {
    @Test func inspectJSONHasTheDocumentedShape() throws {
        let roadmap = try RoadmapImportTests.load("primorye-2021.xlsx")
        let json = RoadmapJSON.render(roadmap)
        #expect(RoadmapJSON.render(roadmap) == json)  // deterministic
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let head = try #require(object["roadmap"] as? [String: Any])
        let period = try #require(head["period"] as? [String: Any])
        #expect(period["start"] as? String == "2021-01-01")
        #expect(period["end"] as? String == "2021-12-31")
        let measures = try #require(object["measures"] as? [[String: Any]])
        #expect(measures.count == 28)
        let third = measures[2]
        #expect(third["id"] as? String == "1.3")
        #expect(third["deadline_text"] as? String == "25.02.2021- 12.12.2021")
        let schedule = try #require(third["schedule"] as? [String: Any])
        #expect(schedule["kind"] as? String == "period")
        #expect(schedule["start"] as? String == "2021-02-25")
        #expect(schedule["end"] as? String == "2021-12-12")
        #expect(schedule["frequency"] is NSNull)
        #expect(third["due_months"] as? [String] == ["2021-12"])
        let monthly = try #require(measures.first { $0["deadline_text"] as? String == "Ежемесячно" })
        #expect((monthly["schedule"] as? [String: Any])?["frequency"] as? String == "monthly")
        #expect((monthly["due_months"] as? [String])?.count == 12)
        let warnings = try #require(object["warnings"] as? [[String: Any]])
        #expect(warnings.contains { $0["code"] as? String == "deadline-unscheduled" && $0["measure"] as? String == "3.4" })
    }
}
