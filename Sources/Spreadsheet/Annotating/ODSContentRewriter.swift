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
    let bytes: [UInt8]
    let file: String
    let part: String
    let marks: [[CellAddress: AnnotationMarks.Mark]]
    let options: AnnotationOptions
    let summary: ODSSummaryTable
    var styles: ODSStyleCopies
    var tokens: RawXMLTokenizer
    var out: ByteSink
    /// Input bytes before this offset are written (or replaced).
    var copied = 0
    var ns = ODSPrefixes()

    init(bytes: [UInt8], file: String, part: String, marks: [[CellAddress: AnnotationMarks.Mark]],
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
    static func rewrite(bytes: [UInt8], file: String, part: String, marks: [[CellAddress: AnnotationMarks.Mark]],
                        common: ODSCommonStyles, summary: ODSSummaryTable, options: AnnotationOptions) throws -> [UInt8] {
        try ODSContentRewriter(bytes: bytes, file: file, part: part, marks: marks, common: common, summary: summary,
                               options: options).run()
    }

    // MARK: Output

    /// Writes the input up to `offset` (not yet written).
    func flush(to offset: Int) {
        if offset > copied { out.append(bytes[copied..<offset]) }
        copied = max(copied, offset)
    }

    /// Replaces the input `range` (which must start at or after what is written) with `replacement`.
    func replace(_ range: Range<Int>, with replacement: [UInt8]) {
        flush(to: range.lowerBound)
        out.append(replacement)
        copied = range.upperBound
    }

    func replace(_ range: Range<Int>, with replacement: String) { replace(range, with: Array(replacement.utf8)) }

    /// The end tag of the current start tag's element.
    func endTag() -> String {
        "</" + String(decoding: tokens.bytes[tokens.nameStart..<tokens.nameEnd], as: UTF8.self) + ">"
    }

    /// Inserts `text` before the input offset `offset`.
    func insert(_ text: String, before offset: Int) {
        flush(to: offset)
        out.append(text)
    }

    /// The start tag at `range` re-serialised with attributes set or removed.
    func rewrittenTag(_ range: Range<Int>, set: [(String, String)], remove: [String] = [],
                              selfClosing: Bool? = nil) throws -> [UInt8] {
        var tag = RawXMLTokenizer(bytes: Array(bytes[range]), file: file, part: part)
        _ = try tag.next()
        return tag.rewrittenStartTag(set: set, remove: remove, selfClosing: selfClosing)
    }

    // MARK: The pass

    static let gridElements: Set<String> = [
        "table-column", "table-columns", "table-header-columns", "table-column-group",
        "table-row", "table-rows", "table-header-rows", "table-row-group",
    ]
    /// What follows the tables in `office:spreadsheet` (ODF 1.3 part 3, §9.1.1's table functions).
    static let spreadsheetEpilogue: Set<String> = [
        "named-expressions", "database-ranges", "data-pilot-tables", "consolidation", "dde-links",
    ]

    /// One table being copied.
    struct Table {
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

    func run() throws -> [UInt8] {
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
    func root() throws {
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

    // MARK: Annotations

    func paragraphs(_ mark: AnnotationMarks.Mark) -> String {
        Annotator.commentText(mark.items, language: options.language)
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { ODSText.paragraph(String($0), ns: ns) }
            .joined()
    }

    func annotation(_ mark: AnnotationMarks.Mark) -> String {
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
