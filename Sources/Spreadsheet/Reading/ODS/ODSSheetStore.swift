#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

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
