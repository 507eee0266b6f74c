import Foundation
import GRDB

/// Where a submission is in the pipeline.
public enum SubmissionState: String, Sendable, Codable {
    /// Copied into the ledger's store, not yet judged.
    case received
    /// Judged: verdict and diagnostics recorded.
    case validated
    /// Moved to the archive (accepted) or the quarantine (rejected), with its report beside it.
    case stored
}

/// A submission as the ledger records it.
public struct LedgerSubmission: Sendable, Equatable {
    public var id: Int64
    public var sha256: String
    public var originalName: String
    /// Where the file is now (the store, then the archive or the quarantine), relative to the
    /// pipeline's work folder when under it.
    public var path: String
    public var receivedAt: Date
    public var state: SubmissionState
    public var municipality: String?
    public var period: String?
    /// `accepted` or `rejected` once validated.
    public var verdict: String?
    public var supersedes: Int64?
    public var errors: Int
    public var warnings: Int
}

/// One pipeline run as the ledger records it.
public struct LedgerRun: Sendable, Equatable {
    public var id: Int64
    public var startedAt: Date
    public var finishedAt: Date?
    public var asOf: Date
    public var outcome: String?
    public var received: Int
    public var accepted: Int
    public var rejected: Int
    public var published: Int
}

/// The pipeline's memory: every submission (by SHA-256), its verdict and diagnostics, and every
/// run. SQLite through GRDB in WAL mode; numbered migrations; nothing is ever deleted.
public final class Ledger: Sendable {
    public let path: String
    let database: DatabasePool

