import Spreadsheet

/// The JSON form of an imported roadmap, as `svod roadmap inspect --json` prints it. Keys
/// come in a fixed order so the output is byte-identical across runs.
public enum RoadmapJSON {
    public static func render(_ roadmap: Roadmap, language: Language = .ru) -> String {
        var out = "{\"roadmap\": {\"title\": \(JSONText.string(roadmap.title))"
        if let region = roadmap.region { out += ", \"region\": \(JSONText.string(region))" }
        out += ", \"period\": {\"start\": \"\(roadmap.period.start.iso)\", \"end\": \"\(roadmap.period.end.iso)\", \"kind\": \"\(roadmap.period.kind.rawValue)\"}"
        out += ", \"sections\": ["
        out += roadmap.sections.map { "{\"id\": \(JSONText.string($0.id)), \"title\": \(JSONText.string($0.title))}" }
            .joined(separator: ", ")
        out += "]},\n\"measures\": ["
        out += roadmap.measures.map { measure in
            var line = "\n  {\"id\": \(JSONText.string(measure.id)), \"section\": \(JSONText.string(measure.section))"
            line += ", \"title\": \(JSONText.string(measure.title))"
            line += ", \"deadline_text\": \(JSONText.string(measure.deadlineText))"
            line += ", \"responsible\": \(JSONText.string(measure.responsible))"
            line += ", \"expected_result\": \(JSONText.string(measure.expectedResult))"
            line += ", \"schedule\": \(schedule(measure.schedule))"
            line += ", \"due_months\": [\(measure.schedule.dueMonths().map { "\"\($0)\"" }.joined(separator: ", "))]}"
            return line
        }.joined(separator: ",")
        out += "\n],\n\"warnings\": ["
        out += roadmap.warnings.map { warning in
            "\n  {\"measure\": \(warning.measure.map(JSONText.string) ?? "null"), \"code\": \(JSONText.string(warning.code.rawValue))"
                + ", \"file\": \(warning.file.map(JSONText.string) ?? "null"), \"sheet\": \(warning.sheet.map(JSONText.string) ?? "null")"
                + ", \"cell\": \(warning.cell.map { JSONText.string($0.a1) } ?? "null")"
                + ", \"message\": \(JSONText.string(warning.message(language)))}"
        }.joined(separator: ",")
        out += "\n]}\n"
        return out
    }

    /// `{"kind": "period", "start": "…", "end": "…", "frequency": null, …}`.
    public static func schedule(_ schedule: Schedule) -> String {
        func date(_ value: CivilDate?) -> String { value.map { "\"\($0.iso)\"" } ?? "null" }
        var out = "{\"kind\": \"\(schedule.kind.rawValue)\", \"start\": \(date(schedule.start)), \"end\": \(date(schedule.end))"
        out += ", \"frequency\": \(schedule.frequency.map { "\"\($0.rawValue)\"" } ?? "null")"
        if !schedule.dates.isEmpty { out += ", \"dates\": [\(schedule.dates.map { "\"\($0.iso)\"" }.joined(separator: ", "))]" }
        if !schedule.months.isEmpty { out += ", \"months\": [\(schedule.months.map { "\"\($0)\"" }.joined(separator: ", "))]" }
        if !schedule.monthsOfYear.isEmpty { out += ", \"months_of_year\": [\(schedule.monthsOfYear.map(String.init).joined(separator: ", "))]" }
        if let weekday = schedule.weekday { out += ", \"weekday\": \(weekday)" }
        if let times = schedule.timesPerYear { out += ", \"times_per_year\": \(times)" }
        if let day = schedule.dayOfMonth { out += ", \"day_of_month\": \(day)" }
        if let note = schedule.note { out += ", \"note\": \(JSONText.string(note))" }
        return out + "}"
    }
}
