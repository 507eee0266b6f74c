import Foundation
import GRDB
import Testing
import Spreadsheet
import SvodModel
import SvodChecks
import SvodConsolidation
@testable import SvodRun

/// The incremental run (schema 5): a period is rebuilt only when its facts or its as-of state
/// changed, from the carried state of the period before it; what it publishes is what a run
/// over the whole history would publish.
@Suite struct IncrementalRunTests {
    static let januaryToMarch = ["05701000_2021-01.xlsx", "05703000_2021-01.xlsx", "05701000_2021-02.xlsx",
                                 "05703000_2021-02.xlsx", "05701000_2021-03.xlsx", "05703000_2021-03.xlsx"]

    /// Each published file's bytes and modification time.
    static func published(_ root: URL) throws -> [String: (Data, Date)] {
        let out = root.appendingPathComponent("out")
        var files: [String: (Data, Date)] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: out.path) where name.hasSuffix(".xlsx") || name.hasSuffix(".json") {
            let url = out.appendingPathComponent(name)
            let modified = try FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date ?? .distantPast
            files[name] = (try Data(contentsOf: url), modified)
        }
        return files
    }

    /// A run with nothing new rewrites no workbook; one whose as-of moves a period past its due
    /// moment rebuilds that period alone (awaited reporters become missing).
    @Test func onlyPeriodsWhoseStateMovedAreRewritten() throws {
        let root = try PipelineRunTests.makeRegion()
        defer { try? FileManager.default.removeItem(at: root) }
        try PipelineRunTests.drop(Self.januaryToMarch, into: root)
        // March is due on 12.04.2021 (the 10th is a Saturday): the day before, it is awaited.
        #expect(try RunRecoveryTests.run(root, asOf: "2021-04-12T09:00").status == 0)
        let first = try Self.published(root)
        #expect(first.keys.sorted() == ["region-2021-01.json", "region-2021-01.xlsx", "region-2021-02.json", "region-2021-02.xlsx",
                                        "region-2021-03.json", "region-2021-03.xlsx"])
        let awaited = String(decoding: try #require(first["region-2021-03.json"]).0, as: UTF8.self)
        #expect(awaited.contains("\"report\": \"awaited\"") && !awaited.contains("\"report\": \"missing\""))
        // Later the same day: nothing moved, nothing is written.
        Thread.sleep(forTimeInterval: 1.1)
        #expect(try RunRecoveryTests.run(root, asOf: "2021-04-12T18:00").status == 0)
        let same = try Self.published(root)
        for (name, (data, modified)) in first {
            #expect(same[name]?.0 == data && same[name]?.1 == modified, "\(name) was rewritten")
        }
        // After the due moment: March alone is rebuilt, its awaited reporters now missing.
        #expect(try RunRecoveryTests.run(root, asOf: "2021-04-13T09:00").status == 0)
        let after = try Self.published(root)
        for name in first.keys where !name.hasPrefix("region-2021-03") {
            #expect(after[name]?.0 == first[name]?.0 && after[name]?.1 == first[name]?.1, "\(name) was rewritten")
        }
        let missing = String(decoding: try #require(after["region-2021-03.json"]).0, as: UTF8.self)
        #expect(missing.contains("\"report\": \"missing\"") && !missing.contains("\"report\": \"awaited\""))
        let keys = try PipelineRunTests.ledger(root).publicationStateKeys()
        #expect(keys.count == 3 && keys.values.allSatisfy { $0 != nil })
    }

    /// The carried state a run keeps for each period is the one carrying every report through
    /// that period gives; and a run that finds no kept state (or a stale one) carries from the
    /// reports and publishes the same bytes.
    @Test func theKeptStatesAreTheReportsOwnAndRebuildTheSame() throws {
        let kept = try PipelineRunTests.makeRegion()
        let dropped = try PipelineRunTests.makeRegion()
        defer {
            try? FileManager.default.removeItem(at: kept)
            try? FileManager.default.removeItem(at: dropped)
        }
        for root in [kept, dropped] {
            try PipelineRunTests.drop(Self.januaryToMarch + ["05705000_2021-03.xlsx"], into: root)
            #expect(try RunRecoveryTests.run(root, asOf: "2021-04-13T09:00").status == 0)
            try PipelineRunTests.drop(["05705000_2021-03_v2.xlsx", "05701000_2021-04.xlsx"], into: root)
        }
        let pipeline = try Pipeline.load(path: kept.appendingPathComponent("region.yaml").path)
        let consolidator = Consolidator(pipeline: pipeline)
        let received = try ConsolidationJob(pipeline: pipeline, language: .ru)
            .receivedReports(inFolder: kept.appendingPathComponent("archive").path)
        var state = consolidator.startState()
        let ledger = try PipelineRunTests.ledger(kept)
        for month in ["2021-01", "2021-02", "2021-03"] {
            let period = try #require(ReportPeriod(text: month))
            consolidator.carry(&state, period: period, reports: received)
            let data = try #require(try ledger.carriedState(period: period))
            #expect(consolidator.carriedState(decoding: data) == state, "\(month)")
            #expect(consolidator.carriedState(decoding: data.dropLast(3)) == nil)
        }
        // One ledger loses its kept states, the other keeps them; a correction of March and
        // April's first report then go through both.
        let queue = try DatabaseQueue(path: dropped.appendingPathComponent("work/ledger.sqlite").path)
        try queue.write { db in try db.execute(sql: "DELETE FROM carried_state") }
        try queue.close()
        for root in [kept, dropped] {
            #expect(try RunRecoveryTests.run(root, asOf: "2021-05-12T09:00").status == 0)
        }
        try RunRecoveryTests.expectSameState(kept, dropped, "without kept states")
        let april = String(decoding: try Data(contentsOf: kept.appendingPathComponent("out/region-2021-04.json")), as: UTF8.self)
        #expect(april.contains("05701000_2021-04.xlsx"))
    }

    /// A run killed while it keeps the carried states ends, with the next run, as an
    /// uninterrupted one does.
    @Test(arguments: ["carried-state:1", "carried-state:3", "publish-written:1"])
    func aKillWhileKeepingStatesEndsTheSame(kill: String) throws {
        let reference = try PipelineRunTests.makeRegion()
        let killed = try PipelineRunTests.makeRegion()
        defer {
            try? FileManager.default.removeItem(at: reference)
            try? FileManager.default.removeItem(at: killed)
        }
        for root in [reference, killed] {
            try PipelineRunTests.drop(Self.januaryToMarch, into: root)
            #expect(try RunRecoveryTests.run(root, asOf: "2021-04-12T09:00").status == 0)
            try PipelineRunTests.drop(["05705000_2021-01.xlsx", "05705000_2021-03.xlsx"], into: root)
        }
        #expect(try RunRecoveryTests.run(reference, asOf: "2021-04-13T09:00").status == 0)
        #expect(try RunRecoveryTests.run(killed, asOf: "2021-04-13T09:00", environment: ["SVOD_KILL_AT": kill]).signaled)
        #expect(try RunRecoveryTests.run(killed, asOf: "2021-04-13T09:00").status == 0)
        try RunRecoveryTests.expectSameState(reference, killed, kill)
    }
}
