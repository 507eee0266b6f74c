import Foundation
import Spreadsheet
import SvodModel
import SvodConsolidation

/// What `svod status` shows: who reported for a month, on time or late, who is missing, what is
/// quarantined, and when the last run was — read from the ledger alone.
public struct PipelineStatus: Sendable {
    public struct Line: Sendable {
        public var municipality: Reporter
        public var timeliness: Timeliness
        public var receivedAt: Date?
        public var daysLate: Int
        public var files: Int
        /// Where the receipt time of the first accepted report came from.
        public var receivedFrom: ReceiptSource? = nil
    }

    public struct Quarantined: Sendable {
        public var file: String
        public var municipality: String?
        public var period: ReportPeriod?
        public var receivedAt: Date
        public var errors: Int
        public var path: String
    }

    public var period: ReportPeriod
    public var due: ReportDue
    public var lines: [Line]
    public var quarantined: [Quarantined]
    /// Accepted files of the month whose archived copy is gone (the run refuses to republish).
    public var missingFromArchive: [Quarantined] = []
    /// Inbox entries that were not reports, set aside.
    public var entries: [LedgerEntryProblem] = []
    public var lastRun: LedgerRun?

    /// The month `svod status` shows by default: the latest one due as of `asOf`, kept inside
    /// the roadmap's period (a roadmap that has ended shows its last month, one not yet begun its
    /// first).
    public static func defaultPeriod(pipeline: Pipeline, asOf: Date) -> ReportPeriod {
        let latest = pipeline.calendar.latestPeriodDue(asOf: asOf)
        let periods = pipeline.reportPeriods
        guard let first = periods.first, let last = periods.last else { return latest }
        return min(max(latest, first), last)
    }

    /// The status of `period` as of `asOf` (default: now): files received later are not counted.
    public static func compute(pipeline: Pipeline, ledger: Ledger, period: ReportPeriod,
                               asOf: Date? = nil) throws -> PipelineStatus {
        let due = pipeline.calendar.dueDate(for: period)
        let submissions = try ledger.submissions().filter { asOf == nil || $0.receivedAt <= asOf! }
        let forPeriod = submissions.filter { $0.period == period }
        let lines = pipeline.registry.municipalities.map { municipality -> Line in
            let mine = forPeriod.filter { $0.municipality == municipality.code }
            let accepted = mine.filter { $0.verdict == .accepted }.sorted { $0.receivedAt < $1.receivedAt }
            guard let first = accepted.first else {
                // Before the due moment a reporter without a report still has time.
                let awaited = (asOf ?? Date()) <= due.instant
                return Line(municipality: municipality, timeliness: awaited ? .awaited : .missing, receivedAt: nil, daysLate: 0,
                            files: mine.count)
            }
            let late = first.receivedAt > due.instant
            return Line(municipality: municipality, timeliness: late ? .late : .onTime, receivedAt: first.receivedAt,
                        daysLate: late ? max(1, pipeline.calendar.daysLate(receivedAt: first.receivedAt, for: period)) : 0,
                        files: mine.count, receivedFrom: first.receivedFrom)
        }
        let quarantined = submissions.filter { $0.verdict == .rejected }.map {
            Quarantined(file: $0.originalName, municipality: $0.municipality, period: $0.period, receivedAt: $0.receivedAt,
                        errors: $0.errors, path: $0.path)
        }
        let missing = forPeriod.filter { $0.verdict == .accepted && $0.state == .stored }.filter { submission in
            !RawPath.exists(submission.diskPath)
        }.map {
            Quarantined(file: $0.originalName, municipality: $0.municipality, period: $0.period, receivedAt: $0.receivedAt,
                        errors: $0.errors, path: $0.path)
        }
        return PipelineStatus(period: period, due: due, lines: lines, quarantined: quarantined, missingFromArchive: missing,
                              entries: try ledger.entryProblems(), lastRun: try ledger.runs().last)
    }

