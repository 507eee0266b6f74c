/// The rows of a table with flagged cells: repeats split around them, missing cells and rows
/// created, the rest copied.
extension ODSContentRewriter {

    /// What a flagged row holds: its cells (children of the row) with their input ranges.
    struct CellPart {
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
    func rewriteRow(_ table: inout Table, index: Int, repeated: Int, depth: Int) throws {
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
    func writeRowCopy(tag: Range<Int>, whole: Range<Int>, endTag: Range<Int>?, rowName: Range<Int>,
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
    func writeFlaggedRow(table: Table, tag: Range<Int>, endTag: Range<Int>?, rowName: Range<Int>, rowStyle: String?,
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

    func mark(_ table: Table, _ address: CellAddress) -> AnnotationMarks.Mark {
        marks[table.index][address]!
    }

    /// The cell as it was, repeated `count` times.
    func writeCellCopy(_ cell: CellPart, count: Int) throws {
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
    func writeFlaggedCell(_ cell: CellPart, style: String, mark: AnnotationMarks.Mark) throws {
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

    func elementName(_ tag: Range<Int>) throws -> String {
        var element = RawXMLTokenizer(bytes: Array(bytes[tag]), file: file, part: part)
        _ = try element.next()
        return String(decoding: element.bytes[element.nameStart..<element.nameEnd], as: UTF8.self)
    }

    /// Empty cells that move a new cell to its column.
    func filler(cells count: Int) -> String {
        guard count > 0 else { return "" }
        return count == 1
            ? "<\(ns.table)table-cell/>"
            : "<\(ns.table)table-cell \(ns.table)number-columns-repeated=\"\(count)\"/>"
    }

    func newCell(style: String, mark: AnnotationMarks.Mark) -> String {
        "<\(ns.table)table-cell \(ns.table)style-name=\"\(RawXML.escape(style, attribute: true))\">"
            + annotation(mark) + "</\(ns.table)table-cell>"
    }

    /// Rows for the flagged cells past the table's last row, inserted before `offset` (or
    /// written at the current output position for `nil`).
    func appendRows(_ table: inout Table, before offset: Int?) throws {
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
}
