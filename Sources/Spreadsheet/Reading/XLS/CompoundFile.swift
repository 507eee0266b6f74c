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

/// A Compound File Binary container (MS-CFB), the OLE "structured storage" of Excel 97–2003
/// `.xls` files, read wholly from memory (reports are small; the file is capped by
/// `ReadLimits.maxEntryBytes`).
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
    private let data: ByteView
    let sectorSize: Int
    private let miniSectorSize: Int
    private let miniCutoff: UInt64
    private let sectorCount: Int
    private var fat: [UInt32] = []
    private var miniFAT: [UInt32] = []
    private var miniStream: [UInt8] = []
    private(set) var entries: [Entry] = []
    private let limits: ReadLimits

    /// Reads a compound file from disk (at most `limits.maxEntryBytes` bytes).
    init(path: String, limits: ReadLimits) throws(SpreadsheetError) {
        let bytes = try FileBytes.contents(of: path, limit: limits.maxEntryBytes, what: "an Excel 97–2003 workbook")
        try self.init(bytes: bytes, file: path, limits: limits)
    }

    init(bytes: [UInt8], file: String, limits: ReadLimits) throws(SpreadsheetError) {
        self.file = file
        self.limits = limits
        data = ByteView(bytes: bytes)
        func corrupt(_ detail: String) -> SpreadsheetError {
            SpreadsheetError(.corrupt, file: file, part: "compound file", detail: detail)
        }
        guard bytes.count >= 512, bytes.prefix(8).elementsEqual(Self.signature) else {
            throw corrupt("the compound file header is truncated")
        }
        guard let byteOrder = data.u16(0x1C), byteOrder == 0xFFFE,
              let sectorShift = data.u16(0x1E), let miniShift = data.u16(0x20) else {
            throw corrupt("the compound file header has a wrong byte order mark")
        }
        guard sectorShift == 9 || sectorShift == 12 else { throw corrupt("sector size 2^\(sectorShift) is not 512 or 4096") }
        guard miniShift == 6 else { throw corrupt("mini sector size 2^\(miniShift) is not 64") }
        sectorSize = 1 << Int(sectorShift)
        miniSectorSize = 64
        guard bytes.count > sectorSize else { throw corrupt("the file ends inside its header") }
        // The last sector may be cut short by some writers; count it if any of it is there.
        sectorCount = (bytes.count - sectorSize + sectorSize - 1) / sectorSize
        guard let fatCount = data.u32(0x2C), let directoryStart = data.u32(0x30), let cutoff = data.u32(0x38),
              let miniFATStart = data.u32(0x3C), let miniFATCount = data.u32(0x40),
              let difatStart = data.u32(0x44), let difatCount = data.u32(0x48) else {
            throw corrupt("the compound file header is truncated")
        }
        miniCutoff = UInt64(cutoff)
        guard Int(fatCount) <= sectorCount, Int(difatCount) <= sectorCount, Int(miniFATCount) <= sectorCount else {
            throw corrupt("the header declares more FAT sectors than the file has")
        }

        // DIFAT: 109 entries in the header, then a chain of DIFAT sectors.
        var fatSectors: [UInt32] = []
        for index in 0..<109 {
            guard let sector = data.u32(0x4C + index * 4) else { break }
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
            for index in 0..<perSector {
                guard let sector = data.u32(base + index * 4) else { throw corrupt("DIFAT sector \(difat) is truncated") }
                if sector == Self.freeSector || sector == Self.endOfChain { continue }
                fatSectors.append(sector)
            }
            guard let next = data.u32(base + perSector * 4) else { throw corrupt("DIFAT sector \(difat) is truncated") }
            difat = next
        }
        guard fatSectors.count <= sectorCount else { throw corrupt("more FAT sectors than the file has") }
        if fatSectors.count > Int(fatCount) { fatSectors.removeLast(fatSectors.count - Int(fatCount)) }
        guard !fatSectors.isEmpty else { throw corrupt("the compound file has no FAT") }

        var fat: [UInt32] = []
        fat.reserveCapacity(fatSectors.count * sectorSize / 4)
        for sector in fatSectors {
            guard let base = Self.offset(of: sector, sectorSize: sectorSize, sectorCount: sectorCount) else {
                throw corrupt("FAT sector \(sector) is outside the file")
            }
            for index in 0..<(sectorSize / 4) {
                // A cut-short last sector reads as free entries.
                fat.append(data.u32(base + index * 4) ?? Self.freeSector)
            }
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

    /// The bytes of a chain of (regular) sectors, cut to `size` when given.
    private func chain(from start: UInt32, size: UInt64?, table: [UInt32], what: String) throws(SpreadsheetError) -> [UInt8] {
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
        var out: [UInt8] = []
        if let size { out.reserveCapacity(Int(size)) }
        var sector = start
        var visited = [Bool](repeating: false, count: sectorCount)
        let bytes = data.bytes
        while sector != Self.endOfChain {
            if let size, out.count >= Int(size) { break }
            guard Int(sector) < table.count, let base = Self.offset(of: sector, sectorSize: sectorSize, sectorCount: sectorCount) else {
                throw corrupt("the \(what) refers to sector \(sector), outside the file")
            }
            guard !visited[Int(sector)] else { throw corrupt("the sector chain of the \(what) loops back to sector \(sector)") }
            visited[Int(sector)] = true
            let end = min(base + sectorSize, bytes.count)
            out.append(contentsOf: bytes[base..<end])
            sector = table[Int(sector)]
        }
        if let size {
            guard out.count >= Int(size) else { throw corrupt("the \(what) is truncated: \(out.count) of \(size) bytes") }
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

    /// The contents of a stream.
    func read(_ entry: Entry) throws(SpreadsheetError) -> [UInt8] {
        guard entry.size <= UInt64(limits.maxEntryBytes) else {
            throw SpreadsheetError(.tooLarge, file: file, part: entry.name,
                                   detail: "\(entry.size) bytes, more than the limit of \(limits.maxEntryBytes) bytes")
        }
        if entry.size == 0 { return [] }
        if entry.size < miniCutoff {
            guard entry.size <= UInt64(miniStream.count) else {
                throw SpreadsheetError(.corrupt, file: file, part: entry.name, detail: "the stream is larger than the mini stream")
            }
            return try miniChain(from: entry.start, size: entry.size, what: entry.name)
        }
        return try chain(from: entry.start, size: entry.size, table: fat, what: entry.name)
    }
}
