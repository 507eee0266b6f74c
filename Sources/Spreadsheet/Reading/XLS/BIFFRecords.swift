/// BIFF record types Svod reads (MS-XLS §2.3).
enum BIFF {
    static let bof: UInt16 = 0x0809
    static let eof: UInt16 = 0x000A
    static let filePass: UInt16 = 0x002F
    static let codePage: UInt16 = 0x0042
    static let dateMode: UInt16 = 0x0022
    static let boundSheet: UInt16 = 0x0085
    static let format: UInt16 = 0x041E
    static let xf: UInt16 = 0x00E0
    static let sst: UInt16 = 0x00FC
    static let `continue`: UInt16 = 0x003C
    static let labelSST: UInt16 = 0x00FD
    static let label: UInt16 = 0x0204
    static let rString: UInt16 = 0x00D6
    static let number: UInt16 = 0x0203
    static let rk: UInt16 = 0x027E
    static let mulRK: UInt16 = 0x00BD
    static let formula: UInt16 = 0x0006
    static let string: UInt16 = 0x0207
    static let boolErr: UInt16 = 0x0205
    static let blank: UInt16 = 0x0201
    static let mulBlank: UInt16 = 0x00BE
    static let mergedCells: UInt16 = 0x00E5
    /// BOF records of BIFF2, BIFF3 and BIFF4.
    static let olderBOFs: Set<UInt16> = [0x0009, 0x0209, 0x0409]

    /// The text of a BIFF error code.
    static func errorText(_ code: UInt8) -> String {
        switch code {
        case 0x00: return "#NULL!"
        case 0x07: return "#DIV/0!"
        case 0x0F: return "#VALUE!"
        case 0x17: return "#REF!"
        case 0x1D: return "#NAME?"
        case 0x24: return "#NUM!"
        case 0x2A: return "#N/A"
        case 0x2B: return "#GETTING_DATA"
        default: return "#N/A"
        }
    }

    /// An RK number: a 30-bit integer or the high 30 bits of a double, optionally divided by 100.
    static func rkValue(_ rk: UInt32) -> Double {
        var value: Double
        if rk & 0x02 != 0 {
            value = Double(Int32(bitPattern: rk) >> 2)
        } else {
            value = Double(bitPattern: UInt64(rk & 0xFFFF_FFFC) << 32)
        }
        if rk & 0x01 != 0 { value /= 100 }
        return value
    }
}

/// One record: its type and where its body lies in the stream.
struct BIFFRecord {
    var type: UInt16
    var start: Int
    var length: Int
    var end: Int { start + length }
}

/// A window onto a BIFF stream: checked little-endian reads by stream offset, of the bytes the
/// record cursor has made resident (every read outside them is `nil`, never a trap). The window
/// slides forward a few hundred kilobytes at a time, so a sheet of any size is read in that much
/// memory; it grows only to hold a record and all its CONTINUE records at once (the SST).
final class BIFFData {
    private let stream: CompoundStream
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// The stream offset of the window's first byte, and how many bytes it holds.
    private(set) var base = 0
    private(set) var count = 0
    let size: Int
    private let windowSize: Int

    static let windowSize = 256 << 10

    init(stream: CompoundStream, windowSize: Int = BIFFData.windowSize) {
        self.stream = stream
        size = stream.size
        self.windowSize = max(windowSize, 1)
        capacity = min(self.windowSize, max(stream.size, 16))
        buffer = .allocate(capacity: max(capacity, 16))
    }

    deinit { buffer.deallocate() }

    /// Makes the stream's bytes `start..<end` resident, keeping those from `keep` (at most
    /// `start`) on. `false` when the stream cannot supply them (the file was cut short).
    @inline(__always)
    func ensure(_ start: Int, _ end: Int, keeping keep: Int) throws(SpreadsheetError) -> Bool {
        if start >= base && end <= base + count { return true }
        return try slide(start, end, keeping: min(keep, start))
    }

