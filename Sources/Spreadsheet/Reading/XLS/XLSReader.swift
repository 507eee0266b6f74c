/// Reads an Excel 97–2003 workbook (BIFF8 records in the `Workbook` stream of a compound file):
/// the workbook globals (sheet list, date system, shared strings, cell formats) once, then
/// streams a worksheet's rows one at a time.
///
/// Refused: BIFF5 (`Book` stream or a version 5 BOF) and older as `file-legacy-xls`; a
/// `FILEPASS` record or an `EncryptionInfo` stream (encrypted OOXML) as `file-encrypted`; any
/// record or string that runs past its bounds as `file-corrupt`.
public final class XLSReader {
    public let path: String
    /// Worksheets only (chart sheets, macro and VB module sheets are left out), in tab order.
    public let sheets: [SheetInfo]
    public let dateSystem: DateSystem
    /// The workbook's CODEPAGE (1200 for BIFF8 files Excel writes). BIFF8 8-bit strings are
    /// "compressed" UTF-16 (Latin-1) whatever it says; it is kept for diagnostics.
    public let codePage: Int
    private let stream: CompoundStream
    private let windowSize: Int
    private let sheetOffsets: [Int]
    private let context: XLSContext

    public convenience init(path: String, limits: ReadLimits = .default) throws {
        try self.init(path: path, limits: limits, windowSize: BIFFData.windowSize)
    }

    /// - Parameter windowSize: How many bytes of the Workbook stream a reader holds at a time
    ///   (at least; a record with its CONTINUE records is always held whole).
    init(path: String, limits: ReadLimits, windowSize: Int) throws {
        self.path = path
        self.windowSize = windowSize
        let container = try CompoundFile(path: path, limits: limits)
        if container.entry(named: "EncryptionInfo") != nil || container.entry(named: "EncryptedPackage") != nil {
            throw SpreadsheetError(.encrypted, file: path)
        }
        guard let workbook = container.entry(named: "Workbook") else {
            if container.entry(named: "Book") != nil {
                throw SpreadsheetError(.legacyXLS, file: path, part: "Book", detail: "a BIFF5 (Excel 5.0/95) workbook")
            }
            throw SpreadsheetError(.unknownFormat, file: path, detail: "an OLE compound file without a Workbook stream (not an Excel workbook)")
        }
        stream = try container.stream(workbook)
        let data = BIFFData(stream: stream, windowSize: windowSize)
        let part = "Workbook"
        var cursor = RecordCursor(data: data, offset: 0, file: path, part: part)

        guard let bof = try cursor.next() else { throw cursor.corrupt("the Workbook stream is empty") }
        if BIFF.olderBOFs.contains(bof.type) {
            throw SpreadsheetError(.legacyXLS, file: path, part: part, detail: "a BIFF2–4 (Excel 2.x–4.0) workbook")
        }
        guard bof.type == BIFF.bof, let version = data.u16(bof.start), let kind = data.u16(bof.start + 2) else {
            throw cursor.corrupt("the Workbook stream does not start with a BOF record")
        }
        guard version == 0x0600 else {
            throw SpreadsheetError(.legacyXLS, file: path, part: part,
                                   detail: version == 0x0500 ? "a BIFF5 (Excel 5.0/95) workbook" : "BIFF version 0x\(String(version, radix: 16))")
        }
        guard kind == 0x0005 else { throw cursor.corrupt("the first substream is not the workbook globals") }

        var sheets: [SheetInfo] = []
        var offsets: [Int] = []
        var date1904 = false
        var codePage = 1200
        var customFormats: [Int: String] = [:]
        var formatIDs: [Int] = []
        var strings: [String] = []
        var ended = false
        while let record = try cursor.next() {
            let body = record.start
            switch record.type {
            case BIFF.eof:
                ended = true
            case BIFF.filePass:
                throw SpreadsheetError(.encrypted, file: path, part: part, detail: "the workbook has a FILEPASS record")
            case BIFF.codePage:
                codePage = Int(data.u16(body) ?? 1200)
            case BIFF.dateMode:
                date1904 = (data.u16(body) ?? 0) == 1
            case BIFF.boundSheet:
                guard record.length >= 8, let position = data.u32(body), let state = data.u8(body + 4),
                      let type = data.u8(body + 5) else { throw cursor.corrupt("a BOUNDSHEET record is too short") }
                var reader = SegmentedReader(data: data, segments: [body + 6..<record.end], file: path, part: part)
                let name = try reader.unicodeString(lengthBytes: 1)
                guard type == 0 else { continue }  // worksheets (and dialog sheets) only
                sheets.append(SheetInfo(name: name, index: sheets.count, isVisible: state & 0x03 == 0))
                offsets.append(Int(position))
            case BIFF.format:
                guard record.length >= 5, let id = data.u16(body) else { throw cursor.corrupt("a FORMAT record is too short") }
                var reader = SegmentedReader(data: data, segments: [body + 2..<record.end], file: path, part: part)
                customFormats[Int(id)] = try reader.unicodeString()
            case BIFF.xf:
                guard let format = data.u16(body + 2), record.length >= 4 else { throw cursor.corrupt("an XF record is too short") }
                formatIDs.append(Int(format))
            case BIFF.sst:
                let segments = try cursor.withContinues(record)
                strings = try Self.sharedStrings(data: data, segments: segments, file: path, limits: limits)
            default:
                continue
            }
            if ended { break }
        }
        guard ended else { throw cursor.corrupt("the workbook globals end without an EOF record") }
        self.sheets = sheets
        self.sheetOffsets = offsets
        self.dateSystem = date1904 ? .date1904 : .date1900
        self.codePage = codePage
        let kinds = formatIDs.map { id in
            if let code = customFormats[id] { return NumberFormat.kind(ofCode: code) }
            return NumberFormat.kind(ofBuiltIn: id)
        }
        context = XLSContext(strings: strings, kinds: kinds, dateSystem: dateSystem, limits: limits)
    }

