// Why one long file: the compound file's header, FAT, DIFAT, directory, mini stream and the
// stream window are one container format whose sector-chain checks share the same state.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Checked little-endian reads from a byte array: every read past the end is `nil`, never a trap.
struct ByteView {
    let bytes: [UInt8]

    @inline(__always)
    func u8(_ offset: Int) -> UInt8? {
        offset >= 0 && offset < bytes.count ? bytes[offset] : nil
    }

    @inline(__always)
    func u16(_ offset: Int) -> UInt16? {
        guard offset >= 0, offset <= bytes.count - 2 else { return nil }
        return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    @inline(__always)
    func u32(_ offset: Int) -> UInt32? {
        guard offset >= 0, offset <= bytes.count - 4 else { return nil }
        return UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
            | UInt32(bytes[offset + 3]) << 24
    }

    @inline(__always)
    func u64(_ offset: Int) -> UInt64? {
        guard let low = u32(offset), let high = u32(offset + 4) else { return nil }
        return UInt64(low) | UInt64(high) << 32
    }
}

/// Where a compound file's bytes come from: the file on disk, read with `pread` as needed (a
/// 200,000-row workbook is tens of megabytes), or bytes already in memory.
final class CompoundSource {
    private let descriptor: Int32
    private let memory: [UInt8]
    let size: Int
    let file: String

    /// Opens a regular file of at most `limit` bytes.
    init(path: String, limit: Int, what: String) throws(SpreadsheetError) {
        func unreadable(_ detail: String) -> SpreadsheetError {
            SpreadsheetError(.fileUnreadable, file: path, detail: detail)
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw unreadable(String(cString: strerror(errno))) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let error = unreadable(String(cString: strerror(errno)))
            close(descriptor)
            throw error
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw unreadable("not a regular file")
        }
        let size = Int(info.st_size)
        guard size <= limit else {
            close(descriptor)
            throw SpreadsheetError(.tooLarge, file: path, detail: "\(size) bytes, more than the limit of \(limit) bytes for \(what)")
        }
        self.descriptor = descriptor
        self.size = size
        self.memory = []
        self.file = path
    }

    init(bytes: [UInt8], file: String) {
        descriptor = -1
        memory = bytes
        size = bytes.count
        self.file = file
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Copies up to `count` bytes from `offset`; fewer only at the end of the file.
    func read(at offset: Int, count: Int, into target: UnsafeMutableRawPointer) throws(SpreadsheetError) -> Int {
        guard offset >= 0, offset < size, count > 0 else { return 0 }
        let wanted = min(count, size - offset)
        if descriptor < 0 {
            memory.withUnsafeBytes { target.copyMemory(from: $0.baseAddress! + offset, byteCount: wanted) }
            return wanted
        }
        var done = 0
        while done < wanted {
            let n = pread(descriptor, target + done, wanted - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw SpreadsheetError(.fileUnreadable, file: file, detail: String(cString: strerror(errno)))
            }
            if n == 0 { break }  // the file shrank since it was opened
            done += n
        }
        return done
    }

    /// Up to `count` bytes from `offset` as an array (shorter at the end of the file).
    func bytes(at offset: Int, count: Int) throws(SpreadsheetError) -> [UInt8] {
        guard offset >= 0, offset < size, count > 0 else { return [] }
        var out = [UInt8](repeating: 0, count: min(count, size - offset))
        var failure: SpreadsheetError? = nil
        let n = out.withUnsafeMutableBytes { buffer -> Int in
            do throws(SpreadsheetError) {
                return try read(at: offset, count: buffer.count, into: buffer.baseAddress!)
            } catch {
                failure = error
                return 0
            }
        }
        if let failure { throw failure }
        if n < out.count { out.removeLast(out.count - n) }
        return out
    }
}

/// A Compound File Binary container (MS-CFB), the OLE "structured storage" of Excel 97–2003
/// `.xls` files. The header, the FAT, the directory and the mini stream are read when it is
/// opened; a large stream (the `Workbook`) is read a window at a time through
/// ``CompoundStream``, so memory stays far below the file's size. The file is capped by
/// `ReadLimits.maxEntryBytes`.
///
/// Every sector chain is followed iteratively with a step budget (a loop or a sector outside the
/// file is `file-corrupt`), the directory is scanned as a flat list (the red-black tree is never
/// walked), and stream sizes are checked against the file and the caps.
struct CompoundFile {
    static let signature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    private static let endOfChain: UInt32 = 0xFFFF_FFFE
    private static let freeSector: UInt32 = 0xFFFF_FFFF
    private static let noStream: UInt32 = 0xFFFF_FFFF

