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
            out += ru ? "\nПредупреждения:\n" : "\nWarnings:\n"
            for warning in roadmap.warnings {
                out += "  [\(warning.code)] \(warning.measure.map { $0 + ": " } ?? "")\(warning.message(language))\n"
            }
        }
        return out
    }
}
