#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the row decoder puts the cells of the row it is reading: Swift cells for a row handed
/// out at once (``ODSRowBuilder``), or the compact form of a sheet kept from the one pass over
/// `content.xml` (``ODSSheetStoreWriter``).
protocol ODSCellSink {
    /// `count` consecutive cells from `column` of row `row` holding `value` (never empty).
    mutating func add(row: Int, column: Int, count: Int, value: CellValue)
    /// The same for a text (or error text) given as UTF-8, valid only during the call.
    mutating func addText(row: Int, column: Int, count: Int, bytes: UnsafeBufferPointer<UInt8>, isError: Bool)
    /// Forgets the cells added since the row began (the decoder refused it, or it ends empty).
    mutating func discardRow()
}

/// A growable byte buffer: a cell's text, reused from cell to cell, and a kept sheet's rows.
final class ODSByteBuffer {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    var count = 0

    init(capacity: Int = 1024) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    @inline(__always)
    func reserve(_ extra: Int) {
        if count + extra > capacity { grow(extra) }
    }

    private func grow(_ extra: Int) {
        var newCapacity = capacity * 2
        while newCapacity < count + extra { newCapacity *= 2 }
        let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        fresh.update(from: base, count: count)
        base.deallocate()
        base = fresh
        capacity = newCapacity
    }

    @inline(__always)
    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    @inline(__always)
    func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    func append(_ byte: UInt8, times: Int) {
        reserve(times)
        (base + count).update(repeating: byte, count: times)
        count += times
    }

    /// A LEB128 variable-length integer (seven bits a byte, low first).
    @inline(__always)
    func appendVarint(_ value: UInt64) {
        reserve(10)
        var value = value
        var at = count
        while value >= 0x80 {
            base[at] = UInt8(truncatingIfNeeded: value) | 0x80
            value >>= 7
            at += 1
        }
        base[at] = UInt8(value)
        count = at + 1
    }

    /// Gives back memory beyond what is used (a kept sheet, once written).
    func shrink() {
        guard capacity > count + 4096 else { return }
        let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: max(count, 16))
        fresh.update(from: base, count: count)
        base.deallocate()
        base = fresh
        capacity = max(count, 16)
    }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }
}

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

// MARK: - Rows handed out as they are read

/// Collects a row's cells as Swift values.
struct ODSRowBuilder: ODSCellSink {
    var cells: [Cell] = []
    let pool: StringPool?

    init(pool: StringPool?) { self.pool = pool }

    mutating func add(row: Int, column: Int, count: Int, value: CellValue) {
        for c in column..<column + count { cells.append(Cell(address: CellAddress(row: row, column: c), value: value)) }
    }

    mutating func addText(row: Int, column: Int, count: Int, bytes: UnsafeBufferPointer<UInt8>, isError: Bool) {
        let string = pool?.string(bytes) ?? String(decoding: bytes, as: UTF8.self)
        add(row: row, column: column, count: count, value: isError ? .error(string) : .string(string))
    }

    mutating func discardRow() { cells.removeAll(keepingCapacity: true) }
}

/// Streams one sheet from a fresh pass over `content.xml`: for a sheet too large to be kept
/// from the pass that opened the workbook. Only the current row (and, for a repeated row, its
/// template) is held in memory.
final class ODSSheetStream: RowReader {
    private var scanner: XMLScanner
    private let source: AnyObject
    private let sheet: Int
    private let limits: ReadLimits
    private let styles: ODSStyleLookup
    private var decoder: ODSTableDecoder? = nil
    private var builder: ODSRowBuilder
    private var finished = false
    private var spreadsheetDepth = -1
    private var tablesSeen = 0
    private var lastRowWidth = 8
    /// Copies of a repeated row still to hand out.
    /// The copies still to hand out of a row written once with `table:number-rows-repeated`.
    private var repeats = RepeatedRow()

    var mergedRanges: [CellRange] { decoder?.mergedRanges ?? [] }

    /// - Parameter source: what `scanner` reads from, kept alive (and stopped) with the stream.
    init(scanner: XMLScanner, source: AnyObject, sheet: Int, styles: ODSStyleLookup, limits: ReadLimits, pool: StringPool?) {
        self.scanner = scanner
        self.source = source
        self.sheet = sheet
        self.styles = styles
        self.limits = limits
        builder = ODSRowBuilder(pool: pool)
    }

