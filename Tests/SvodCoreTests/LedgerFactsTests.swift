import Foundation
import GRDB
import Testing
import Spreadsheet
import SvodModel
import SvodChecks
@testable import SvodRun

/// The ledger holds the facts (schema 4): what consolidation reads is what the check found, and
/// a ledger written before it is back-filled from the stored files, also across a kill.
@Suite struct LedgerFactsTests {
    /// The facts recorded with a verdict are the entries a fresh check of the archived file gives,
    /// with their cells.
    @Test func theRecordedFactsAreTheChecksOwnEntries() throws {
        let root = try PipelineRunTests.makeRegion()
        defer { try? FileManager.default.removeItem(at: root) }
        try PipelineRunTests.drop(PipelineRunTests.march, into: root)
        #expect(try RunRecoveryTests.run(root, asOf: "2021-04-13T09:00").status == 1)
        let ledger = try PipelineRunTests.ledger(root)
        let pipeline = try Pipeline.load(path: root.appendingPathComponent("region.yaml").path)
        let accepted = try ledger.submissions(state: .stored).filter { $0.verdict == .accepted }
        let facts = try ledger.facts(of: try ledger.submissions(state: .stored).map(\.id))
        #expect(accepted.count == 3 && Set(facts.keys) == Set(accepted.map(\.id)))
        for submission in accepted {
            let fresh = Validator(pipeline: pipeline).validate(path: submission.path)
            #expect(!fresh.entries.isEmpty && facts[submission.id] == fresh.entries, "\(submission.originalName)")
            #expect(fresh.entries.allSatisfy { $0.cell != nil })
        }
        #expect(try ledger.submissionsWithoutFacts().isEmpty)
    }

    /// Turns a ledger into what Svod wrote before schema 4: no fact tables, no mark.
    static func downgradeToSchema3(_ root: URL) throws {
        let queue = try DatabaseQueue(path: root.appendingPathComponent("work/ledger.sqlite").path)
        try queue.write { db in
            try db.execute(sql: """
                DROP TABLE fact;
                DROP TABLE fact_number;
                DROP INDEX submission_without_facts;
                ALTER TABLE submission DROP COLUMN facts_recorded;
                DELETE FROM grdb_migrations WHERE identifier = '4-facts';
                PRAGMA user_version = 3;
                """)
        }
        try queue.close()
    }

    /// A ledger written by schema 3 is migrated in place: the next run records the facts of its
    /// accepted reports from the archive, and ends byte for byte as if the ledger had always
    /// held them — also when a run is killed in the middle of the back-fill.
    @Test(arguments: [nil, "facts-backfilled:1", "facts-backfilled:2", "before-consolidate"])
    func aSchema3LedgerIsBackFilledAndEndsLikeANewOne(kill: String?) throws {
        let reference = try PipelineRunTests.makeRegion()
        let migrated = try PipelineRunTests.makeRegion()
        defer {
            try? FileManager.default.removeItem(at: reference)
            try? FileManager.default.removeItem(at: migrated)
        }
        for root in [reference, migrated] {
            try PipelineRunTests.drop(PipelineRunTests.march, into: root)
            #expect(try RunRecoveryTests.run(root, asOf: "2021-04-13T09:00").status == 1)
            try PipelineRunTests.drop(["05705000_2021-03_v2.xlsx"], into: root)
        }
        try Self.downgradeToSchema3(migrated)
        #expect(try PipelineRunTests.ledger(migrated).submissionsWithoutFacts().count == 3)
        #expect(try RunRecoveryTests.run(reference, asOf: "2021-04-15T11:00").status == 0)
        if let kill {
            let killed = try RunRecoveryTests.run(migrated, asOf: "2021-04-15T11:00", environment: ["SVOD_KILL_AT": kill])
            #expect(killed.signaled)
        }
        #expect(try RunRecoveryTests.run(migrated, asOf: "2021-04-15T11:00").status == 0)
        #expect(try PipelineRunTests.ledger(migrated).submissionsWithoutFacts().isEmpty)
        try RunRecoveryTests.expectSameState(reference, migrated, kill ?? "no kill")
    }
}
