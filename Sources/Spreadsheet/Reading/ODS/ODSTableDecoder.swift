#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// Why one long file: the decoder is one state machine over a table's rows and cells; its
// steps share the current cell and row they build.

/// Decodes the rows of one sheet (`table:table`) of an ODS `content.xml` from the scanner, one
/// row with content at a time, into a sink.
///
/// Repeats (`table:number-rows-repeated`, `table:number-columns-repeated`) are expanded only for
/// non-empty cells, so LibreOffice's trailing million empty rows cost one counter update; real
/// expansions count against the `sheet-too-large` caps before they are made. Covered cells keep
/// their positions (and any content they hold, as the XLSX reader keeps every `<c>`); spanned
/// cells become merged ranges. Attribute values, value types, style names and dates are read
/// from the scanner's bytes; a text becomes a string once, when its cell ends.
struct ODSTableDecoder {
    let limits: ReadLimits
    let styles: ODSStyleLookup
    let file: String
    let part: String
    /// The scanner depth inside the table element.
    let tableDepth: Int
    private(set) var mergedRanges: [CellRange] = []
    private var nextRowIndex = 0
    private var cellCount = 0
    private let text = ODSByteBuffer()
    private var rowMerges: [CellRange] = []
    /// Default cell styles of the table's columns that show a date or time, as runs: the run
    /// covers columns up to (excluding) `end`.
    private var columnKinds: [(end: Int, kind: ODSDataStyleKind)] = []
    private var columnsDeclared = 0
    /// The current cell's `office:string-value`, when it has one.
    private var stringValue = ""

    /// At most this many spaces a row's `text:s` elements may expand to (a hostile `text:c`
    /// would otherwise turn a few bytes into gigabytes).
    static let maxExpandedSpacesPerRow = 4 << 20

    init(limits: ReadLimits, styles: ODSStyleLookup, file: String, part: String, tableDepth: Int) {
        self.limits = limits
        self.styles = styles
        self.file = file
        self.part = part
        self.tableDepth = tableDepth
    }

    enum ValueType {
        case none, number, date, time, boolean, string, error
    }

    /// What a cell's start tag says.
    struct CellStart {
        var type = ValueType.none
        var number: Double? = nil
        var date: CivilDateTime? = nil
        var seconds: Double? = nil
        var boolean: Bool? = nil
        /// Whether `office:string-value` is there (its text is in `stringValue`).
        var hasStringValue = false
        var repeated = 1
        var columnsSpanned = 1
        var rowsSpanned = 1
        var kind = ODSDataStyleKind.unknown
        var covered = false
        /// Whether the cell's paragraphs can make its value (no attribute holds it): only then
        /// are they collected.
        var needsText = true
    }