    func nextRow() throws -> Row? {
        if let copy = repeats.next() { return copy }
        if finished { return nil }
        var scanner = self.scanner
        defer { self.scanner = scanner }
        if decoder == nil {
            guard let depth = try findTable(&scanner) else {
                finished = true
                return nil
            }
            decoder = ODSTableDecoder(limits: limits, styles: styles, file: scanner.file, part: scanner.part, tableDepth: depth)
        }
        builder.cells = []
        builder.cells.reserveCapacity(lastRowWidth)
        guard let (index, repeats) = try decoder!.nextRow(&scanner, into: &builder) else {
            finished = true
            return nil
        }
        let cells = builder.cells
        builder.cells = []
        self.repeats = RepeatedRow(cells: cells, after: index, copies: repeats - 1)
        lastRowWidth = max(lastRowWidth, cells.count)
        return Row(index: index, cells: cells)
    }

    /// Moves to the selected sheet's table: the scanner depth inside it, or `nil` when the
    /// spreadsheet has no such table or it is empty.
    private func findTable(_ scanner: inout XMLScanner) throws -> Int? {
        while true {
            switch try scanner.next() {
            case .end:
                return nil
            case .startTag:
                let depth = scanner.isSelfClosing ? scanner.depth + 1 : scanner.depth
                if scanner.nameIs("spreadsheet"), spreadsheetDepth < 0 {
                    spreadsheetDepth = depth
                } else if spreadsheetDepth >= 0, depth == spreadsheetDepth + 1, scanner.nameIs("table") {
                    if tablesSeen == sheet { return scanner.isSelfClosing ? nil : depth }
                    tablesSeen += 1
                }
            case .endTag, .text:
                continue
            }
        }
    }
}

// MARK: - Sheets kept from the one pass

/// A sheet decoded during the pass that opened the workbook, kept compactly: per row its index
/// (as the gap from the row before), then per run of equal cells a tag byte, the column gap and
/// repeat when not 0, and the value (numbers that are integers as variable-length integers,
/// others as 8 bytes; texts as indexes into a table of the distinct texts); a 0 tag, then the
/// row's repeat count. A refusal met while decoding (a cap) is kept and thrown where it was met.
final class ODSSheetStore {
    /// The rows, in chunks of about a megabyte (a row never spans two).
    let chunks: [ODSByteBuffer]
    let strings: [String]
    let mergedRanges: [CellRange]
    let error: SpreadsheetError?
    let widestRow: Int

    /// Bytes the rows take.
    var byteCount: Int { chunks.reduce(0) { $0 + $1.count } }

    static func empty() -> ODSSheetStore { ODSSheetStore(chunks: [], strings: [], mergedRanges: [], error: nil, widestRow: 0) }

    init(chunks: [ODSByteBuffer], strings: [String], mergedRanges: [CellRange], error: SpreadsheetError?, widestRow: Int) {
        chunks.last?.shrink()
        self.chunks = chunks.filter { $0.count > 0 }
        self.strings = strings
        self.mergedRanges = mergedRanges
        self.error = error
        self.widestRow = widestRow
    }

    enum Tag: UInt8 {
        case endOfRow = 0, string, error, double, integer, falseValue, trueValue, date, dateTime, time, duration
    }

    static let hasGap: UInt8 = 0x40
    static let hasRepeat: UInt8 = 0x80
}

/// The distinct texts of a kept sheet, found by their bytes.
struct ODSStringTable {
    private(set) var strings: [String] = []
    private var offsets: [Int] = [0]
    private var arena: [UInt8] = []
    private var hashes: [UInt64] = []
    private var slots: [Int32] = Array(repeating: -1, count: 1024)
    /// Bytes held for the texts (the strings and the copies they are compared with).
    var byteCount: Int { arena.count * 2 + strings.count * 48 + slots.count * 4 }

    /// Eight bytes at a time (the table is private to the process).
    @inline(__always)
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let n = bytes.count
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(n)
        guard let base = bytes.baseAddress, n > 0 else { return hash }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= n {
            hash = (hash ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 32
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < n {
            tail |= UInt64(base[i]) << shift
            shift += 8
            i += 1
        }
        hash = (hash ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        return hash ^ (hash >> 29)
    }

    mutating func index(of bytes: UnsafeBufferPointer<UInt8>, pool: StringPool?) -> Int {
        let hash = Self.hash(bytes)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash >> 3) & mask
        while true {
            let index = Int(slots[slot])
            if index < 0 { break }
            if hashes[index] == hash {
                let start = offsets[index]
                let length = offsets[index + 1] - start
                if length == bytes.count {
                    let same = length == 0 || arena.withUnsafeBufferPointer { memcmp($0.baseAddress! + start, bytes.baseAddress!, length) == 0 }
                    if same { return index }
                }
            }
            slot = (slot + 1) & mask
        }
        let index = strings.count
        strings.append(pool?.string(bytes) ?? String(decoding: bytes, as: UTF8.self))
        arena.append(contentsOf: bytes)
        offsets.append(arena.count)
        hashes.append(hash)
        slots[slot] = Int32(index)
        if strings.count * 2 > slots.count { rehash() }
        return index
    }

    private mutating func rehash() {
        slots = Array(repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (index, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash >> 3) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index)
        }
    }
}

