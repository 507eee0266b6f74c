import Foundation
import Spreadsheet

/// Imports roadmap tables as published: XLSX or CSV with title rows, merged section rows,
/// page-break continuation rows and repeated headers — or the normalized YAML form.
public struct RoadmapImporter: Sendable {
    /// The roadmap period when the title does not state it (or states it wrongly).
    public var periodOverride: RoadmapPeriod?
    public var limits: ReadLimits

    public init(periodOverride: RoadmapPeriod? = nil, limits: ReadLimits = .default) {
        self.periodOverride = periodOverride
        self.limits = limits
    }

    /// Imports a roadmap file: `.yaml`/`.yml` in the normalized form, anything else as a table.
    public func importFile(_ path: String, sheet: SheetSelector = .first) throws -> Roadmap {
        let ext = (path as NSString).pathExtension.lowercased()
        if ext == "yaml" || ext == "yml" {
            return try RoadmapYAML.read(path: path, periodOverride: periodOverride)
        }
        do {
            let document = try SpreadsheetDocument.open(path: path, limits: limits)
            let info = try document.sheet(sheet)
            let reader = try document.rows(sheet)
            let rows = try reader.readAll()
            var roadmap = try importTable(rows: rows, merged: reader.mergedRanges, file: (path as NSString).lastPathComponent,
                                          sheet: info.name)
            if document.format == .csv {
                // A CSV file has no sheets to name: its warnings give the file and the cell.
                for index in roadmap.warnings.indices { roadmap.warnings[index].sheet = nil }
            }
            return roadmap
        } catch let error as SpreadsheetError {
            throw RoadmapImportError.unreadable(error.with(file: path))
        }
    }

    /// Builds a roadmap from a table's rows.
    public func importTable(rows: [Row], merged: [CellRange], file: String, sheet: String) throws -> Roadmap {
        let layout = try TableLayout.detect(in: rows, file: file, sheet: sheet)
        let titleBlock = rows.filter { $0.index < layout.headerRow }
        let title = Self.title(from: titleBlock)
        var warnings: [RoadmapWarning] = []

        let unlabelled = UnlabelledColumns(rows: rows, layout: layout, merged: merged)
        warnings += unlabelled.warnings
        var builder = TableWalker(layout: layout, merged: merged)
        for row in unlabelled.rows where row.index > layout.headerRow {
            builder.take(row)
        }
        warnings += builder.warnings
        guard !builder.items.isEmpty, builder.items.contains(where: { !$0.isSection }) else {
            throw RoadmapImportError.noMeasures(file: file)
        }

        let period: RoadmapPeriod
        if let periodOverride {
            period = periodOverride
        } else if let inferred = RoadmapPeriod.infer(fromTitle: title)
                    ?? RoadmapPeriod.infer(fromTitle: titleBlock.flatMap(\.cells).map(\.value.text).joined(separator: " ")) {
            period = inferred
        } else {
            period = Self.periodFromDeadlines(builder.items)
            warnings.append(RoadmapWarning(measure: nil, .roadmapPeriodInferred, [
                "start": LocalizedText(ru: period.start.russian, en: period.start.iso),
                "end": LocalizedText(ru: period.end.russian, en: period.end.iso),
            ]))
        }

        let (sections, measures, idWarnings) = Self.assemble(builder.items, period: period, layout: layout)
        warnings += idWarnings
        for measure in measures {
            warnings += measure.parseWarnings
        }
        for index in warnings.indices {
            warnings[index].file = file
            warnings[index].sheet = sheet
        }
        return Roadmap(title: title, period: period, sections: sections, measures: measures.map(\.measure),
                       warnings: warnings)
    }

