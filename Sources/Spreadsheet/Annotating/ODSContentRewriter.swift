/// Rewrites an ODS `content.xml` in one pass over its tokens, copying every byte it does not
/// change (ranges of the input are copied lazily, as one slice up to the next change):
///
/// - the root element gains the namespace declarations the added XML needs, if it lacks any;
/// - each flagged cell gets a new automatic style (see `ODSStyleCopies`) and an
///   `office:annotation` (or paragraphs appended to the one it has);
/// - a flagged cell inside `table:number-columns-repeated`, or in a row inside
///   `table:number-rows-repeated`, is split out of its run (before / the cell / after), every
///   other cell and row written as it was;
/// - flagged cells past the last cell of a row, and rows past the last row of a table, are
///   created;
/// - the new automatic styles are spliced in before `</office:automatic-styles>` (the element is
///   created when the part has none), and the summary table is inserted after the last table.
///
/// Positions follow `ODSSheetStream`: tables are the children of the first
/// `office:spreadsheet`; rows are the `table:table-row` elements of a table outside nested
/// tables and shapes (at any depth of row groups); cells are the `table:table-cell` and
/// `table:covered-table-cell` children of a row; repeats advance positions, spans do not.
final class ODSContentRewriter {
    private let bytes: [UInt8]
    private let file: String
    private let part: String
    private let marks: [[CellAddress: ODSAnnotator.Mark]]
    private let options: AnnotationOptions
    private let summary: ODSSummaryTable
    private var styles: ODSStyleCopies
    private var tokens: RawXMLTokenizer
    private var out: ByteSink
    /// Input bytes before this offset are written (or replaced).
    private var copied = 0
    private var ns = ODSPrefixes()

    init(bytes: [UInt8], file: String, part: String, marks: [[CellAddress: ODSAnnotator.Mark]],
         common: ODSCommonStyles, summary: ODSSummaryTable, options: AnnotationOptions) {
        self.bytes = bytes
        self.file = file
        self.part = part
        self.marks = marks
        self.options = options
        self.summary = summary
        self.styles = ODSStyleCopies(source: bytes, file: file, part: part, common: common)
        self.tokens = RawXMLTokenizer(bytes: bytes, file: file, part: part)
        self.out = ByteSink(capacity: bytes.count + 16 * 1024)
    }

    /// The rewritten part.
    static func rewrite(bytes: [UInt8], file: String, part: String, marks: [[CellAddress: ODSAnnotator.Mark]],
                        common: ODSCommonStyles, summary: ODSSummaryTable, options: AnnotationOptions) throws -> [UInt8] {
        try ODSContentRewriter(bytes: bytes, file: file, part: part, marks: marks, common: common, summary: summary,
                               options: options).run()
    }

    // MARK: Output

    /// Writes the input up to `offset` (not yet written).
    private func flush(to offset: Int) {
        if offset > copied { out.append(bytes[copied..<offset]) }
        copied = max(copied, offset)
    }

    /// Replaces the input `range` (which must start at or after what is written) with `replacement`.
    private func replace(_ range: Range<Int>, with replacement: [UInt8]) {
        flush(to: range.lowerBound)
        out.append(replacement)
        copied = range.upperBound
    }

    private func replace(_ range: Range<Int>, with replacement: String) { replace(range, with: Array(replacement.utf8)) }

    /// The end tag of the current start tag's element.
    private func endTag() -> String {
        "</" + String(decoding: tokens.bytes[tokens.nameStart..<tokens.nameEnd], as: UTF8.self) + ">"
    }

    /// Inserts `text` before the input offset `offset`.
    private func insert(_ text: String, before offset: Int) {
        flush(to: offset)
        out.append(text)
    }

    /// The start tag at `range` re-serialised with attributes set or removed.
    private func rewrittenTag(_ range: Range<Int>, set: [(String, String)], remove: [String] = [],
                              selfClosing: Bool? = nil) throws -> [UInt8] {
        var tag = RawXMLTokenizer(bytes: Array(bytes[range]), file: file, part: part)
        _ = try tag.next()
        return tag.rewrittenStartTag(set: set, remove: remove, selfClosing: selfClosing)
    }

