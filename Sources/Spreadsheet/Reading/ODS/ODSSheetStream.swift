/// Streams one sheet (`table:table`) of an ODS `content.xml` row by row.
///
/// Repeats (`table:number-rows-repeated`, `table:number-columns-repeated`) are expanded only for
/// non-empty cells, so LibreOffice's trailing million empty rows cost one counter update; real
/// expansions count against the `sheet-too-large` caps before they are made. Covered cells keep
/// their positions (and any content they hold, as the XLSX reader keeps every `<c>`); spanned
/// cells become merged ranges. Only the current row (and, for a repeated row, its template) is
/// held in memory.
final class ODSSheetStream: RowReader {
    private var scanner: XMLScanner
    private let stream: ZipEntryStream
    private let styles: ODSStyles
    private let limits: ReadLimits
    private let sheet: Int
    private(set) var mergedRanges: [CellRange] = []
    private var finished = false

    // Finding the sheet.
    private var spreadsheetDepth = -1
    private var tablesSeen = 0
    private var tableDepth = -1

    private var nextRowIndex = 0
    private var cellCount = 0
    private var lastRowWidth = 8
    /// Copies of a repeated row still to hand out.
    private var pendingCells: [Cell] = []
    private var pendingIndex = 0
    private var pendingCount = 0

    /// At most this many spaces a row's `text:s` elements may expand to (a hostile `text:c`
    /// would otherwise turn a few bytes into gigabytes).
    static let maxExpandedSpacesPerRow = 4 << 20

    init(stream: ZipEntryStream, file: String, sheet: Int, styles: ODSStyles, limits: ReadLimits, pool: StringPool?) throws {
        self.stream = stream
        self.styles = styles
        self.limits = limits
        self.sheet = sheet
        self.scanner = XMLScanner(file: file, part: stream.part, chunkSize: stream.scanChunkSize) { [stream] buffer in
            try stream.read(into: buffer)
        }
        scanner.pool = pool
    }

    private enum ValueType {
        case none, number, date, time, boolean, string, error
    }

    /// What a cell's start tag says.
    private struct CellStart {
        var type = ValueType.none
        var number: Double? = nil
        var attributeText: String? = nil  // date-value, time-value, boolean-value or string-value
        var stringValue: String? = nil
        var repeated = 1
        var columnsSpanned = 1
        var rowsSpanned = 1
        var style: String? = nil
        var covered = false
    }