    /// Reads up to the next row that holds a cell, whose cells are then in `sink`: its index and
    /// how many times it repeats. `nil` when the table ends (the scanner is then past its end tag).
    mutating func nextRow<Sink: ODSCellSink>(_ scanner: inout XMLScanner, into sink: inout Sink) throws -> (index: Int, repeats: Int)? {
        var inRow = false
        var rowIndex = 0
        var rowRepeat = 1
        var rowSpaces = 0
        var rowCells = 0
        var column = 0
        // The cell being read.
        var cellDepth = 0
        var cell = CellStart()
        var paragraphs = 0
        var paragraphDepth = 0
        var skipDepth = 0

        while true {
            let token = try scanner.next()
            switch token {
            case .end:
                return nil  // the scanner has already refused an unclosed table

            case .text:
                if paragraphDepth > 0, skipDepth == 0, cell.needsText { appendText(&scanner) }

            case .startTag:
                if skipDepth > 0 { continue }
                if cellDepth > 0 {
                    if scanner.nameIs("p") || scanner.nameIs("h") {
                        if paragraphs > 0, cell.needsText { text.append(0x0A) }
                        paragraphs += 1
                        if !scanner.isSelfClosing { paragraphDepth += 1 }
                    } else if paragraphDepth > 0 && scanner.nameIs("span") {
                        continue
                    } else if paragraphDepth > 0 && scanner.nameIs("s") {
                        var count = 1
                        if let range = scanner.attributeRange("c"), let c = ByteNumber.integer(scanner.bytes(range)) {
                            count = min(max(c, 1), Self.maxExpandedSpacesPerRow + 1)
                        }
                        rowSpaces += count
                        if rowSpaces > Self.maxExpandedSpacesPerRow {
                            sink.discardRow()
                            throw tooLarge("row \(rowIndex + 1) expands to more than \(Self.maxExpandedSpacesPerRow) spaces")
                        }
                        if cell.needsText { text.append(0x20, times: count) }
                    } else if paragraphDepth > 0 && scanner.nameIs("tab") {
                        if cell.needsText { text.append(0x09) }
                    } else if paragraphDepth > 0 && scanner.nameIs("line-break") {
                        if cell.needsText { text.append(0x0A) }
                    } else if !scanner.isSelfClosing && Self.isSkipped(&scanner) {
                        skipDepth = scanner.depth
                    }
                } else if scanner.nameIs("table-cell") || scanner.nameIs("covered-table-cell") {
                    guard inRow else { continue }
                    cellStart(&scanner, column: column, into: &cell)
                    text.count = 0
                    paragraphs = 0
                    paragraphDepth = 0
                    if scanner.isSelfClosing {
                        do {
                            rowCells += try finishCell(cell, row: rowIndex, column: &column, into: &sink)
                        } catch {
                            sink.discardRow()
                            throw error
                        }
                    } else {
                        cellDepth = scanner.depth
                    }
                } else if scanner.nameIs("table-row") {
                    inRow = !scanner.isSelfClosing
                    rowIndex = nextRowIndex
                    rowRepeat = Self.count(&scanner, "number-rows-repeated")
                    rowSpaces = 0
                    rowCells = 0
                    column = 0
                    rowMerges.removeAll(keepingCapacity: true)
                    if !inRow { nextRowIndex = Self.add(nextRowIndex, rowRepeat) }
                } else if scanner.nameIs("table-column") {
                    declareColumns(&scanner)
                } else if !scanner.isSelfClosing && (scanner.nameIs("shapes") || scanner.nameIs("table")) {
                    skipDepth = scanner.depth  // drawings on the sheet, and anything nested like a sheet
                }

            case .endTag:
                if skipDepth > 0 {
                    if scanner.depth + 1 == skipDepth { skipDepth = 0 }
                    continue
                }
                if cellDepth > 0 {
                    if scanner.depth + 1 == cellDepth {
                        cellDepth = 0
                        do {
                            rowCells += try finishCell(cell, row: rowIndex, column: &column, into: &sink)
                        } catch {
                            sink.discardRow()
                            throw error
                        }
                    } else if scanner.nameIs("p") || scanner.nameIs("h") {
                        paragraphDepth = max(0, paragraphDepth - 1)
                    }
                } else if inRow && scanner.nameIs("table-row") {
                    inRow = false
                    do {
                        if try finishRow(index: rowIndex, repeat: rowRepeat, cells: rowCells) {
                            return (rowIndex, rowRepeat)
                        }
                    } catch {
                        sink.discardRow()
                        throw error
                    }
                } else if scanner.depth + 1 == tableDepth {
                    return nil
                }
            }
        }
    }

    /// Passes over the rest of the table without decoding it (a sheet whose decoding stopped).
    static func skipTable(_ scanner: inout XMLScanner, tableDepth: Int) throws {
        while true {
            switch try scanner.next() {
            case .end: return
            case .endTag where scanner.depth + 1 == tableDepth: return
            default: continue
            }
        }
    }