    /// The SST: a count, then strings that may be split over CONTINUE records at any character.
    private static func sharedStrings(data: BIFFData, segments: [Range<Int>], file: String, limits: ReadLimits) throws(SpreadsheetError) -> [String] {
        var reader = SegmentedReader(data: data, segments: segments, file: file, part: "SST")
        _ = try reader.u32()
        let unique = Int(try reader.u32())
        let total = segments.reduce(0) { $0 + $1.count }
        // Each string takes at least 3 bytes: never trust the count for the allocation.
        var strings: [String] = []
        strings.reserveCapacity(min(unique, total / 3))
        while strings.count < unique, !reader.isAtEnd {
            strings.append(try reader.unicodeString())
        }
        return strings
    }

    /// The position of the selected sheet in `sheets`.
    public func sheetIndex(_ selector: SheetSelector) throws -> Int {
        try selector.index(in: sheets, file: path)
    }

    /// Starts streaming the selected worksheet.
    public func rows(_ selector: SheetSelector = .first) throws -> any RowReader {
        let index = try sheetIndex(selector)
        return try XLSSheetStream(data: BIFFData(stream: stream, windowSize: windowSize), offset: sheetOffsets[index], file: path, sheet: sheets[index].name,
                                  context: context)
    }
}

/// What the sheets of one `.xls` workbook share.
final class XLSContext {
    let strings: [String]
    /// For each XF record, what its number format makes of a number.
    let kinds: [NumberKind]
    let dateSystem: DateSystem
    let limits: ReadLimits

    init(strings: [String], kinds: [NumberKind], dateSystem: DateSystem, limits: ReadLimits) {
        self.strings = strings
        self.kinds = kinds
        self.dateSystem = dateSystem
        self.limits = limits
    }

    /// A number under its XF's number format: a date, date-time, time of day or duration by
    /// the same rules as an XLSX cell (``SheetStream/numericValue(_:kind:system:)``).
    func number(_ value: Double, style: Int) -> CellValue {
        let kind = style >= 0 && style < kinds.count ? kinds[style] : .number
        return SheetStream.numericValue(value, kind: kind, system: dateSystem)
    }
}

/// Streams one worksheet substream, buffering the cells of one row at a time (BIFF8 writes a
/// sheet's cells in row order). The stream is read through a window of its own (``BIFFData``),
/// so several sheets may be read at once, each in a few hundred kilobytes.
final class XLSSheetStream: RowReader {
    private var cursor: RecordCursor
    private let context: XLSContext
    private let data: BIFFData
    private(set) var mergedRanges: [CellRange] = []
    private var finished = false
    /// Cells of the next row, decoded from the record that ended the previous one.
    private var carry: [Cell] = []
    private var cellCount = 0
    private var lastRowWidth = 8
    /// A FORMULA whose text result follows in a STRING record.
    private var pendingFormula: CellAddress?

    init(data: BIFFData, offset: Int, file: String, sheet: String, context: XLSContext) throws {
        self.data = data
        self.context = context
        cursor = RecordCursor(data: data, offset: offset, file: file, part: "Workbook, sheet \(sheet)")
        guard let bof = try cursor.next(), bof.type == BIFF.bof, let version = data.u16(bof.start) else {
            throw cursor.corrupt("the sheet does not start with a BOF record (offset \(offset))")
        }
        guard version == 0x0600 else {
            throw SpreadsheetError(.legacyXLS, file: file, part: cursor.part, detail: "the sheet is not BIFF8")
        }
    }