    struct Entry {
        var name: String
        /// 1 storage, 2 stream, 5 root.
        var type: UInt8
        var start: UInt32
        var size: UInt64
    }

    let file: String
    private let source: CompoundSource
    let sectorSize: Int
    private let miniSectorSize: Int
    private let miniCutoff: UInt64
    private let sectorCount: Int
    private var fat: [UInt32] = []
    private var miniFAT: [UInt32] = []
    private var miniStream: [UInt8] = []
    private(set) var entries: [Entry] = []
    private let limits: ReadLimits

    /// Opens a compound file on disk (at most `limits.maxEntryBytes` bytes).
    init(path: String, limits: ReadLimits) throws(SpreadsheetError) {
        try self.init(source: CompoundSource(path: path, limit: limits.maxEntryBytes, what: "an Excel 97–2003 workbook"),
                      limits: limits)
    }

    init(bytes: [UInt8], file: String, limits: ReadLimits) throws(SpreadsheetError) {
        try self.init(source: CompoundSource(bytes: bytes, file: file), limits: limits)
    }

    init(source: CompoundSource, limits: ReadLimits) throws(SpreadsheetError) {
        let file = source.file
        self.file = file
        self.source = source
        self.limits = limits
        func corrupt(_ detail: String) -> SpreadsheetError {
            SpreadsheetError(.corrupt, file: file, part: "compound file", detail: detail)
        }
        let fileSize = source.size
        let header = ByteView(bytes: try source.bytes(at: 0, count: 512))
        guard fileSize >= 512, header.bytes.count == 512, header.bytes.prefix(8).elementsEqual(Self.signature) else {
            throw corrupt("the compound file header is truncated")
        }
        guard let byteOrder = header.u16(0x1C), byteOrder == 0xFFFE,
              let sectorShift = header.u16(0x1E), let miniShift = header.u16(0x20) else {
            throw corrupt("the compound file header has a wrong byte order mark")
        }
        guard sectorShift == 9 || sectorShift == 12 else { throw corrupt("sector size 2^\(sectorShift) is not 512 or 4096") }
        guard miniShift == 6 else { throw corrupt("mini sector size 2^\(miniShift) is not 64") }
        let sectorSize = 1 << Int(sectorShift)
        self.sectorSize = sectorSize
        miniSectorSize = 64
        guard fileSize > sectorSize else { throw corrupt("the file ends inside its header") }
        // The last sector may be cut short by some writers; count it if any of it is there.
        let sectorCount = (fileSize - sectorSize + sectorSize - 1) / sectorSize
        self.sectorCount = sectorCount
        guard let fatCount = header.u32(0x2C), let directoryStart = header.u32(0x30), let cutoff = header.u32(0x38),
              let miniFATStart = header.u32(0x3C), let miniFATCount = header.u32(0x40),
              let difatStart = header.u32(0x44), let difatCount = header.u32(0x48) else {
            throw corrupt("the compound file header is truncated")
        }
        miniCutoff = UInt64(cutoff)
        guard Int(fatCount) <= sectorCount, Int(difatCount) <= sectorCount, Int(miniFATCount) <= sectorCount else {
            throw corrupt("the header declares more FAT sectors than the file has")
        }

        // DIFAT: 109 entries in the header, then a chain of DIFAT sectors.
        var fatSectors: [UInt32] = []
        for index in 0..<109 {
            guard let sector = header.u32(0x4C + index * 4) else { break }
            if sector == Self.freeSector || sector == Self.endOfChain { continue }
            fatSectors.append(sector)
        }
        var difat = difatStart
        var steps = 0
        let perSector = sectorSize / 4 - 1
        while difat != Self.endOfChain && difat != Self.freeSector {
            steps += 1
            guard steps <= Int(difatCount) + 1, steps <= sectorCount else { throw corrupt("the DIFAT chain loops") }
            guard let base = Self.offset(of: difat, sectorSize: sectorSize, sectorCount: sectorCount) else {
                throw corrupt("DIFAT sector \(difat) is outside the file")
            }
            let data = ByteView(bytes: try source.bytes(at: base, count: sectorSize))
            for index in 0..<perSector {
                guard let sector = data.u32(index * 4) else { throw corrupt("DIFAT sector \(difat) is truncated") }
                if sector == Self.freeSector || sector == Self.endOfChain { continue }
                fatSectors.append(sector)
            }
            guard let next = data.u32(perSector * 4) else { throw corrupt("DIFAT sector \(difat) is truncated") }
            difat = next
        }
        guard fatSectors.count <= sectorCount else { throw corrupt("more FAT sectors than the file has") }
        if fatSectors.count > Int(fatCount) { fatSectors.removeLast(fatSectors.count - Int(fatCount)) }
        guard !fatSectors.isEmpty else { throw corrupt("the compound file has no FAT") }

        // The FAT, read a run of consecutive sectors at a time.
        var fat: [UInt32] = []
        fat.reserveCapacity(fatSectors.count * sectorSize / 4)
        var index = 0
        while index < fatSectors.count {
            var run = 1
            while index + run < fatSectors.count, run < 256, fatSectors[index + run] == fatSectors[index] &+ UInt32(run) { run += 1 }
            for sector in fatSectors[index..<index + run] {
                guard Self.offset(of: sector, sectorSize: sectorSize, sectorCount: sectorCount) != nil else {
                    throw corrupt("FAT sector \(sector) is outside the file")
                }
            }
            let data = ByteView(bytes: try source.bytes(at: Self.offset(of: fatSectors[index], sectorSize: sectorSize,
                                                                        sectorCount: sectorCount)!,
                                                        count: run * sectorSize))
            for entry in 0..<(run * sectorSize / 4) {
                // A cut-short last sector reads as free entries.
                fat.append(data.u32(entry * 4) ?? Self.freeSector)
            }
            index += run
        }
        self.fat = fat

        let directory = try chain(from: directoryStart, size: nil, table: fat, what: "directory")
        var entries: [Entry] = []
        var offset = 0
        while offset + 128 <= directory.count {
            let view = ByteView(bytes: Array(directory[offset..<offset + 128]))
            offset += 128
            guard let type = view.u8(0x42), let nameLength = view.u16(0x40), let start = view.u32(0x74),
                  let size = view.u64(0x78) else { continue }
            if type == 0 { continue }  // unused
            let units = max(0, min(Int(nameLength) / 2 - 1, 31))
            var name: [UInt16] = []
            for index in 0..<units {
                guard let unit = view.u16(index * 2) else { break }
                name.append(unit)
            }
            // Version 3 files (512-byte sectors) may leave garbage in the high half of the size.
            let usable = sectorSize == 512 ? size & 0xFFFF_FFFF : size
            entries.append(Entry(name: String(decoding: name, as: UTF16.self), type: type, start: start, size: usable))
        }
        self.entries = entries
        guard let root = entries.first, root.type == 5 else { throw corrupt("the directory has no root entry") }

        if miniFATCount > 0, miniFATStart != Self.endOfChain {
            let table = try chain(from: miniFATStart, size: nil, table: fat, what: "mini FAT")
            var mini: [UInt32] = []
            mini.reserveCapacity(table.count / 4)
            let view = ByteView(bytes: table)
            for index in 0..<(table.count / 4) { mini.append(view.u32(index * 4) ?? Self.freeSector) }
            miniFAT = mini
        }
        if root.size > 0, root.start != Self.endOfChain {
            miniStream = try chain(from: root.start, size: root.size, table: fat, what: "mini stream")
        }
    }