    // MARK: The pass

    private static let gridElements: Set<String> = [
        "table-column", "table-columns", "table-header-columns", "table-column-group",
        "table-row", "table-rows", "table-header-rows", "table-row-group",
    ]
    /// What follows the tables in `office:spreadsheet` (ODF 1.3 part 3, §9.1.1's table functions).
    private static let spreadsheetEpilogue: Set<String> = [
        "named-expressions", "database-ranges", "data-pilot-tables", "consolidation", "dde-links",
    ]

    /// One table being copied.
    private struct Table {
        var index: Int
        var depth: Int
        var targets: [CellAddress]
        var next = 0
        var nextRow = 0
        var nextColumn = 0
        /// Column ranges with a `table:default-cell-style-name`.
        var columnStyles: [(first: Int, last: Int, style: String)] = []
        var seenGrid = false
        var appended = false
        /// Inside a nested table or shapes (copied as they are).
        var skipDepth: Int? = nil
        /// Inside a row without flagged cells.
        var rowDepth: Int? = nil

        func columnStyle(_ column: Int) -> String? {
            columnStyles.first { $0.first <= column && column <= $0.last }?.style
        }
    }

    private func run() throws -> [UInt8] {
        var depth = 0
        var stylesOffset: Int? = nil
        var automaticDepth: Int? = nil
        var automaticStyle: (start: Int, name: String)? = nil
        var spreadsheetDepth = -1
        var spreadsheetOpen = false
        var tablesSeen = 0
        var summaryWritten = false
        var table: Table? = nil

        func writeSummary(before offset: Int) {
            insert(summary.xml(styles: &styles, ns: ns), before: offset)
            summaryWritten = true
        }

        while true {
            let kind = try tokens.next()
            switch kind {
            case .end:
                if depth != 0 { throw tokens.malformed("the document ends inside an element") }
                flush(to: bytes.count)
                var result = out.bytes
                let added = styles.definitions
                if let stylesOffset {
                    result.insert(contentsOf: added, at: stylesOffset)
                }
                return result

            case .text, .other:
                continue

            case .startTag:
                let selfClosing = tokens.isSelfClosing
                // Whether this start tag leaves an element open (not when its end was consumed).
                var opens = !selfClosing
                defer { if opens { depth += 1 } }
                if depth == 0 {
                    try root()
                    continue
                }

                if var current = table {
                    defer { table = current }
                    if current.skipDepth != nil || current.rowDepth != nil { continue }
                    let local = String(decoding: tokens.localName, as: UTF8.self)
                    if depth == current.depth + 1 {
                        if Self.gridElements.contains(local) {
                            current.seenGrid = true
                        } else if current.seenGrid, !current.appended {
                            try appendRows(&current, before: tokens.start)
                        }
                    }
                    switch local {
                    case "table", "shapes":
                        if !selfClosing { current.skipDepth = depth }
                    case "table-column":
                        let repeated = Self.count(tokens, "number-columns-repeated")
                        let first = current.nextColumn
                        current.nextColumn = Self.add(first, repeated)
                        if let style = tokens.attribute("default-cell-style-name") {
                            current.columnStyles.append((first, current.nextColumn - 1, style))
                        }
                    case "table-row":
                        current.seenGrid = true
                        let index = current.nextRow
                        let repeated = Self.count(tokens, "number-rows-repeated")
                        let end = Self.add(index, repeated)
                        current.nextRow = end
                        if current.next < current.targets.count, current.targets[current.next].row < end {
                            try rewriteRow(&current, index: index, repeated: repeated, depth: depth)
                            opens = false  // the pass is past the row's end tag
                        } else if !selfClosing {
                            current.rowDepth = depth
                        }
                    default:
                        break
                    }
                    continue
                }

                if depth == 1 {
                    if tokens.nameIs("automatic-styles"), stylesOffset == nil {
                        if selfClosing {
                            replace(tokens.range, with: try rewrittenTag(tokens.range, set: [], selfClosing: false))
                            stylesOffset = out.bytes.count
                            out.append(endTag())
                        } else {
                            automaticDepth = depth
                        }
                        continue
                    }
                    if tokens.nameIs("body"), stylesOffset == nil, automaticDepth == nil {
                        insert("<\(ns.office)automatic-styles>", before: tokens.start)
                        stylesOffset = out.bytes.count
                        out.append("</\(ns.office)automatic-styles>")
                    }
                }
                if let automaticDepth, depth == automaticDepth + 1 {
                    let name = tokens.attribute("name")
                    if let name { styles.used.insert(name) }
                    if tokens.nameIs("style"), let name, tokens.attribute("family")?.trimmingXMLSpace == "table-cell" {
                        if selfClosing {
                            styles.automatic[name] = tokens.range
                        } else {
                            automaticStyle = (tokens.start, name)
                        }
                    }
                    continue
                }

                if spreadsheetDepth < 0, tokens.nameIs("spreadsheet") {
                    spreadsheetDepth = depth
                    if selfClosing {
                        var open = try rewrittenTag(tokens.range, set: [], selfClosing: false)
                        open.append(contentsOf: Array(summary.xml(styles: &styles, ns: ns).utf8))
                        open.append(contentsOf: endTag().utf8)
                        replace(tokens.range, with: open)
                        summaryWritten = true
                    } else {
                        spreadsheetOpen = true
                    }
                    continue
                }
                if spreadsheetOpen, depth == spreadsheetDepth + 1 {
                    if tokens.nameIs("table") {
                        let index = tablesSeen
                        tablesSeen += 1
                        let targets = index < marks.count ? marks[index].keys.sorted() : []
                        var current = Table(index: index, depth: depth, targets: targets)
                        if selfClosing {
                            if !targets.isEmpty {
                                let open = try rewrittenTag(tokens.range, set: [], selfClosing: false)
                                let close = endTag()
                                replace(tokens.range, with: open)
                                try appendRows(&current, before: nil)
                                out.append(close)
                            }
                        } else {
                            table = current
                        }
                    } else if !summaryWritten, tablesSeen > 0 || Self.spreadsheetEpilogue.contains(String(decoding: tokens.localName, as: UTF8.self)) {
                        writeSummary(before: tokens.start)
                    }
                }

            case .endTag:
                depth -= 1
                if var current = table {
                    if let skip = current.skipDepth {
                        if depth == skip { current.skipDepth = nil }
                        table = current
                        continue
                    }
                    if let row = current.rowDepth {
                        if depth == row { current.rowDepth = nil }
                        table = current
                        continue
                    }
                    if depth == current.depth {
                        if !current.appended { try appendRows(&current, before: tokens.start) }
                        table = nil
                    } else {
                        table = current
                    }
                    continue
                }
                if let start = automaticStyle?.start, let name = automaticStyle?.name, let automaticDepth,
                   depth == automaticDepth + 1 {
                    styles.automatic[name] = start..<tokens.end
                    automaticStyle = nil
                } else if let automatic = automaticDepth, depth == automatic {
                    flush(to: tokens.start)
                    stylesOffset = out.bytes.count
                    automaticDepth = nil
                } else if spreadsheetOpen, depth == spreadsheetDepth {
                    if !summaryWritten { writeSummary(before: tokens.start) }
                    spreadsheetOpen = false
                }
            }
        }
    }