    func nextRow() throws -> Row? {
        if pendingCount > 0 {
            pendingCount -= 1
            let index = pendingIndex
            pendingIndex += 1
            var cells = pendingCells
            for i in cells.indices { cells[i].address.row = index }
            return Row(index: index, cells: cells)
        }
        if finished { return nil }
        var scanner = self.scanner
        defer { self.scanner = scanner }

        // The row being read.
        var inRow = false
        var rowIndex = 0
        var rowRepeat = 1
        var rowSpaces = 0
        var column = 0
        var cells: [Cell] = []
        var rowMerges: [CellRange] = []
        // The cell being read.
        var cellDepth = 0
        var cell = CellStart()
        var text = ""
        var paragraphs = 0
        var paragraphDepth = 0
        var skipDepth = 0

        while true {
            let token = try scanner.next()
            if tableDepth < 0 {
                // Before the selected sheet: count the spreadsheet's tables.
                switch token {
                case .end:
                    finished = true
                    return nil
                case .startTag:
                    let depth = scanner.isSelfClosing ? scanner.depth + 1 : scanner.depth
                    if scanner.nameIs("spreadsheet"), spreadsheetDepth < 0 {
                        spreadsheetDepth = depth
                    } else if spreadsheetDepth >= 0, depth == spreadsheetDepth + 1, scanner.nameIs("table") {
                        if tablesSeen == sheet {
                            if scanner.isSelfClosing {
                                finished = true
                                return nil
                            }
                            tableDepth = depth
                        }
                        tablesSeen += 1
                    }
                case .endTag, .text:
                    continue
                }
                continue
            }

            switch token {
            case .end:
                finished = true  // the scanner has already refused an unclosed table
                return nil

            case .text:
                if skipDepth == 0, paragraphDepth > 0 { text += scanner.text }

            case .startTag:
                if skipDepth > 0 { continue }
                let depth = scanner.isSelfClosing ? scanner.depth + 1 : scanner.depth
                if cellDepth > 0 {
                    if scanner.nameIs("p") || scanner.nameIs("h") {
                        if paragraphs > 0 { text += "\n" }
                        paragraphs += 1
                        if !scanner.isSelfClosing { paragraphDepth += 1 }
                    } else if paragraphDepth > 0 && scanner.nameIs("s") {
                        var count = 1
                        if let range = scanner.attributeRange("c"), let c = ByteNumber.integer(scanner.bytes(range)) {
                            count = min(max(c, 1), Self.maxExpandedSpacesPerRow + 1)
                        }
                        rowSpaces += count
                        if rowSpaces > Self.maxExpandedSpacesPerRow {
                            throw tooLarge("row \(rowIndex + 1) expands to more than \(Self.maxExpandedSpacesPerRow) spaces")
                        }
                        text += String(repeating: " ", count: count)
                    } else if paragraphDepth > 0 && scanner.nameIs("tab") {
                        text += "\t"
                    } else if paragraphDepth > 0 && scanner.nameIs("line-break") {
                        text += "\n"
                    } else if !scanner.isSelfClosing && Self.isSkipped(scanner) {
                        skipDepth = depth
                    }
                } else if scanner.nameIs("table-row") {
                    inRow = !scanner.isSelfClosing
                    rowIndex = nextRowIndex
                    rowRepeat = Self.count(scanner, "number-rows-repeated")
                    rowSpaces = 0
                    column = 0
                    cells = []
                    cells.reserveCapacity(lastRowWidth)
                    rowMerges = []
                    if !inRow { nextRowIndex = Self.add(nextRowIndex, rowRepeat) }
                } else if inRow && (scanner.nameIs("table-cell") || scanner.nameIs("covered-table-cell")) {
                    cell = Self.cellStart(scanner)
                    text = ""
                    paragraphs = 0
                    paragraphDepth = 0
                    if scanner.isSelfClosing {
                        try finishCell(cell, text: text, paragraphs: 0, row: rowIndex, column: &column, cells: &cells,
                                       merges: &rowMerges)
                    } else {
                        cellDepth = depth
                    }
                } else if !scanner.isSelfClosing && (scanner.nameIs("shapes") || scanner.nameIs("table")) {
                    skipDepth = depth  // drawings on the sheet, and anything nested like a sheet
                }

            case .endTag:
                if skipDepth > 0 {
                    if scanner.depth + 1 == skipDepth { skipDepth = 0 }
                    continue
                }
                if cellDepth > 0 {
                    if scanner.depth + 1 == cellDepth {
                        cellDepth = 0
                        try finishCell(cell, text: text, paragraphs: paragraphs, row: rowIndex, column: &column,
                                       cells: &cells, merges: &rowMerges)
                    } else if scanner.nameIs("p") || scanner.nameIs("h") {
                        paragraphDepth = max(0, paragraphDepth - 1)
                    }
                } else if inRow && scanner.nameIs("table-row") {
                    inRow = false
                    if let row = try finishRow(index: rowIndex, repeat: rowRepeat, cells: cells, merges: rowMerges) {
                        return row
                    }
                } else if scanner.depth + 1 == tableDepth {
                    finished = true  // the rest of the part was checked when the workbook was opened
                    return nil
                }
            }
        }
    }

    /// Elements inside a cell whose text is not the cell's: comments, drawings, nested tables,
    /// notes, ruby annotations.
    private static func isSkipped(_ scanner: XMLScanner) -> Bool {
        scanner.nameIs("annotation") || scanner.nameIs("frame") || scanner.nameIs("custom-shape")
            || scanner.nameIs("rect") || scanner.nameIs("ellipse") || scanner.nameIs("circle") || scanner.nameIs("line")
            || scanner.nameIs("polyline") || scanner.nameIs("polygon") || scanner.nameIs("regular-polygon")
            || scanner.nameIs("path") || scanner.nameIs("g") || scanner.nameIs("connector") || scanner.nameIs("measure")
            || scanner.nameIs("caption") || scanner.nameIs("control") || scanner.nameIs("table") || scanner.nameIs("note")
            || scanner.nameIs("ruby-text") || scanner.nameIs("tracked-changes") || scanner.nameIs("detective")
            || scanner.nameIs("cell-range-source")
    }

    /// A repeat or span count: a positive integer, 1 when absent or unreadable, capped so sums
    /// never overflow.
    private static func count(_ scanner: XMLScanner, _ name: StaticString) -> Int {
        guard let range = scanner.attributeRange(name), let value = ByteNumber.integer(scanner.bytes(range)), value >= 1 else { return 1 }
        return min(value, 1 << 40)
    }

