import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif
import Spreadsheet
import SvodModel
import SvodChecks

/// Where a submission is in the pipeline.
public enum SubmissionState: String, Sendable, Codable {
    /// Copied into the ledger's store, not yet judged.
    case received
    /// Being checked: marked just before the validator opens it. A run that finds this mark
    /// was preceded by one that died during the check (perhaps because of this very file).
    case validating
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
    /// The name's bytes as they were in the inbox, when they are not valid UTF-8 (then
    /// `originalName` is their escaped display form).
    public var nameBytes: [UInt8]?
    /// How many times a check of this file was started.
    public var attempts: Int
    /// The run that recorded the verdict.
    public var verdictRunID: Int64?
}

/// An inbox entry that was not a report file: a link, a device or FIFO, an unreadable file.
public struct LedgerEntryProblem: Sendable, Equatable {
    public var name: String
    public var code: String
    /// Where it was moved (under the quarantine), or nil when it could not be moved.
    public var movedTo: String?
    public var runID: Int64
}

/// Why the ledger cannot be used.
public enum LedgerError: Error, Sendable, Equatable {
    /// The file is not a Svod ledger (or is damaged).
    case damaged(path: String, reason: String)
    /// The ledger was written by a newer Svod.
    case newerSchema(path: String, found: Int, supported: Int)
    /// The ledger is missing or empty while the archive holds filed reports.
    case lost(path: String, filedFiles: Int)

    public func message(_ language: Language) -> String {
        switch (self, language) {
        case (.damaged(let path, let reason), .ru):
            return "Журнал конвейера \(path) поврежден или не является журналом Svod (\(reason)). Восстановите его из резервной копии или пересоздайте из архива: svod ledger rebuild."
        case (.damaged(let path, let reason), .en):
            return "The pipeline ledger \(path) is damaged or not a Svod ledger (\(reason)). Restore it from a backup or rebuild it from the archive: svod ledger rebuild."
        case (.newerSchema(let path, let found, let supported), .ru):
            return "Журнал \(path) создан более новой версией Svod (схема \(found), эта версия знает до \(supported)). Обновите Svod; журнал не изменен."
        case (.newerSchema(let path, let found, let supported), .en):
            return "The ledger \(path) was written by a newer Svod (schema \(found); this version knows up to \(supported)). Upgrade Svod; the ledger is unchanged."
        case (.lost(let path, let count), .ru):
            return "Журнал \(path) отсутствует или пуст, а в архиве и карантине лежат принятые ранее файлы (\(count)). Запуск остановлен, чтобы не опубликовать сводки без них. Восстановите журнал из резервной копии или из архива: svod ledger rebuild."
        case (.lost(let path, let count), .en):
            return "The ledger \(path) is missing or empty, but the archive and quarantine hold \(count) filed files. The run stopped rather than publish consolidations without them. Restore the ledger from a backup or from the archive: svod ledger rebuild."
        }
    }
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

    /// The schema this binary writes (`PRAGMA user_version`).
    public static let schemaVersion = 2