    // MARK: Namespaces

    /// Finds (or declares) the prefixes of the namespaces the added XML uses on the root element.
    private func root() throws {
        var declared: [String: String] = [:]  // namespace → prefix
        var locals: Set<String> = []
        for attribute in tokens.attributes() {
            let name = String(decoding: tokens.bytes[attribute.name], as: UTF8.self)
            locals.insert(String(decoding: tokens.bytes[attribute.local], as: UTF8.self))
            guard name.hasPrefix("xmlns:") else { continue }
            let value = RawXML.decode(tokens.bytes[attribute.value])
            if declared[value] == nil { declared[value] = String(name.dropFirst(6)) }
        }
        var added: [(String, String)] = []
        func prefix(_ namespace: String, _ preferred: String, required: Bool = true) -> String? {
            if let existing = declared[namespace] { return existing + ":" }
            guard required else { return nil }
            var candidate = preferred
            var n = 2
            while locals.contains(candidate) {
                candidate = "\(preferred)\(n)"
                n += 1
            }
            locals.insert(candidate)
            added.append(("xmlns:\(candidate)", RawXML.escape(namespace, attribute: true)))
            return candidate + ":"
        }
        ns.office = prefix(ODSPrefixes.officeNS, "office")!
        ns.style = prefix(ODSPrefixes.styleNS, "style")!
        ns.text = prefix(ODSPrefixes.textNS, "text")!
        ns.table = prefix(ODSPrefixes.tableNS, "table")!
        ns.fo = prefix(ODSPrefixes.foNS, "fo")!
        ns.dc = prefix(ODSPrefixes.dcNS, "dc")!
        ns.xlink = prefix(ODSPrefixes.xlinkNS, "xlink")!
        ns.tableooo = prefix(ODSPrefixes.tableoooNS, "tableooo", required: false)
        if !added.isEmpty { replace(tokens.range, with: tokens.rewrittenStartTag(set: added)) }
    }

