import Foundation
import GRDB
import Spreadsheet
import SvodModel
import SvodChecks

// The facts of accepted reports (tables `fact` and `fact_number`, schema 4): one row per
// measure line a report gives (`ReportEntry`), recorded in the transaction of the verdict, so
// consolidation reads the ledger and never re-reads an earlier run's files.

extension Ledger {
    /// Writes a report's facts for submission `id` (inside a write transaction) and marks them
    /// recorded. A rejected report has none; it is marked all the same.
    static func writeFacts(_ db: Database, id: Int64, report: FileReport) throws {
        try db.execute(sql: "DELETE FROM fact WHERE submission_id = ?", arguments: [id])
        try db.execute(sql: "DELETE FROM fact_number WHERE submission_id = ?", arguments: [id])
        if report.isValid {
            let sheet = report.submission?.sheet
            let fact = try db.makeStatement(sql: """
                INSERT INTO fact (submission_id, position, measure_id, status, completion_date, actual_result, indicator,
                                  reason, comment, sheet, cell) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let number = try db.makeStatement(sql: "INSERT INTO fact_number (submission_id, position, column_id, value) VALUES (?, ?, ?, ?)")
            for (position, entry) in report.entries.enumerated() {
                let date = entry.completionDate.map { $0.year * 10000 + $0.month * 100 + $0.day }
                try fact.execute(arguments: [id, position, entry.measureID, entry.status, date, entry.actualResult, entry.indicatorValue,
                                             entry.reason, entry.comment, sheet, entry.cell?.a1])
                for (column, value) in entry.numbers.sorted(by: { $0.key < $1.key }) {
                    try number.execute(arguments: [id, position, column, value])
                }
            }
        }
        try db.execute(sql: "UPDATE submission SET facts_recorded = 1 WHERE id = ?", arguments: [id])
    }

    /// Records the facts of a report judged before the ledger kept them (the back-fill of
    /// schema 4), in one transaction.
    public func recordFacts(_ id: Int64, report: FileReport) throws {
        try database.write { db in try Self.writeFacts(db, id: id, report: report) }
    }

    /// Accepted submissions whose facts are not in the ledger yet (judged by a Svod before
    /// schema 4), in id order.
    public func submissionsWithoutFacts() throws -> [LedgerSubmission] {
        try database.read { db in
            try LedgerSubmission.filter(sql: "facts_recorded = 0 AND verdict = ?", arguments: [Verdict.accepted])
                .order(LedgerSubmission.Columns.id).fetchAll(db)
        }
    }

    /// The recorded facts of some submissions, by submission id.
    public func facts(of ids: [Int64]) throws -> [Int64: [ReportEntry]] {
        var facts: [Int64: [ReportEntry]] = [:]
        try database.read { db in
            for chunk in ids.sorted().chunked(500) {
                let list = chunk.map(String.init).joined(separator: ",")
                facts.merge(try Self.facts(db, ids: list), uniquingKeysWith: { first, _ in first })
            }
        }
        return facts
    }

    /// Facts of the submissions in `ids` (a comma-separated list of ledger ids).
    private static func facts(_ db: Database, ids: String) throws -> [Int64: [ReportEntry]] {
        var numbers: [Int64: [Int: [String: Double]]] = [:]
        let numberRows = try GRDB.Row.fetchCursor(db, sql: """
            SELECT submission_id, position, column_id, value FROM fact_number WHERE submission_id IN (\(ids))
            """)
        while let row = try numberRows.next() {
            let id: Int64 = row[0]
            let position: Int = row[1]
            numbers[id, default: [:]][position, default: [:]][row[2] as String] = row[3] as Double
        }
        var facts: [Int64: [ReportEntry]] = [:]
        let rows = try GRDB.Row.fetchCursor(db, sql: """
            SELECT submission_id, position, measure_id, status, completion_date, actual_result, indicator, reason, comment, cell
            FROM fact WHERE submission_id IN (\(ids)) ORDER BY submission_id, position
            """)
        while let row = try rows.next() {
            let id: Int64 = row[0]
            let position: Int = row[1]
            let date = (row[4] as Int?).map { CivilDate(year: $0 / 10000, month: $0 / 100 % 100, day: $0 % 100) }
            let entry = ReportEntry(measureID: row[2], status: row[3], completionDate: date, actualResult: row[5],
                                    indicatorValue: row[6], reason: row[7], comment: row[8],
                                    numbers: numbers[id]?[position] ?? [:], cell: (row[9] as String?).flatMap { CellAddress(a1: $0) })
            facts[id, default: []].append(entry)
        }
        return facts
    }
}

// MARK: One period at a time

extension Ledger {
    /// How many filed submissions of each period (nil: without one) were received by `asOf`,
    /// and the latest receipt among them: what tells whether a state built earlier still holds.
    public func knownSubmissions(asOf: Date) throws -> [ReportPeriod?: KnownSubmissions] {
        try database.read { db in
            var known: [ReportPeriod?: KnownSubmissions] = [:]
            for row in try GRDB.Row.fetchAll(db, sql: """
                SELECT period, count(*), max(received_at) FROM submission WHERE state = ? AND received_at <= ? GROUP BY period
                """, arguments: [SubmissionState.stored, asOf.timeIntervalSince1970]) {
                known[row[0] as ReportPeriod?] = KnownSubmissions(count: row[1], latest: row[2])
            }
            return known
        }
    }

    /// The filed submissions of a period received by `asOf` (and those without a period, when
    /// asked), in id order.
    public func storedSubmissions(period: ReportPeriod, unidentified: Bool, asOf: Date) throws -> [LedgerSubmission] {
        try database.read { db in
            try LedgerSubmission.filter(sql: "state = ? AND received_at <= ? AND (period = ?\(unidentified ? " OR period IS NULL" : ""))",
                                        arguments: [SubmissionState.stored, asOf.timeIntervalSince1970, period])
                .order(LedgerSubmission.Columns.id).fetchAll(db)
        }
    }

    /// The periods that filed submissions claim, in order.
    public func storedPeriods() throws -> [ReportPeriod] {
        try database.read { db in
            try ReportPeriod.fetchAll(db, sql: "SELECT DISTINCT period FROM submission WHERE state = ? AND period IS NOT NULL",
                                      arguments: [SubmissionState.stored]).sorted()
        }
    }

    /// The diagnostics of several submissions, by id, each in the order the check gave them.
    public func diagnostics(of ids: [Int64]) throws -> [Int64: [LedgerDiagnostic]] {
        var found: [Int64: [LedgerDiagnostic]] = [:]
        try database.read { db in
            for chunk in ids.sorted().chunked(500) {
                for diagnostic in try LedgerDiagnostic.filter(chunk.contains(GRDB.Column("submission_id")))
                    .order(GRDB.Column("submission_id"), GRDB.Column("position")).fetchAll(db) {
                    found[diagnostic.submissionID, default: []].append(diagnostic)
                }
            }
        }
        return found
    }

    // MARK: Carried states

    /// The keys of the carried states kept for periods before `period`, latest first.
    public func carriedStateKeys(before period: ReportPeriod) throws -> [(period: ReportPeriod, key: String)] {
        try database.read { db in
            try GRDB.Row.fetchAll(db, sql: "SELECT period, key FROM carried_state").compactMap { row -> (ReportPeriod, String)? in
                guard let kept = row[0] as ReportPeriod?, kept < period else { return nil }
                return (kept, row[1] as String)
            }.sorted { $0.0 > $1.0 }
        }
    }

    public func carriedState(period: ReportPeriod) throws -> Data? {
        try database.read { db in try Data.fetchOne(db, sql: "SELECT state FROM carried_state WHERE period = ?", arguments: [period]) }
    }

    public func recordCarriedState(period: ReportPeriod, key: String, state: Data) throws {
        try database.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO carried_state (period, key, state) VALUES (?, ?, ?)", arguments: [period, key, state])
        }
    }
}

/// Filed submissions of a period known at a moment (`Ledger.knownSubmissions`).
public struct KnownSubmissions: Sendable, Equatable {
    public var count: Int
    public var latest: Double
}

extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