    /// Appends the current text token, entities decoded (the raw bytes when there are none).
    @inline(__always)
    private func appendText(_ scanner: inout XMLScanner) {
        let raw = scanner.textBytes
        guard let base = raw.baseAddress, raw.count > 0 else { return }
        if memchr(base, 0x26, raw.count) == nil && memchr(base, 0x0D, raw.count) == nil {
            text.append(raw)
        } else {
            var decoded = scanner.text
            decoded.withUTF8 { text.append($0) }
        }
    }

    /// Elements inside a cell whose text is not the cell's: comments, drawings, nested tables,
    /// notes, ruby annotations.
    private static func isSkipped(_ scanner: inout XMLScanner) -> Bool {
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
    private static func count(_ scanner: inout XMLScanner, _ name: StaticString) -> Int {
        guard let range = scanner.attributeRange(name) else { return 1 }
        return count(scanner.bytes(range))
    }

    private static func count(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let value = ByteNumber.integer(bytes), value >= 1 else { return 1 }
        return min(value, 1 << 40)
    }

    /// `a + b` for non-negative counts, saturating far beyond any cap.
    private static func add(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow || sum > 1 << 60 ? 1 << 60 : sum
    }

    /// A `table:table-column`: remembers its default cell style when that shows a date or time.
    private mutating func declareColumns(_ scanner: inout XMLScanner) {
        let repeated = Self.count(&scanner, "number-columns-repeated")
        let first = columnsDeclared
        columnsDeclared = Self.add(columnsDeclared, repeated)
        guard !styles.isEmpty, let range = scanner.attributeRange("default-cell-style-name") else { return }
        let kind = styles.kind(scanner.bytes(range))
        guard kind != .unknown, columnKinds.count < 4096 else { return }
        if first > (columnKinds.last?.end ?? 0) { columnKinds.append((first, .unknown)) }
        columnKinds.append((columnsDeclared, kind))
    }

    private func columnKind(_ column: Int) -> ODSDataStyleKind {
        for run in columnKinds where column < run.end { return run.kind }
        return .unknown
    }

    private mutating func cellStart(_ scanner: inout XMLScanner, column: Int, into cell: inout CellStart) {
        cell = CellStart()
        cell.covered = scanner.nameIs("covered-table-cell")
        var style: Range<Int>? = nil
        for i in 0..<scanner.attributeCount {
            let range = scanner.attributeValueRange(i)
            let value = scanner.bytes(range)
            if scanner.attributeNameIs(i, "value-type") {
                // office:value-type, and LibreOffice's calcext:value-type which adds "error".
                let type = Self.valueType(value)
                if type == .error || cell.type == .none { cell.type = type }
            } else if scanner.attributeNameIs(i, "value") {
                cell.number = ByteNumber.double(value)
            } else if scanner.attributeNameIs(i, "style-name") {
                style = range
            } else if scanner.attributeNameIs(i, "date-value") {
                cell.date = ODFDate.parse(value)
            } else if scanner.attributeNameIs(i, "time-value") {
                cell.seconds = ODFDuration.seconds(value)
            } else if scanner.attributeNameIs(i, "boolean-value") {
                cell.boolean = Self.boolean(value)
            } else if scanner.attributeNameIs(i, "string-value") {
                cell.hasStringValue = true
                stringValue = scanner.attribute("string-value") ?? ""
            } else if scanner.attributeNameIs(i, "number-columns-repeated") {
                cell.repeated = Self.count(value)
            } else if scanner.attributeNameIs(i, "number-columns-spanned") {
                cell.columnsSpanned = Self.count(value)
            } else if scanner.attributeNameIs(i, "number-rows-spanned") {
                cell.rowsSpanned = Self.count(value)
            }
        }
        switch cell.type {
        case .number: cell.needsText = cell.number == nil
        case .date: cell.needsText = cell.date == nil
        case .time: cell.needsText = cell.seconds == nil
        case .boolean: cell.needsText = cell.boolean == nil
        case .string: cell.needsText = !cell.hasStringValue
        case .none, .error: cell.needsText = true
        }
        // Only dates and times need to know what their style shows.
        if cell.type == .date || cell.type == .time {
            if let style {
                if !styles.isEmpty { cell.kind = styles.kind(scanner.bytes(style)) }
            } else if !columnKinds.isEmpty {
                cell.kind = columnKind(column)
            }
        }
    }

    @inline(__always)
    private static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        bytes.count == literal.utf8CodeUnitCount && memcmp(bytes.baseAddress!, literal.utf8Start, bytes.count) == 0
    }