    /// The roadmap title: the title rows above the header, without approval stamps and
    /// attachment references («Приложение 2», «УТВЕРЖДАЮ»).
    static func title(from rows: [Row]) -> String {
        let stamps = ["приложение", "утверждаю", "утверждено", "утверждена", "к приказу", "согласовано"]
        let lines = rows.flatMap(\.cells).compactMap { cell -> String? in
            guard case .string(let raw) = cell.value else { return nil }
            let text = TextCleaner.clean(raw)
            let folded = TextCleaner.fold(text)
            return text.isEmpty || stamps.contains(where: { folded.hasPrefix($0) }) ? nil : text
        }
        return lines.joined(separator: " ")
    }

    /// A period spanning the calendar years the deadlines mention (when the title says nothing).
    static func periodFromDeadlines(_ items: [TableWalker.Item]) -> RoadmapPeriod {
        var years: [Int] = []
        for item in items {
            for match in item.deadline.matches(of: /(19|20)\d\d/) { years.append(Int(match.output.0)!) }
            if let date = item.deadlineDate { years.append(date.year) }
        }
        let first = years.min() ?? 2000
        let last = years.max() ?? first
        return RoadmapPeriod(start: CivilDate(year: first, month: 1, day: 1), end: CivilDate(year: last, month: 12, day: 31),
                             kind: first == last ? .calendarYear : .years)
    }

    struct ParsedMeasure {
        var measure: Measure
        var parseWarnings: [RoadmapWarning]
    }

    /// Turns walked rows into sections and measures with ids: as numbered when the table numbers
    /// measures with section-qualified (`1.2`) or continuous numbers, `<section>.<n>` when the
    /// numbering is missing or restarts in each section. Duplicate ids get a `-2` suffix; a
    /// number that does not continue the numbering is kept and named in a warning.
    static func assemble(_ items: [TableWalker.Item], period: RoadmapPeriod, layout: TableLayout)
        -> ([Section], [ParsedMeasure], [RoadmapWarning]) {
        func cell(_ item: TableWalker.Item, _ role: RoadmapColumn) -> CellAddress? {
            layout.column(role).map { CellAddress(row: item.row, column: $0) }
        }
        var sections: [Section] = []
        var warnings: [RoadmapWarning] = []
        var sequence = NumberSequence()
        // Decide the numbering scheme from all measure numbers.
        let numbers = items.filter { !$0.isSection }.map { normalizedNumber($0.number) }
        let plain = numbers.filter { !$0.isEmpty && !$0.contains(".") }
        let restarts = Set(plain).count < plain.count
        let missing = numbers.contains { $0.isEmpty }
        let qualifyPlain = restarts || missing

        var sectionID = ""
        var ordinalInSection = 0
        var used: [String: Int] = [:]
        var measures: [ParsedMeasure] = []
        for item in items {
            if item.isSection {
                let parsed = sectionNumber(item)
                sectionID = parsed.id ?? String(sections.count + 1)
                if sections.contains(where: { $0.id == sectionID }) { sectionID = String(sections.count + 1) }
                sections.append(Section(id: sectionID, title: parsed.title))
                ordinalInSection = 0
                sequence.startSection(sectionID)
                continue
            }
            ordinalInSection += 1
            let number = normalizedNumber(item.number)
            var id: String
            if !number.isEmpty && (number.contains(".") || !qualifyPlain) {
                id = number
            } else if !number.isEmpty, !sectionID.isEmpty {
                id = "\(sectionID).\(number)"
            } else {
                id = sectionID.isEmpty ? String(ordinalInSection) : "\(sectionID).\(ordinalInSection)"
            }
            let repeated = used[id] != nil
            if let count = used[id] {
                let original = id
                id = "\(original)-\(count + 1)"
                used[original] = count + 1
                warnings.append(RoadmapWarning(measure: id, .measureDuplicateID, ["original": original, "row": item.row + 1, "id": id],
                                               cell: cell(item, .number)))
            }
            used[id] = used[id] ?? 1
            if let previous = sequence.take(number, repeated: repeated) {
                warnings.append(RoadmapWarning(measure: id, .measureIDOutOfSequence,
                                               ["id": number, "previous": previous, "row": item.row + 1],
                                               cell: cell(item, .number)))
            }

            let parse: DeadlineParse
            let deadlineText: String
            if let date = item.deadlineDate, item.deadline.isEmpty {
                parse = DeadlineParser.parse(date: date, period: period)
                deadlineText = date.russian
            } else {
                deadlineText = item.deadline
                parse = DeadlineParser.parse(deadlineText, period: period)
            }
            let measure = Measure(
                id: id, section: sectionID, title: item.title, deadlineText: deadlineText, schedule: parse.schedule,
                responsible: item.responsible, expectedResult: item.result, sourceRow: item.row + 1)
            var parseWarnings = parse.warnings.map {
                RoadmapWarning(measure: id, code: $0.code, message: $0.message, cell: cell(item, .deadline))
            }
            if deadlineText.isEmpty {
                // Kept (a report on it is still expected) but flagged: nothing says when it is due.
                parseWarnings = [RoadmapWarning(measure: id, .measureDeadlineMissing, ["id": id, "row": item.row + 1],
                                                cell: cell(item, .deadline))]
            }
            measures.append(ParsedMeasure(measure: measure, parseWarnings: parseWarnings))
        }
        return (sections, measures, warnings)
    }

