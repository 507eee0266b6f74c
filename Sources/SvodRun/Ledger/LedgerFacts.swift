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

    /// The recorded facts of every stored accepted submission, by submission id, in the order
    /// the report gave them.
    public func storedFacts() throws -> [Int64: [ReportEntry]] {
        try database.read { db in
            var numbers: [Int64: [Int: [String: Double]]] = [:]
            let numberRows = try GRDB.Row.fetchCursor(db, sql: """
                SELECT n.submission_id, n.position, n.column_id, n.value FROM fact_number AS n
                JOIN submission AS s ON s.id = n.submission_id WHERE s.state = ? AND s.verdict = ?
                """, arguments: [SubmissionState.stored, Verdict.accepted])
            while let row = try numberRows.next() {
                let id: Int64 = row[0]
                let position: Int = row[1]
                numbers[id, default: [:]][position, default: [:]][row[2] as String] = row[3] as Double
            }
            var facts: [Int64: [ReportEntry]] = [:]
            let rows = try GRDB.Row.fetchCursor(db, sql: """
                SELECT f.submission_id, f.position, f.measure_id, f.status, f.completion_date, f.actual_result, f.indicator,
                       f.reason, f.comment, f.cell FROM fact AS f
                JOIN submission AS s ON s.id = f.submission_id WHERE s.state = ? AND s.verdict = ?
                ORDER BY f.submission_id, f.position
                """, arguments: [SubmissionState.stored, Verdict.accepted])
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
}
