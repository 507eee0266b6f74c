#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A tokenizer over an XML part held in memory that reports every construct with its raw byte
/// range, so a part can be rewritten by copying the bytes it does not change.
///
/// Unlike `XMLScanner` (which skips comments and processing instructions and hides token
/// offsets), every byte of the input belongs to exactly one token here: text, start tag, end
/// tag, or `other` (comment, processing instruction, CDATA section). A DOCTYPE is refused with
/// `.xmlDTD`, as the reader refuses it; an unterminated construct is `.xmlMalformed`.
struct RawXMLTokenizer {
    enum Kind: Equatable {
        case text
        case startTag
        case endTag
        case other
        case end
    }

    struct Attribute {
        /// The qualified name, e.g. `r:id`.
        var name: Range<Int>
        /// The local name, e.g. `id`.
        var local: Range<Int>
        /// The raw (still escaped) value between the quotes.
        var value: Range<Int>
        /// From the first byte of the name to the closing quote, inclusive.
        var whole: Range<Int>
    }

    let bytes: [UInt8]
    let file: String
    let part: String
    private(set) var position = 0

    // The current token.
    private(set) var kind: Kind = .end
    private(set) var start = 0
    private(set) var end = 0
    /// The qualified name of a tag.
    private(set) var nameStart = 0
    private(set) var nameEnd = 0
    /// The first byte of the local name (after the prefix's colon).
    private(set) var localStart = 0
    private(set) var isSelfClosing = false

    init(bytes: [UInt8], file: String, part: String) {
        self.bytes = bytes
        self.file = file
        self.part = part
    }

    func malformed(_ detail: String) -> SpreadsheetError {
        SpreadsheetError(.xmlMalformed, file: file, part: part, detail: detail)
    }

    var range: Range<Int> { start..<end }

    /// The local name of the current tag.
    var localName: ArraySlice<UInt8> { bytes[localStart..<nameEnd] }

    /// The prefix of the current tag including its colon (`x:`), or empty.
    var prefix: String {
        localStart > nameStart ? String(decoding: bytes[nameStart..<localStart], as: UTF8.self) : ""
    }

    func nameIs(_ name: StaticString) -> Bool {
        RawXML.equals(bytes[localStart..<nameEnd], name)
    }

    mutating func next() throws -> Kind {
        let count = bytes.count
        guard position < count else {
            kind = .end
            start = count
            end = count
            return .end
        }
        start = position
        if bytes[position] != 0x3C {
            end = find(0x3C, from: position) ?? count
            position = end
            kind = .text
            return .text
        }
        guard position + 1 < count else { throw malformed("the document ends inside a tag") }
        let second = bytes[position + 1]
        if second == 0x2F {  // </name>
            guard let gt = find(0x3E, from: position + 2) else { throw malformed("the document ends inside an end tag") }
            setName(from: position + 2, limit: gt)
            isSelfClosing = false
            end = gt + 1
            position = end
            kind = .endTag
            return .endTag
        }
        if second == 0x3F {  // <? ... ?>
            guard let close = find(RawXML.piEnd, from: position + 2) else { throw malformed("an unterminated processing instruction") }
            end = close + 2
            position = end
            kind = .other
            return .other
        }
        if second == 0x21 {  // <!
            if startsWith(RawXML.commentStart, at: position) {
                guard let close = find(RawXML.commentEnd, from: position + 4) else { throw malformed("an unterminated comment") }
                end = close + 3
            } else if startsWith(RawXML.cdataStart, at: position) {
                guard let close = find(RawXML.cdataEnd, from: position + 9) else { throw malformed("an unterminated CDATA section") }
                end = close + 3
            } else {
                throw SpreadsheetError(.xmlDTD, file: file, part: part, detail: "the XML declares a DOCTYPE or entities")
            }
            position = end
            kind = .other
            return .other
        }
        // A start tag: find its '>' outside quotes.
        var index = position + 1
        var quote: UInt8 = 0
        while index < count {
            let byte = bytes[index]
            if quote != 0 {
                if byte == quote { quote = 0 }
            } else if byte == 0x22 || byte == 0x27 {
                quote = byte
            } else if byte == 0x3E {
                break
            }
            index += 1
        }
        guard index < count else { throw malformed("the document ends inside a start tag") }
        setName(from: position + 1, limit: index)
        var last = index - 1
        while last > nameEnd, RawXML.isSpace(bytes[last]) { last -= 1 }
        isSelfClosing = bytes[last] == 0x2F
        end = index + 1
        position = end
        kind = .startTag
        return .startTag
    }