    /// `1.6.` → `1.6`, `3.` → `3`, ` 2 ` → `2`.
    static func normalizedNumber(_ text: String) -> String {
        var value = text.trimmingCharacters(in: .whitespaces)
        while value.hasSuffix(".") || value.hasSuffix(")") { value.removeLast() }
        return value.trimmingCharacters(in: .whitespaces)
    }

    /// A section's number and title: from its number cell, or from a prefix of its text
    /// («Задача 1. …», «2. Адресная поддержка …», «Раздел II …»).
    static func sectionNumber(_ item: TableWalker.Item) -> (id: String?, title: String) {
        let number = normalizedNumber(item.number)
        if !number.isEmpty { return (number, item.title) }
        let text = item.title
        if let match = text.firstMatch(of: /^(?i)(?:задача|раздел|направление|блок|этап)\s*(?:№\s*)?(\d+|[IVX]+)[.):]?\s*/) {
            return (String(match.output.1), String(text[match.range.upperBound...]))
        }
        if let match = text.firstMatch(of: /^(\d+|[IVX]+)[.)]\s*/) {
            return (String(match.output.1), String(text[match.range.upperBound...]))
        }
        return (nil, text)
    }
}

/// Walks table rows after the header, telling measures, sections, continuation rows and
/// repeated headers apart.
struct TableWalker {
    struct Item {
        var row: Int
        var isSection: Bool
        var number: String
        var title: String
        var deadline: String
        var deadlineDate: CivilDate?
        var responsible: String
        var result: String
    }

    let layout: TableLayout
    let merged: [CellRange]
    private(set) var items: [Item] = []
    private(set) var warnings: [RoadmapWarning] = []

    init(layout: TableLayout, merged: [CellRange]) {
        self.layout = layout
        self.merged = merged
    }

    private func text(_ row: Row, _ role: RoadmapColumn) -> String {
        guard let column = layout.column(role) else { return "" }
        switch row[column] {
        case .empty: return ""
        case .date(let date): return date.russian
        case .number(let number) where role == .number: return CellValue.format(number: number)
        case let value: return TextCleaner.clean(value.text)
        }
    }