    private func slide(_ start: Int, _ end: Int, keeping keep: Int) throws(SpreadsheetError) -> Bool {
        let newStart = max(0, keep)
        let newEnd = min(size, max(end, newStart + windowSize))
        guard newEnd >= end else { return false }
        let length = newEnd - newStart
        var have = 0
        if newStart >= base && newStart < base + count {
            have = base + count - newStart
            if newStart > base { buffer.update(from: buffer + (newStart - base), count: have) }
        }
        if length > capacity {
            var newCapacity = capacity * 2
            while newCapacity < length { newCapacity *= 2 }
            let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            fresh.update(from: buffer, count: have)
            buffer.deallocate()
            buffer = fresh
            capacity = newCapacity
        }
        let n = try stream.read(at: newStart + have, count: length - have, into: buffer + have)
        base = newStart
        count = have + n
        return end <= base + count
    }

    @inline(__always)
    func u8(_ offset: Int) -> UInt8? {
        let i = offset &- base
        return i >= 0 && i < count ? buffer[i] : nil
    }

    @inline(__always)
    func u16(_ offset: Int) -> UInt16? {
        let i = offset &- base
        guard i >= 0, i <= count - 2 else { return nil }
        return UInt16(buffer[i]) | UInt16(buffer[i + 1]) << 8
    }

    @inline(__always)
    func u32(_ offset: Int) -> UInt32? {
        let i = offset &- base
        guard i >= 0, i <= count - 4 else { return nil }
        return UnsafeRawPointer(buffer + i).loadUnaligned(as: UInt32.self).littleEndian
    }

    @inline(__always)
    func u64(_ offset: Int) -> UInt64? {
        let i = offset &- base
        guard i >= 0, i <= count - 8 else { return nil }
        return UnsafeRawPointer(buffer + i).loadUnaligned(as: UInt64.self).littleEndian
    }

    /// The resident bytes `start..<start + length` (the caller has checked they are resident).
    @inline(__always)
    func pointer(_ offset: Int) -> UnsafePointer<UInt8> { UnsafePointer(buffer + (offset - base)) }
}

/// Walks the records of a BIFF stream; a header or body that runs past the stream is
/// `file-corrupt`.
struct RecordCursor {
    let data: BIFFData
    var offset: Int
    let file: String
    let part: String
    /// While CONTINUE records are gathered, the offset from which the window must keep its bytes.
    private var pin: Int? = nil

    init(data: BIFFData, offset: Int, file: String, part: String) {
        self.data = data
        self.offset = offset
        self.file = file
        self.part = part
    }

    func corrupt(_ detail: String) -> SpreadsheetError {
        SpreadsheetError(.corrupt, file: file, part: part, detail: detail)
    }

    /// The next record, or `nil` at the very end of the stream.
    mutating func next() throws(SpreadsheetError) -> BIFFRecord? {
        if offset >= data.size { return nil }
        let keep = pin ?? offset
        guard try data.ensure(offset, min(offset + 4, data.size), keeping: keep),
              let type = data.u16(offset), let length = data.u16(offset + 2) else {
            throw corrupt("a record header at byte \(offset) is cut short")
        }
        let start = offset + 4
        guard start + Int(length) <= data.size, try data.ensure(offset, start + Int(length), keeping: keep) else {
            throw corrupt("record 0x\(String(type, radix: 16)) at byte \(offset) declares \(length) bytes, past the end of the stream")
        }
        offset = start + Int(length)
        return BIFFRecord(type: type, start: start, length: Int(length))
    }

    /// The type of the record that follows, without moving.
    mutating func peekType() throws(SpreadsheetError) -> UInt16? {
        guard offset + 2 <= data.size, try data.ensure(offset, offset + 2, keeping: pin ?? offset) else { return nil }
        return data.u16(offset)
    }

    /// The record bodies of `first` and the CONTINUE records right after it, all resident.
    mutating func withContinues(_ first: BIFFRecord) throws(SpreadsheetError) -> [Range<Int>] {
        var segments = [first.start..<first.end]
        pin = first.start
        defer { pin = nil }
        while try peekType() == BIFF.continue, let next = try next() {
            segments.append(next.start..<next.end)
        }
        return segments
    }
}

/// Reads across a record and its CONTINUE records: raw fields flow over the boundaries, while a
/// character array split by one resumes after a fresh 8/16-bit flag byte (MS-XLS §2.5.293).
struct SegmentedReader {
    let data: BIFFData
    let segments: [Range<Int>]
    private var index = 0
    private var position: Int
    let file: String
    let part: String

