import Foundation
import Testing
import Spreadsheet
@testable import SvodModel
@testable import SvodChecks
@testable import SvodConsolidation
@testable import SvodRun

/// The demo region (Samples/demo/inbox: 12 municipalities, January–April 2021) consolidated for
/// March as of 20 April 2021, 12:00 in Vladivostok, and checked against figures worked out from
/// the files and `received.csv` by hand (see Samples/demo/README.md for the story of each file).
@Suite struct DemoConsolidationTests {
    static let inbox = DemoRegion.root.appendingPathComponent("Samples/demo/inbox").path
    static let march = ReportPeriod.month(YearMonth(year: 2021, month: 3))
    static let asOf = Timestamp.parse("2021-04-20T12:00", zone: "Asia/Vladivostok")!

    static func consolidate(period: ReportPeriod = march, asOf: Date = asOf) throws -> Consolidation {
        let pipeline = DemoRegion.pipeline
        let validator = Validator(pipeline: pipeline)
        let received = try SubmissionFolder.scan(inbox, zone: pipeline.definition.timeZone).map {
            ReceivedReport(report: validator.validate(path: $0.path), receivedAt: $0.receivedAt)
        }
        return Consolidator(pipeline: pipeline).consolidate(received, period: period, asOf: asOf)
    }

    static func line(_ c: Consolidation, _ oktmo: String) -> MunicipalityLine {
        c.municipalities.first { $0.municipality.code == oktmo }!
    }

    @Test func timeliness() throws {
        let c = try Self.consolidate()
        // Due 12.04.2021 (10 April was a Saturday). Lesozavodsk sent on 15 April: 3 days late.
        // Partizansk's on-time file was invalid; its correction came on 14 April: 2 days late.
        // Spassk sent nothing.
        #expect(c.due.date == CivilDate(year: 2021, month: 4, day: 12))
        #expect((c.onTimeCount, c.lateCount, c.missingCount) == (9, 2, 1))
        #expect(Self.line(c, "05711000").timeliness == .late)
        #expect(Self.line(c, "05711000").daysLate == 3)
        #expect(Self.line(c, "05717000").timeliness == .late)
        #expect(Self.line(c, "05717000").daysLate == 2)
        #expect(Self.line(c, "05717000").rejectedFiles == 1)
        #expect(Self.line(c, "05717000").file == "05717000_2021-03_corrected.xlsx")
        #expect(Self.line(c, "05638000").timeliness == .missing)
        // Artyom's correction (15 April) supersedes its on-time report, which stays on time.
        #expect(Self.line(c, "05705000").timeliness == .onTime)
        #expect(Self.line(c, "05705000").file == "05705000_2021-03_v2.xlsx")
    }

    @Test func asOfDecidesWhatIsKnown() throws {
        // On the morning after the due date the late files have not arrived yet.
        let early = try Self.consolidate(asOf: Timestamp.parse("2021-04-13T09:00", zone: "Asia/Vladivostok")!)
        #expect((early.onTimeCount, early.lateCount, early.missingCount) == (9, 0, 3))
        #expect(Self.line(early, "05705000").file == "05705000_2021-03.xlsx")
    }

    @Test func correctionAndCarryForward() throws {
        let c = try Self.consolidate()
        let column = c.municipalities.firstIndex { $0.municipality.code == "05705000" }!
        let row = c.measures.firstIndex { $0.measure.id == "2.1" }!
        #expect(c.matrix[row][column].status == "Не выполнено")
        #expect(c.matrix[row][column].reason == "Курсы перенесены ГАУ ДПО ПК ИРО на май")
        // Spassk reported January and February only: its February statuses carry into March.
        let spassk = c.municipalities.firstIndex { $0.municipality.code == "05638000" }!
        let ongoing = c.measures.firstIndex { $0.measure.id == "1.1" }!
        #expect(c.matrix[ongoing][spassk].status == "Выполняется")
        #expect(c.matrix[ongoing][spassk].reportedIn == .month(YearMonth(year: 2021, month: 2)))
    }

    /// Measure 3.1 (due 31.03.2021) and 1.2 (due 01.03.2021): status counts recomputed here straight
    /// from the winning files with the spreadsheet reader, independently of the validator.
    @Test(arguments: ["1.2"]) func statusCountsMatchTheFiles(id: String) throws {
        let c = try Self.consolidate()
        var counts: [String: Int] = [:]
        for line in c.municipalities {
            guard let file = line.file else { continue }
            let document = try SpreadsheetDocument.open(path: Self.inbox + "/" + file)
            for row in try document.rows().readAll() where row[0].text == id {
                counts[row[3].text, default: 0] += 1
            }
        }
        let measure = try #require(c.measures.first { $0.measure.id == id })
        let computed = Dictionary(uniqueKeysWithValues: measure.statusCounts.compactMap { item in
            item.status.map { ($0, item.count) }
        }).filter { $0.value > 0 }
        #expect(computed == counts)
        #expect(measure.state == .dueThisMonth)
        // Overdue: every municipality whose line is neither «Выполнено» nor «Не требуется», plus
        // the one with no data; the share is done ÷ (12 − not required).
        let notDone = counts.filter { $0.key != "Выполнено" && $0.key != "Не требуется" }.values.reduce(0, +)
        #expect(measure.overdue == notDone + 1)
        #expect(measure.completionShare == Double(counts["Выполнено"] ?? 0) / Double(12 - (counts["Не требуется"] ?? 0)))
    }