    // MARK: Rows

    /// What a flagged row holds: its cells (children of the row) with their input ranges.
    private struct CellPart {
        var range: Range<Int>
        var tag: Range<Int>
        /// The qualified element name (`table:table-cell`, `table:covered-table-cell`).
        var name: Range<Int>
        var selfClosing: Bool
        var repeated: Int
        var style: String?
        /// Where a new annotation goes: the first child that is not a `table:cell-range-source`,
        /// or the end tag.
        var annotationAt: Int
        /// An annotation the cell already has: where its paragraphs end (its end tag), or the
        /// range of a self-closing one.
        var existingEnd: Int? = nil
        var existingEmpty: Range<Int>? = nil
    }

    /// Writes the row block at the current start tag (rows `index..<index + repeated`), splitting
    /// out every row with flagged cells, and moves the pass past its end tag.
    private func rewriteRow(_ table: inout Table, index: Int, repeated: Int, depth: Int) throws {
        let tag = tokens.range
        let rowName = tokens.nameStart..<tokens.nameEnd
        let rowSelfClosing = tokens.isSelfClosing
        let rowStyle = tokens.attribute("default-cell-style-name")
        var cells: [CellPart] = []
        var endTag: Range<Int>? = nil
        if !rowSelfClosing {
            // Read to the row's end tag, noting its cells.
            var level = depth + 1  // the depth of the row's children
            var cell: CellPart? = nil
            var cellLevel = 0
            var annotationLevel: Int? = nil
            var decided = false
            while endTag == nil {
                switch try tokens.next() {
                case .end:
                    throw tokens.malformed("the document ends inside a table row")
                case .text, .other:
                    continue
                case .startTag:
                    let selfClosing = tokens.isSelfClosing
                    if cell == nil {
                        if level == depth + 1, tokens.nameIs("table-cell") || tokens.nameIs("covered-table-cell") {
                            let part = CellPart(range: tokens.range, tag: tokens.range, name: tokens.nameStart..<tokens.nameEnd,
                                                selfClosing: selfClosing, repeated: Self.count(tokens, "number-columns-repeated"),
                                                style: tokens.attribute("style-name"), annotationAt: tokens.end)
                            if selfClosing {
                                cells.append(part)
                            } else {
                                cell = part
                                cellLevel = level
                                decided = false
                                annotationLevel = nil
                            }
                        }
                    } else if var current = cell {
                        if level == cellLevel + 1, !decided {
                            if tokens.nameIs("cell-range-source") {
                                // the annotation goes after it
                            } else if tokens.nameIs("annotation") {
                                decided = true
                                if selfClosing {
                                    current.existingEmpty = tokens.range
                                } else {
                                    annotationLevel = level
                                }
                            } else {
                                decided = true
                                current.annotationAt = tokens.start
                            }
                            cell = current
                        }
                    }
                    if !selfClosing { level += 1 }
                case .endTag:
                    level -= 1
                    if level == depth {
                        endTag = tokens.range
                    } else if var current = cell {
                        if let annotation = annotationLevel, level == annotation {
                            current.existingEnd = tokens.start
                            annotationLevel = nil
                        }
                        if level == cellLevel {
                            if !decided { current.annotationAt = tokens.start }
                            current.range = current.range.lowerBound..<tokens.end
                            cells.append(current)
                            cell = nil
                        } else {
                            cell = current
                        }
                    }
                }
            }
        }
        let whole = tag.lowerBound..<(endTag?.upperBound ?? tag.upperBound)
        flush(to: whole.lowerBound)
        copied = whole.upperBound

        let blockEnd = Self.add(index, repeated)
        var row = index
        while table.next < table.targets.count, table.targets[table.next].row < blockEnd {
            let target = table.targets[table.next].row
            if target > row {
                try writeRowCopy(tag: tag, whole: whole, endTag: endTag, rowName: rowName, count: target - row, repeated: repeated)
            }
            var columns: [CellAddress] = []
            while table.next < table.targets.count, table.targets[table.next].row == target {
                columns.append(table.targets[table.next])
                table.next += 1
            }
            try writeFlaggedRow(table: table, tag: tag, endTag: endTag, rowName: rowName, rowStyle: rowStyle,
                                cells: cells, targets: columns)
            row = target + 1
        }
        if row < blockEnd {
            try writeRowCopy(tag: tag, whole: whole, endTag: endTag, rowName: rowName, count: blockEnd - row, repeated: repeated)
        }
    }