    /// Opens (or creates) the ledger. Refuses a file that is not a ledger, and one from a newer
    /// Svod, without changing it.
    public init(path: String) throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        do {
            // A ledger from a newer Svod is refused after a read-only look, untouched.
            if Self.exists(path: path) {
                var readOnly = Configuration()
                readOnly.readonly = true
                let look = try DatabaseQueue(path: path, configuration: readOnly)
                let (version, superseded) = try look.read { db in
                    (try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0, try Self.migrator.hasBeenSuperseded(db))
                }
                try look.close()
                if version > Self.schemaVersion || superseded {
                    throw LedgerError.newerSchema(path: path, found: version, supported: Self.schemaVersion)
                }
            }
            database = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(database)
            _ = try database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM submission") }
        } catch let error as LedgerError {
            throw error
        } catch let error as DatabaseError {
            throw LedgerError.damaged(path: path, reason: error.message ?? "\(error.resultCode)")
        }
    }

    /// Whether a ledger file exists with content (a file of zero bytes counts as missing).
    public static func exists(path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_size > 0
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
        migrator.registerMigration("2-recovery") { db in
            try db.execute(sql: """
                ALTER TABLE submission ADD COLUMN name_bytes BLOB;
                ALTER TABLE submission ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE submission ADD COLUMN verdict_run_id INTEGER;
                CREATE INDEX submission_by_state ON submission(state, id);
                CREATE TABLE dirty_period (period TEXT PRIMARY KEY);
                CREATE TABLE entry_problem (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL,
                    name_bytes BLOB,
                    code TEXT NOT NULL,
                    moved_to TEXT,
                    run_id INTEGER NOT NULL
                );
                INSERT OR IGNORE INTO dirty_period (period)
                    SELECT DISTINCT period FROM submission WHERE period IS NOT NULL AND state != 'received';
                PRAGMA user_version = 2;
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
    public func insertReceived(sha256: String, originalName: String, nameBytes: [UInt8]? = nil, path: String, receivedAt: Date,
                               runID: Int64) throws -> Int64 {
        try database.write { db in
            try db.execute(sql: """
                INSERT INTO submission (sha256, original_name, name_bytes, path, received_at, state, run_id)
                VALUES (?, ?, ?, ?, ?, 'received', ?)
                """, arguments: [sha256, originalName, nameBytes.map { Data($0) }, path, receivedAt.timeIntervalSince1970, runID])
            return db.lastInsertedRowID
        }
    }

    /// Marks a submission as being checked (before the validator opens it).
    public func markValidating(_ id: Int64) throws {
        try database.write { db in
            try db.execute(sql: "UPDATE submission SET state = 'validating', attempts = attempts + 1 WHERE id = ?", arguments: [id])
        }
    }

    /// How many submissions are filed (in the archive or the quarantine) or on their way there.
    public func submissionCount() throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM submission") ?? 0 }
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

    /// Records a verdict and its diagnostics in one transaction, with the month whose
    /// consolidation it changes (`dirty`: republished by this run or, after a kill, the next).
    /// An accepted report supersedes the latest earlier-received accepted one for the same
    /// municipality and month.
    public func recordVerdict(_ id: Int64, report: FileReport, dirty: YearMonth?, runID: Int64) throws {
        try database.write { db in
            let municipality = report.municipality?.oktmo
            let period = report.period?.description
            var supersedes: Int64?
            if report.isValid, let municipality, let period {
                supersedes = try Int64.fetchOne(db, sql: """
                    SELECT s.id FROM submission AS s, submission AS me
                    WHERE me.id = ? AND s.municipality = ? AND s.period = ? AND s.verdict = 'accepted' AND s.id != me.id
                      AND (s.received_at < me.received_at OR (s.received_at = me.received_at AND s.id < me.id))
                    ORDER BY s.received_at DESC, s.id DESC LIMIT 1
                    """, arguments: [id, municipality, period])
            }
            try db.execute(sql: """
                UPDATE submission SET state = 'validated', municipality = ?, period = ?, verdict = ?, supersedes = ?,
                    errors = ?, warnings = ?, verdict_run_id = ? WHERE id = ?
                """, arguments: [municipality, period, report.isValid ? "accepted" : "rejected", supersedes,
                                 report.errorCount, report.warningCount, runID, id])
            try db.execute(sql: "DELETE FROM diagnostic WHERE submission_id = ?", arguments: [id])
            for (position, d) in report.diagnostics.enumerated() {
                try db.execute(sql: """
                    INSERT INTO diagnostic (submission_id, position, code, severity, sheet, cell, value, message_ru, message_en)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [id, position, d.code.rawValue, d.severity.rawValue, d.sheet, d.cell?.a1, d.value,
                                     d.message.ru, d.message.en])
            }
            if let dirty {
                try db.execute(sql: "INSERT OR IGNORE INTO dirty_period (period) VALUES (?)", arguments: [dirty.description])
            }
        }
    }

    /// Files recorded straight into their final state (rebuilding a ledger from the archive).
    public func insertStored(sha256: String, originalName: String, nameBytes: [UInt8]?, path: String, receivedAt: Date,
                             report: FileReport, runID: Int64) throws {
        let id = try insertReceived(sha256: sha256, originalName: originalName, nameBytes: nameBytes, path: path,
                                    receivedAt: receivedAt, runID: runID)
        try recordVerdict(id, report: report, dirty: report.period, runID: runID)
        try markStored(id, path: path)
    }

    // MARK: Months to republish

    /// Months whose facts changed since they were last published, in order.
    public func dirtyPeriods() throws -> [YearMonth] {
        try database.read { db in
            try String.fetchAll(db, sql: "SELECT period FROM dirty_period ORDER BY period").compactMap(YearMonth.init(text:))
        }
    }

    /// Clears the marks of months that are now published.
    public func clearDirty(_ periods: [YearMonth]) throws {
        try database.write { db in
            for period in periods { try db.execute(sql: "DELETE FROM dirty_period WHERE period = ?", arguments: [period.description]) }
        }
    }

    /// Rejected files whose verdicts were recorded by this run or by runs since the last one
    /// that completed (a killed or failed run's rejections are reported by the run that
    /// completes its work).
    public func rejectedSinceLastFinishedRun(before runID: Int64) throws -> Int {
        try database.read { db in
            let last = try Int64.fetchOne(db, sql: "SELECT max(id) FROM run WHERE id < ? AND finished_at IS NOT NULL AND outcome NOT LIKE 'failed%'", arguments: [runID]) ?? 0
            return try Int.fetchOne(db, sql: "SELECT count(*) FROM submission WHERE verdict = 'rejected' AND verdict_run_id > ?",
                                    arguments: [last]) ?? 0
        }
    }

    // MARK: Inbox entries that are not reports

    public func recordEntryProblem(name: String, nameBytes: [UInt8]?, code: String, movedTo: String?, runID: Int64) throws {
        try database.write { db in
            try db.execute(sql: "INSERT INTO entry_problem (name, name_bytes, code, moved_to, run_id) VALUES (?, ?, ?, ?, ?)",
                           arguments: [name, nameBytes.map { Data($0) }, code, movedTo, runID])
        }
    }

    public func entryProblems() throws -> [LedgerEntryProblem] {
        try database.read { db in
            try GRDB.Row.fetchAll(db, sql: "SELECT * FROM entry_problem ORDER BY id").map {
                LedgerEntryProblem(name: $0["name"], code: $0["code"], movedTo: $0["moved_to"], runID: $0["run_id"])
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
                SELECT sha256, original_name, hex(name_bytes) AS name_bytes, path, received_at, state, municipality, period, verdict,
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
            for row in try GRDB.Row.fetchAll(db, sql: "SELECT period FROM dirty_period ORDER BY period") {
                lines.append("dirty " + row.description)
            }
            for row in try GRDB.Row.fetchAll(db, sql: "SELECT name, hex(name_bytes) AS name_bytes, code, moved_to FROM entry_problem ORDER BY name, code") {
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
            warnings: row["warnings"], nameBytes: (row["name_bytes"] as Data?).map { [UInt8]($0) }, attempts: row["attempts"],
            verdictRunID: row["verdict_run_id"])
    }
}
