import Foundation
@testable import Spreadsheet

/// SplitMix64: a tiny deterministic PRNG, so a mutation run is the same on every machine.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A number in `0..<bound` (`bound` > 0).
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

/// Writes a ZIP whose entries are stored (not compressed): enough to rezip a package after
/// damaging the XML inside it, so the container stays intact and only the part is broken.
enum StoredZip {
    private static let crcTable: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in bytes { c = crcTable[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }

    static func make(_ entries: [(name: String, data: [UInt8])]) -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        func u16(_ v: Int, _ to: inout [UInt8]) { to += [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func u32(_ v: UInt32, _ to: inout [UInt8]) { for s in stride(from: 0, to: 32, by: 8) { to.append(UInt8(v >> UInt32(s) & 0xFF)) } }
        for entry in entries {
            let name = Array(entry.name.utf8)
            let crc = crc32(entry.data)
            let offset = UInt32(out.count)
            u32(0x0403_4B50, &out); u16(20, &out); u16(0, &out); u16(0, &out); u16(0, &out); u16(0x21, &out)
            u32(crc, &out); u32(UInt32(entry.data.count), &out); u32(UInt32(entry.data.count), &out)
            u16(name.count, &out); u16(0, &out)
            out += name
            out += entry.data
            u32(0x0201_4B50, &central); u16(20, &central); u16(20, &central); u16(0, &central); u16(0, &central)
            u16(0, &central); u16(0x21, &central)
            u32(crc, &central); u32(UInt32(entry.data.count), &central); u32(UInt32(entry.data.count), &central)
            u16(name.count, &central); u16(0, &central); u16(0, &central); u16(0, &central); u16(0, &central)
            u32(0, &central); u32(offset, &central)
            central += name
        }
        let centralOffset = UInt32(out.count)
        out += central
        u32(0x0605_4B50, &out); u16(0, &out); u16(0, &out); u16(entries.count, &out); u16(entries.count, &out)
        u32(UInt32(central.count), &out); u32(centralOffset, &out); u16(0, &out)
        return out
    }

    /// The entries of a package on disk, in archive order (through the reader's own ZIP layer).
    static func entries(of path: String) throws -> [(name: String, data: [UInt8])] {
        let archive = try ZipArchive(path: path, limits: .default)
        return try archive.entryNames.map { ($0, try archive.readAll($0)) }
    }
}

/// What reading every row of every sheet of a file ends in.
enum ReadOutcome: Equatable {
    case read(rows: Int)
    case refused(SpreadsheetError.Code)
    /// Something other than a `SpreadsheetError` escaped the reader: a bug.
    case unexpected(String)

    static func of(path: String, limits: ReadLimits = .default) -> ReadOutcome {
        do {
            let document = try SpreadsheetDocument.open(path: path, limits: limits)
            var rows = 0
            for sheet in document.sheets {
                let reader = try document.rows(.position(sheet.index + 1))
                while try reader.nextRow() != nil { rows += 1 }
            }
            return .read(rows: rows)
        } catch let error as SpreadsheetError {
            return .refused(error.code)
        } catch {
            return .unexpected(String(describing: error))
        }
    }

    static func of(bytes: [UInt8], name: String, in directory: TemporaryDirectory) -> ReadOutcome {
        let path = directory.path(name)
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return of(path: path)
    }
}

/// Deterministic damage to sample reports: the same seed gives the same mutants everywhere.
enum Mutation: String, CaseIterable, Sendable {
    /// A few bytes of the file set to random values.
    case byteFlip
    /// The file cut short.
    case truncate
    /// A ZIP entry left out (rezipped intact).
    case entryRemoved
    /// A part cut short inside the ZIP (rezipped intact); a parsed part must then be refused.
    case xmlCut
    /// XML damage inside a part: deletions, duplications, hostile snippets (rezipped intact).
    case xmlDamage
    /// CSV: quotes, NULs, invalid bytes, line breaks, a byte-order mark in odd places.
    case csvDamage
}

struct Mutant {
    var name: String
    var bytes: [UInt8]
    var mutation: Mutation
    /// Set when the damage must be refused as `file-xml-malformed` (a parsed part cut before
    /// its root element closes).
    var mustBeMalformed = false
}

struct Sample {
    var name: String
    var bytes: [UInt8]
    /// The entries of an XLSX sample, in order; nil for CSV.
    var entries: [(name: String, data: [UInt8])]?

    static func load(_ path: String) throws -> Sample {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let isZip = bytes.starts(with: [0x50, 0x4B, 0x03, 0x04])
        return Sample(name: (path as NSString).lastPathComponent, bytes: bytes,
                      entries: isZip ? try StoredZip.entries(of: path) : nil)
    }

    /// Every XLSX, ODS and CSV report under `Samples/submissions` (the legacy .xls left out).
    static func all(in root: URL) throws -> [Sample] {
        let files = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? []
        return try files.filter { $0.hasSuffix(".xlsx") || $0.hasSuffix(".ods") || $0.hasSuffix(".csv") }.sorted()
            .map { try load(root.appendingPathComponent($0).path) }
    }
}

enum Mutator {
    /// Parts the reader parses: damage to them must never go unnoticed.
    static func isParsed(_ part: String) -> Bool {
        let lower = part.lowercased()
        return lower == "_rels/.rels" || lower == "xl/_rels/workbook.xml.rels" || lower == "xl/workbook.xml" || lower == "xl/sharedstrings.xml"
            || lower == "xl/styles.xml" || lower.hasPrefix("xl/worksheets/sheet")
            || lower == "content.xml" || lower == "meta-inf/manifest.xml"  // ODS
    }

    static let snippets: [String] = [
        "<", ">", "&", "&#x0;", "&#99999999;", "&#xD800;", "&bogus;", "\"", "'", "</row>", "<row>", "</c>", "<c>",
        #"<c r="XFD1048577"><v>1</v></c>"#, #"<row r="0">"#, #"<row r="99999999999999999999">"#, "<!DOCTYPE x>",
        "<![CDATA[", "<!--", "<?", "\u{0}", "\u{FFFD}", "<v>1e400</v>", #" t="s""#, #"<c t="s"><v>999999</v></c>"#,
        #"<c t="d"><v>2021-13-45T99:99:1e300</v></c>"#, #"<c t="d"><v>2021-01-01T00:00:nan</v></c>"#,
        #" r="-1""#, #" s="99999999999""#, #"<mergeCell ref="A1:XFD1048576"/>"#, #"<mergeCell ref="ZZZZ0"/>"#,
        #"<table:table-cell table:number-columns-repeated="99999999999" office:value-type="float" office:value="1"/>"#,
        #"<table:table-row table:number-rows-repeated="1048577"><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#,
        #"<text:s text:c="999999999"/>"#, #" office:value-type="time" office:time-value="PT1e999H""#,
        #" office:value-type="date" office:date-value="-99999-01-01T25:61:1e300""#, #" table:number-rows-spanned="9999999999999""#,
        "<office:annotation>", "<table:covered-table-cell>", "<manifest:encryption-data/>",
        #"<sheet name="x" r:id="rId999"/>"#, #"<Relationship Id="rId1" Target="../../../../etc/passwd"/>"#,
        #"<numFmt numFmtId="-5" formatCode="[""#, #"<xf numFmtId="99999999999999999"/>"#, "<si/>", "<t>",
        "<x:c r=\"A1\" t=\"inlineStr\"><x:is><x:t>т</x:t></x:is></x:c>", "<rPh><t>", "\r\n", "\u{FEFF}",
    ]

    /// `count` mutants of `sample` by `mutation` (none when the mutation does not apply).
    static func mutants(of sample: Sample, _ mutation: Mutation, count: Int, seed: UInt64) -> [Mutant] {
        var rng = SplitMix64(seed: seed)
        var out: [Mutant] = []
        let base = sample.name
        for n in 0..<count {
            let name = "\(mutation.rawValue)-\(n)-\(base)"
            switch mutation {
            case .byteFlip:
                var bytes = sample.bytes
                for _ in 0...rng.below(8) { bytes[rng.below(bytes.count)] = UInt8(truncatingIfNeeded: rng.next()) }
                out.append(Mutant(name: name, bytes: bytes, mutation: mutation))
            case .truncate:
                out.append(Mutant(name: name, bytes: Array(sample.bytes[..<rng.below(sample.bytes.count)]), mutation: mutation))
            case .entryRemoved:
                guard let entries = sample.entries else { return [] }
                let gone = rng.below(entries.count)
                out.append(Mutant(name: name, bytes: StoredZip.make(entries.enumerated().filter { $0.offset != gone }.map(\.element)),
                                  mutation: mutation))
            case .xmlCut:
                guard let entries = sample.entries else { return [] }
                let parsed = entries.indices.filter { isParsed(entries[$0].name) && !entries[$0].data.isEmpty }
                let index = parsed[rng.below(parsed.count)]
                let data = entries[index].data
                // Cut before the start of the root's end tag: the root stays open.
                let rootEnd = lastEndTag(data) ?? data.count
                let cut = rng.below(max(1, rootEnd))
                var changed = entries
                changed[index].data = Array(data[..<cut])
                out.append(Mutant(name: name, bytes: StoredZip.make(changed), mutation: mutation, mustBeMalformed: true))
            case .xmlDamage:
                guard let entries = sample.entries else { return [] }
                let index = rng.below(3) == 0 ? rng.below(entries.count)
                    : entries.indices.filter { isParsed(entries[$0].name) }[rng.below(entries.indices.filter { isParsed(entries[$0].name) }.count)]
                var data = entries[index].data
                for _ in 0...rng.below(3) { damage(&data, &rng) }
                var changed = entries
                changed[index].data = data
                out.append(Mutant(name: name, bytes: StoredZip.make(changed), mutation: mutation))
            case .csvDamage:
                guard sample.entries == nil else { return [] }
                var bytes = sample.bytes
                for _ in 0...rng.below(4) {
                    let at = rng.below(bytes.count + 1)
                    switch rng.below(8) {
                    case 0: bytes.insert(UInt8(ascii: "\""), at: at)
                    case 1: bytes.insert(0, at: at)
                    case 2: bytes.insert(contentsOf: [0xFF, 0xC0, 0x80][..<(1 + rng.below(3))], at: at)
                    case 3: bytes.insert(UInt8(ascii: "\r"), at: at)
                    case 4: bytes.insert(contentsOf: [0xEF, 0xBB, 0xBF], at: at)
                    case 5: bytes.insert(contentsOf: Array(repeating: UInt8(ascii: ";"), count: 1 + rng.below(40)), at: at)
                    case 6: if at < bytes.count { bytes.removeSubrange(at..<min(bytes.count, at + 1 + rng.below(30))) }
                    default: bytes.insert(contentsOf: Array("\"\"\n\"".utf8), at: at)
                    }
                }
                out.append(Mutant(name: name, bytes: bytes, mutation: mutation))
            }
        }
        return out
    }

    /// The offset of the last `</` in a part (the root's end tag in a well-formed part).
    static func lastEndTag(_ data: [UInt8]) -> Int? {
        var i = data.count - 2
        while i >= 0 {
            if data[i] == UInt8(ascii: "<"), data[i + 1] == UInt8(ascii: "/") { return i }
            i -= 1
        }
        return nil
    }

    static func damage(_ data: inout [UInt8], _ rng: inout SplitMix64) {
        let at = rng.below(data.count + 1)
        switch rng.below(5) {
        case 0, 1:
            data.insert(contentsOf: Array(snippets[rng.below(snippets.count)].utf8), at: at)
        case 2:
            if at < data.count { data.removeSubrange(at..<min(data.count, at + 1 + rng.below(24))) }
        case 3:
            if at < data.count {
                let slice = Array(data[at..<min(data.count, at + 1 + rng.below(200))])
                data.insert(contentsOf: slice, at: rng.below(data.count + 1))
            }
        default:
            if !data.isEmpty { data[rng.below(data.count)] = UInt8(truncatingIfNeeded: rng.next()) }
        }
    }
}