    public init(path: String) throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        database = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(database)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("1-submissions-diagnostics-runs") { db in
            try db.execute(sql: """
                CREATE TABLE submission (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    sha256 TEXT NOT NULL UNIQUE,
                    original_name TEXT NOT NULL,
                    path TEXT NOT NULL,
                    received_at REAL NOT NULL,
                    state TEXT NOT NULL,
                    municipality TEXT,
                    period TEXT,
                    verdict TEXT,
                    supersedes INTEGER REFERENCES submission(id),
                    errors INTEGER NOT NULL DEFAULT 0,
                    warnings INTEGER NOT NULL DEFAULT 0,
                    run_id INTEGER
                );
                CREATE INDEX submission_by_period ON submission(period, municipality);
                CREATE TABLE diagnostic (
                    submission_id INTEGER NOT NULL REFERENCES submission(id),
                    position INTEGER NOT NULL,
                    code TEXT NOT NULL,
                    severity TEXT NOT NULL,
                    sheet TEXT,
                    cell TEXT,
                    value TEXT,
                    message_ru TEXT NOT NULL,
                    message_en TEXT NOT NULL,
                    PRIMARY KEY (submission_id, position)
                );
                CREATE TABLE run (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    started_at REAL NOT NULL,
                    finished_at REAL,
                    as_of REAL NOT NULL,
                    outcome TEXT,
                    received INTEGER NOT NULL DEFAULT 0,
                    accepted INTEGER NOT NULL DEFAULT 0,
                    rejected INTEGER NOT NULL DEFAULT 0,
                    published INTEGER NOT NULL DEFAULT 0
                );
                CREATE TABLE publication (
                    period TEXT PRIMARY KEY,
                    fingerprint TEXT NOT NULL,
                    as_of REAL NOT NULL,
                    run_id INTEGER
                );
                """)
        }
        return migrator
    }

    // MARK: Runs

    public func startRun(asOf: Date, at now: Date) throws -> Int64 {
        try database.write { db in
            try db.execute(sql: "INSERT INTO run (started_at, as_of) VALUES (?, ?)",
                           arguments: [now.timeIntervalSince1970, asOf.timeIntervalSince1970])
            return db.lastInsertedRowID
        }
    }

    public func finishRun(_ id: Int64, at now: Date, outcome: String, received: Int, accepted: Int, rejected: Int,
                          published: Int) throws {
        try database.write { db in
            try db.execute(sql: """
                UPDATE run SET finished_at = ?, outcome = ?, received = ?, accepted = ?, rejected = ?, published = ?
                WHERE id = ?
                """, arguments: [now.timeIntervalSince1970, outcome, received, accepted, rejected, published, id])
        }
    }

    public func runs() throws -> [LedgerRun] {
        try database.read { db in
            try GRDB.Row.fetchAll(db, sql: "SELECT * FROM run ORDER BY id").map { row in
                LedgerRun(id: row["id"], startedAt: Date(timeIntervalSince1970: row["started_at"]),
                          finishedAt: (row["finished_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
                          asOf: Date(timeIntervalSince1970: row["as_of"]), outcome: row["outcome"],
                          received: row["received"], accepted: row["accepted"], rejected: row["rejected"],
                          published: row["published"])
            }
        }
    }

    // MARK: Submissions

    /// The submission with this content, if the ledger has seen it.
    public func submission(sha256: String) throws -> LedgerSubmission? {
        try database.read { db in
            try GRDB.Row.fetchOne(db, sql: "SELECT * FROM submission WHERE sha256 = ?", arguments: [sha256]).map(Self.submission)
        }
    }

    /// Records a newly received file (its first sighting fixes the receipt time).
    public func insertReceived(sha256: String, originalName: String, path: String, receivedAt: Date, runID: Int64) throws -> Int64 {
        try database.write { db in
            try db.execute(sql: """
                INSERT INTO submission (sha256, original_name, path, received_at, state, run_id) VALUES (?, ?, ?, ?, 'received', ?)
                """, arguments: [sha256, originalName, path, receivedAt.timeIntervalSince1970, runID])
            return db.lastInsertedRowID
        }
    }

    public func submissions(state: SubmissionState? = nil) throws -> [LedgerSubmission] {
        try database.read { db in
            if let state {
                return try GRDB.Row.fetchAll(db, sql: "SELECT * FROM submission WHERE state = ? ORDER BY id",
                                             arguments: [state.rawValue]).map(Self.submission)
            }
            return try GRDB.Row.fetchAll(db, sql: "SELECT * FROM submission ORDER BY id").map(Self.submission)
        }
    }

    /// Records a verdict and its diagnostics in one transaction; an accepted report supersedes
    /// the latest earlier accepted one for the same municipality and month.
    public func recordVerdict(_ id: Int64, report: FileReport) throws {
        try database.write { db in
            let municipality = report.municipality?.oktmo
            let period = report.period?.description
            var supersedes: Int64?
            if report.isValid, let municipality, let period {
                supersedes = try Int64.fetchOne(db, sql: """
                    SELECT id FROM submission WHERE municipality = ? AND period = ? AND verdict = 'accepted' AND id != ?
                    ORDER BY received_at DESC, id DESC LIMIT 1
                    """, arguments: [municipality, period, id])
            }
            try db.execute(sql: """
                UPDATE submission SET state = 'validated', municipality = ?, period = ?, verdict = ?, supersedes = ?,
                    errors = ?, warnings = ? WHERE id = ?
                """, arguments: [municipality, period, report.isValid ? "accepted" : "rejected", supersedes,
                                 report.errorCount, report.warningCount, id])
            try db.execute(sql: "DELETE FROM diagnostic WHERE submission_id = ?", arguments: [id])
            for (position, d) in report.diagnostics.enumerated() {
                try db.execute(sql: """
                    INSERT INTO diagnostic (submission_id, position, code, severity, sheet, cell, value, message_ru, message_en)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [id, position, d.code.rawValue, d.severity.rawValue, d.sheet, d.cell?.a1, d.value,
                                     d.message.ru, d.message.en])
            }
        }
    }

    public func markStored(_ id: Int64, path: String) throws {
        try database.write { db in
            try db.execute(sql: "UPDATE submission SET state = 'stored', path = ? WHERE id = ?", arguments: [path, id])
        }
    }

    public func diagnostics(of id: Int64) throws -> [(code: String, severity: String, sheet: String?, cell: String?, value: String?, ru: String, en: String)] {
        try database.read { db in
            try GRDB.Row.fetchAll(db, sql: "SELECT * FROM diagnostic WHERE submission_id = ? ORDER BY position", arguments: [id]).map {
                ($0["code"], $0["severity"], $0["sheet"], $0["cell"], $0["value"], $0["message_ru"], $0["message_en"])
            }
        }
    }

    // MARK: Publications

    public func publication(period: String) throws -> String? {
        try database.read { db in
            try String.fetchOne(db, sql: "SELECT fingerprint FROM publication WHERE period = ?", arguments: [period])
        }
    }

    public func recordPublication(period: String, fingerprint: String, asOf: Date, runID: Int64) throws {
        try database.write { db in
            try db.execute(sql: """
                INSERT INTO publication (period, fingerprint, as_of, run_id) VALUES (?, ?, ?, ?)
                ON CONFLICT(period) DO UPDATE SET fingerprint = excluded.fingerprint, as_of = excluded.as_of, run_id = excluded.run_id
                """, arguments: [period, fingerprint, asOf.timeIntervalSince1970, runID])
        }
    }

    /// The ledger's contents without run bookkeeping, one line per record, for comparing two
    /// ledgers (a killed-and-resumed run against an uninterrupted one).
    public func canonicalDump(relativeTo root: String = "") throws -> String {
        let dump: String = try database.read { db in
            var lines: [String] = []
            for row in try GRDB.Row.fetchAll(db, sql: """
                SELECT sha256, original_name, path, received_at, state, municipality, period, verdict,
                       (SELECT sha256 FROM submission AS s WHERE s.id = submission.supersedes) AS supersedes, errors, warnings
                FROM submission ORDER BY sha256
                """) {
                lines.append(row.description)
            }
            for row in try GRDB.Row.fetchAll(db, sql: """
                SELECT s.sha256, d.position, d.code, d.severity, d.sheet, d.cell, d.value, d.message_en
                FROM diagnostic AS d JOIN submission AS s ON s.id = d.submission_id ORDER BY s.sha256, d.position
                """) {
                lines.append(row.description)
            }
            for row in try GRDB.Row.fetchAll(db, sql: "SELECT period, fingerprint FROM publication ORDER BY period") {
                lines.append(row.description)
            }
            return lines.joined(separator: "\n")
        }
        return root.isEmpty ? dump : dump.replacingOccurrences(of: root, with: "<root>")
    }

    private static func submission(_ row: GRDB.Row) -> LedgerSubmission {
        LedgerSubmission(
            id: row["id"], sha256: row["sha256"], originalName: row["original_name"], path: row["path"],
            receivedAt: Date(timeIntervalSince1970: row["received_at"]),
            state: SubmissionState(rawValue: row["state"]) ?? .received, municipality: row["municipality"],
            period: row["period"], verdict: row["verdict"], supersedes: row["supersedes"], errors: row["errors"],
            warnings: row["warnings"])
    }
}
