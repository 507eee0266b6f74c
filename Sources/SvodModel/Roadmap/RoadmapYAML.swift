import Foundation
import Yams
import Spreadsheet

/// The normalized YAML form of a roadmap: what `svod roadmap normalize` writes and the importer
/// reads back. It keeps the table's content (ids, sections, deadline texts); schedules are
/// parsed again from the deadline texts on import, so the file stays small and hand-editable.
///
/// ```yaml
/// version: 1
/// title: «Дорожная карта» …
/// period: {start: 2021-01-01, end: 2021-12-31, kind: calendar-year}
/// sections:
/// - id: '1'
///   title: Принятие управленческих решений …
/// measures:
/// - id: '1.1'
///   section: '1'
///   title: Участие в проекте 500+ …
///   deadline: В течение года
///   responsible: …
///   expected_result: …
/// ```
public enum RoadmapYAML {
    public static let version = 1

    /// The YAML text of a roadmap; the same roadmap always gives the same bytes.
    public static func render(_ roadmap: Roadmap) throws -> String {
        func scalar(_ text: String) -> Node { Node(text, Tag(.str), .doubleQuoted) }
        func mapping(_ pairs: [(String, Node)]) -> Node {
            Node.mapping(Node.Mapping(pairs.map { (Node($0.0), $0.1) }))
        }
        var top: [(String, Node)] = [("version", Node(String(version), Tag(.int)))]
        top.append(("title", scalar(roadmap.title)))
        if let region = roadmap.region { top.append(("region", scalar(region))) }
        top.append(("period", mapping([
            ("start", Node(roadmap.period.start.iso)),
            ("end", Node(roadmap.period.end.iso)),
            ("kind", Node(roadmap.period.kind.rawValue)),
        ])))
        top.append(("sections", Node.sequence(Node.Sequence(roadmap.sections.map {
            mapping([("id", scalar($0.id)), ("title", scalar($0.title))])
        }))))
        top.append(("measures", Node.sequence(Node.Sequence(roadmap.measures.map { measure in
            mapping([
                ("id", scalar(measure.id)),
                ("section", scalar(measure.section)),
                ("title", scalar(measure.title)),
                ("deadline", scalar(measure.deadlineText)),
                ("responsible", scalar(measure.responsible)),
                ("expected_result", scalar(measure.expectedResult)),
            ])
        }))))
        return try Yams.serialize(node: mapping(top), width: -1, allowUnicode: true)
    }

    /// Reads a roadmap from its normalized YAML form.
    ///
    /// - Throws: `RoadmapImportError.invalidYAML` naming the key (and line) at fault.
    public static func read(path: String, periodOverride: RoadmapPeriod? = nil) throws -> Roadmap {
        let name = (path as NSString).lastPathComponent
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw RoadmapImportError.unreadable(SpreadsheetError(.fileUnreadable, file: path))
        }
        return try parse(text, file: name, periodOverride: periodOverride)
    }

    public static func parse(_ text: String, file: String, periodOverride: RoadmapPeriod? = nil) throws -> Roadmap {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw RoadmapImportError.invalidYAML(file: file, detail: String(describing: error))
        }
        guard let root = node?.mapping else { throw RoadmapImportError.invalidYAML(file: file, detail: "the document is not a mapping") }
        func fail(_ key: String, _ node: Node?, _ what: String) -> RoadmapImportError {
            let line = node?.mark.map { " (line \($0.line))" } ?? ""
            return .invalidYAML(file: file, detail: "\(key): \(what)\(line)")
        }
        func string(_ map: Node.Mapping, _ key: String, required: Bool = true) throws -> String {
            guard let value = map[key] else {
                if required { throw fail(key, Node.mapping(map), "missing") }
                return ""
            }
            guard let text = value.string else { throw fail(key, value, "must be text") }
            return text
        }
        if let version = root["version"], version.int != RoadmapYAML.version {
            throw fail("version", version, "unsupported version (expected \(RoadmapYAML.version))")
        }
        let title = try string(root, "title")
        var period = periodOverride
        if period == nil {
            guard let node = root["period"], let map = node.mapping else { throw fail("period", root["period"], "missing") }
            guard let start = CivilDate(iso: try string(map, "start")), let end = CivilDate(iso: try string(map, "end")) else {
                throw fail("period", node, "start and end must be YYYY-MM-DD dates")
            }
            let kind = RoadmapPeriod.Kind(rawValue: try string(map, "kind", required: false)) ?? .calendarYear
            period = RoadmapPeriod(start: start, end: end, kind: kind)
        }
        var sections: [Section] = []
        for item in root["sections"]?.sequence ?? [] {
            guard let map = item.mapping else { throw fail("sections", item, "each section must be a mapping") }
            sections.append(Section(id: try string(map, "id"), title: try string(map, "title", required: false)))
        }
        var measures: [Measure] = []
        var warnings: [RoadmapWarning] = []
        guard let list = root["measures"]?.sequence, !list.isEmpty else { throw RoadmapImportError.noMeasures(file: file) }
        for item in list {
            guard let map = item.mapping else { throw fail("measures", item, "each measure must be a mapping") }
            let id = try string(map, "id")
            let deadline = try string(map, "deadline", required: false)
            let parse = DeadlineParser.parse(deadline, period: period!)
            warnings += parse.warnings.map { RoadmapWarning(measure: id, code: $0.code, message: $0.message, file: file) }
            measures.append(Measure(
                id: id, section: try string(map, "section", required: false), title: try string(map, "title"),
                deadlineText: deadline, schedule: parse.schedule,
                responsible: try string(map, "responsible", required: false),
                expectedResult: try string(map, "expected_result", required: false),
                sourceRow: item.mark.map { $0.line }))
        }
        let region = try string(root, "region", required: false)
        return Roadmap(title: title, region: region.isEmpty ? nil : region, period: period!, sections: sections,
                       measures: measures, warnings: warnings)
    }
}