    /// The row as it was, repeated `count` times.
    private func writeRowCopy(tag: Range<Int>, whole: Range<Int>, endTag: Range<Int>?, rowName: Range<Int>,
                              count: Int, repeated: Int) throws {
        if count == repeated {
            out.append(bytes[whole])
            return
        }
        let attribute = ns.table + "number-rows-repeated"
        out.append(count == 1
            ? try rewrittenTag(tag, set: [], remove: ["number-rows-repeated"])
            : try rewrittenTag(tag, set: [(attribute, "\(count)")]))
        if let endTag { out.append(bytes[tag.upperBound..<endTag.upperBound]) }
    }

    /// One row with flagged cells at `targets` (all in that row, sorted by column).
    private func writeFlaggedRow(table: Table, tag: Range<Int>, endTag: Range<Int>?, rowName: Range<Int>, rowStyle: String?,
                                 cells: [CellPart], targets: [CellAddress]) throws {
        out.append(try rewrittenTag(tag, set: [], remove: ["number-rows-repeated"], selfClosing: false))
        var column = 0
        var next = 0
        var last = tag.upperBound
        for cell in cells {
            out.append(bytes[last..<cell.range.lowerBound])
            last = cell.range.upperBound
            let end = Self.add(column, cell.repeated)
            var position = column
            while next < targets.count, targets[next].column < end {
                let target = targets[next]
                if target.column > position {
                    try writeCellCopy(cell, count: target.column - position)
                }
                let effective = cell.style ?? rowStyle ?? table.columnStyle(target.column) ?? "Default"
                try writeFlaggedCell(cell, style: try styles.style(for: effective, severity: mark(table, target).severity, ns: ns),
                                     mark: mark(table, target))
                position = target.column + 1
                next += 1
            }
            if position < end {
                try writeCellCopy(cell, count: end - position)
            }
            column = end
        }
        if let endTag { out.append(bytes[last..<endTag.lowerBound]) }
        // Flagged cells past the row's last cell.
        while next < targets.count {
            let target = targets[next]
            out.append(filler(cells: target.column - column))
            let effective = rowStyle ?? table.columnStyle(target.column) ?? "Default"
            out.append(newCell(style: try styles.style(for: effective, severity: mark(table, target).severity, ns: ns),
                               mark: mark(table, target)))
            column = target.column + 1
            next += 1
        }
        if let endTag {
            out.append(bytes[endTag])
        } else {
            out.append("</\(String(decoding: bytes[rowName], as: UTF8.self))>")
        }
    }

