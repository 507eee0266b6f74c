#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

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