    private static func offset(of sector: UInt32, sectorSize: Int, sectorCount: Int) -> Int? {
        guard Int(sector) < sectorCount else { return nil }
        return (Int(sector) + 1) * sectorSize
    }

    /// The sectors of a chain of (regular) sectors in order, enough for `size` bytes when given,
    /// with the bytes each holds (`sectorSize`, or less for a cut-short last sector of the file).
    private func sectors(from start: UInt32, size: UInt64?, table: [UInt32], what: String) throws(SpreadsheetError) -> (sectors: [UInt32], bytes: Int) {
        func corrupt(_ detail: String) -> SpreadsheetError {
            SpreadsheetError(.corrupt, file: file, part: what, detail: detail)
        }
        if let size {
            guard size <= UInt64(limits.maxEntryBytes) else {
                throw SpreadsheetError(.tooLarge, file: file, part: what,
                                       detail: "\(size) bytes, more than the limit of \(limits.maxEntryBytes) bytes")
            }
            guard size <= UInt64(sectorCount * sectorSize) else {
                throw corrupt("the \(what) declares \(size) bytes, more than the file holds")
            }
        }
        var list: [UInt32] = []
        if let size { list.reserveCapacity(Int(size) / sectorSize + 1) }
        var total = 0
        var sector = start
        var visited = [Bool](repeating: false, count: sectorCount)
        while sector != Self.endOfChain {
            if let size, total >= Int(size) { break }
            guard Int(sector) < table.count, let base = Self.offset(of: sector, sectorSize: sectorSize, sectorCount: sectorCount) else {
                throw corrupt("the \(what) refers to sector \(sector), outside the file")
            }
            guard !visited[Int(sector)] else { throw corrupt("the sector chain of the \(what) loops back to sector \(sector)") }
            visited[Int(sector)] = true
            let length = min(sectorSize, source.size - base)
            // Only the file's last sector can be cut short, and nothing may follow it in a stream.
            if length < sectorSize, let size, total + length < Int(size) {
                throw corrupt("the \(what) is truncated: \(total + length) of \(size) bytes")
            }
            list.append(sector)
            total += length
            sector = table[Int(sector)]
        }
        if let size, total < Int(size) { throw corrupt("the \(what) is truncated: \(total) of \(size) bytes") }
        return (list, total)
    }