/// Writes a sheet's rows in the compact form of ``ODSSheetStore`` while the workbook is opened,
/// up to a byte budget.
struct ODSSheetStoreWriter: ODSCellSink {
    /// The chunk being written, and those before it.
    private var buffer: ODSByteBuffer
    private var chunks: [ODSByteBuffer] = []
    private var chunkedBytes = 0
    private(set) var strings = ODSStringTable()
    let pool: StringPool?
    let budget: Int
    /// Set once the sheet would take more than the budget: it is then streamed again when read.
    private(set) var overBudget = false
    private var rowStart = -1
    private var nextColumn = 0
    private var previousRowEnd = 0
    private var rowCells = 0
    private(set) var widestRow = 0

    /// - Parameter chunkSize: The size of the chunks the rows are kept in.
    init(budget: Int, pool: StringPool?, chunkSize: Int = ODSSheetStoreWriter.chunkSize) {
        self.budget = budget
        self.pool = pool
        self.chunkSize = max(chunkSize, 16)
        buffer = ODSByteBuffer(capacity: min(64 * 1024, self.chunkSize))
    }

    @inline(__always)
    private static func zigzag(_ value: Int) -> UInt64 {
        UInt64(bitPattern: Int64((value << 1) ^ (value >> 63)))
    }

    static let chunkSize = 1 << 20
    private let chunkSize: Int
    /// The most bytes one run (or a row's end) takes: a tag, four variable-length integers.
    static let maxRunBytes = 48

    /// Room for one more run in the current chunk: when it is full, a new chunk starts and the
    /// row being written moves there, so that a row never spans two chunks and no chunk is
    /// ever copied to grow (the first one grows from 64 KiB to a chunk's size).
    @inline(__always)
    private mutating func room() {
        if buffer.count + Self.maxRunBytes > buffer.capacity { newChunk() }
    }

    private mutating func newChunk() {
        // The first chunk starts small (most sheets are a few kilobytes) and grows to a chunk's size.
        if chunks.isEmpty && buffer.capacity < chunkSize {
            buffer.reserve(buffer.capacity)
            return
        }
        let partial = rowStart >= 0 ? buffer.count - rowStart : 0
        let fresh = ODSByteBuffer(capacity: max(chunkSize, 2 * (partial + Self.maxRunBytes)))
        if partial > 0 {
            fresh.append(UnsafeBufferPointer(start: buffer.base + rowStart, count: partial))
            buffer.count = rowStart
        }
        if rowStart >= 0 { rowStart = 0 }
        if buffer.count > 0 {
            chunkedBytes += buffer.count
            chunks.append(buffer)
        }
        buffer = fresh
    }

    /// The run's tag byte with its column gap and repeat, starting the row when it is the first.
    @inline(__always)
    private mutating func begin(_ tag: ODSSheetStore.Tag, row: Int, column: Int, count: Int) {
        room()
        if rowStart < 0 {
            rowStart = buffer.count
            buffer.appendVarint(UInt64(row - previousRowEnd))
            nextColumn = 0
            rowCells = 0
        }
        let gap = column - nextColumn
        var byte = tag.rawValue
        if gap != 0 { byte |= ODSSheetStore.hasGap }
        if count != 1 { byte |= ODSSheetStore.hasRepeat }
        buffer.append(byte)
        if gap != 0 { buffer.appendVarint(UInt64(gap)) }
        if count != 1 { buffer.appendVarint(UInt64(count - 1)) }
        nextColumn = column + count
        rowCells += count
    }