    /// `a + b` for non-negative counts, saturating far beyond any cap.
    private static func add(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow || sum > 1 << 60 ? 1 << 60 : sum
    }

    private static func cellStart(_ scanner: XMLScanner) -> CellStart {
        var cell = CellStart()
        cell.covered = scanner.nameIs("covered-table-cell")
        for i in 0..<scanner.attributeCount {
            let range = scanner.attributeValueRange(i)
            if scanner.attributeNameIs(i, "value-type") {
                // office:value-type, and LibreOffice's calcext:value-type which adds "error".
                let type = valueType(scanner.bytes(range))
                if type == .error || cell.type == .none { cell.type = type }
            } else if scanner.attributeNameIs(i, "value") {
                cell.number = ByteNumber.double(scanner.bytes(range))
            } else if scanner.attributeNameIs(i, "date-value") || scanner.attributeNameIs(i, "time-value")
                        || scanner.attributeNameIs(i, "boolean-value") {
                cell.attributeText = String(decoding: scanner.bytes(range), as: UTF8.self).trimmingXMLSpace
            } else if scanner.attributeNameIs(i, "string-value") {
                cell.stringValue = scanner.attribute("string-value")
            } else if scanner.attributeNameIs(i, "number-columns-repeated") {
                cell.repeated = count(scanner, "number-columns-repeated")
            } else if scanner.attributeNameIs(i, "number-columns-spanned") {
                cell.columnsSpanned = count(scanner, "number-columns-spanned")
            } else if scanner.attributeNameIs(i, "number-rows-spanned") {
                cell.rowsSpanned = count(scanner, "number-rows-spanned")
            } else if scanner.attributeNameIs(i, "style-name") {
                cell.style = String(decoding: scanner.bytes(range), as: UTF8.self)
            }
        }
        return cell
    }

    private static func valueType(_ bytes: UnsafeBufferPointer<UInt8>) -> ValueType {
        let text = String(decoding: bytes, as: UTF8.self)
        switch text {
        case "float", "percentage", "currency": return .number
        case "date": return .date
        case "time": return .time
        case "boolean": return .boolean
        case "string": return .string
        case "error": return .error
        default: return .none
        }
    }

    private func value(of cell: CellStart, text: String, paragraphs: Int) -> CellValue {
        let content: CellValue = text.isEmpty ? .empty : .string(text)
        switch cell.type {
        case .none:
            return content
        case .number:
            return cell.number.map { .number($0) } ?? content
        case .date:
            guard let raw = cell.attributeText, let dateTime = ISODateTime.parse(raw) else { return content }
            if let showsTime = cell.style.flatMap({ styles.showsTime(cellStyle: $0) }) {
                return showsTime ? .dateTime(dateTime) : .date(dateTime.date)
            }
            let hasTime = dateTime.hour != 0 || dateTime.minute != 0 || dateTime.second != 0
            return hasTime ? .dateTime(dateTime) : .date(dateTime.date)
        case .time:
            guard let raw = cell.attributeText, let fraction = ODFDuration.dayFraction(raw) else { return content }
            return .number(fraction)
        case .boolean:
            switch cell.attributeText?.lowercased() {
            case "true", "1": return .bool(true)
            case "false", "0": return .bool(false)
            default: return content
            }
        case .string:
            if let string = cell.stringValue { return string.isEmpty ? .empty : .string(string) }
            return content
        case .error:
            return text.isEmpty ? .empty : .error(text)
        }
    }

    private func finishCell(_ cell: CellStart, text: String, paragraphs: Int, row: Int, column: inout Int,
                            cells: inout [Cell], merges: inout [CellRange]) throws {
        let value = value(of: cell, text: text, paragraphs: paragraphs)
        let first = column
        column = Self.add(column, cell.repeated)
        let spans = !cell.covered && (cell.columnsSpanned > 1 || cell.rowsSpanned > 1)
        guard !value.isEmpty || spans else { return }
        let last = column - 1
        if last >= limits.maxColumns {
            throw tooLarge("column \(first >= limits.maxColumns ? "beyond the cap" : CellAddress.columnName(last)) holds a cell beyond the cap of \(limits.maxColumns) columns")
        }
        if row >= limits.maxRows {
            throw tooLarge("row \(row + 1) is beyond the cap of \(limits.maxRows) rows")
        }
        if !value.isEmpty {
            cellCount += cell.repeated
            if cellCount > limits.maxCells { throw tooLarge("more than \(limits.maxCells) cells") }
            for c in first...last { cells.append(Cell(address: CellAddress(row: row, column: c), value: value)) }
        }
        if spans {
            if merges.count + mergedRanges.count + cell.repeated > limits.maxCells {
                throw tooLarge("more than \(limits.maxCells) merged ranges")
            }
            let lastRow = min(row + cell.rowsSpanned - 1, limits.maxRows - 1)
            for c in first...last {
                let lastColumn = min(c + cell.columnsSpanned - 1, limits.maxColumns - 1)
                merges.append(CellRange(first: CellAddress(row: row, column: c), last: CellAddress(row: lastRow, column: lastColumn)))
            }
        }
    }