    /// The bytes of a chain of (regular) sectors, cut to `size` when given.
    private func chain(from start: UInt32, size: UInt64?, table: [UInt32], what: String) throws(SpreadsheetError) -> [UInt8] {
        let (list, total) = try sectors(from: start, size: size, table: table, what: what)
        var out: [UInt8] = []
        out.reserveCapacity(size.map { Int($0) } ?? total)
        var index = 0
        while index < list.count {
            var run = 1
            while index + run < list.count, run < 256, list[index + run] == list[index] &+ UInt32(run) { run += 1 }
            out.append(contentsOf: try source.bytes(at: (Int(list[index]) + 1) * sectorSize, count: run * sectorSize))
            index += run
        }
        if let size {
            guard out.count >= Int(size) else {
                throw SpreadsheetError(.corrupt, file: file, part: what, detail: "the \(what) is truncated: \(out.count) of \(size) bytes")
            }
            out.removeLast(out.count - Int(size))
        }
        return out
    }

    /// The bytes of a chain in the mini stream.
    private func miniChain(from start: UInt32, size: UInt64, what: String) throws(SpreadsheetError) -> [UInt8] {
        func corrupt(_ detail: String) -> SpreadsheetError {
            SpreadsheetError(.corrupt, file: file, part: what, detail: detail)
        }
        var out: [UInt8] = []
        out.reserveCapacity(Int(size))
        var sector = start
        var visited = [Bool](repeating: false, count: miniFAT.count)
        while sector != Self.endOfChain, out.count < Int(size) {
            guard Int(sector) < miniFAT.count, Int(sector) * miniSectorSize + miniSectorSize <= miniStream.count else {
                throw corrupt("the \(what) refers to mini sector \(sector), outside the mini stream")
            }
            let base = Int(sector) * miniSectorSize
            guard !visited[Int(sector)] else { throw corrupt("the mini sector chain of the \(what) loops back to mini sector \(sector)") }
            visited[Int(sector)] = true
            out.append(contentsOf: miniStream[base..<base + miniSectorSize])
            sector = miniFAT[Int(sector)]
        }
        guard out.count >= Int(size) else { throw corrupt("the \(what) is truncated: \(out.count) of \(size) bytes") }
        out.removeLast(out.count - Int(size))
        return out
    }

