import Foundation
import GRDB
import Spreadsheet
import SvodModel
import SvodChecks

// The ledger's rows as GRDB records: typed on the way in and on the way out, so that no stage
// spells a verdict, parses a month or picks a column by hand. The tables and their columns are
// those of schema 2 (`Ledger.migrator`); the values written are the same text, numbers and
// blobs as before the records (a `user_version` 2 ledger reads and writes unchanged).

/// What a check concluded about a file. Stored as its raw value in `submission.verdict`.
public enum Verdict: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    /// The file is valid: it is archived and counts in the consolidation.
    case accepted
    /// The file has errors: it is quarantined and its report goes back to the municipality.
    case rejected

    /// The verdict on a checked file.
    public init(_ report: FileReport) {
        self = report.isValid ? .accepted : .rejected
    }
}

/// Where a submission is in the pipeline.
public enum SubmissionState: String, Sendable, Codable, DatabaseValueConvertible {
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

/// A report period in the ledger: its text (`2021-03`, `2021-Q1`, `2021`, `2020-2021`) (`submission.period`,
/// `dirty_period.period`, `publication.period`). Text that is not a period does not decode.
extension ReportPeriod: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { description.databaseValue }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> ReportPeriod? {
        String.fromDatabaseValue(dbValue).flatMap { ReportPeriod(text: $0) }
    }
}

extension EntryProblemCode: DatabaseValueConvertible {}

/// Instants are stored as seconds since 1970 (`REAL`), not GRDB's default text.
private extension GRDB.Row {
    func instant(_ column: String) throws -> Date {
        Date(timeIntervalSince1970: try decode(Double.self, forColumn: column))
    }

    func instantIfAny(_ column: String) throws -> Date? {
        try decode(Double?.self, forColumn: column).map(Date.init(timeIntervalSince1970:))
    }

    func bytes(_ column: String) throws -> [UInt8]? {
        try decode(Data?.self, forColumn: column).map { [UInt8]($0) }
    }
}

/// Where a submission's receipt time came from.
public enum ReceiptSource: String, Sendable, Codable, DatabaseValueConvertible {
    /// The moment of the run that took the file (`--as-of`, else now): the scheduled job.
    case run
    /// The mail gateway's log in the inbox, `received.csv` (`svod run --backfill`).
    case gatewayLog = "received.csv"
    /// The file's modification time (`--backfill`, the file not in the log).
    case fileTime = "file-time"

    /// The source in words, for `svod status`: «по журналу почты (received.csv)».
    public func words(_ language: Language) -> String {
        switch (self, language) {
        case (.run, .ru): return "по времени запуска"
        case (.gatewayLog, .ru): return "по журналу почты (received.csv)"
        case (.fileTime, .ru): return "по времени изменения файла"
        case (.run, _): return "by the run's time"
        case (.gatewayLog, _): return "by the mail log (received.csv)"
        case (.fileTime, _): return "by the file's modification time"
        }
    }
}

