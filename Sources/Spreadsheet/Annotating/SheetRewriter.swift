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
                        style: (Int, CellAddress) -> Int, legacyDrawingId: String?,
                        relationshipsNamespace: String) throws -> Result {
        var tokens = RawXMLTokenizer(bytes: bytes, file: file, part: part)
        var out = ByteSink(capacity: bytes.count + targets.count * 48 + 256)
        var depth = 0
        var prefix = ""
        var relationshipPrefix: String? = nil
        var next = 0  // the next target to place

        var inSheetData = false
        var inCols = false
        var inRow = false
        var rowIndex = -1
        var nextRowIndex = 0
        var nextColumn = 0
        var rowStyle: Int? = nil
        var columnStyles: [(first: Int, last: Int, style: Int)] = []

        var existingLegacyDrawing: String? = nil
        var legacyInserted = false

        func defaultStyle(column: Int) -> Int {
            if let rowStyle { return rowStyle }
            for range in columnStyles where range.first <= column && column <= range.last { return range.style }
            return 0
        }

        func newCell(_ address: CellAddress) {
            let s = style(defaultStyle(column: address.column), address)
            out.append("<\(prefix)c r=\"\(address.a1)\" s=\"\(s)\"/>")
        }

        /// Inserts the targets of the current row left of `column` (all of them for `nil`).
        func cellsOfRow(before column: Int?) {
            while next < targets.count, targets[next].row == rowIndex,
                  column.map({ targets[next].column < $0 }) ?? true {
                newCell(targets[next])
                next += 1
            }
        }

        /// Inserts whole rows for the targets above `row` (all remaining for `nil`).
        func rows(before row: Int?) {
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

        func insertLegacyDrawing() {
            guard let legacyDrawingId, existingLegacyDrawing == nil, !legacyInserted, let relationshipPrefix else { return }
            out.append("<\(prefix)legacyDrawing \(relationshipPrefix)id=\"\(legacyDrawingId)\"/>")
            legacyInserted = true
        }

        func integer(_ name: StaticString) -> Int? {
            tokens.attribute(name).flatMap { Int($0.trimmingXMLSpace) }
        }

        while true {
            let kind = try tokens.next()
            switch kind {
            case .end:
                if depth != 0 { throw tokens.malformed("the worksheet ends inside an element") }
                return Result(bytes: out.bytes, existingLegacyDrawing: existingLegacyDrawing)

            case .text, .other:
                out.append(tokens.bytes[tokens.range])

            case .startTag:
                let selfClosing = tokens.isSelfClosing
                defer { if !selfClosing { depth += 1 } }
                if depth == 0 {
                    prefix = tokens.prefix
                    if let declared = tokens.prefixDeclared(for: relationshipsNamespace), !declared.isEmpty {
                        relationshipPrefix = declared
                        out.append(tokens.bytes[tokens.range])
                    } else if legacyDrawingId != nil {
                        let name = tokens.declaresPrefix("r") ? "svodr" : "r"
                        relationshipPrefix = name + ":"
                        out.append(tokens.rewrittenStartTag(set: [("xmlns:\(name)", relationshipsNamespace)]))
                    } else {
                        out.append(tokens.bytes[tokens.range])
                    }
                    continue
                }
                if depth == 1 {
                    let local = String(decoding: tokens.localName, as: UTF8.self)
                    if Self.afterLegacyDrawing.contains(local) { insertLegacyDrawing() }
                    switch local {
                    case "dimension":
                        if let ref = tokens.attribute("ref"), let range = CellRange(a1: ref.trimmingXMLSpace),
                           !targets.isEmpty {
                            var first = range.first
                            var last = range.last
                            for target in targets {
                                first = CellAddress(row: min(first.row, target.row), column: min(first.column, target.column))
                                last = CellAddress(row: max(last.row, target.row), column: max(last.column, target.column))
                            }
                            let grown = CellRange(first: first, last: last)
                            if grown != range {
                                out.append(tokens.rewrittenStartTag(set: [("ref", grown.a1)]))
                                continue
                            }
                        }
                    case "cols":
                        inCols = !selfClosing
                    case "sheetData":
                        if selfClosing {
                            out.append(tokens.rewrittenStartTag(set: [], selfClosing: false))
                            rows(before: nil)
                            out.append("</\(tokens.prefix)sheetData>")
                            continue
                        }
                        inSheetData = true
                    case "legacyDrawing":
                        existingLegacyDrawing = tokens.attribute("id")
                    default:
                        break
                    }
                    out.append(tokens.bytes[tokens.range])
                    continue
                }
                if depth == 2, inCols, tokens.nameIs("col") {
                    if let first = integer("min"), let last = integer("max"), let style = integer("style"), style > 0 {
                        columnStyles.append((first - 1, last - 1, style))
                    }
                    out.append(tokens.bytes[tokens.range])
                    continue
                }
                if depth == 2, inSheetData, tokens.nameIs("row") {
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
                    if hasTargets {
                        out.append(tokens.rewrittenStartTag(set: [], remove: ["spans"], selfClosing: false))
                        if selfClosing {
                            cellsOfRow(before: nil)
                            out.append("</\(tokens.prefix)row>")
                        } else {
                            inRow = true
                        }
                    } else {
                        out.append(tokens.bytes[tokens.range])
                        inRow = !selfClosing
                    }
                    continue
                }
                // Cells of rows without targets are copied without looking at their attributes.
                if depth == 3, inRow, next < targets.count, targets[next].row == rowIndex, tokens.nameIs("c") {
                    var column = nextColumn
                    if let ref = tokens.attribute("r"), let address = CellAddress(a1: ref.trimmingXMLSpace) {
                        column = address.column
                    }
                    nextColumn = column + 1
                    cellsOfRow(before: column)
                    if next < targets.count, targets[next] == CellAddress(row: rowIndex, column: column) {
                        let address = targets[next]
                        next += 1
                        let current = integer("s") ?? 0
                        out.append(tokens.rewrittenStartTag(set: [("r", address.a1), ("s", "\(style(current, address))")]))
                        continue
                    }
                }
                out.append(tokens.bytes[tokens.range])

            case .endTag:
                depth -= 1
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
                out.append(tokens.bytes[tokens.range])
            }
        }
    }
}