    /// The first stream entry with this name (compared ignoring ASCII case), if any.
    func entry(named name: String) -> Entry? {
        let wanted = name.lowercased()
        return entries.first { $0.type == 2 && $0.name.lowercased() == wanted }
    }

    private func checkSize(_ entry: Entry) throws(SpreadsheetError) {
        guard entry.size <= UInt64(limits.maxEntryBytes) else {
            throw SpreadsheetError(.tooLarge, file: file, part: entry.name,
                                   detail: "\(entry.size) bytes, more than the limit of \(limits.maxEntryBytes) bytes")
        }
    }

    /// The contents of a stream, whole.
    func read(_ entry: Entry) throws(SpreadsheetError) -> [UInt8] {
        try checkSize(entry)
        if entry.size == 0 { return [] }
        if entry.size < miniCutoff {
            guard entry.size <= UInt64(miniStream.count) else {
                throw SpreadsheetError(.corrupt, file: file, part: entry.name, detail: "the stream is larger than the mini stream")
            }
            return try miniChain(from: entry.start, size: entry.size, what: entry.name)
        }
        return try chain(from: entry.start, size: entry.size, table: fat, what: entry.name)
    }

    /// A stream to be read a window at a time: its sector chain is followed (and checked) now,
    /// its bytes are read from the file when asked for. A small stream (in the mini stream) is
    /// read whole.
    func stream(_ entry: Entry) throws(SpreadsheetError) -> CompoundStream {
        try checkSize(entry)
        if entry.size == 0 || entry.size < miniCutoff {
            return CompoundStream(bytes: try read(entry))
        }
        let (list, _) = try sectors(from: entry.start, size: entry.size, table: fat, what: entry.name)
        return CompoundStream(source: source, sectors: list, sectorSize: sectorSize, size: Int(entry.size))
    }
}

/// One stream of a compound file, read by offset: from the file a run of consecutive sectors
/// at a time, or from memory.
final class CompoundStream {
    let size: Int
    private let source: CompoundSource?
    private let memory: [UInt8]
    private let sectors: [UInt32]
    private let sectorSize: Int

    init(source: CompoundSource, sectors: [UInt32], sectorSize: Int, size: Int) {
        self.source = source
        self.sectors = sectors
        self.sectorSize = sectorSize
        self.size = size
        memory = []
    }

    init(bytes: [UInt8]) {
        source = nil
        memory = bytes
        sectors = []
        sectorSize = 512
        size = bytes.count
    }

    /// Copies the stream's bytes from `offset` (up to `count`, fewer at its end) to `target`.
    func read(at offset: Int, count: Int, into target: UnsafeMutableRawPointer) throws(SpreadsheetError) -> Int {
        guard offset >= 0, offset < size, count > 0 else { return 0 }
        let wanted = min(count, size - offset)
        guard let source else {
            memory.withUnsafeBytes { target.copyMemory(from: $0.baseAddress! + offset, byteCount: wanted) }
            return wanted
        }
        var done = 0
        while done < wanted {
            let position = offset + done
            let index = position / sectorSize
            let within = position % sectorSize
            // A run of sectors that follow each other in the file: one read.
            var run = 1
            let needed = (within + wanted - done + sectorSize - 1) / sectorSize
            while run < needed, index + run < sectors.count, sectors[index + run] == sectors[index] &+ UInt32(run) { run += 1 }
            let take = min(wanted - done, run * sectorSize - within)
            let n = try source.read(at: (Int(sectors[index]) + 1) * sectorSize + within, count: take, into: target + done)
            done += n
            if n < take { break }  // the file was cut short after it was opened
        }
        return done
    }
}