    private func tooLarge(_ detail: String) -> SpreadsheetError {
        SpreadsheetError(.sheetTooLarge, file: cursor.file, part: cursor.part, detail: detail)
    }

    /// What one record decoded to: how many cells (empty texts included), their row and last
    /// column; `count` 0 for a record that holds no cells.
    private struct Decoded {
        var count = 0
        var row = 0
        var lastColumn = 0
    }

    @inline(__always)
    private func address(_ record: BIFFRecord, _ cursor: RecordCursor) throws(SpreadsheetError) -> (row: Int, column: Int, style: Int) {
        guard let row = data.u16(record.start), let column = data.u16(record.start + 2),
              let style = data.u16(record.start + 4), record.length >= 6 else {
            throw cursor.corrupt("a cell record (0x\(String(record.type, radix: 16))) is too short")
        }
        return (Int(row), Int(column), Int(style))
    }

    private func check(row: Int, column: Int) throws(SpreadsheetError) {
        if row >= context.limits.maxRows {
            throw tooLarge("row \(row + 1) is beyond the cap of \(context.limits.maxRows) rows")
        }
        if column >= context.limits.maxColumns {
            throw tooLarge("column \(CellAddress.columnName(column)) is beyond the cap of \(context.limits.maxColumns) columns")
        }
    }

    /// Appends the cells one record holds (several for MULRK, all in one row) to `cells`,
    /// leaving out empty texts.
    @inline(__always)
    private func decode(_ record: BIFFRecord, _ cursor: inout RecordCursor, pending: inout CellAddress?,
                        into cells: inout [Cell]) throws(SpreadsheetError) -> Decoded {
        let body = record.start
        switch record.type {
        case BIFF.number:
            let (row, column, style) = try address(record, cursor)
            guard let bits = data.u64(body + 6), record.length >= 14 else { throw cursor.corrupt("a NUMBER record is too short") }
            cells.append(Cell(address: CellAddress(row: row, column: column), value: context.number(Double(bitPattern: bits), style: style)))
            return Decoded(count: 1, row: row, lastColumn: column)
        case BIFF.rk:
            let (row, column, style) = try address(record, cursor)
            guard let rk = data.u32(body + 6), record.length >= 10 else { throw cursor.corrupt("an RK record is too short") }
            cells.append(Cell(address: CellAddress(row: row, column: column), value: context.number(BIFF.rkValue(rk), style: style)))
            return Decoded(count: 1, row: row, lastColumn: column)
        case BIFF.mulRK:
            guard record.length >= 6, let row = data.u16(body), let first = data.u16(body + 2),
                  let last = data.u16(record.end - 2) else { throw cursor.corrupt("a MULRK record is too short") }
            let count = (record.length - 6) / 6
            guard Int(last) >= Int(first), Int(last) - Int(first) + 1 == count, (record.length - 6) % 6 == 0 else {
                throw cursor.corrupt("a MULRK record's columns do not match its length")
            }
            for step in 0..<count {
                guard let style = data.u16(body + 4 + step * 6), let rk = data.u32(body + 6 + step * 6) else {
                    throw cursor.corrupt("a MULRK record is too short")
                }
                cells.append(Cell(address: CellAddress(row: Int(row), column: Int(first) + step),
                                  value: context.number(BIFF.rkValue(rk), style: Int(style))))
            }
            return Decoded(count: count, row: Int(row), lastColumn: Int(last))
        case BIFF.labelSST:
            let (row, column, _) = try address(record, cursor)
            guard let index = data.u32(body + 6), record.length >= 10 else { throw cursor.corrupt("a LABELSST record is too short") }
            guard Int(index) < context.strings.count else {
                throw cursor.corrupt("cell \(CellAddress(row: row, column: column).a1) refers to shared string \(index), which does not exist")
            }
            let text = context.strings[Int(index)]
            // Never `== ""`: that compares by normalization.
            if !text.isEmpty { cells.append(Cell(address: CellAddress(row: row, column: column), value: .string(text))) }
            return Decoded(count: 1, row: row, lastColumn: column)
        case BIFF.label, BIFF.rString:
            let (row, column, _) = try address(record, cursor)
            var reader = SegmentedReader(data: data, segments: [body + 6..<record.end], file: cursor.file, part: cursor.part)
            let count = Int(try reader.u16())
            let flags = try reader.byte()
            let text = try reader.characters(count, wide: flags & 0x01 != 0)
            if !text.isEmpty { cells.append(Cell(address: CellAddress(row: row, column: column), value: .string(text))) }
            return Decoded(count: 1, row: row, lastColumn: column)
        case BIFF.boolErr:
            let (row, column, _) = try address(record, cursor)
            guard let value = data.u8(body + 6), let isError = data.u8(body + 7) else { throw cursor.corrupt("a BOOLERR record is too short") }
            cells.append(Cell(address: CellAddress(row: row, column: column),
                              value: isError != 0 ? .error(BIFF.errorText(value)) : .bool(value != 0)))
            return Decoded(count: 1, row: row, lastColumn: column)
        case BIFF.formula:
            let (row, column, style) = try address(record, cursor)
            guard record.length >= 20, let bits = data.u64(body + 6) else { throw cursor.corrupt("a FORMULA record is too short") }
            let at = CellAddress(row: row, column: column)
            pending = nil
            if bits >> 48 == 0xFFFF {
                let byte = { (offset: Int) in UInt8(truncatingIfNeeded: bits >> (offset * 8)) }
                switch byte(0) {
                case 0: pending = at  // text: the STRING record follows
                case 1: cells.append(Cell(address: at, value: .bool(byte(2) != 0)))
                case 2: cells.append(Cell(address: at, value: .error(BIFF.errorText(byte(2)))))
                default: return Decoded()  // 3: an empty string
                }
                if byte(0) == 0 { return Decoded() }
            } else {
                cells.append(Cell(address: at, value: context.number(Double(bitPattern: bits), style: style)))
            }
            return Decoded(count: 1, row: row, lastColumn: column)
        case BIFF.string:
            let segments = try cursor.withContinues(record)
            guard let at = pending else { return Decoded() }
            pending = nil
            var reader = SegmentedReader(data: data, segments: segments, file: cursor.file, part: cursor.part)
            let text = try reader.unicodeString()
            if text.isEmpty { return Decoded() }
            cells.append(Cell(address: at, value: .string(text)))
            return Decoded(count: 1, row: at.row, lastColumn: at.column)
        case BIFF.mergedCells:
            guard let count = data.u16(body), record.length >= 2 + Int(count) * 8 else {
                throw cursor.corrupt("a MERGEDCELLS record is too short")
            }
            for index in 0..<Int(count) {
                let base = body + 2 + index * 8
                guard let firstRow = data.u16(base), let lastRow = data.u16(base + 2), let firstColumn = data.u16(base + 4),
                      let lastColumn = data.u16(base + 6) else { throw cursor.corrupt("a MERGEDCELLS record is too short") }
                mergedRanges.append(CellRange(first: CellAddress(row: Int(firstRow), column: Int(firstColumn)),
                                              last: CellAddress(row: Int(lastRow), column: Int(lastColumn))))
            }
            return Decoded()
        default:
            return Decoded()
        }
    }

