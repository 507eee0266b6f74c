/// The shared strings table (`xl/sharedStrings.xml`), read once per workbook.
///
/// Rich-text runs are concatenated; phonetic runs (`rPh`) are skipped, as Excel shows them only
/// as ruby text. Each `<t>` is an `ST_Xstring`: its `_xHHHH_` escapes are decoded (``XString``).
enum SharedStrings {
    static func read(_ scanner: inout XMLScanner, limits: ReadLimits) throws -> SharedStringTable {
        var strings = SharedStringTable()
        var current = ""
        var run = ""
        var inItem = false
        var inText = false
        var phoneticDepth = 0
        while true {
            switch try scanner.next() {
            case .end:
                return strings
            case .startTag:
                if scanner.nameIs("si") {
                    if scanner.isSelfClosing {
                        strings.append("")
                    } else {
                        inItem = true
                        current = ""
                    }
                } else if scanner.nameIs("rPh") {
                    if !scanner.isSelfClosing { phoneticDepth += 1 }
                } else if scanner.nameIs("t") {
                    inText = inItem && phoneticDepth == 0 && !scanner.isSelfClosing
                    run = ""
                } else if scanner.nameIs("sst"), let count = scanner.attributeRange("uniqueCount").flatMap({ ByteNumber.integer(scanner.bytes($0)) }) {
                    strings.reserveCapacity(min(count, limits.maxCells))
                }
            case .endTag:
                if scanner.nameIs("si") {
                    strings.append(current)
                    inItem = false
                } else if scanner.nameIs("t") {
                    // Decoded per run: an escape never spans two of them.
                    if inText { current += XString.decode(run) }
                    inText = false
                } else if scanner.nameIs("rPh") {
                    phoneticDepth = max(0, phoneticDepth - 1)
                }
            case .text:
                if inText { run += scanner.text }
            }
        }
    }
}

/// The shared strings of a workbook. The first ``inlineLimit`` are kept as Swift strings, so a
/// form's few hundred texts are handed out without a copy; the rest are packed as UTF-8 into
/// 1 MiB chunks and built when a cell asks for them. A workbook of millions of distinct texts
/// then costs their bytes and 8 bytes each, not a heap object each (3,000,000 Cyrillic texts:
/// about 190 MiB as strings, 100 MiB packed), and no buffer ever doubles in one piece.
struct SharedStringTable {
    static let inlineLimit = 1 << 16
    static let chunkBytes = 1 << 20

    private var strings: [String] = []
    private var chunks: [[UInt8]] = []
    /// Per packed string: chunk index (24 bits), start (20 bits), length (20 bits).
    private var locations: [UInt64] = []
    /// Packed strings too long for a chunk, by position among the packed ones.
    private var long: [Int: String] = [:]

    var count: Int { strings.count + locations.count }

    mutating func reserveCapacity(_ count: Int) {
        strings.reserveCapacity(min(count, Self.inlineLimit))
        if count > Self.inlineLimit { locations.reserveCapacity(count - Self.inlineLimit) }
    }

    mutating func append(_ text: String) {
        if locations.isEmpty && strings.count < Self.inlineLimit {
            strings.append(text)
            return
        }
        let length = text.utf8.count
        if length >= Self.chunkBytes {
            long[locations.count] = text
            locations.append(UInt64.max)
            return
        }
        if chunks.isEmpty || chunks[chunks.count - 1].count + length > Self.chunkBytes {
            var chunk: [UInt8] = []
            chunk.reserveCapacity(Self.chunkBytes)
            chunks.append(chunk)
        }
        let chunk = chunks.count - 1
        let start = chunks[chunk].count
        chunks[chunk].append(contentsOf: text.utf8)
        locations.append(UInt64(chunk) << 40 | UInt64(start) << 20 | UInt64(length))
    }

    subscript(index: Int) -> String {
        if index < strings.count { return strings[index] }
        let packed = index - strings.count
        let location = locations[packed]
        if location == UInt64.max { return long[packed] ?? "" }
        let chunk = Int(location >> 40)
        let start = Int((location >> 20) & 0xFFFFF)
        let length = Int(location & 0xFFFFF)
        return chunks[chunk].withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[start..<(start + length)]), as: UTF8.self)
        }
    }
}
