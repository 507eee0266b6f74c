/// Rewrites one worksheet part in a single pass over its tokens, copying every byte it does not
/// change:
///
/// - a flagged `<c>` gets a new `s=` (and an explicit `r=`);
/// - a flagged cell missing from the XML is inserted in its row in column order (a missing row
///   is inserted in row order), styled from the row's or column's default style;
/// - `<dimension>` grows to cover inserted cells; a row that receives cells loses its `spans`
///   hint;
/// - `<legacyDrawing r:id=…/>` is inserted at its schema position when the sheet has none (and
///   the relationships namespace is declared on the root when it is missing).
struct SheetRewriter {
    struct Result {
        var bytes: [UInt8]
        /// The relationship id of a `<legacyDrawing>` the sheet already had.
        var existingLegacyDrawing: String?
    }

    /// Elements that follow `legacyDrawing` in `CT_Worksheet`.
    private static let afterLegacyDrawing: Set<String> = [
        "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts", "extLst",
    ]

    /// - Parameters:
    ///   - targets: the flagged cells, sorted by row then column.
    ///   - style: the new style of a flagged cell given its current style index.
    ///   - legacyDrawingId: the relationship id to reference if the sheet has no legacy drawing.
    ///   - relationshipsNamespace: the package flavour's relationships namespace (for `r:id`).
    static func rewrite(bytes: [UInt8], file: String, part: String, targets: [CellAddress],
                        style: @escaping (Int, CellAddress) -> Int, legacyDrawingId: String?,
                        relationshipsNamespace: String) throws -> Result {
        var rewriter = SheetRewriter(bytes: bytes, file: file, part: part, targets: targets, style: style,
                                     legacyDrawingId: legacyDrawingId, relationshipsNamespace: relationshipsNamespace)
        return try rewriter.run()
    }

    // MARK: State

    private var tokens: RawXMLTokenizer
    private var out: ByteSink
    private let targets: [CellAddress]
    private let style: (Int, CellAddress) -> Int
    private let legacyDrawingId: String?
    private let relationshipsNamespace: String

    /// The element depth of the current token (0 = the root's level).
    private var depth = 0
    /// The worksheet's prefix (with colon), for the elements written.
    private var prefix = ""
    /// The prefix bound to the relationships namespace (with colon), once known or declared.
    private var relationshipPrefix: String? = nil
    /// The next target to place.
    private var next = 0

    private var inSheetData = false
    private var inCols = false
    private var inRow = false
    /// The 0-based index of the current row, and the one a row without `r=` gets.
    private var rowIndex = -1
    private var nextRowIndex = 0
    /// The column a cell without `r=` gets.
    private var nextColumn = 0
    /// The current row's own style (`customFormat`), which inserted cells take.
    private var rowStyle: Int? = nil
    /// The `<col style=…>` ranges (0-based columns), which inserted cells take otherwise.
    private var columnStyles: [(first: Int, last: Int, style: Int)] = []

    private var existingLegacyDrawing: String? = nil
    private var legacyInserted = false

    private init(bytes: [UInt8], file: String, part: String, targets: [CellAddress],
                 style: @escaping (Int, CellAddress) -> Int, legacyDrawingId: String?, relationshipsNamespace: String) {
        tokens = RawXMLTokenizer(bytes: bytes, file: file, part: part)
        out = ByteSink(capacity: bytes.count + targets.count * 48 + 256)
        self.targets = targets
        self.style = style
        self.legacyDrawingId = legacyDrawingId
        self.relationshipsNamespace = relationshipsNamespace
    }

    // MARK: The pass

    private mutating func run() throws -> Result {
        while true {
            switch try tokens.next() {
            case .end:
                if depth != 0 { throw tokens.malformed("the worksheet ends inside an element") }
                return Result(bytes: out.bytes, existingLegacyDrawing: existingLegacyDrawing)
            case .text, .other:
                copy()
            case .startTag:
                let selfClosing = tokens.isSelfClosing
                startTag(selfClosing: selfClosing)
                if !selfClosing { depth += 1 }
            case .endTag:
                depth -= 1
                endTag()
            }
        }
    }

    private mutating func copy() { out.append(tokens.bytes[tokens.range]) }

    private mutating func startTag(selfClosing: Bool) {
        switch depth {
        case 0:
            worksheet()
        case 1:
            sheetChild(selfClosing: selfClosing)
        case 2 where inCols && tokens.nameIs("col"):
            column()
        case 2 where inSheetData && tokens.nameIs("row"):
            row(selfClosing: selfClosing)
        case 3 where inRow && next < targets.count && targets[next].row == rowIndex && tokens.nameIs("c"):
            // Cells of rows without targets are copied without looking at their attributes.
            cell()
        default:
            copy()
        }
    }

    private mutating func endTag() {
        if depth == 2, inRow, tokens.nameIs("row") {
            cellsOfRow(before: nil)
            inRow = false
            rowStyle = nil
        } else if depth == 1, inSheetData, tokens.nameIs("sheetData") {
            rows(before: nil)
            inSheetData = false
        } else if depth == 1, tokens.nameIs("cols") {
            inCols = false
        } else if depth == 0 {
            insertLegacyDrawing()
        }
        copy()
    }

    // MARK: One method per element

    /// The root: its prefix, and the relationships namespace declared if a drawing is to be added.
    private mutating func worksheet() {
        prefix = tokens.prefix
        if let declared = tokens.prefixDeclared(for: relationshipsNamespace), !declared.isEmpty {
            relationshipPrefix = declared
            copy()
        } else if legacyDrawingId != nil {
            let name = tokens.declaresPrefix("r") ? "svodr" : "r"
            relationshipPrefix = name + ":"
            out.append(tokens.rewrittenStartTag(set: [("xmlns:\(name)", relationshipsNamespace)]))
        } else {
            copy()
        }
    }

