import Foundation
import Spreadsheet
import SvodModel

/// The consolidation as JSON, with the same figures as the workbook, keys in a fixed order.
public enum ConsolidationJSON {
    public static func render(_ c: Consolidation, language: Language = .ru) -> String {
        let zone = c.timeZone
        func ts(_ date: Date?) -> String { date.map { JSONText.string(Timestamp.iso($0, zone: zone)) } ?? "null" }
        func share(_ value: Double) -> String { JSONText.number((value * 10_000).rounded() / 10_000) }
        var out = "{\"region\": \(JSONText.string(c.region)), \"roadmap\": \(JSONText.string(c.roadmapTitle))"
        out += ",\n\"period\": \"\(c.period)\", \"cadence\": \"\(c.period.cadence.rawValue)\", \"as_of\": \(ts(c.asOf)), \"due_at\": \(ts(c.due.instant))"
        out += ", \"due_date\": \"\(c.due.date.iso)\", \"time_zone\": \(JSONText.string(zone))"
        out += ",\n\"municipalities\": ["
        out += c.municipalities.map { line -> String in
            let file: String = line.file.map(JSONText.string) ?? "null"
            var item = "\n  {\"name\": \(JSONText.string(line.municipality.name))"
            if line.municipality.kind == .municipality { item += ", \"oktmo\": \(JSONText.string(line.municipality.code))" }
            item += ", \"code\": \(JSONText.string(line.municipality.code)), \"kind\": \"\(line.municipality.kind.rawValue)\""
            item += ", \"report\": \"\(line.timeliness.rawValue)\", \"received_at\": \(ts(line.receivedAt))"
            item += ", \"days_late\": \(line.daysLate), \"file\": \(file)"
            item += ", \"rejected_files\": \(line.rejectedFiles)"
            item += ", \"completion_share\": \(share(line.completionShare)), \"overdue\": \(line.overdue)"
            item += ", \"measures_owed\": \(line.measuresOwed)}"
            return item
        }.joined(separator: ",")
        out += "\n],\n\"measures\": ["
        out += c.measures.map { line in
            var item = "\n  {\"id\": \(JSONText.string(line.measure.id)), \"section\": \(JSONText.string(line.measure.section))"
            item += ", \"state\": \"\(line.state.rawValue)\", \"due_this_month\": \(line.dueThisMonth)"
            item += ", \"applies_to\": \(JSONText.string(line.applicability.description)), \"owing\": \(line.owing)"
            item += ", \"status_counts\": {"
            item += line.statusCounts.filter { $0.status != nil }.map { "\(JSONText.string($0.status!)): \($0.count)" }
                .joined(separator: ", ")
            item += "}, \"no_data\": \(line.statusCounts.first { $0.status == nil }?.count ?? 0)"
            item += ", \"overdue\": \(line.overdue), \"completion_share\": \(share(line.completionShare))"
            if let stats = line.indicator {
                item += ", \"indicator\": {\"count\": \(stats.count), \"sum\": \(JSONText.number(stats.sum))"
                item += ", \"min\": \(JSONText.number(stats.minimum)), \"max\": \(JSONText.number(stats.maximum))"
                item += ", \"mean\": \(share(stats.mean))}"
            } else {
                item += ", \"indicator\": null"
            }
            if !line.shares.isEmpty {
                item += ", \"shares\": [" + line.shares.map { figure -> String in
                    let value: String = figure.share.map(share) ?? "null"
                    return "{\"group\": \(JSONText.string(figure.group)), \"numerator\": \(JSONText.number(figure.numerator))"
                        + ", \"denominator\": \(JSONText.number(figure.denominator)), \"reporters\": \(figure.reporters), \"share\": \(value)}"
                }.joined(separator: ", ") + "]"
            }
            return item + "}"
        }.joined(separator: ",")
        out += "\n],\n\"overdue\": ["
        out += c.overdue.map { line -> String in
            let status: String = line.status.map(JSONText.string) ?? "null"
            let reason: String = line.reason.map(JSONText.string) ?? "null"
            return "\n  {\"measure\": \(JSONText.string(line.measure.id)), \"municipality\": \(JSONText.string(line.municipality.name)), \"status\": \(status), \"reason\": \(reason)}"
        }.joined(separator: ",")
        out += "\n],\n\"register\": ["
        out += c.register.map { line -> String in
            let name: String = line.municipality.map { JSONText.string($0.name) } ?? "null"
            var item = "\n  {\"municipality\": \(name), \"file\": \(JSONText.string(line.file))"
            item += ", \"received_at\": \(ts(line.receivedAt)), \"days_late\": \(line.daysLate)"
            item += ", \"valid\": \(line.valid), \"superseded\": \(line.superseded)"
            item += ", \"errors\": \(line.errors), \"warnings\": \(line.warnings)}"
            return item
        }.joined(separator: ",")
        let rejected = c.register.filter { !$0.valid }.count
        out += "\n],\n\"totals\": {\"municipalities\": \(c.municipalities.count), \"on_time\": \(c.onTimeCount)"
        out += ", \"late\": \(c.lateCount), \"missing\": \(c.missingCount), \"awaited\": \(c.awaitedCount), \"overdue\": \(c.overdueCount)"
        out += ", \"files\": \(c.register.count), \"rejected\": \(rejected), \"diagnostics\": \(c.diagnostics.count)}}\n"
        return out
    }
}