    mutating func add(row: Int, column: Int, count: Int, value: CellValue) {
        if overBudget { return }
        switch value {
        case .number(let number):
            if number.bitPattern != (-0.0 as Double).bitPattern, number.magnitude < 9.0e15, let integer = Int(exactly: number) {
                begin(.integer, row: row, column: column, count: count)
                buffer.appendVarint(Self.zigzag(integer))
            } else {
                begin(.double, row: row, column: column, count: count)
                buffer.reserve(8)
                UnsafeMutableRawPointer(buffer.base + buffer.count).storeBytes(of: number.bitPattern.littleEndian, as: UInt64.self)
                buffer.count += 8
            }
        case .bool(let flag):
            begin(flag ? .trueValue : .falseValue, row: row, column: column, count: count)
        case .date(let date):
            begin(.date, row: row, column: column, count: count)
            buffer.appendVarint(Self.zigzag(date.daysSinceEpoch))
        case .dateTime(let dateTime):
            begin(.dateTime, row: row, column: column, count: count)
            buffer.appendVarint(Self.zigzag(dateTime.date.daysSinceEpoch))
            buffer.appendVarint(UInt64(dateTime.hour * 3600 + dateTime.minute * 60 + dateTime.second))
        case .time(let seconds):
            begin(.time, row: row, column: column, count: count)
            buffer.appendVarint(Self.zigzag(seconds))
        case .duration(let seconds):
            begin(.duration, row: row, column: column, count: count)
            buffer.appendVarint(Self.zigzag(seconds))
        case .string(var string):
            string.withUTF8 { addText(row: row, column: column, count: count, bytes: $0, isError: false) }
            return
        case .error(var string):
            string.withUTF8 { addText(row: row, column: column, count: count, bytes: $0, isError: true) }
            return
        case .empty:
            return
        }
    }

    mutating func addText(row: Int, column: Int, count: Int, bytes text: UnsafeBufferPointer<UInt8>, isError: Bool) {
        if overBudget { return }
        let index = strings.index(of: text, pool: pool)
        begin(isError ? .error : .string, row: row, column: column, count: count)
        buffer.appendVarint(UInt64(index))
    }

    mutating func discardRow() {
        if rowStart >= 0, !overBudget { buffer.count = rowStart }
        rowStart = -1
    }

    /// Ends the row the decoder has just handed out.
    mutating func endRow(index: Int, repeats: Int) {
        guard !overBudget, rowStart >= 0 else {
            rowStart = -1
            return
        }
        room()
        buffer.append(ODSSheetStore.Tag.endOfRow.rawValue)
        buffer.appendVarint(UInt64(repeats - 1))
        previousRowEnd = index + repeats
        widestRow = max(widestRow, rowCells)
        rowStart = -1
        if chunkedBytes + buffer.capacity + strings.byteCount > budget {
            overBudget = true
            buffer = ODSByteBuffer(capacity: 16)
            chunks = []
            strings = ODSStringTable()
        }
    }

    func store(mergedRanges: [CellRange], error: SpreadsheetError?) -> ODSSheetStore {
        ODSSheetStore(chunks: chunks + [buffer], strings: strings.strings, mergedRanges: mergedRanges, error: error, widestRow: widestRow)
    }
}

/// Hands out the rows of a kept sheet; every reader has its own position.
final class ODSStoredSheetReader: RowReader {
    private let store: ODSSheetStore
    private var chunk = 0
    private var offset = 0
    private var previousRowEnd = 0
    /// The copies still to hand out of a row written once with `table:number-rows-repeated`.
    private var repeats = RepeatedRow()
    private var thrown = false

    var mergedRanges: [CellRange] { store.mergedRanges }

    init(store: ODSSheetStore) { self.store = store }