    mutating func take(_ row: Row) {
        if layout.isRepeatedHeader(row) || layout.isColumnNumbering(row) { return }
        let number = text(row, .number)
        let title = text(row, .title)
        var deadline = text(row, .deadline)
        var deadlineDate: CivilDate?
        if let column = layout.column(.deadline), case .date(let date) = row[column] {
            deadlineDate = date
            deadline = ""
        }
        let responsible = text(row, .responsible)
        let result = text(row, .result)
        // Text in columns the layout does not know (e.g. a section title typed in column A
        // of a table whose first column is the deadline) still counts.
        let known = Set(layout.columns.values)
        let stray = row.cells.filter { !known.contains($0.address.column) }.map { TextCleaner.clean($0.value.text) }
            .filter { !$0.isEmpty }

        let filled = [number, title, deadline, responsible, result].filter { !$0.isEmpty }.count + stray.count
            + (deadlineDate == nil ? 0 : 1)
        if filled == 0 { return }

        switch loneRow(row) {
        case .section(let section):
            // An unnumbered spanning row right after a section heading continues the heading
            // (the heading cell was split by a page break).
            if section.number.isEmpty, RoadmapImporter.sectionNumber(section).id == nil,
               let last = items.last, last.isSection {
                items[items.count - 1].title = Self.join(last.title, section.title)
                return
            }
            items.append(section)
            return
        case .continuation(let text):
            // Text that starts in the middle of a sentence continues what is above it: a
            // measure's title, or the section heading just opened.
            items[items.count - 1].title = Self.join(items[items.count - 1].title, text)
            return
        case nil:
            break
        }

        let hasNumberColumn = layout.column(.number) != nil
        let continues: Bool
        if items.isEmpty {
            continues = false
        } else if hasNumberColumn {
            // A numbered table: a row without a number continues the row above (a page
            // break split the cell), unless it opens a section's first, unnumbered measure.
            continues = number.isEmpty && !(items.last!.isSection && !title.isEmpty && !(deadline.isEmpty && deadlineDate == nil))
        } else {
            // No numbers: a row without a deadline continues the measure above.
            continues = deadline.isEmpty && deadlineDate == nil
        }
        if continues {
            var last = items.removeLast()
            last.number = Self.join(last.number, number)
            last.title = Self.join(last.title, title)
            last.deadline = Self.join(last.deadline, deadline)
            if last.deadlineDate == nil, last.deadline.isEmpty { last.deadlineDate = deadlineDate }
            last.responsible = Self.join(last.responsible, responsible)
            last.result = Self.join(last.result, result)
            if !stray.isEmpty { last.title = Self.join(last.title, stray.joined(separator: " ")) }
            items.append(last)
            return
        }
        if title.isEmpty {
            warnings.append(RoadmapWarning(measure: number.isEmpty ? nil : number, .roadmapRowWithoutTitle, ["row": row.index + 1],
                                           cell: layout.column(.title).map { CellAddress(row: row.index, column: $0) }))
        }
        items.append(Item(row: row.index, isSection: false, number: number, title: title, deadline: deadline,
                          deadlineDate: deadlineDate, responsible: responsible, result: result))
    }

    /// What a row holding a single text (with at most a bare number before it) is.
    enum LoneRow {
        /// A section heading.
        case section(Item)
        /// The rest of the text above: it starts in the middle of a sentence, in lower case.
        case continuation(String)
    }