    /// Ends a row: hands it out (and remembers its repeats), or skips it when empty.
    private func finishRow(index: Int, repeat count: Int, cells: [Cell], merges: [CellRange]) throws -> Row? {
        nextRowIndex = Self.add(index, count)
        if !merges.isEmpty {
            if count > 1 {
                if index + count - 1 >= limits.maxRows {
                    throw tooLarge("row \(index + count) is beyond the cap of \(limits.maxRows) rows")
                }
                if mergedRanges.count + merges.count * count > limits.maxCells {
                    throw tooLarge("more than \(limits.maxCells) merged ranges")
                }
            }
            for copy in 0..<count {
                for range in merges {
                    var shifted = range
                    shifted.first.row += copy
                    shifted.last.row = min(shifted.last.row + copy, limits.maxRows - 1)
                    mergedRanges.append(shifted)
                }
            }
        }
        guard !cells.isEmpty else { return nil }
        if count > 1 {
            if index + count - 1 >= limits.maxRows {
                throw tooLarge("row \(index + count) is beyond the cap of \(limits.maxRows) rows")
            }
            if cellCount + cells.count * (count - 1) > limits.maxCells {
                throw tooLarge("more than \(limits.maxCells) cells")
            }
            cellCount += cells.count * (count - 1)
            pendingCells = cells
            pendingIndex = index + 1
            pendingCount = count - 1
        } else {
            pendingCells = []
        }
        lastRowWidth = max(lastRowWidth, cells.count)
        return Row(index: index, cells: cells)
    }

    private func tooLarge(_ detail: String) -> SpreadsheetError {
        SpreadsheetError(.sheetTooLarge, file: scanner.file, part: scanner.part, detail: detail)
    }
}

/// ODF durations as `office:time-value` carries them (`PT12H30M00S`, `-PT1H`, `P1DT2H`), as a
/// fraction of a day: `CellValue` has no time-of-day case, so a time reads as the number Excel
/// would store for it.
enum ODFDuration {
    static func dayFraction(_ text: String) -> Double? {
        var bytes = Array(text.utf8)[...]
        var negative = false
        if bytes.first == UInt8(ascii: "-") {
            negative = true
            bytes = bytes.dropFirst()
        }
        guard bytes.first == UInt8(ascii: "P"), bytes.count > 1, bytes.count <= 64 else { return nil }
        bytes = bytes.dropFirst()
        var seconds = 0.0
        var inTime = false
        var number: [UInt8] = []
        var any = false
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: ","):
                number.append(byte == UInt8(ascii: ",") ? UInt8(ascii: ".") : byte)
            case UInt8(ascii: "T"):
                guard number.isEmpty, !inTime else { return nil }
                inTime = true
            default:
                guard !number.isEmpty, let value = Double(String(decoding: number, as: UTF8.self)), value.isFinite else { return nil }
                number = []
                any = true
                switch (byte, inTime) {
                case (UInt8(ascii: "D"), false): seconds += value * 86400
                case (UInt8(ascii: "W"), false): seconds += value * 7 * 86400
                case (UInt8(ascii: "Y"), false), (UInt8(ascii: "M"), false):
                    guard value == 0 else { return nil }  // years and months have no fixed length
                case (UInt8(ascii: "H"), true): seconds += value * 3600
                case (UInt8(ascii: "M"), true): seconds += value * 60
                case (UInt8(ascii: "S"), true): seconds += value
                default: return nil
                }
            }
        }
        guard any, number.isEmpty, seconds.isFinite else { return nil }
        let fraction = seconds / 86400
        return negative ? -fraction : fraction
    }
}