/// A submission as the ledger records it (table `submission`).
public struct LedgerSubmission: Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "submission"

    public var id: Int64
    public var sha256: String
    public var originalName: String
    /// Where the file is now (the store, then the archive or the quarantine), relative to the
    /// pipeline's work folder when under it.
    public var path: String
    public var receivedAt: Date
    public var state: SubmissionState
    /// The municipality's OKTMO code (the registry's key), once validated and identified.
    public var municipality: String?
    /// The reporting month, once validated and identified.
    public var period: ReportPeriod?
    /// Set once validated.
    public var verdict: Verdict?
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
    /// The run that received the file.
    public var runID: Int64?
    /// Where ``receivedAt`` came from (`nil` in rows of ledgers before schema 3).
    public var receivedFrom: ReceiptSource?

    public init(id: Int64, sha256: String, originalName: String, path: String, receivedAt: Date, state: SubmissionState,
                municipality: String? = nil, period: ReportPeriod? = nil, verdict: Verdict? = nil, supersedes: Int64? = nil,
                errors: Int = 0, warnings: Int = 0, nameBytes: [UInt8]? = nil, attempts: Int = 0, verdictRunID: Int64? = nil,
                runID: Int64? = nil, receivedFrom: ReceiptSource? = nil) {
        self.id = id
        self.sha256 = sha256
        self.originalName = originalName
        self.path = path
        self.receivedAt = receivedAt
        self.state = state
        self.municipality = municipality
        self.period = period
        self.verdict = verdict
        self.supersedes = supersedes
        self.errors = errors
        self.warnings = warnings
        self.nameBytes = nameBytes
        self.attempts = attempts
        self.verdictRunID = verdictRunID
        self.runID = runID
        self.receivedFrom = receivedFrom
    }

    /// A file just taken from the inbox; `id` is set when it is inserted.
    public static func received(sha256: String, originalName: String, nameBytes: [UInt8]?, path: String, receivedAt: Date,
                                runID: Int64, receivedFrom: ReceiptSource? = nil) -> LedgerSubmission {
        LedgerSubmission(id: 0, sha256: sha256, originalName: originalName, path: path, receivedAt: receivedAt, state: .received,
                         nameBytes: nameBytes, runID: runID, receivedFrom: receivedFrom)
    }

    public enum Columns {
        static let id = GRDB.Column("id")
        static let sha256 = GRDB.Column("sha256")
        static let state = GRDB.Column("state")
        static let municipality = GRDB.Column("municipality")
        static let period = GRDB.Column("period")
        static let verdict = GRDB.Column("verdict")
        static let receivedAt = GRDB.Column("received_at")
        static let verdictRunID = GRDB.Column("verdict_run_id")
    }

    public init(row: GRDB.Row) throws {
        id = try row.decode(forColumn: "id")
        sha256 = try row.decode(forColumn: "sha256")
        originalName = try row.decode(forColumn: "original_name")
        path = try row.decode(forColumn: "path")
        receivedAt = try row.instant("received_at")
        state = try row.decode(forColumn: "state")
        municipality = try row.decode(forColumn: "municipality")
        period = try row.decode(forColumn: "period")
        verdict = try row.decode(forColumn: "verdict")
        supersedes = try row.decode(forColumn: "supersedes")
        errors = try row.decode(forColumn: "errors")
        warnings = try row.decode(forColumn: "warnings")
        nameBytes = try row.bytes("name_bytes")
        attempts = try row.decode(forColumn: "attempts")
        verdictRunID = try row.decode(forColumn: "verdict_run_id")
        runID = try row.decode(forColumn: "run_id")
        receivedFrom = try row.decode(forColumn: "received_from")
    }

    public func encode(to container: inout PersistenceContainer) throws {
        if id != 0 { container["id"] = id }
        container["sha256"] = sha256
        container["original_name"] = originalName
        container["name_bytes"] = nameBytes.map { Data($0) }
        container["path"] = path
        container["received_at"] = receivedAt.timeIntervalSince1970
        container["state"] = state
        container["municipality"] = municipality
        container["period"] = period
        container["verdict"] = verdict
        container["supersedes"] = supersedes
        container["errors"] = errors
        container["warnings"] = warnings
        container["attempts"] = attempts
        container["verdict_run_id"] = verdictRunID
        container["run_id"] = runID
        container["received_from"] = receivedFrom
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

/// One diagnostic of a judged submission (table `diagnostic`), in the order the check gave it.
/// Code and severity stay the text the check wrote: a code this binary does not know (one
/// renamed since) is kept in the ledger and left out of a report rebuilt from it.
public struct LedgerDiagnostic: Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "diagnostic"

    public var submissionID: Int64
    public var position: Int
    public var code: String
    public var severity: String
    public var sheet: String?
    public var cell: String?
    public var value: String?
    public var messageRU: String
    public var messageEN: String

    init(submissionID: Int64, position: Int, _ diagnostic: Diagnostic) {
        self.submissionID = submissionID
        self.position = position
        code = diagnostic.code.rawValue
        severity = diagnostic.severity.rawValue
        sheet = diagnostic.sheet
        cell = diagnostic.cell?.a1
        value = diagnostic.value
        messageRU = diagnostic.message.ru
        messageEN = diagnostic.message.en
    }

    public init(row: GRDB.Row) throws {
        submissionID = try row.decode(forColumn: "submission_id")
        position = try row.decode(forColumn: "position")
        code = try row.decode(forColumn: "code")
        severity = try row.decode(forColumn: "severity")
        sheet = try row.decode(forColumn: "sheet")
        cell = try row.decode(forColumn: "cell")
        value = try row.decode(forColumn: "value")
        messageRU = try row.decode(forColumn: "message_ru")
        messageEN = try row.decode(forColumn: "message_en")
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["submission_id"] = submissionID
        container["position"] = position
        container["code"] = code
        container["severity"] = severity
        container["sheet"] = sheet
        container["cell"] = cell
        container["value"] = value
        container["message_ru"] = messageRU
        container["message_en"] = messageEN
    }

    /// The diagnostic as the check gave it, for `file`; nil for a code this binary does not know.
    public func diagnostic(file: String) -> Diagnostic? {
        guard let code = DiagnosticCatalog.svod.code(named: code) else { return nil }
        var diagnostic = Diagnostic(code, file: file, sheet: sheet, cell: cell.flatMap { CellAddress(a1: $0) }, value: value,
                                    message: .init(ru: messageRU, en: messageEN))
        diagnostic.severity = Severity(rawValue: severity) ?? diagnostic.severity
        return diagnostic
    }
}