    private func mark(_ table: Table, _ address: CellAddress) -> ODSAnnotator.Mark {
        marks[table.index][address]!
    }

    /// The cell as it was, repeated `count` times.
    private func writeCellCopy(_ cell: CellPart, count: Int) throws {
        if count == cell.repeated {
            out.append(bytes[cell.range])
            return
        }
        out.append(count == 1
            ? try rewrittenTag(cell.tag, set: [], remove: ["number-columns-repeated"])
            : try rewrittenTag(cell.tag, set: [(ns.table + "number-columns-repeated", "\(count)")]))
        out.append(bytes[cell.tag.upperBound..<cell.range.upperBound])
    }

    /// One copy of the cell with the new style and the annotation.
    private func writeFlaggedCell(_ cell: CellPart, style: String, mark: ODSAnnotator.Mark) throws {
        out.append(try rewrittenTag(cell.tag, set: [(ns.table + "style-name", RawXML.escape(style, attribute: true))],
                                    remove: ["number-columns-repeated"], selfClosing: false))
        let name = String(decoding: bytes[cell.name], as: UTF8.self)
        if cell.selfClosing {
            out.append(annotation(mark))
            out.append("</\(name)>")
            return
        }
        if let empty = cell.existingEmpty {
            out.append(bytes[cell.tag.upperBound..<empty.lowerBound])
            var open = try rewrittenTag(empty, set: [], selfClosing: false)
            open.append(contentsOf: Array(paragraphs(mark).utf8))
            out.append(open)
            let emptyName = try elementName(empty)
            out.append("</\(emptyName)>")
            out.append(bytes[empty.upperBound..<cell.range.upperBound])
        } else if let end = cell.existingEnd {
            out.append(bytes[cell.tag.upperBound..<end])
            out.append(paragraphs(mark))
            out.append(bytes[end..<cell.range.upperBound])
        } else {
            out.append(bytes[cell.tag.upperBound..<cell.annotationAt])
            out.append(annotation(mark))
            out.append(bytes[cell.annotationAt..<cell.range.upperBound])
        }
    }

    private func elementName(_ tag: Range<Int>) throws -> String {
        var element = RawXMLTokenizer(bytes: Array(bytes[tag]), file: file, part: part)
        _ = try element.next()
        return String(decoding: element.bytes[element.nameStart..<element.nameEnd], as: UTF8.self)
    }

    /// Empty cells that move a new cell to its column.
    private func filler(cells count: Int) -> String {
        guard count > 0 else { return "" }
        return count == 1
            ? "<\(ns.table)table-cell/>"
            : "<\(ns.table)table-cell \(ns.table)number-columns-repeated=\"\(count)\"/>"
    }

    private func newCell(style: String, mark: ODSAnnotator.Mark) -> String {
        "<\(ns.table)table-cell \(ns.table)style-name=\"\(RawXML.escape(style, attribute: true))\">"
            + annotation(mark) + "</\(ns.table)table-cell>"
    }

    /// Rows for the flagged cells past the table's last row, inserted before `offset` (or
    /// written at the current output position for `nil`).
    private func appendRows(_ table: inout Table, before offset: Int?) throws {
        table.appended = true
        guard table.next < table.targets.count else { return }
        if let offset { flush(to: offset) }
        while table.next < table.targets.count {
            let row = table.targets[table.next].row
            if row > table.nextRow {
                let gap = row - table.nextRow
                out.append("<\(ns.table)table-row" + (gap > 1 ? " \(ns.table)number-rows-repeated=\"\(gap)\"" : "")
                           + "><\(ns.table)table-cell/></\(ns.table)table-row>")
            }
            out.append("<\(ns.table)table-row>")
            var column = 0
            while table.next < table.targets.count, table.targets[table.next].row == row {
                let target = table.targets[table.next]
                out.append(filler(cells: target.column - column))
                let mark = marks[table.index][target]!
                let effective = table.columnStyle(target.column) ?? "Default"
                out.append(newCell(style: try styles.style(for: effective, severity: mark.severity, ns: ns), mark: mark))
                column = target.column + 1
                table.next += 1
            }
            out.append("</\(ns.table)table-row>")
            table.nextRow = row + 1
        }
    }