    /// A child of the worksheet: `dimension`, `cols`, `sheetData`, `legacyDrawing`, or one that
    /// must follow the legacy drawing.
    private mutating func sheetChild(selfClosing: Bool) {
        let local = String(decoding: tokens.localName, as: UTF8.self)
        if Self.afterLegacyDrawing.contains(local) { insertLegacyDrawing() }
        switch local {
        case "dimension":
            if dimension() { return }
        case "cols":
            inCols = !selfClosing
        case "sheetData":
            if selfClosing {
                out.append(tokens.rewrittenStartTag(set: [], selfClosing: false))
                rows(before: nil)
                out.append("</\(tokens.prefix)sheetData>")
                return
            }
            inSheetData = true
        case "legacyDrawing":
            existingLegacyDrawing = tokens.attribute("id")
        default:
            break
        }
        copy()
    }

    /// `<dimension>` grown to cover the targets; returns whether it was rewritten.
    private mutating func dimension() -> Bool {
        guard let ref = tokens.attribute("ref"), let range = CellRange(a1: ref.trimmingXMLSpace), !targets.isEmpty else {
            return false
        }
        var first = range.first
        var last = range.last
        for target in targets {
            first = CellAddress(row: min(first.row, target.row), column: min(first.column, target.column))
            last = CellAddress(row: max(last.row, target.row), column: max(last.column, target.column))
        }
        let grown = CellRange(first: first, last: last)
        guard grown != range else { return false }
        out.append(tokens.rewrittenStartTag(set: [("ref", grown.a1)]))
        return true
    }

    /// `<col>`: its style, for cells inserted in its columns.
    private mutating func column() {
        if let first = integer("min"), let last = integer("max"), let style = integer("style"), style > 0 {
            columnStyles.append((first - 1, last - 1, style))
        }
        copy()
    }

    /// `<row>`: whole rows inserted above it for targets there, its `spans` dropped when it
    /// receives cells.
    private mutating func row(selfClosing: Bool) {
        var number: Int? = nil
        var custom = false
        var style: Int? = nil
        for attribute in tokens.attributes() {
            let name = tokens.bytes[attribute.local]
            let value = tokens.bytes[attribute.value]
            if RawXML.equals(name, "r") {
                number = Int(RawXML.decode(value).trimmingXMLSpace)
            } else if RawXML.equals(name, "customFormat") {
                custom = RawXML.equals(value, "1") || RawXML.equals(value, "true")
            } else if RawXML.equals(name, "s") {
                style = Int(RawXML.decode(value).trimmingXMLSpace)
            }
        }
        if let number, number >= 1 { rowIndex = number - 1 } else { rowIndex = nextRowIndex }
        nextRowIndex = rowIndex + 1
        nextColumn = 0
        rowStyle = custom ? style : nil
        rows(before: rowIndex)
        let hasTargets = next < targets.count && targets[next].row == rowIndex
        guard hasTargets else {
            copy()
            inRow = !selfClosing
            return
        }
        out.append(tokens.rewrittenStartTag(set: [], remove: ["spans"], selfClosing: false))
        if selfClosing {
            cellsOfRow(before: nil)
            out.append("</\(tokens.prefix)row>")
        } else {
            inRow = true
        }
    }

    /// `<c>` in a row with targets: missing targets to its left inserted, its own style
    /// replaced when it is flagged.
    private mutating func cell() {
        var column = nextColumn
        if let ref = tokens.attribute("r"), let address = CellAddress(a1: ref.trimmingXMLSpace) {
            column = address.column
        }
        nextColumn = column + 1
        cellsOfRow(before: column)
        guard next < targets.count, targets[next] == CellAddress(row: rowIndex, column: column) else {
            copy()
            return
        }
        let address = targets[next]
        next += 1
        let current = integer("s") ?? 0
        out.append(tokens.rewrittenStartTag(set: [("r", address.a1), ("s", "\(style(current, address))")]))
    }

    // MARK: Inserting

    private func defaultStyle(column: Int) -> Int {
        if let rowStyle { return rowStyle }
        for range in columnStyles where range.first <= column && column <= range.last { return range.style }
        return 0
    }

    private mutating func newCell(_ address: CellAddress) {
        let s = style(defaultStyle(column: address.column), address)
        out.append("<\(prefix)c r=\"\(address.a1)\" s=\"\(s)\"/>")
    }

    /// Inserts the targets of the current row left of `column` (all of them for `nil`).
    private mutating func cellsOfRow(before column: Int?) {
        while next < targets.count, targets[next].row == rowIndex, column.map({ targets[next].column < $0 }) ?? true {
            newCell(targets[next])
            next += 1
        }
    }

    /// Inserts whole rows for the targets above `row` (all remaining for `nil`).
    private mutating func rows(before row: Int?) {
        let savedRow = rowIndex
        let savedStyle = rowStyle
        rowStyle = nil
        while next < targets.count, row.map({ targets[next].row < $0 }) ?? true {
            rowIndex = targets[next].row
            out.append("<\(prefix)row r=\"\(rowIndex + 1)\">")
            cellsOfRow(before: nil)
            out.append("</\(prefix)row>")
        }
        rowIndex = savedRow
        rowStyle = savedStyle
    }

    private mutating func insertLegacyDrawing() {
        guard let legacyDrawingId, existingLegacyDrawing == nil, !legacyInserted, let relationshipPrefix else { return }
        out.append("<\(prefix)legacyDrawing \(relationshipPrefix)id=\"\(legacyDrawingId)\"/>")
        legacyInserted = true
    }

    private func integer(_ name: StaticString) -> Int? {
        tokens.attribute(name).flatMap { Int($0.trimmingXMLSpace) }
    }
}
