import Foundation
import GRDB
import SvodModel
import SvodChecks

/// What the stages ask of the ledger and record in it, in records (`LedgerRecords.swift`).
extension Ledger {
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
        try database.read { db in try LedgerRun.order(GRDB.Column("id")).fetchAll(db) }
    }

    // MARK: Submissions

    /// The submission with this content, if the ledger has seen it.
    public func submission(sha256: String) throws -> LedgerSubmission? {
        try database.read { db in
            try LedgerSubmission.filter(LedgerSubmission.Columns.sha256 == sha256).fetchOne(db)
        }
    }

    /// Records a newly received file (its first sighting fixes the receipt time).
    public func insertReceived(sha256: String, originalName: String, nameBytes: [UInt8]? = nil, path: String, receivedAt: Date,
                               runID: Int64, receivedFrom: ReceiptSource? = nil) throws -> Int64 {
        try database.write { db in
            var submission = LedgerSubmission.received(sha256: sha256, originalName: originalName, nameBytes: nameBytes, path: path,
                                                       receivedAt: receivedAt, runID: runID, receivedFrom: receivedFrom)
            try submission.insert(db)
            return submission.id
        }
    }

    /// Marks a submission as being checked (before the validator opens it).
    public func markValidating(_ id: Int64) throws {
        try database.write { db in
            try db.execute(sql: "UPDATE submission SET state = ?, attempts = attempts + 1 WHERE id = ?",
                           arguments: [SubmissionState.validating, id])
        }
    }

    /// How many submissions are filed (in the archive or the quarantine) or on their way there.
    public func submissionCount() throws -> Int {
        try database.read { db in try LedgerSubmission.fetchCount(db) }
    }

    public func submissions(state: SubmissionState? = nil, verdict: Verdict? = nil) throws -> [LedgerSubmission] {
        try database.read { db in
            var request = LedgerSubmission.order(LedgerSubmission.Columns.id)
            if let state { request = request.filter(LedgerSubmission.Columns.state == state) }
            if let verdict { request = request.filter(LedgerSubmission.Columns.verdict == verdict) }
            return try request.fetchAll(db)
        }
    }

    /// Records a verdict, its diagnostics and (accepted) its facts in one transaction, with the month whose
    /// consolidation it changes (`dirty`: republished by this run or, after a kill, the next).
    /// An accepted report supersedes the latest earlier-received accepted one for the same
    /// municipality and month.
    public func recordVerdict(_ id: Int64, report: FileReport, dirty: ReportPeriod?, runID: Int64) throws {
        try database.write { db in
            let municipality = report.municipality?.code
            let period = report.period
            let verdict = Verdict(report)
            var supersedes: Int64?
            if verdict == .accepted, let municipality, let period {
                supersedes = try Int64.fetchOne(db, sql: """
                    SELECT s.id FROM submission AS s, submission AS me
                    WHERE me.id = ? AND s.municipality = ? AND s.period = ? AND s.verdict = ? AND s.id != me.id
                      AND (s.received_at < me.received_at OR (s.received_at = me.received_at AND s.id < me.id))
                    ORDER BY s.received_at DESC, s.id DESC LIMIT 1
                    """, arguments: [id, municipality, period, Verdict.accepted])
            }
            try db.execute(sql: """
                UPDATE submission SET state = ?, municipality = ?, period = ?, verdict = ?, supersedes = ?,
                    errors = ?, warnings = ?, verdict_run_id = ? WHERE id = ?
                """, arguments: [SubmissionState.validated, municipality, period, verdict, supersedes,
                                 report.errorCount, report.warningCount, runID, id])
            try LedgerDiagnostic.filter(GRDB.Column("submission_id") == id).deleteAll(db)
            for (position, diagnostic) in report.diagnostics.enumerated() {
                try LedgerDiagnostic(submissionID: id, position: position, diagnostic).insert(db)
            }
            try Self.writeFacts(db, id: id, report: report)
            if let dirty {
                try DirtyPeriod(period: dirty).insert(db, onConflict: .ignore)
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

    public func markStored(_ id: Int64, path: String) throws {
        try database.write { db in
            try db.execute(sql: "UPDATE submission SET state = ?, path = ? WHERE id = ?", arguments: [SubmissionState.stored, path, id])
        }
    }

    /// A judged submission's diagnostics, in the order the check gave them.
    public func diagnostics(of id: Int64) throws -> [LedgerDiagnostic] {
        try database.read { db in
            try LedgerDiagnostic.filter(GRDB.Column("submission_id") == id).order(GRDB.Column("position")).fetchAll(db)
        }
    }

    /// Rejected files whose verdicts were recorded by this run or by runs since the last one
    /// that completed (a killed or failed run's rejections are reported by the run that
    /// completes its work).
    public func rejectedSinceLastFinishedRun(before runID: Int64) throws -> Int {
        let last = try lastFinishedRun(before: runID)
        return try database.read { db in
            try LedgerSubmission
                .filter(LedgerSubmission.Columns.verdict == Verdict.rejected && LedgerSubmission.Columns.verdictRunID > last)
                .fetchCount(db)
        }
    }

    /// The last run before `runID` that completed (0 for none).
    public func lastFinishedRun(before runID: Int64) throws -> Int64 {
        try database.read { db in
            try Int64.fetchOne(db, sql: "SELECT max(id) FROM run WHERE id < ? AND finished_at IS NOT NULL AND outcome NOT LIKE 'failed%'", arguments: [runID]) ?? 0
        }
    }

    // MARK: Months to republish

    /// Months whose facts changed since they were last published, in order.
    public func dirtyPeriods() throws -> [ReportPeriod] {
        try database.read { db in
            try DirtyPeriod.order(GRDB.Column("period")).fetchAll(db).map(\.period)
        }
    }

    /// Clears the marks of months that are now published.
    public func clearDirty(_ periods: [ReportPeriod]) throws {
        try database.write { db in
            for period in periods { try DirtyPeriod.deleteOne(db, key: period) }
        }
    }

    // MARK: Inbox entries that are not reports

    public func recordEntryProblem(name: String, nameBytes: [UInt8]?, code: EntryProblemCode, movedTo: String?, runID: Int64) throws {
        try database.write { db in
            try LedgerEntryProblem(name: name, nameBytes: nameBytes, code: code, movedTo: movedTo, runID: runID).insert(db)
        }
    }

    public func entryProblems() throws -> [LedgerEntryProblem] {
        try database.read { db in try LedgerEntryProblem.order(GRDB.Column("id")).fetchAll(db) }
    }

    // MARK: Publications

    /// The fingerprint of the consolidation last published for a month.
    public func publication(period: ReportPeriod) throws -> String? {
        try database.read { db in try LedgerPublication.fetchOne(db, key: period)?.fingerprint }
    }

    /// The as-of state a month's publication was made in (nil for none, or one from before schema 5).
    public func publicationStateKey(period: ReportPeriod) throws -> String? {
        try database.read { db in try LedgerPublication.fetchOne(db, key: period)?.stateKey }
    }

    /// The publication state of every published month.
    public func publicationStateKeys() throws -> [ReportPeriod: String?] {
        try database.read { db in
            Dictionary(try LedgerPublication.fetchAll(db).map { ($0.period, $0.stateKey) }, uniquingKeysWith: { first, _ in first })
        }
    }

    public func recordPublication(period: ReportPeriod, fingerprint: String, asOf: Date, runID: Int64, stateKey: String? = nil) throws {
        try database.write { db in
            try LedgerPublication(period: period, fingerprint: fingerprint, asOf: asOf, runID: runID, stateKey: stateKey).upsert(db)
        }
    }

    /// Notes that a month's published workbook still stands in a new as-of state (its figures
    /// came out the same), without touching the publication itself.
    public func confirmPublication(period: ReportPeriod, stateKey: String) throws {
        try database.write { db in
            try db.execute(sql: "UPDATE publication SET state_key = ? WHERE period = ?", arguments: [stateKey, period])
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
            for row in try GRDB.Row.fetchAll(db, sql: """
                SELECT s.sha256, f.position, f.measure_id, f.status, f.completion_date, f.actual_result, f.indicator, f.reason,
                       f.comment, f.sheet, f.cell,
                       (SELECT group_concat(n.column_id || '=' || n.value, ';') FROM fact_number AS n
                        WHERE n.submission_id = f.submission_id AND n.position = f.position) AS numbers
                FROM fact AS f JOIN submission AS s ON s.id = f.submission_id ORDER BY s.sha256, f.position
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
}
