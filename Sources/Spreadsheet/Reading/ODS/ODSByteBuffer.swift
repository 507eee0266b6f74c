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
