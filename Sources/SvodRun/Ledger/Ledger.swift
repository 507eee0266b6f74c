import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif
import Spreadsheet
import SvodModel
import SvodChecks

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

/// The pipeline's memory: every submission (by SHA-256), its verdict and diagnostics, and every
/// run. SQLite through GRDB in WAL mode; numbered migrations; nothing is ever deleted.
public final class Ledger: Sendable {
    public let path: String
    let database: DatabasePool

    /// The schema this binary writes (`PRAGMA user_version`).
    public static let schemaVersion = 5

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
        migrator.registerMigration("3-receipt-source") { db in
            // Where each receipt time came from (`ReceiptSource`); unknown (NULL) for the rows
            // of earlier ledgers.
            try db.execute(sql: """
                ALTER TABLE submission ADD COLUMN received_from TEXT;
                PRAGMA user_version = 3;
                """)
        }
        migrator.registerMigration("4-facts") { db in
            // The facts of accepted reports, recorded with their verdicts. Accepted rows of
            // earlier ledgers start without them (`facts_recorded = 0`); a run back-fills them
            // from the stored files, one file per transaction, before it consolidates.
            try db.execute(sql: """
                CREATE TABLE fact (
                    submission_id INTEGER NOT NULL REFERENCES submission(id),
                    position INTEGER NOT NULL,
                    measure_id TEXT NOT NULL,
                    status TEXT,
                    completion_date INTEGER,
                    actual_result TEXT,
                    indicator REAL,
                    reason TEXT,
                    comment TEXT,
                    sheet TEXT,
                    cell TEXT,
                    PRIMARY KEY (submission_id, position)
                ) WITHOUT ROWID;
                CREATE TABLE fact_number (
                    submission_id INTEGER NOT NULL REFERENCES submission(id),
                    position INTEGER NOT NULL,
                    column_id TEXT NOT NULL,
                    value REAL NOT NULL,
                    PRIMARY KEY (submission_id, position, column_id)
                ) WITHOUT ROWID;
                ALTER TABLE submission ADD COLUMN facts_recorded INTEGER NOT NULL DEFAULT 0;
                UPDATE submission SET facts_recorded = 1 WHERE verdict IS NULL OR verdict != 'accepted';
                CREATE INDEX submission_without_facts ON submission(id) WHERE facts_recorded = 0;
                PRAGMA user_version = 4;
                """)
        }
        migrator.registerMigration("5-carried-state") { db in
            // What makes a daily run's cost independent of history: the statuses carried forward
            // to the end of each consolidated period (`CarriedState`, with the key of the
            // submissions it was built from), and each publication's as-of state, so a period
            // whose figures cannot have changed is neither rebuilt nor rewritten.
            try db.execute(sql: """
                CREATE TABLE carried_state (
                    period TEXT PRIMARY KEY,
                    key TEXT NOT NULL,
                    state BLOB NOT NULL
                );
                ALTER TABLE publication ADD COLUMN state_key TEXT;
                PRAGMA user_version = 5;
                """)
        }
        return migrator
    }
}