    func nextRow() throws -> Row? {
        if finished { return nil }
        // Work on local copies: mutating a class's stored properties record by record would cost
        // a dynamic exclusivity check each time.
        var cursor = self.cursor
        var pending = pendingFormula
        var cellCount = self.cellCount
        defer {
            self.cursor = cursor
            self.pendingFormula = pending
            self.cellCount = cellCount
        }
        let limits = context.limits
        var cells = carry
        carry = []
        cells.reserveCapacity(lastRowWidth)
        /// Embedded substreams (a chart on the sheet) nest BOF…EOF inside the sheet's.
        var depth = 0
        while true {
            guard let record = try cursor.next() else {
                throw cursor.corrupt("the sheet ends without an EOF record")
            }
            if record.type == BIFF.bof {
                depth += 1
                continue
            }
            if record.type == BIFF.eof {
                if depth > 0 {
                    depth -= 1
                    continue
                }
                finished = true
                break
            }
            if depth > 0 { continue }
            let before = cells.count
            let decoded = try decode(record, &cursor, pending: &pending, into: &cells)
            if decoded.count == 0 { continue }
            try check(row: decoded.row, column: decoded.lastColumn)
            cellCount += decoded.count
            if cellCount > limits.maxCells { throw tooLarge("more than \(limits.maxCells) cells") }
            // A record of the next row ends this one: its cells wait for the next call.
            if before > 0, cells.count > before, cells[0].address.row != decoded.row {
                carry = Array(cells[before...])
                cells.removeSubrange(before...)
                lastRowWidth = max(lastRowWidth, cells.count)
                return Self.row(cells[0].address.row, cells)
            }
        }
        guard let row = cells.first?.address.row else { return nil }
        return Self.row(row, cells)
    }

    /// A row with its cells in column order, one per column (the last record wins).
    private static func row(_ index: Int, _ cells: [Cell]) -> Row {
        var ordered = true
        var previous = -1
        for cell in cells {
            if cell.address.column <= previous { ordered = false; break }
            previous = cell.address.column
        }
        if ordered { return Row(index: index, cells: cells) }
        var byColumn: [Int: Cell] = [:]
        for cell in cells { byColumn[cell.address.column] = cell }
        return Row(index: index, cells: byColumn.keys.sorted().compactMap { byColumn[$0] })
    }
}