    /// 3.1 is the institute's own measure (responsible: ГАУ ДПО ПК ИРО): the rows municipalities
    /// still send for it are not counted, and nobody is overdue on it.
    @Test func aRegionalMeasureIsCountedAgainstNobody() throws {
        let c = try Self.consolidate()
        let row = try #require(c.measures.firstIndex { $0.measure.id == "3.1" })
        let measure = c.measures[row]
        #expect(measure.applicability == .region && measure.owing == 0)
        #expect(measure.statusCounts.allSatisfy { $0.count == 0 })
        #expect(measure.overdue == 0 && measure.completionShare == 0)
        #expect(c.matrix[row].allSatisfy { !$0.applies && ConsolidationWorkbook.matrixText($0) == "—" })
        #expect(!c.overdue.contains { $0.measure.id == "3.1" })
        #expect(c.municipalities.allSatisfy { $0.measuresOwed == c.measures.filter { $0.applicability != .region }.count })
    }

    @Test func jsonHasTheDocumentedShapeAndIsDeterministic() throws {
        let c = try Self.consolidate()
        let json = ConsolidationJSON.render(c)
        #expect(ConsolidationJSON.render(try Self.consolidate()) == json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["period"] as? String == "2021-03")
        #expect(object["as_of"] as? String == "2021-04-20T12:00:00+10:00")
        #expect(object["due_at"] as? String == "2021-04-12T23:59:59+10:00")
        let totals = try #require(object["totals"] as? [String: Any])
        #expect(totals["municipalities"] as? Int == 12)
        #expect(totals["on_time"] as? Int == 9)
        #expect(totals["late"] as? Int == 2)
        #expect(totals["missing"] as? Int == 1)
        #expect(totals["overdue"] as? Int == c.overdueCount)
        let municipalities = try #require(object["municipalities"] as? [[String: Any]])
        let lesozavodsk = try #require(municipalities.first { $0["oktmo"] as? String == "05711000" })
        #expect(lesozavodsk["report"] as? String == "late")
        #expect(lesozavodsk["days_late"] as? Int == 3)
        #expect(lesozavodsk["received_at"] as? String == "2021-04-15T15:35:00+10:00")
        let measures = try #require(object["measures"] as? [[String: Any]])
        let due = try #require(measures.first { $0["id"] as? String == "3.1" })
        #expect(due["due_this_month"] as? Bool == true)
        #expect((due["status_counts"] as? [String: Int])?["Выполнено"] != nil)
    }

    @Test func overdueRules() throws {
        let pipeline = DemoRegion.pipeline
        let consolidator = Consolidator(pipeline: pipeline)
        let byDate = try #require(pipeline.roadmap.measure(id: "3.1"))      // 31.03.2021
        let monthly = try #require(pipeline.roadmap.measure(id: "2.11"))    // Ежемесячно
        let yearLong = try #require(pipeline.roadmap.measure(id: "1.1"))    // В течение года
        let march = ReportPeriod.month(YearMonth(year: 2021, month: 3))
        let february = ReportPeriod.month(YearMonth(year: 2021, month: 2))
        #expect(consolidator.isOverdue(byDate, status: "Выполняется", period: march))
        #expect(!consolidator.isOverdue(byDate, status: "Выполняется", period: february))
        #expect(!consolidator.isOverdue(byDate, status: "Выполнено", period: march))
        #expect(!consolidator.isOverdue(byDate, status: "Не требуется", period: march))
        #expect(consolidator.isOverdue(byDate, status: nil, period: march))
        #expect(!consolidator.isOverdue(monthly, status: "Выполняется", period: march))
        #expect(consolidator.isOverdue(monthly, status: "Не начато", period: march))
        #expect(!consolidator.isOverdue(yearLong, status: "Выполняется", period: march))
        #expect(consolidator.isOverdue(yearLong, status: "Выполняется", period: .month(YearMonth(year: 2021, month: 12))))
    }
}

/// The demo workbook opens in a real spreadsheet program: LibreOffice converts it to CSV and the
/// figures survive (CI installs libreoffice-calc-nogui; skipped where soffice is absent).
@Suite struct DemoWorkbookInLibreOfficeTests {
    static let soffice = ConsolidationWorkbookTests.soffice

    @Test(.enabled(if: soffice != nil)) func figuresSurviveLibreOffice() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("svod-lo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let c = try DemoConsolidationTests.consolidate()
        let path = directory.appendingPathComponent("primorye-2021-03.xlsx").path
        try ConsolidationWorkbook.write(c, to: path)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.soffice!)
        process.arguments = ["-env:UserInstallation=file://\(directory.path)/profile", "--headless", "--convert-to",
                             "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", directory.path, path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let csv = try String(contentsOf: directory.appendingPathComponent("primorye-2021-03.csv"), encoding: .utf8)
        let lines = csv.components(separatedBy: "\n")
        #expect(lines.contains("Муниципальных образований,12,,,,"))
        #expect(lines.contains("Представили отчет в срок,9,,,,"))
        #expect(lines.contains("Представили с опозданием,2,,,,"))
        #expect(lines.contains("Не представили отчет,1,,,,"))
        #expect(lines.contains("Просрочено (пар «мероприятие × МО»),\(c.overdueCount),,,,"))
        #expect(lines.contains { $0.hasPrefix("Лесозаводский городской округ,с опозданием,15.04.2021 15:35,3,") })
    }
}
