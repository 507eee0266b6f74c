import Spreadsheet
import SvodModel

/// Renders validation results: grouped by file and sorted by cell as text, or as JSON in the
/// documented shape.
public enum ValidationReport {
    /// `{"files": [{"file": "…", "municipality": "…", "period": "YYYY-MM", "valid": false,
    /// "diagnostics": [{"code": "…", "severity": "error", "sheet": "…", "cell": "D7", "value": "…",
    /// "message": "…"}]}]}`.
    public static func json(_ reports: [FileReport], language: Language) -> String {
        var out = "{\"files\": ["
        out += reports.map { report in
            var item = "\n  {\"file\": \(JSONText.string(report.file))"
            item += ", \"municipality\": \(report.municipality.map { JSONText.string($0.name) } ?? "null")"
            item += ", \"oktmo\": \(report.municipality.map { JSONText.string($0.code) } ?? "null")"
            item += ", \"period\": \(report.period.map { JSONText.string($0.description) } ?? "null")"
            item += ", \"valid\": \(report.isValid)"
            item += ", \"errors\": \(report.errorCount), \"warnings\": \(report.warningCount)"
            item += ", \"diagnostics\": ["
            item += report.diagnostics.map { d in
                "\n    {\"code\": \(JSONText.string(d.code.rawValue)), \"severity\": \"\(d.severity.rawValue)\""
                    + ", \"sheet\": \(d.sheet.map(JSONText.string) ?? "null")"
                    + ", \"cell\": \(d.cell.map { JSONText.string($0.a1) } ?? "null")"
                    + ", \"value\": \(d.value.map(JSONText.string) ?? "null")"
                    + ", \"message\": \(JSONText.string(d.message(language)))}"
            }.joined(separator: ",")
            item += report.diagnostics.isEmpty ? "]}" : "\n  ]}"
            return item
        }.joined(separator: ",")
        out += reports.isEmpty ? "]}\n" : "\n]}\n"
        return out
    }

    /// Human-readable text: one block per file with a summary line, diagnostics sorted by cell.
    public static func text(_ reports: [FileReport], language: Language) -> String {
        let ru = language == .ru
        var out = ""
        for report in reports {
            let who = report.municipality?.name ?? (ru ? "МО не определено" : "municipality unknown")
            let when = report.period?.description ?? (ru ? "месяц не определен" : "month unknown")
            let verdict: String
            if report.isValid {
                verdict = ru ? "принят" : "valid"
            } else {
                verdict = ru ? "ОТКЛОНЕН" : "INVALID"
            }
            out += "\(report.file): \(verdict) — \(who), \(when); "
            out += ru ? "ошибок: \(report.errorCount), предупреждений: \(report.warningCount)\n"
                : "\(report.errorCount) errors, \(report.warningCount) warnings\n"
            for diagnostic in report.diagnostics {
                let place = diagnostic.cell.map { "\(diagnostic.sheet.map { $0 + "!" } ?? "")\($0.a1)" } ?? (ru ? "файл" : "file")
                let severity = diagnostic.severity.name(language)
                out += "  \(place) [\(diagnostic.code.rawValue), \(severity)] \(diagnostic.message(language))\n"
            }
        }
        let valid = reports.filter(\.isValid).count
        if reports.count > 1 {
            out += ru ? "Итого файлов: \(reports.count), принято: \(valid), отклонено: \(reports.count - valid).\n"
                : "Files: \(reports.count), valid: \(valid), invalid: \(reports.count - valid).\n"
        }
        return out
    }
}