    public func text(language: Language, zone: String) -> String {
        let ru = language == .ru
        var out = period.cadence == .month ? (ru ? "Отчетный месяц: " : "Reporting month: ") + "\(period); "
            : (ru ? "Отчетный период: " : "Report period: ") + "\(period) (\(period.words(language))); "
        out += (ru ? "срок сдачи: " : "due: ") + "\(due.date.russian)\n"
        if let run = lastRun {
            out += (ru ? "Последний запуск: " : "Last run: ") + "#\(run.id) \(Timestamp.iso(run.startedAt, zone: zone))"
            out += ", \(run.outcome ?? (ru ? "не завершен" : "not finished"))\n"
        }
        for line in lines {
            var text = "  \(line.municipality.name): \(line.timeliness.name(language))"
            if line.timeliness == .awaited { text += ru ? " (срок \(due.date.russian))" : " (due \(due.date.iso))" }
            if let received = line.receivedAt {
                // The scheduled job's own moment goes without saying; a backfilled one says where it came from.
                let source = line.receivedFrom.flatMap { $0 == .run ? nil : ", " + $0.words(language) } ?? ""
                text += " (\(Timestamp.iso(received, zone: zone))" + source
                    + (line.daysLate > 0 ? (ru ? ", дней просрочки: \(line.daysLate)" : ", \(line.daysLate) days late") : "") + ")"
            }
            out += text + "\n"
        }
        let counts = Dictionary(grouping: lines, by: \.timeliness).mapValues(\.count)
        out += ru ? "Итого: в срок \(counts[.onTime] ?? 0), с опозданием \(counts[.late] ?? 0), не представили \(counts[.missing] ?? 0)"
            : "Total: \(counts[.onTime] ?? 0) on time, \(counts[.late] ?? 0) late, \(counts[.missing] ?? 0) missing"
        if let awaited = counts[.awaited] { out += ru ? ", ожидаются \(awaited)" : ", \(awaited) awaited" }
        out += "\n"
        if !quarantined.isEmpty {
            out += ru ? "В карантине (\(quarantined.count)):\n" : "Quarantined (\(quarantined.count)):\n"
            for item in quarantined {
                out += "  \(item.file) [\(item.period?.description ?? "?")] " + (ru ? "ошибок: \(item.errors)" : "\(item.errors) errors") + " — \(item.path)\n"
            }
        }
        if !missingFromArchive.isEmpty {
            out += ru ? "Нет в архиве (восстановите из резервной копии; месяц не переопубликуется): \(missingFromArchive.count)\n"
                      : "Missing from the archive (restore from a backup; the month is not republished): \(missingFromArchive.count)\n"
            for item in missingFromArchive { out += "  \(item.file) — \(item.path)\n" }
        }
        if !entries.isEmpty {
            out += ru ? "Убрано из входящей папки (не файлы отчетов): \(entries.count)\n" : "Set aside from the inbox (not report files): \(entries.count)\n"
            for entry in entries { out += "  \(entry.name) [\(entry.code.rawValue)]" + (entry.movedTo.map { " — \($0)" } ?? "") + "\n" }
        }
        return out
    }

    public func json(zone: String) -> String {
        func ts(_ date: Date?) -> String { date.map { JSONText.string(Timestamp.iso($0, zone: zone)) } ?? "null" }
        let counts = Dictionary(grouping: lines, by: \.timeliness).mapValues(\.count)
        var out = "{\"period\": \"\(period)\", \"due_at\": \(ts(due.instant))"
        out += ", \"totals\": {" + Timeliness.allCases.map { "\"\($0.rawValue)\": \(counts[$0] ?? 0)" }.joined(separator: ", ") + "}"
        if let run = lastRun {
            out += ", \"last_run\": {\"id\": \(run.id), \"started_at\": \(ts(run.startedAt)), \"finished_at\": \(ts(run.finishedAt)), \"outcome\": \(run.outcome.map(JSONText.string) ?? "null")}"
        } else {
            out += ", \"last_run\": null"
        }
        out += ", \"municipalities\": [" + lines.map { line in
            "{\"name\": \(JSONText.string(line.municipality.name)), \"report\": \"\(line.timeliness.rawValue)\", \"received_at\": \(ts(line.receivedAt)), \"days_late\": \(line.daysLate), \"files\": \(line.files), \"received_from\": \(line.receivedFrom.map { JSONText.string($0.rawValue) } ?? "null")}"
        }.joined(separator: ", ") + "]"
        out += ", \"quarantined\": [" + quarantined.map { item in
            "{\"file\": \(JSONText.string(item.file)), \"period\": \(item.period.map { JSONText.string($0.description) } ?? "null"), \"received_at\": \(ts(item.receivedAt)), \"errors\": \(item.errors), \"path\": \(JSONText.string(item.path))}"
        }.joined(separator: ", ") + "]"
        out += ", \"missing_from_archive\": [" + missingFromArchive.map { item in
            "{\"file\": \(JSONText.string(item.file)), \"path\": \(JSONText.string(item.path))}"
        }.joined(separator: ", ") + "]"
        out += ", \"set_aside\": [" + entries.map { entry in
            "{\"name\": \(JSONText.string(entry.name)), \"code\": \(JSONText.string(entry.code.rawValue)), \"moved_to\": \(entry.movedTo.map(JSONText.string) ?? "null")}"
        }.joined(separator: ", ") + "]}\n"
        return out
    }
}