    /// A section row: one text spanning the table (often a merged cell), optionally after a
    /// bare top-level number, with no deadline, responsible or result of its own; or one text
    /// alone in the number column, which is how a CSV export writes a merged heading row. Such a
    /// text starting in lower case (a page break split a sentence) continues the row above.
    private func loneRow(_ row: Row) -> LoneRow? {
        var body = row.cells.map { (column: $0.address.column, text: TextCleaner.clean($0.value.text)) }
            .filter { !$0.text.isEmpty }
        var number = ""
        if body.count == 2, let numberColumn = layout.column(.number),
           let cell = body.first(where: { $0.column == numberColumn }), TableImportPatterns.isTopLevelNumber(cell.text) {
            number = cell.text
            body.removeAll { $0.column == numberColumn }
        }
        guard body.count == 1 else { return nil }
        let (column, text) = body[0]
        let spanning = merged.contains {
            $0.first.row == row.index && $0.first.column == column && $0.last.column > $0.first.column
        }
        let named = text.firstMatch(of: /^(?i)(задача|раздел|направление|блок|этап)\s*(№\s*)?(\d+|[IVX]+)/) != nil
        let firstColumn = layout.columns.values.min() ?? 0
        let inHeadingColumn = column == firstColumn || column == layout.column(.number)
        let numberedHeading = number.isEmpty && inHeadingColumn && text.count >= 12
            && text.firstMatch(of: /^(\d+|[IVX]+)[.)]\s+\p{Lu}/) != nil
        let numberedTitle = !number.isEmpty && column == layout.column(.title)
        // Words alone in the number column are no measure's number.
        let wordsInNumberColumn = number.isEmpty && column == layout.column(.number)
            && !TableImportPatterns.isMeasureNumber(text) && text.contains { $0.isLetter }
        guard spanning || named || numberedHeading || numberedTitle || wordsInNumberColumn else { return nil }
        if number.isEmpty, !named, !numberedHeading, !items.isEmpty, TableImportPatterns.startsInLowerCase(text) {
            return .continuation(text)
        }
        return .section(Item(row: row.index, isSection: true, number: number, title: text, deadline: "", deadlineDate: nil,
                             responsible: "", result: ""))
    }

    static func join(_ a: String, _ b: String) -> String {
        if b.isEmpty { return a }
        if a.isEmpty { return b }
        return a + " " + b
    }
}

/// The numbering of a table's measures, to tell a number that does not continue it: numbers
/// ascend level by level (`24` → `25`, `1.15` → `2.1`, `2` → `2.1`; a skipped number is not
/// flagged), and a section may start again at `1` or at its own number (`2.1`, `2.3`). `2.5`
/// after `24`, or `3` after `5`, does not continue; it is compared with the last number that
/// did, so `2.6` after it does not either, and `27` does.
struct NumberSequence {
    private var last: (text: String, parts: [Int])?
    private var openedSection: Int?

    mutating func startSection(_ id: String) {
        openedSection = Int(id)
    }

    /// Takes the next measure's number (as normalized); returns the last number in sequence
    /// when this one does not continue the numbering. A measure without a number, or with one
    /// that is not made of decimal numbers (`IV`, `2а`), leaves nothing to compare the next with;
    /// a repeated number (warned about as such) is passed over.
    mutating func take(_ number: String, repeated: Bool) -> String? {
        if repeated { return nil }
        guard let parts = Self.parts(number) else {
            last = nil
            openedSection = nil
            return nil
        }
        defer { openedSection = nil }
        if let last, parts.lexicographicallyPrecedes(last.parts) || parts == last.parts {
            let restarts = openedSection != nil && (parts == [1] || parts.count > 1 && parts[0] == openedSection)
            if !restarts { return last.text }
        }
        last = (number, parts)
        return nil
    }

    /// `1.2` → [1, 2]; nil unless every level is a decimal number.
    static func parts(_ number: String) -> [Int]? {
        let pieces = number.split(separator: ".", omittingEmptySubsequences: false)
        let values = pieces.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        return !pieces.isEmpty && values.count == pieces.count ? values : nil
    }
}

enum TableImportPatterns {
    /// `1`, `3.`, `IV` — a number with no sub-level.
    static func isTopLevelNumber(_ text: String) -> Bool {
        text.wholeMatch(of: /\s*(\d+|[IVX]+)\.?\s*/) != nil
    }

    /// `1`, `1.2.`, `3)`, `IV.2` — a measure's number at any level.
    static func isMeasureNumber(_ text: String) -> Bool {
        text.wholeMatch(of: /\s*(\d+|[IVX]+)([.)]\s*\d+)*[.)]?\s*/) != nil
    }

    /// Whether the text's first letter is a lower-case one («образовательными результатами»,
    /// «(далее — ШНОР)»): the middle of a sentence, not the start of a heading.
    static func startsInLowerCase(_ text: String) -> Bool {
        text.first { $0.isLetter }?.isLowercase ?? false
    }
}