    func nextRow() throws -> Row? {
        if let copy = repeats.next() { return copy }
        while chunk < store.chunks.count, offset >= store.chunks[chunk].count {
            chunk += 1
            offset = 0
        }
        if chunk >= store.chunks.count {
            if let error = store.error, !thrown {
                thrown = true
                throw error
            }
            return nil
        }
        do {
            let bytes = store.chunks[chunk].bytes
            var position = offset
            @inline(__always) func varint() -> UInt64 {
                var value: UInt64 = 0
                var shift: UInt64 = 0
                while true {
                    let byte = bytes[position]
                    position += 1
                    value |= UInt64(byte & 0x7F) << shift
                    if byte < 0x80 { return value }
                    shift += 7
                }
            }
            @inline(__always) func signed() -> Int {
                let raw = varint()
                return Int(Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1))
            }
            let index = previousRowEnd + Int(varint())
            var cells: [Cell] = []
            cells.reserveCapacity(store.widestRow)
            var column = 0
            while true {
                let byte = bytes[position]
                position += 1
                let tag = ODSSheetStore.Tag(rawValue: byte & 0x3F) ?? .endOfRow
                if tag == .endOfRow { break }
                if byte & ODSSheetStore.hasGap != 0 { column += Int(varint()) }
                let repeats = byte & ODSSheetStore.hasRepeat != 0 ? Int(varint()) + 1 : 1
                let value: CellValue
                switch tag {
                case .endOfRow: value = .empty
                case .string: value = .string(store.strings[Int(varint())])
                case .error: value = .error(store.strings[Int(varint())])
                case .double:
                    var bits: UInt64 = 0
                    for shift in 0..<8 { bits |= UInt64(bytes[position + shift]) << UInt64(shift * 8) }
                    position += 8
                    value = .number(Double(bitPattern: bits))
                case .integer: value = .number(Double(signed()))
                case .falseValue: value = .bool(false)
                case .trueValue: value = .bool(true)
                case .date: value = .date(CivilDate(daysSinceEpoch: signed()))
                case .dateTime:
                    let date = CivilDate(daysSinceEpoch: signed())
                    let second = Int(varint())
                    value = .dateTime(CivilDateTime(date: date, hour: second / 3600, minute: second % 3600 / 60, second: second % 60))
                case .time: value = .time(seconds: signed())
                case .duration: value = .duration(seconds: signed())
                }
                for c in column..<column + repeats { cells.append(Cell(address: CellAddress(row: index, column: c), value: value)) }
                column += repeats
            }
            let repeats = Int(varint()) + 1
            offset = position
            previousRowEnd = index + repeats
            self.repeats = RepeatedRow(cells: cells, after: index, copies: repeats - 1)
            return Row(index: index, cells: cells)
        }
    }
}

// MARK: - Values from bytes

/// ODF dates as `office:date-value` carries them, read straight from bytes: `2021-01-15` and
/// `2021-01-15T10:30:00[.fff]` here, anything else by ``ISODateTime``.
enum ODFDate {
    static func trim(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0
        var end = bytes.count
        @inline(__always) func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    static func parse(_ raw: UnsafeBufferPointer<UInt8>) -> CivilDateTime? {
        let bytes = raw
        @inline(__always) func digits(_ start: Int, _ count: Int) -> Int? {
            var value = 0
            for i in start..<start + count {
                let byte = bytes[i]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        let n = bytes.count
        if n >= 10, bytes[4] == 0x2D, bytes[7] == 0x2D, let year = digits(0, 4), let month = digits(5, 2), let day = digits(8, 2) {
            if n == 10 {
                guard let date = CivilDate(validYear: year, month: month, day: day) else { return nil }
                return CivilDateTime(date: date)
            }
            if n >= 19, bytes[10] == UInt8(ascii: "T"), bytes[13] == 0x3A, bytes[16] == 0x3A,
               let hour = digits(11, 2), let minute = digits(14, 2), let second = digits(17, 2), hour < 24, minute < 60, second < 61 {
                var rest = 19
                if rest < n, bytes[rest] == 0x2E {
                    rest += 1
                    while rest < n, bytes[rest] >= 0x30, bytes[rest] <= 0x39 { rest += 1 }
                }
                if rest == n {
                    guard let date = CivilDate(validYear: year, month: month, day: day) else { return nil }
                    return CivilDateTime(date: date, hour: hour, minute: minute, second: min(second, 59))
                }
            }
        }
        return ISODateTime.parse(String(decoding: bytes, as: UTF8.self).trimmingXMLSpace)
    }
}

/// ODF durations as `office:time-value` carries them (`PT12H30M00S`, `-PT1H`, `P1DT2H`).
enum ODFDuration {
    /// The duration in seconds, or `nil` when the text is no duration with a fixed length.
    static func seconds(_ raw: UnsafeBufferPointer<UInt8>) -> Double? {
        var bytes = ODFDate.trim(raw)[...]
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
        return negative ? -seconds : seconds
    }

    static func seconds(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { seconds($0) }
    }
}

/// A row repeated by `table:number-rows-repeated`: handed out once as read, then `copies` more
/// times with the row index moved on (both ODS readers, streamed and kept, use it).
struct RepeatedRow {
    private var cells: [Cell] = []
    private var index = 0
    private var remaining = 0

    init() {}

    /// The copies after row `index` (none when `copies` is 0: nothing is kept).
    init(cells: [Cell], after index: Int, copies: Int) {
        guard copies > 0 else { return }
        self.cells = cells
        self.index = index + 1
        self.remaining = copies
    }

    mutating func next() -> Row? {
        guard remaining > 0 else { return nil }
        remaining -= 1
        let row = index
        index += 1
        var copy = cells
        for i in copy.indices { copy[i].address.row = row }
        return Row(index: row, cells: copy)
    }
}