    private mutating func setName(from first: Int, limit: Int) {
        var stop = first
        var local = first
        while stop < limit {
            let byte = bytes[stop]
            if RawXML.isSpace(byte) || byte == 0x2F || byte == 0x3E { break }
            if byte == 0x3A { local = stop + 1 }
            stop += 1
        }
        nameStart = first
        nameEnd = stop
        localStart = local
    }

    private func find(_ byte: UInt8, from offset: Int) -> Int? {
        guard offset < bytes.count else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress,
                  let hit = memchr(base + offset, Int32(byte), buffer.count - offset) else { return nil }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
    }

    private func find(_ terminator: [UInt8], from offset: Int) -> Int? {
        var from = offset
        while let hit = find(terminator[0], from: from) {
            if startsWith(terminator, at: hit) { return hit }
            from = hit + 1
        }
        return nil
    }

    private func startsWith(_ literal: [UInt8], at offset: Int) -> Bool {
        guard offset + literal.count <= bytes.count else { return false }
        for (i, byte) in literal.enumerated() where bytes[offset + i] != byte { return false }
        return true
    }

    /// The attributes of the current start tag.
    func attributes() -> [Attribute] {
        guard kind == .startTag else { return [] }
        var result: [Attribute] = []
        var index = nameEnd
        let limit = end - 1
        while index < limit {
            let byte = bytes[index]
            if RawXML.isSpace(byte) || byte == 0x2F {
                index += 1
                continue
            }
            let nameFirst = index
            var local = index
            while index < limit {
                let c = bytes[index]
                if c == 0x3D || RawXML.isSpace(c) || c == 0x2F { break }
                if c == 0x3A { local = index + 1 }
                index += 1
            }
            let nameLast = index
            while index < limit, RawXML.isSpace(bytes[index]) { index += 1 }
            guard index < limit, bytes[index] == 0x3D else {
                // A name without a value: skip it (tolerated, as the reader does).
                if index == nameLast { index += 1 }
                continue
            }
            index += 1
            while index < limit, RawXML.isSpace(bytes[index]) { index += 1 }
            guard index < limit else { break }
            let quote = bytes[index]
            guard quote == 0x22 || quote == 0x27 else { continue }
            let valueStart = index + 1
            var close = valueStart
            while close < limit, bytes[close] != quote { close += 1 }
            result.append(Attribute(name: nameFirst..<nameLast, local: local..<nameLast,
                                    value: valueStart..<close, whole: nameFirst..<min(close + 1, limit)))
            index = close + 1
        }
        return result
    }

    /// The decoded value of the attribute whose local name is `name`.
    func attribute(_ name: StaticString) -> String? {
        attributes().first { RawXML.equals(bytes[$0.local], name) }.map { RawXML.decode(bytes[$0.value]) }
    }

    /// The decoded value of the attribute whose qualified name is `name` (e.g. `xmlns:r`).
    func attribute(qualified name: String) -> String? {
        let wanted = Array(name.utf8)
        return attributes().first { bytes[$0.name].elementsEqual(wanted) }.map { RawXML.decode(bytes[$0.value]) }
    }

    /// The decoded text of the current text token.
    var text: String { RawXML.decode(bytes[start..<end]) }

    /// The prefix (with colon) that a start tag's namespace declarations bind to `namespace`,
    /// `""` when it is the default namespace, `nil` when it is not declared on this tag.
    func prefixDeclared(for namespace: String) -> String? {
        for attribute in attributes() {
            let name = String(decoding: bytes[attribute.name], as: UTF8.self)
            guard RawXML.decode(bytes[attribute.value]) == namespace else { continue }
            if name == "xmlns" { return "" }
            if name.hasPrefix("xmlns:") { return String(name.dropFirst(6)) + ":" }
        }
        return nil
    }