    init(data: BIFFData, segments: [Range<Int>], file: String, part: String) {
        self.data = data
        self.segments = segments
        self.position = segments.first?.lowerBound ?? 0
        self.file = file
        self.part = part
    }

    func corrupt(_ detail: String) -> SpreadsheetError {
        SpreadsheetError(.corrupt, file: file, part: part, detail: detail)
    }

    /// Bytes left in the current segment, moving on past exhausted ones when `advance`.
    private mutating func available(advance: Bool) -> Int {
        while index < segments.count {
            let left = segments[index].upperBound - position
            if left > 0 || !advance { return max(left, 0) }
            index += 1
            if index < segments.count { position = segments[index].lowerBound }
        }
        return 0
    }

    var isAtEnd: Bool {
        mutating get { available(advance: true) == 0 }
    }

    mutating func byte() throws(SpreadsheetError) -> UInt8 {
        guard available(advance: true) > 0, let value = data.u8(position) else { throw corrupt("a string runs past its record") }
        position += 1
        return value
    }

    mutating func u16() throws(SpreadsheetError) -> UInt16 {
        let low = try byte()
        return UInt16(low) | UInt16(try byte()) << 8
    }

    mutating func u32() throws(SpreadsheetError) -> UInt32 {
        let low = try u16()
        return UInt32(low) | UInt32(try u16()) << 16
    }

    /// Skips raw bytes (rich-text runs, phonetic data), across segment boundaries.
    mutating func skip(_ count: Int) throws(SpreadsheetError) {
        var left = count
        while left > 0 {
            let here = available(advance: true)
            guard here > 0 else { throw corrupt("a string's formatting data runs past its record") }
            let step = min(here, left)
            position += step
            left -= step
        }
    }

    /// `count` characters, 16-bit when `wide`; a continuation re-reads the flag.
    mutating func characters(_ count: Int, wide: Bool) throws(SpreadsheetError) -> String {
        var units: [UInt16] = []
        units.reserveCapacity(min(count, 4096))
        var wide = wide
        var left = count
        var first = true
        while left > 0 {
            var here = available(advance: false)
            if here == 0 {
                // The array continues in the next segment, which starts with a flag byte.
                guard index + 1 < segments.count else { throw corrupt("a string runs past its record") }
                index += 1
                position = segments[index].lowerBound
                guard segments[index].count > 0, let flag = data.u8(position) else {
                    throw corrupt("an empty CONTINUE record inside a string")
                }
                position += 1
                wide = flag & 0x01 != 0
                here = segments[index].upperBound - position
                if here == 0 { continue }
            } else if first {
                // Nothing to do: the flag was read with the header.
            }
            first = false
            if wide {
                let take = min(left, here / 2)
                guard take > 0 else { throw corrupt("a 16-bit character is split across records") }
                for step in 0..<take {
                    guard let unit = data.u16(position + step * 2) else { throw corrupt("a string runs past its record") }
                    units.append(unit)
                }
                position += take * 2
                left -= take
            } else {
                let take = min(left, here)
                for step in 0..<take {
                    guard let byte = data.u8(position + step) else { throw corrupt("a string runs past its record") }
                    units.append(UInt16(byte))  // "compressed": the high byte of each UTF-16 unit is 0 (Latin-1)
                }
                position += take
                left -= take
            }
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// An XLUnicodeRichExtendedString (SST) or XLUnicodeString (LABEL, STRING, FORMAT):
    /// `lengthBytes` is 2, or 1 for the ShortXLUnicodeString of BOUNDSHEET.
    mutating func unicodeString(lengthBytes: Int = 2) throws(SpreadsheetError) -> String {
        let count = lengthBytes == 1 ? Int(try byte()) : Int(try u16())
        let flags = try byte()
        var runs = 0
        var extended = 0
        if flags & 0x08 != 0 { runs = Int(try u16()) }
        if flags & 0x04 != 0 { extended = Int(try u32()) }
        let text = try characters(count, wide: flags & 0x01 != 0)
        try skip(runs * 4)
        try skip(extended)
        return text
    }
}