/// An inbox entry that was not a report file: a link, a device or FIFO, an unreadable file
/// (table `entry_problem`).
public struct LedgerEntryProblem: Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "entry_problem"

    public var name: String
    public var nameBytes: [UInt8]?
    public var code: EntryProblemCode
    /// Where it was moved (under the quarantine), or nil when it could not be moved.
    public var movedTo: String?
    public var runID: Int64

    public init(name: String, nameBytes: [UInt8]? = nil, code: EntryProblemCode, movedTo: String?, runID: Int64) {
        self.name = name
        self.nameBytes = nameBytes
        self.code = code
        self.movedTo = movedTo
        self.runID = runID
    }

    public init(row: GRDB.Row) throws {
        name = try row.decode(forColumn: "name")
        nameBytes = try row.bytes("name_bytes")
        code = try row.decode(forColumn: "code")
        movedTo = try row.decode(forColumn: "moved_to")
        runID = try row.decode(forColumn: "run_id")
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["name"] = name
        container["name_bytes"] = nameBytes.map { Data($0) }
        container["code"] = code
        container["moved_to"] = movedTo
        container["run_id"] = runID
    }
}

/// One pipeline run as the ledger records it (table `run`).
public struct LedgerRun: Sendable, Equatable, FetchableRecord {
    public static let databaseTableName = "run"

    public var id: Int64
    public var startedAt: Date
    public var finishedAt: Date?
    public var asOf: Date
    /// `ok`, `done-with-rejections`, `rebuilt`, or `failed: ` and what failed; nil while running.
    public var outcome: String?
    public var received: Int
    public var accepted: Int
    public var rejected: Int
    public var published: Int

    public init(row: GRDB.Row) throws {
        id = try row.decode(forColumn: "id")
        startedAt = try row.instant("started_at")
        finishedAt = try row.instantIfAny("finished_at")
        asOf = try row.instant("as_of")
        outcome = try row.decode(forColumn: "outcome")
        received = try row.decode(forColumn: "received")
        accepted = try row.decode(forColumn: "accepted")
        rejected = try row.decode(forColumn: "rejected")
        published = try row.decode(forColumn: "published")
    }
}

extension LedgerRun: TableRecord {}

/// The consolidation last published for a month (table `publication`): the SHA-256 of its JSON.
struct LedgerPublication: FetchableRecord, PersistableRecord {
    static let databaseTableName = "publication"

    var period: ReportPeriod
    var fingerprint: String
    var asOf: Date
    var runID: Int64?
    /// What the published figures depend on besides the facts (`ConsolidateStage.stateKey`).
    var stateKey: String?

    init(period: ReportPeriod, fingerprint: String, asOf: Date, runID: Int64?, stateKey: String?) {
        self.period = period
        self.fingerprint = fingerprint
        self.asOf = asOf
        self.runID = runID
        self.stateKey = stateKey
    }

    init(row: GRDB.Row) throws {
        period = try row.decode(forColumn: "period")
        fingerprint = try row.decode(forColumn: "fingerprint")
        asOf = try row.instant("as_of")
        runID = try row.decode(forColumn: "run_id")
        stateKey = try row.decode(forColumn: "state_key")
    }

    func encode(to container: inout PersistenceContainer) throws {
        container["period"] = period
        container["fingerprint"] = fingerprint
        container["as_of"] = asOf.timeIntervalSince1970
        container["run_id"] = runID
        container["state_key"] = stateKey
    }
}

/// A month whose facts changed since it was last published (table `dirty_period`).
struct DirtyPeriod: FetchableRecord, PersistableRecord {
    static let databaseTableName = "dirty_period"

    var period: ReportPeriod

    init(period: ReportPeriod) {
        self.period = period
    }

    init(row: GRDB.Row) throws {
        period = try row.decode(forColumn: "period")
    }

    func encode(to container: inout PersistenceContainer) throws {
        container["period"] = period
    }
}