    /// Whether the tag declares `prefix` (without colon) for any namespace.
    func declaresPrefix(_ prefix: String) -> Bool {
        attribute(qualified: "xmlns:" + prefix) != nil
    }
}

/// Byte-level helpers for writing XML.
enum RawXML {
    static let piEnd: [UInt8] = Array("?>".utf8)
    static let commentStart: [UInt8] = Array("<!--".utf8)
    static let commentEnd: [UInt8] = Array("-->".utf8)
    static let cdataStart: [UInt8] = Array("<![CDATA[".utf8)
    static let cdataEnd: [UInt8] = Array("]]>".utf8)

    static let packageRelationshipsNS = "http://schemas.openxmlformats.org/package/2006/relationships"
    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    static func equals(_ bytes: ArraySlice<UInt8>, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard bytes.count == count else { return false }
        let pointer = literal.utf8Start
        var i = 0
        for byte in bytes {
            if byte != pointer[i] { return false }
            i += 1
        }
        return true
    }

    /// Text with the predefined entities and character references decoded.
    static func decode(_ bytes: ArraySlice<UInt8>) -> String {
        guard bytes.contains(0x26) || bytes.contains(0x0D) else { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let byte = bytes[i]
            if byte == 0x0D {
                out.append(0x0A)
                i += (i + 1 < bytes.endIndex && bytes[i + 1] == 0x0A) ? 2 : 1
                continue
            }
            if byte == 0x26, let semicolon = bytes[i..<min(bytes.endIndex, i + 12)].firstIndex(of: 0x3B) {
                let body = String(decoding: bytes[(i + 1)..<semicolon], as: UTF8.self)
                if let scalar = XMLEntity.scalar(named: body) {
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                    i = semicolon + 1
                    continue
                }
            }
            out.append(byte)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Escapes text for element content or (with `attribute`) a double-quoted attribute value,
    /// dropping the characters XML 1.0 cannot carry.
    static func escape(_ text: String, attribute: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where attribute: out += "&quot;"
            case "\n" where attribute: out += "&#10;"
            case "\t" where attribute: out += "&#9;"
            case "\r": out += "&#13;"
            case "\n", "\t": out.unicodeScalars.append(scalar)
            default:
                let v = scalar.value
                if v < 0x20 || v == 0xFFFE || v == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// A growing output buffer for rewritten parts.
struct ByteSink {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }
    mutating func append(_ slice: ArraySlice<UInt8>) { bytes.append(contentsOf: slice) }
    mutating func append(_ other: [UInt8]) { bytes.append(contentsOf: other) }
}

extension RawXMLTokenizer {
    /// The current start tag re-serialised with some attributes replaced or added (matched by
    /// local name) and others removed; everything else is copied byte for byte.
    ///
    /// - Parameters:
    ///   - set: `(qualified name, escaped value)` pairs; an existing attribute with the same
    ///     local name has its value replaced, otherwise the pair is appended.
    ///   - remove: local names of attributes to drop.
    ///   - selfClosing: whether the rewritten tag ends with `/>` (default: as it was).
    func rewrittenStartTag(set: [(String, String)], remove: [String] = [], selfClosing: Bool? = nil) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(end - start + 32)
        out.append(contentsOf: bytes[start..<nameEnd])
        var pending = set
        for attribute in attributes() {
            let local = String(decoding: bytes[attribute.local], as: UTF8.self)
            if remove.contains(local) { continue }
            out.append(0x20)
            if let index = pending.firstIndex(where: { RawXML.localName(of: $0.0) == local }) {
                out.append(contentsOf: bytes[attribute.name])
                out.append(contentsOf: Array("=\"\(pending[index].1)\"".utf8))
                pending.remove(at: index)
            } else {
                out.append(contentsOf: bytes[attribute.whole])
            }
        }
        for (name, value) in pending {
            out.append(contentsOf: Array(" \(name)=\"\(value)\"".utf8))
        }
        if selfClosing ?? isSelfClosing { out.append(0x2F) }
        out.append(0x3E)
        return out
    }
}

extension RawXML {
    static func localName(of qualified: String) -> String {
        guard let colon = qualified.lastIndex(of: ":") else { return qualified }
        return String(qualified[qualified.index(after: colon)...])
    }
}