    // MARK: Annotations

    private func paragraphs(_ mark: ODSAnnotator.Mark) -> String {
        Annotator.commentText(mark.items, language: options.language)
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { ODSText.paragraph(String($0), ns: ns) }
            .joined()
    }

    private func annotation(_ mark: ODSAnnotator.Mark) -> String {
        "<\(ns.office)annotation><\(ns.dc)creator>\(RawXML.escape(options.author))</\(ns.dc)creator>"
            + paragraphs(mark) + "</\(ns.office)annotation>"
    }

    // MARK: Counts

    /// A repeat count as the reader takes it: a positive integer, 1 when absent or unreadable,
    /// capped so sums never overflow.
    static func count(_ tokens: RawXMLTokenizer, _ name: StaticString) -> Int {
        guard let attribute = tokens.attributes().first(where: { RawXML.equals(tokens.bytes[$0.local], name) }) else { return 1 }
        var value = 0
        var any = false
        for byte in tokens.bytes[attribute.value] {
            if RawXML.isSpace(byte) { continue }
            guard byte >= 0x30, byte <= 0x39, value < Int.max / 10 - 10 else { return 1 }
            value = value * 10 + Int(byte - 0x30)
            any = true
        }
        guard any, value >= 1 else { return 1 }
        return min(value, 1 << 40)
    }

    /// `a + b` for non-negative counts, saturating far beyond any cap.
    static func add(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow || sum > 1 << 60 ? 1 << 60 : sum
    }
}

/// The prefixes (with their colon) the added XML is written with.
struct ODSPrefixes {
    static let officeNS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    static let styleNS = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
    static let textNS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    static let tableNS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    static let foNS = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
    static let dcNS = "http://purl.org/dc/elements/1.1/"
    static let xlinkNS = "http://www.w3.org/1999/xlink"
    static let tableoooNS = "http://openoffice.org/2009/table"

    var office = "office:"
    var style = "style:"
    var text = "text:"
    var table = "table:"
    var fo = "fo:"
    var dc = "dc:"
    var xlink = "xlink:"
    /// LibreOffice's extension namespace (tab colours); only when the part declares it.
    var tableooo: String? = nil
}

/// Text as ODF paragraphs carry it: runs of spaces beyond the first, and spaces at the start
/// or end, as `text:s`; tabs as `text:tab` (a reader would otherwise collapse them).
enum ODSText {
    static func paragraph(_ line: String, ns: ODSPrefixes) -> String {
        "<\(ns.text)p>" + content(line, ns: ns) + "</\(ns.text)p>"
    }

    /// The content of a paragraph holding `line` (which has no line break).
    static func content(_ line: String, ns: ODSPrefixes) -> String {
        let t = ns.text
        var xml = ""
        var run = ""
        var spaces = 0
        var atStart = true
        func spacesElement(_ n: Int) -> String { n == 1 ? "<\(t)s/>" : "<\(t)s \(t)c=\"\(n)\"/>" }
        for scalar in line.unicodeScalars {
            if scalar == " " {
                spaces += 1
                continue
            }
            if spaces > 0 {
                if atStart {
                    xml += spacesElement(spaces)
                } else {
                    run += " "
                    if spaces > 1 {
                        xml += RawXML.escape(run) + spacesElement(spaces - 1)
                        run = ""
                    }
                }
                spaces = 0
            }
            atStart = false
            if scalar == "\t" {
                xml += RawXML.escape(run) + "<\(t)tab/>"
                run = ""
            } else {
                run.unicodeScalars.append(scalar)
            }
        }
        xml += RawXML.escape(run)
        if spaces > 0 { xml += spacesElement(spaces) }
        return xml
    }
}
