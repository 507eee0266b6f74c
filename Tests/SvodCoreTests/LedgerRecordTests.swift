import Foundation
import GRDB
import Testing
import Spreadsheet
@testable import SvodModel
@testable import SvodChecks
@testable import SvodRun

/// The ledger's typed records against a real SQLite file: what the stages write comes back as
/// the same values, and the columns hold what schema 2 always held (a ledger written before the
/// records opens and reads, and one written now reads the same with plain SQL).
@Suite struct LedgerRecordTests {
    static func temporaryLedgerPath() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("svod-ledger-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("ledger.sqlite").path
    }

    static let inbox = DemoRegion.root.appendingPathComponent("Samples/demo/inbox")

    /// A real check of a demo file.
    static func report(_ name: String) -> FileReport {
        Validator(pipeline: DemoRegion.pipeline).validate(path: inbox.appendingPathComponent(name).path)
    }

    static func raw<T>(_ path: String, _ body: (Database) throws -> T) throws -> T {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read(body)
    }

    @Test func verdictsRoundTripThroughARealLedger() throws {
        let path = try Self.temporaryLedgerPath()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let good = Self.report("05701000_2021-03.xlsx")
        let bad = Self.report("05717000_2021-03.xlsx")
        try #require(good.isValid && !bad.isValid)
        #expect(Verdict(good) == .accepted && Verdict(bad) == .rejected)

        let march = ReportPeriod.month(YearMonth(year: 2021, month: 3))
        let receivedAt = Date(timeIntervalSince1970: 1_618_120_800.25)
        do {
            let ledger = try Ledger(path: path)
            let run = try ledger.startRun(asOf: receivedAt, at: receivedAt)
            let first = try ledger.insertReceived(sha256: "a", originalName: "05701000_2021-03.xlsx", path: "store/a/x.xlsx",
                                                  receivedAt: receivedAt, runID: run)
            let second = try ledger.insertReceived(sha256: "b", originalName: "05717000_2021-03.xlsx", nameBytes: [0xCE, 0x2E],
                                                   path: "store/b/y.xlsx", receivedAt: receivedAt, runID: run)
            try ledger.recordVerdict(first, report: good, dirty: march, runID: run)
            try ledger.recordVerdict(second, report: bad, dirty: march, runID: run)
            try ledger.markStored(second, path: "quarantine/b/y.xlsx")
            try ledger.recordPublication(period: march, fingerprint: "f1", asOf: receivedAt, runID: run)
            try ledger.recordPublication(period: march, fingerprint: "f2", asOf: receivedAt, runID: run)
            try ledger.recordEntryProblem(name: "pipe", nameBytes: nil, code: .notAFile, movedTo: nil, runID: run)
        }

        // Reopened: every typed value comes back.
        let ledger = try Ledger(path: path)
        let submissions = try ledger.submissions()
        #expect(submissions.map(\.verdict) == [.accepted, .rejected])
        #expect(submissions.map(\.state) == [.validated, .stored])
        #expect(submissions.allSatisfy { $0.period == march && $0.receivedAt == receivedAt })
        #expect(submissions[0].municipality == "05701000" && submissions[1].nameBytes == [0xCE, 0x2E])
        #expect(try ledger.submissions(state: .stored).map(\.sha256) == ["b"])
        #expect(try ledger.submission(sha256: "a")?.errors == 0)
        #expect(try ledger.diagnostics(of: submissions[1].id).compactMap { $0.diagnostic(file: bad.file) } == bad.diagnostics)
        #expect(try ledger.dirtyPeriods() == [march])
        #expect(try ledger.publication(period: march) == "f2" && ledger.publication(period: march.next) == nil)
        #expect(try ledger.entryProblems().map(\.code) == [.notAFile])
        #expect(try ledger.rejectedSinceLastFinishedRun(before: 99) == 1)
        try ledger.clearDirty([march])
        #expect(try ledger.dirtyPeriods().isEmpty)

        // On disk: the text, numbers and blobs schema 2 always had.
        let rows = try Self.raw(path) { db in
            try GRDB.Row.fetchAll(db, sql: """
                SELECT verdict, state, period, typeof(received_at) AS t, received_at, hex(name_bytes) AS bytes
                FROM submission ORDER BY id
                """)
        }
        #expect(rows.map { $0["verdict"] as String? } == ["accepted", "rejected"])
        #expect(rows.map { $0["state"] as String? } == ["validated", "stored"])
        #expect(rows.map { $0["period"] as String? } == ["2021-03", "2021-03"])
        #expect(rows.map { $0["t"] as String? } == ["real", "real"])
        #expect(rows.map { $0["received_at"] as Double? } == [1_618_120_800.25, 1_618_120_800.25])
        #expect(rows.map { $0["bytes"] as String? } == ["", "CE2E"])
        let published = try Self.raw(path) { db in
            try GRDB.Row.fetchAll(db, sql: "SELECT period, fingerprint, typeof(as_of) AS t FROM publication")
        }
        #expect(published.map { "\($0["period"] as String? ?? "-") \($0["fingerprint"] as String? ?? "-") \($0["t"] as String? ?? "-")" }
                == ["2021-03 f2 real"])
        #expect(try Self.raw(path) { db in try String.fetchAll(db, sql: "SELECT code FROM entry_problem") } == ["inbox-not-a-file"])
    }

    /// A `user_version` 2 ledger as the code before the typed records wrote it (their SQL,
    /// verbatim) opens — migrated in place to schema 3, its rows' receipt source unknown —, reads
    /// typed, and takes new writes beside the old rows.
    @Test func aLedgerWrittenBeforeTheRecordsOpensAndReads() throws {
        let path = try Self.temporaryLedgerPath()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let bad = Self.report("05717000_2021-03.xlsx")
        do {
            let queue = try DatabaseQueue(path: path)
            try Ledger.migrator.migrate(queue, upTo: "2-recovery")  // the schema: migrations 1 and 2, unchanged
            try queue.write { db in
                try db.execute(sql: "INSERT INTO run (started_at, as_of) VALUES (?, ?)", arguments: [1_618_000_000.0, 1_618_000_000.0])
                try db.execute(sql: """
                    UPDATE run SET finished_at = ?, outcome = ?, received = ?, accepted = ?, rejected = ?, published = ? WHERE id = ?
                    """, arguments: [1_618_000_100.0, "done-with-rejections", 2, 1, 1, 1, 1])
                for (sha, name, verdict, errors) in [("a", "05701000_2021-03.xlsx", "accepted", 0), ("b", "05717000_2021-03.xlsx", "rejected", 1)] {
                    try db.execute(sql: """
                        INSERT INTO submission (sha256, original_name, name_bytes, path, received_at, state, run_id)
                        VALUES (?, ?, ?, ?, ?, 'received', ?)
                        """, arguments: [sha, name, nil, "store/\(sha)/\(name)", 1_618_000_000.5, 1])
                    try db.execute(sql: "UPDATE submission SET state = 'validating', attempts = attempts + 1 WHERE sha256 = ?", arguments: [sha])
                    try db.execute(sql: """
                        UPDATE submission SET state = 'validated', municipality = ?, period = ?, verdict = ?, supersedes = ?,
                            errors = ?, warnings = ?, verdict_run_id = ? WHERE sha256 = ?
                        """, arguments: [String(name.prefix(8)), "2021-03", verdict, nil, errors, 0, 1, sha])
                    try db.execute(sql: "UPDATE submission SET state = 'stored', path = ? WHERE sha256 = ?", arguments: ["filed/\(name)", sha])
                }
                for (position, d) in bad.diagnostics.enumerated() {
                    try db.execute(sql: """
                        INSERT INTO diagnostic (submission_id, position, code, severity, sheet, cell, value, message_ru, message_en)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [2, position, d.code.rawValue, d.severity.rawValue, d.sheet, d.cell?.a1, d.value, d.message.ru, d.message.en])
                }
                try db.execute(sql: "INSERT OR IGNORE INTO dirty_period (period) VALUES (?)", arguments: ["2021-03"])
                try db.execute(sql: """
                    INSERT INTO publication (period, fingerprint, as_of, run_id) VALUES (?, ?, ?, ?)
                    ON CONFLICT(period) DO UPDATE SET fingerprint = excluded.fingerprint, as_of = excluded.as_of, run_id = excluded.run_id
                    """, arguments: ["2021-02", "old", 1_618_000_000.0, 1])
                try db.execute(sql: "INSERT INTO entry_problem (name, name_bytes, code, moved_to, run_id) VALUES (?, ?, ?, ?, ?)",
                               arguments: ["link.xlsx", nil, "inbox-link", "quarantine/entries/link.xlsx", 1])
            }
            try #require(try queue.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") } == 2)
            try queue.close()
        }

        let ledger = try Ledger(path: path)
        let march = ReportPeriod.month(YearMonth(year: 2021, month: 3))
        let submissions = try ledger.submissions()
        #expect(submissions.map(\.verdict) == [.accepted, .rejected])
        #expect(submissions.allSatisfy { $0.state == .stored && $0.period == march && $0.attempts == 1 && $0.verdictRunID == 1 })
        #expect(submissions.map(\.receivedAt) == [Date(timeIntervalSince1970: 1_618_000_000.5), Date(timeIntervalSince1970: 1_618_000_000.5)])
        #expect(submissions.allSatisfy { $0.receivedFrom == nil })
        #expect(try ledger.database.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") } == Ledger.schemaVersion)
        #expect(try ledger.submissionsWithoutFacts().map(\.id) == [1], "the accepted row waits for its facts")
        #expect(try ledger.diagnostics(of: 2).compactMap { $0.diagnostic(file: bad.file) } == bad.diagnostics)
        #expect(try ledger.dirtyPeriods() == [march])
        #expect(try ledger.publication(period: .month(YearMonth(year: 2021, month: 2))) == "old")
        #expect(try ledger.entryProblems() == [LedgerEntryProblem(name: "link.xlsx", code: .link, movedTo: "quarantine/entries/link.xlsx", runID: 1)])
        let run = try #require(try ledger.runs().first)
        #expect(run.outcome == "done-with-rejections" && run.finishedAt == Date(timeIntervalSince1970: 1_618_000_100) && run.rejected == 1)
        #expect(try ledger.rejectedSinceLastFinishedRun(before: 1) == 1)
        // A correction recorded now supersedes the accepted file recorded then.
        let next = try ledger.startRun(asOf: Date(timeIntervalSince1970: 1_618_100_000), at: Date(timeIntervalSince1970: 1_618_100_000))
        let corrected = try ledger.insertReceived(sha256: "c", originalName: "05701000_2021-03.xlsx", path: "store/c/x.xlsx",
                                                  receivedAt: Date(timeIntervalSince1970: 1_618_100_000), runID: next, receivedFrom: .run)
        #expect(try ledger.submission(sha256: "c")?.receivedFrom == .run)
        try ledger.recordVerdict(corrected, report: Self.report("05701000_2021-03.xlsx"), dirty: march, runID: next)
        #expect(try ledger.submission(sha256: "c")?.supersedes == 1)
    }

    /// A value that is not what its column means is refused as an error, never read as another.
    @Test func aDamagedVerdictIsAnErrorNotAGuess() throws {
        let path = try Self.temporaryLedgerPath()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let ledger = try Ledger(path: path)
        let run = try ledger.startRun(asOf: Date(), at: Date())
        _ = try ledger.insertReceived(sha256: "a", originalName: "x.xlsx", path: "store/a/x.xlsx", receivedAt: Date(), runID: run)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "UPDATE submission SET verdict = 'maybe'") }
        try queue.close()
        #expect(throws: (any Error).self) { try ledger.submissions() }
    }
}