    @inline(__always)
    private static func valueType(_ bytes: UnsafeBufferPointer<UInt8>) -> ValueType {
        switch bytes.count {
        case 4:
            if equals(bytes, "date") { return .date }
            if equals(bytes, "time") { return .time }
        case 5:
            if equals(bytes, "float") { return .number }
            if equals(bytes, "error") { return .error }
        case 6 where equals(bytes, "string"): return .string
        case 7 where equals(bytes, "boolean"): return .boolean
        case 8 where equals(bytes, "currency"): return .number
        case 10 where equals(bytes, "percentage"): return .number
        default: break
        }
        return .none
    }

    /// `true`, `false`, `1`, `0` in any case with XML white space around; else `nil`.
    private static func boolean(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        let trimmed = ODFDate.trim(bytes)
        switch trimmed.count {
        case 1:
            if trimmed[0] == UInt8(ascii: "1") { return true }
            if trimmed[0] == UInt8(ascii: "0") { return false }
        case 4, 5:
            var lower: [UInt8] = []
            lower.reserveCapacity(5)
            for byte in trimmed { lower.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte) }
            if lower == Array("true".utf8) { return true }
            if lower == Array("false".utf8) { return false }
        default: break
        }
        return nil
    }

    /// What a finished cell holds.
    private enum Decided {
        case empty
        case value(CellValue)
        /// The cell's paragraphs (in `text`), as a string or an error.
        case text(isError: Bool)
        case string(String)
    }

    private func decide(_ cell: CellStart) -> Decided {
        let content: Decided = text.count == 0 ? .empty : .text(isError: false)
        switch cell.type {
        case .none:
            return content
        case .number:
            return cell.number.map { .value(.number($0)) } ?? content
        case .date:
            guard let dateTime = cell.date else { return content }
            switch cell.kind {
            case .date: return .value(.date(dateTime.date))
            case .dateTime, .time, .elapsed: return .value(.dateTime(dateTime))
            case .unknown:
                let hasTime = dateTime.hour != 0 || dateTime.minute != 0 || dateTime.second != 0
                return .value(hasTime ? .dateTime(dateTime) : .date(dateTime.date))
            }
        case .time:
            guard let seconds = cell.seconds else { return content }
            return .value(Self.timeValue(seconds: seconds, kind: cell.kind))
        case .boolean:
            return cell.boolean.map { .value(.bool($0)) } ?? content
        case .string:
            if cell.hasStringValue { return stringValue.isEmpty ? .empty : .string(stringValue) }
            return content
        case .error:
            return text.count == 0 ? .empty : .text(isError: true)
        }
    }

    /// An `office:time-value` as the XLSX reader reads the same cell (``SheetStream/numericValue(_:kind:system:)``):
    /// a time of day below 24 hours, unless its data style shows elapsed time (`[HH]:MM:SS`);
    /// a duration for elapsed time, and for any value of 24 hours or more (or below zero),
    /// which no clock shows. Past a million days it stays the number of days.
    static func timeValue(seconds: Double, kind: ODSDataStyleKind) -> CellValue {
        guard seconds.isFinite, seconds.magnitude < 86_400 * 1_000_000 else { return .number(seconds / 86_400) }
        let rounded = Int(seconds.rounded())
        if kind == .elapsed || seconds < 0 || seconds >= 86_400 { return .duration(seconds: rounded) }
        return .time(seconds: rounded % 86_400)
    }

    /// Ends a cell: its value goes to the sink for every column it repeats over, its span to
    /// the row's merged ranges. Returns how many cells it added.
    private mutating func finishCell<Sink: ODSCellSink>(_ cell: CellStart, row: Int, column: inout Int,
                                                        into sink: inout Sink) throws -> Int {
        let decided = decide(cell)
        let first = column
        column = Self.add(column, cell.repeated)
        let spans = !cell.covered && (cell.columnsSpanned > 1 || cell.rowsSpanned > 1)
        let hasValue: Bool
        if case .empty = decided { hasValue = false } else { hasValue = true }
        guard hasValue || spans else { return 0 }
        let last = column - 1
        if last >= limits.maxColumns {
            throw tooLarge("column \(first >= limits.maxColumns ? "beyond the cap" : CellAddress.columnName(last)) holds a cell beyond the cap of \(limits.maxColumns) columns")
        }
        if row >= limits.maxRows {
            throw tooLarge("row \(row + 1) is beyond the cap of \(limits.maxRows) rows")
        }
        if hasValue {
            cellCount += cell.repeated
            if cellCount > limits.maxCells { throw tooLarge("more than \(limits.maxCells) cells") }
            switch decided {
            case .empty: break
            case .value(let value): sink.add(row: row, column: first, count: cell.repeated, value: value)
            case .string(let string): sink.add(row: row, column: first, count: cell.repeated, value: .string(string))
            case .text(let isError): sink.addText(row: row, column: first, count: cell.repeated, bytes: text.bytes, isError: isError)
            }
        }
        if spans {
            if rowMerges.count + mergedRanges.count + cell.repeated > limits.maxCells {
                throw tooLarge("more than \(limits.maxCells) merged ranges")
            }
            let lastRow = min(row + cell.rowsSpanned - 1, limits.maxRows - 1)
            for c in first...last {
                let lastColumn = min(c + cell.columnsSpanned - 1, limits.maxColumns - 1)
                rowMerges.append(CellRange(first: CellAddress(row: row, column: c), last: CellAddress(row: lastRow, column: lastColumn)))
            }
        }
        return hasValue ? cell.repeated : 0
    }

    /// Ends a row: checks its repeats against the caps and keeps its merged ranges. `true` when
    /// it holds cells (it is handed out), `false` when it is skipped as empty.
    private mutating func finishRow(index: Int, repeat count: Int, cells: Int) throws -> Bool {
        nextRowIndex = Self.add(index, count)
        if !rowMerges.isEmpty {
            if count > 1 {
                if index + count - 1 >= limits.maxRows {
                    throw tooLarge("row \(index + count) is beyond the cap of \(limits.maxRows) rows")
                }
                if mergedRanges.count + rowMerges.count * count > limits.maxCells {
                    throw tooLarge("more than \(limits.maxCells) merged ranges")
                }
            }
            for copy in 0..<count {
                for range in rowMerges {
                    var shifted = range
                    shifted.first.row += copy
                    shifted.last.row = min(shifted.last.row + copy, limits.maxRows - 1)
                    mergedRanges.append(shifted)
                }
            }
        }
        guard cells > 0 else { return false }
        if count > 1 {
            if index + count - 1 >= limits.maxRows {
                throw tooLarge("row \(index + count) is beyond the cap of \(limits.maxRows) rows")
            }
            if cellCount + cells * (count - 1) > limits.maxCells {
                throw tooLarge("more than \(limits.maxCells) cells")
            }
            cellCount += cells * (count - 1)
        }
        return true
    }

    private func tooLarge(_ detail: String) -> SpreadsheetError {
        SpreadsheetError(.sheetTooLarge, file: file, part: part, detail: detail)
    }
}
