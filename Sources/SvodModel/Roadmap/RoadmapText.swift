import Spreadsheet

/// The human-readable listing `svod roadmap inspect` prints.
public enum RoadmapText {
    public static func render(_ roadmap: Roadmap, language: Language) -> String {
        let ru = language == .ru
        var out = "\(roadmap.title)\n"
        out += (ru ? "Период: " : "Period: ") + "\(roadmap.period.start.russian) – \(roadmap.period.end.russian)\n"
        out += (ru ? "Мероприятий: " : "Measures: ") + "\(roadmap.measures.count)"
        out += (ru ? ", разделов: " : ", sections: ") + "\(roadmap.sections.count)\n"
        var section: String?
        for measure in roadmap.measures {
            if measure.section != section {
                section = measure.section
                let title = roadmap.sections.first { $0.id == measure.section }?.title ?? ""
                out += "\n\(measure.section). \(title)\n"
            }
            let months = measure.schedule.dueMonths().map(\.description).joined(separator: ", ")
            out += "  \(measure.id)  \(measure.title)\n"
            out += "      «\(measure.deadlineText)» → \(measure.schedule.kind.rawValue)"
            if let start = measure.schedule.start, let end = measure.schedule.end { out += " \(start.iso)…\(end.iso)" }
            if let frequency = measure.schedule.frequency { out += " (\(frequency.rawValue))" }
            if !months.isEmpty { out += (ru ? "; отчетные месяцы: " : "; due months: ") + months }
            out += "\n"
        }
        if !roadmap.warnings.isEmpty {
            out += "\n" + warnings(roadmap.warnings, language: language)
        }
        return out
    }

    /// The import warnings under their heading, one a line with its place and code, as
    /// `svod roadmap inspect` ends its listing and `svod roadmap normalize` prints to stderr;
    /// empty when there are none.
    public static func warnings(_ warnings: [RoadmapWarning], language: Language) -> String {
        if warnings.isEmpty { return "" }
        var out = language == .ru ? "Предупреждения:\n" : "Warnings:\n"
        for warning in warnings {
            out += "  \(warning.line(language))\n"
        }
        return out
    }
}
