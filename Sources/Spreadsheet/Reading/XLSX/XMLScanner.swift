// Why one long file: the scanner is the readers' hot loop (every XLSX part and ODS content.xml
// goes through it byte by byte); its buffer, tag, attribute and text paths share one set of raw
// pointers and inlined helpers that would have to become internal API if split.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Owns the scanner's growable byte buffer.
private final class ScanBuffer {
    var pointer: UnsafeMutablePointer<UInt8>
    var capacity: Int
    /// Attribute ranges of the current tag, four offsets each (see `XMLScanner.attributes`).
    var attributes: UnsafeMutablePointer<Int>
    var attributeCapacity: Int
    /// The qualified names of the open elements, innermost last, concatenated; `openEnds[i]`
    /// is where the `i`-th one ends in `openNames` (see `XMLScanner.depth`).
    var openNames: UnsafeMutablePointer<UInt8>
    var openNamesCapacity: Int
    var openEnds: UnsafeMutablePointer<Int>
    var openEndsCapacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        pointer = .allocate(capacity: capacity)
        attributeCapacity = 64
        attributes = .allocate(capacity: attributeCapacity * 4)
        openNamesCapacity = 256
        openNames = .allocate(capacity: openNamesCapacity)
        openEndsCapacity = 32
        openEnds = .allocate(capacity: openEndsCapacity)
    }

    func growOpenNames(toHold count: Int, keeping used: Int) {
        var newCapacity = openNamesCapacity * 2
        while newCapacity < count { newCapacity *= 2 }
        let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        fresh.update(from: openNames, count: used)
        openNames.deallocate()
        openNames = fresh
        openNamesCapacity = newCapacity
    }

    func growOpenEnds(keeping used: Int) {
        let fresh = UnsafeMutablePointer<Int>.allocate(capacity: openEndsCapacity * 2)
        fresh.update(from: openEnds, count: used)
        openEnds.deallocate()
        openEnds = fresh
        openEndsCapacity *= 2
    }

    func growAttributes() {
        let fresh = UnsafeMutablePointer<Int>.allocate(capacity: attributeCapacity * 8)
        fresh.update(from: attributes, count: attributeCapacity * 4)
        attributes.deallocate()
        attributes = fresh
        attributeCapacity *= 2
    }

    func grow(to newCapacity: Int, keeping count: Int) {
        let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        fresh.update(from: pointer, count: count)
        pointer.deallocate()
        pointer = fresh
        capacity = newCapacity
    }

    deinit {
        pointer.deallocate()
        attributes.deallocate()
        openNames.deallocate()
        openEnds.deallocate()
    }
}

/// A streaming pull scanner for the XML that spreadsheet packages contain.
///
/// It reads bytes from a source in chunks and yields start tags, end tags and text runs; it
/// never builds a tree. Element and attribute names are matched by local name, so `x:c` and
/// `c` are the same. A DOCTYPE (and with it any entity declaration) is refused; the five
/// predefined entities and numeric character references are decoded.
///
/// It checks well-formedness as far as a part can be broken without the reader noticing
/// otherwise: every end tag must close the innermost open element (same qualified name),
/// there must be exactly one root element, nothing but white space may stand outside it, and
/// the input must not end while an element is open. A part cut off after a row (a truncated
/// download rezipped, a producer that died) is therefore `file-xml-malformed` at its end,
/// never a sheet with fewer rows.
///
/// Token data (names, attributes, text) points into the buffer and is valid only until the
/// next call to `next()`.
struct XMLScanner {
    enum Token: Equatable {
        case startTag
        case endTag
        case text
        case end
    }

    typealias Source = (UnsafeMutableRawBufferPointer) throws -> Int

    private let storage: ScanBuffer
    private var buffer: UnsafeMutablePointer<UInt8>
    private var position = 0
    private var limit = 0
    private var sourceDone = false
    private let source: Source
    private let maxTokenBytes: Int
    let file: String
    let part: String
    /// Where decoded texts come from when set (a batch's repeated texts are built once).
    var pool: StringPool?

    // The current token.
    private(set) var nameStart = 0
    private(set) var nameEnd = 0
    /// `true` for `<tag/>`: no matching end tag follows.
    private(set) var isSelfClosing = false
    private(set) var textStart = 0
    private(set) var textEnd = 0
    private var textIsRaw = false
    /// Attribute local-name and value ranges of the current tag, flattened as nameStart,
    /// nameEnd, valueStart, valueEnd, in memory the scanner owns (a struct copy is cheap).
    private var attributes: UnsafeMutablePointer<Int>
    private(set) var attributeCount = 0

    // Well-formedness: the open elements (their names live in `storage.openNames`).
    /// How many elements are open.
    private(set) var depth = 0
    private var openNamesUsed = 0
    private var rootSeen = false
    /// Whether the next token is the first of the input (a byte-order mark may stand there).
    private var atStart = true
    /// Deeper nesting than this is refused: no spreadsheet part nests more than a few dozen levels.
    static let maxDepth = 4096

    init(file: String, part: String, chunkSize: Int = 256 * 1024, maxTokenBytes: Int = 64 * 1024 * 1024,
         source: @escaping Source) {
        self.storage = ScanBuffer(capacity: chunkSize)
        self.buffer = storage.pointer
        self.attributes = storage.attributes
        self.source = source
        self.maxTokenBytes = maxTokenBytes
        self.file = file
        self.part = part
    }

    /// A scanner over bytes already in memory.
    init(bytes: [UInt8], file: String, part: String) {
        var offset = 0
        self.init(file: file, part: part, chunkSize: max(4096, min(bytes.count + 16, 1 << 20))) { target in
            let count = min(target.count, bytes.count - offset)
            if count > 0 {
                bytes.withUnsafeBytes { source in
                    target.baseAddress!.copyMemory(from: source.baseAddress! + offset, byteCount: count)
                }
            }
            offset += count
            return count
        }
    }

    func malformed(_ detail: String) -> SpreadsheetError {
        SpreadsheetError(.xmlMalformed, file: file, part: part, detail: detail)
    }

    // MARK: Buffer management

    /// Moves unread bytes to the front and reads more; grows the buffer when it is full.
    /// Returns `false` when the source is exhausted and nothing new arrived.
    private mutating func refill() throws -> Bool {
        if sourceDone { return false }
        if position > 0 {
            let unread = limit - position
            if unread > 0 { buffer.update(from: buffer + position, count: unread) }
            // Keep token offsets consistent for callers that hold offsets relative to position.
            limit = unread
            position = 0
        }
        if limit == storage.capacity {
            guard storage.capacity < maxTokenBytes else {
                throw malformed("a single XML token is longer than \(maxTokenBytes) bytes")
            }
            storage.grow(to: min(storage.capacity * 2, maxTokenBytes), keeping: limit)
            buffer = storage.pointer
        }
        let count = try source(UnsafeMutableRawBufferPointer(start: buffer + limit, count: storage.capacity - limit))
        if count == 0 {
            sourceDone = true
            return false
        }
        limit += count
        return true
    }

    /// Finds `byte` at or after `position + offset`, refilling as needed.
    /// Returns its offset from `position`, or `nil` at the end of input.
    private mutating func find(_ byte: UInt8, from offset: Int) throws -> Int? {
        var scanned = offset
        while true {
            let start = position + scanned
            if start < limit, let hit = memchr(buffer + start, Int32(byte), limit - start) {
                return buffer.distance(to: hit.assumingMemoryBound(to: UInt8.self)) - position
            }
            scanned = max(scanned, limit - position)
            if try !refill() { return nil }
        }
    }

    /// Finds a multi-byte terminator such as `-->`, returning the offset of its first byte.
    private mutating func find(_ terminator: [UInt8], from offset: Int) throws -> Int? {
        var from = offset
        while let hit = try find(terminator[0], from: from) {
            while position + hit + terminator.count > limit {
                if try !refill() { return nil }
            }
            var matches = true
            for (i, byte) in terminator.enumerated() where buffer[position + hit + i] != byte {
                matches = false
                break
            }
            if matches { return hit }
            from = hit + 1
        }
        return nil
    }

    private mutating func startsWith(_ bytes: [UInt8]) throws -> Bool {
        while position + bytes.count > limit {
            if try !refill() { return false }
        }
        for (i, byte) in bytes.enumerated() where buffer[position + i] != byte { return false }
        return true
    }

    // MARK: Tokens

    /// The next token; `.end` at the end of input.
    mutating func next() throws -> Token {
        while true {
            if position >= limit {
                if try !refill() { return try endOfInput() }
            }
            if buffer[position] != 0x3C {  // text up to the next '<'
                textIsRaw = false
                if let lt = try find(0x3C, from: 0) {
                    textStart = position
                    textEnd = position + lt
                    position += lt
                } else {
                    textStart = position
                    textEnd = limit
                    position = limit
                }
                if depth == 0 { try checkTextOutsideRoot() }
                atStart = false
                return .text
            }
            atStart = false
            // A markup construct: make sure the byte after '<' is present.
            if position + 1 >= limit, try !refill() { throw malformed("the document ends inside a tag") }
            let second = buffer[position + 1]
            if second == 0x2F {  // </name>
                guard let gt = try find(0x3E, from: 2) else { throw malformed("the document ends inside an end tag") }
                setName(from: position + 2, to: position + gt)
                isSelfClosing = false
                try close(qualifiedFrom: position + 2)
                position += gt + 1
                return .endTag
            }
            if second == 0x3F {  // <? ... ?>
                guard let close = try find(Self.piEnd, from: 2) else { throw malformed("an unterminated processing instruction") }
                position += close + 2
                continue
            }
            if second == 0x21 {  // <!
                if try startsWith(Self.commentStart) {
                    guard let close = try find(Self.commentEnd, from: 4) else { throw malformed("an unterminated comment") }
                    position += close + 3
                    continue
                }
                if try startsWith(Self.cdataStart) {
                    guard let close = try find(Self.cdataEnd, from: 9) else { throw malformed("an unterminated CDATA section") }
                    textStart = position + 9
                    textEnd = position + close
                    textIsRaw = true
                    position += close + 3
                    return .text
                }
                throw SpreadsheetError(.xmlDTD, file: file, part: part, detail: "the XML declares a DOCTYPE or entities")
            }
            // Parse name and attributes in one pass; if the tag runs past the buffer, refill
            // and parse again from its start (rare: tags are short, chunks are large).
            var qualifiedStart = 0
            while true {
                if let gt = parseStartTag() {
                    qualifiedStart = position + 1
                    position = gt + 1
                    break
                }
                if try !refill() { throw malformed("the document ends inside a start tag") }
            }
            try open(qualifiedFrom: qualifiedStart)
            return .startTag
        }
    }

    // MARK: Well-formedness

    /// The end of the input: well formed only when a root element was read and closed.
    private mutating func endOfInput() throws -> Token {
        if depth > 0 {
            let innermost = openName(depth - 1)
            throw malformed("the part ends before </\(innermost)> (\(depth) element\(depth == 1 ? "" : "s") left open): it is truncated")
        }
        if !rootSeen { throw malformed("the part has no root element") }
        return .end
    }

    /// Text outside the root element may only be white space (and a byte-order mark first).
    private mutating func checkTextOutsideRoot() throws {
        var i = textStart
        if atStart, textEnd - i >= 3, buffer[i] == 0xEF, buffer[i + 1] == 0xBB, buffer[i + 2] == 0xBF { i += 3 }
        while i < textEnd {
            guard Self.isSpace(buffer[i]) else {
                throw malformed(rootSeen ? "text after the root element" : "text before the root element")
            }
            i += 1
        }
    }

    /// Records the start tag just parsed (qualified name from `start` to `nameEnd`).
    private mutating func open(qualifiedFrom start: Int) throws {
        guard nameEnd > start, nameEnd > nameStart else { throw malformed("a start tag without a name") }
        if depth == 0 {
            if rootSeen { throw malformed("a second root element <\(currentName)>") }
            rootSeen = true
        }
        if isSelfClosing { return }
        guard depth < Self.maxDepth else { throw malformed("elements nest deeper than \(Self.maxDepth) levels") }
        let length = nameEnd - start
        if openNamesUsed + length > storage.openNamesCapacity {
            storage.growOpenNames(toHold: openNamesUsed + length, keeping: openNamesUsed)
        }
        if depth == storage.openEndsCapacity { storage.growOpenEnds(keeping: depth) }
        (storage.openNames + openNamesUsed).update(from: buffer + start, count: length)
        openNamesUsed += length
        storage.openEnds[depth] = openNamesUsed
        depth += 1
    }

    /// Checks the end tag just read (qualified name from `start` to `nameEnd`) against the
    /// innermost open element and closes it.
    private mutating func close(qualifiedFrom start: Int) throws {
        guard depth > 0 else { throw malformed("an end tag </\(currentName)> with no open element") }
        let begin = depth == 1 ? 0 : storage.openEnds[depth - 2]
        let length = nameEnd - start
        guard length == openNamesUsed - begin, memcmp(storage.openNames + begin, buffer + start, length) == 0 else {
            throw malformed("the end tag </\(currentName)> does not close <\(openName(depth - 1))>")
        }
        openNamesUsed = begin
        depth -= 1
    }

    /// The qualified name of the `i`-th open element (for messages).
    private func openName(_ i: Int) -> String {
        let begin = i == 0 ? 0 : storage.openEnds[i - 1]
        return String(decoding: UnsafeBufferPointer(start: storage.openNames + begin, count: storage.openEnds[i] - begin), as: UTF8.self)
    }

    /// The current tag's local name (for messages).
    private var currentName: String {
        String(decoding: UnsafeBufferPointer(start: buffer + nameStart, count: nameEnd - nameStart), as: UTF8.self)
    }

    private static let piEnd: [UInt8] = Array("?>".utf8)
    private static let commentStart: [UInt8] = Array("<!--".utf8)
    private static let commentEnd: [UInt8] = Array("-->".utf8)
    private static let cdataStart: [UInt8] = Array("<![CDATA[".utf8)
    private static let cdataEnd: [UInt8] = Array("]]>".utf8)

    @inline(__always)
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// Sets the local name from a qualified name between `start` and `end` (trailing blanks allowed).
    private mutating func setName(from start: Int, to end: Int) {
        var stop = start
        var local = start
        while stop < end {
            let byte = buffer[stop]
            if Self.isSpace(byte) || byte == 0x2F || byte == 0x3E { break }
            if byte == 0x3A { local = stop + 1 }
            stop += 1
        }
        nameStart = local
        nameEnd = stop
    }

    /// Parses the start tag at `position` up to its closing `>` (outside quotes).
    /// Returns the offset of that `>`, or `nil` when the buffer ends first.
    private mutating func parseStartTag() -> Int? {
        let end = limit
        var index = position + 1
        // The qualified name.
        var local = index
        while index < end {
            let byte = buffer[index]
            if Self.isSpace(byte) || byte == 0x2F || byte == 0x3E { break }
            if byte == 0x3A { local = index + 1 }
            index += 1
        }
        nameStart = local
        nameEnd = index
        attributeCount = 0
        isSelfClosing = false
        while index < end {
            let byte = buffer[index]
            if byte == 0x3E { return index }  // >
            if byte == 0x2F {  // />
                isSelfClosing = true
                index += 1
                continue
            }
            if Self.isSpace(byte) {
                index += 1
                continue
            }
            // An attribute: name, '=', quoted value.
            var attributeLocal = index
            while index < end {
                let c = buffer[index]
                if c == 0x3D || c == 0x3E || Self.isSpace(c) { break }
                if c == 0x3A { attributeLocal = index + 1 }
                index += 1
            }
            let attributeEnd = index
            while index < end, buffer[index] != 0x3D, buffer[index] != 0x3E { index += 1 }
            guard index < end else { return nil }
            if buffer[index] == 0x3E { return index }  // a name without a value: tolerate
            index += 1
            while index < end, Self.isSpace(buffer[index]) { index += 1 }
            guard index < end else { return nil }
            let quote = buffer[index]
            guard quote == 0x22 || quote == 0x27 else { continue }
            index += 1
            let valueStart = index
            guard let close = memchr(buffer + index, Int32(quote), end - index) else { return nil }
            index = buffer.distance(to: close.assumingMemoryBound(to: UInt8.self))
            if attributeCount == storage.attributeCapacity {
                storage.growAttributes()
                attributes = storage.attributes
            }
            let slot = attributes + attributeCount * 4
            slot[0] = attributeLocal
            slot[1] = attributeEnd
            slot[2] = valueStart
            slot[3] = index
            attributeCount += 1
            index += 1
            isSelfClosing = false
        }
        return nil
    }

    // MARK: Reading the current token

    /// Whether the current tag's local name is `name`.
    @inline(__always)
    func nameIs(_ name: StaticString) -> Bool {
        bytesEqual(nameStart, nameEnd, name)
    }

    @inline(__always)
    private func bytesEqual(_ start: Int, _ end: Int, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard end - start == count else { return false }
        return memcmp(buffer + start, literal.utf8Start, count) == 0
    }

    /// The byte range of an attribute's raw value, by local name.
    func attributeRange(_ name: StaticString) -> Range<Int>? {
        var slot = attributes
        for _ in 0..<attributeCount {
            if bytesEqual(slot[0], slot[1], name) { return slot[2]..<slot[3] }
            slot += 4
        }
        return nil
    }

    /// The first byte of the `i`-th attribute's local name when that name is one byte long
    /// (`r`, `s`, `t` on cells), else 0 — lets the sheet stream read a cell's attributes in one pass.
    @inline(__always)
    func singleByteAttributeName(_ i: Int) -> UInt8 {
        let slot = attributes + i * 4
        return slot[1] - slot[0] == 1 ? buffer[slot[0]] : 0
    }

    /// Whether the `i`-th attribute's local name is `name` (lets a reader take a tag's
    /// attributes in one pass, as the ODS reader does).
    @inline(__always)
    func attributeNameIs(_ i: Int, _ name: StaticString) -> Bool {
        let slot = attributes + i * 4
        return bytesEqual(slot[0], slot[1], name)
    }

    /// The value range of the `i`-th attribute.
    @inline(__always)
    func attributeValueRange(_ i: Int) -> Range<Int> {
        let slot = attributes + i * 4
        return slot[2]..<slot[3]
    }

    /// An attribute's value with entities decoded.
    func attribute(_ name: StaticString) -> String? {
        attributeRange(name).map { decode($0.lowerBound, $0.upperBound, raw: false) }
    }

    /// The current text token with entities decoded (CDATA taken as is).
    var text: String { decode(textStart, textEnd, raw: textIsRaw) }

    /// The current text token's bytes as they stand (for numbers and indices).
    var textBytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: buffer + textStart, count: textEnd - textStart) }

    func bytes(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: buffer + range.lowerBound, count: range.count)
    }

    /// Whether the current text token is only XML white space.
    var textIsWhitespace: Bool {
        var i = textStart
        while i < textEnd {
            if !Self.isSpace(buffer[i]) { return false }
            i += 1
        }
        return true
    }

    /// UTF-8 text with the predefined entities and character references decoded and line
    /// ends normalized, as an XML processor must.
    private func decode(_ start: Int, _ end: Int, raw: Bool) -> String {
        // Entities and carriage returns are rare: two memchr calls rule them out.
        let hasReturn = memchr(buffer + start, 0x0D, end - start) != nil
        let needsWork = hasReturn || memchr(buffer + start, 0x26, end - start) != nil
        let all = UnsafeBufferPointer(start: buffer + start, count: end - start)
        if !needsWork || (raw && !hasReturn) {
            if let pool { return pool.string(all) }
            return String(decoding: all, as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(end - start)
        var i = start
        while i < end {
            let byte = buffer[i]
            if byte == 0x0D {
                out.append(0x0A)
                i += (i + 1 < end && buffer[i + 1] == 0x0A) ? 2 : 1
                continue
            }
            if byte == 0x26, !raw, let semicolon = (i + 1..<min(end, i + 12)).first(where: { buffer[$0] == 0x3B }) {
                let body = UnsafeBufferPointer(start: buffer + i + 1, count: semicolon - i - 1)
                if let scalar = Self.entity(body) {
                    var utf8 = [UInt8]()
                    utf8.reserveCapacity(4)
                    UTF8.encode(scalar) { utf8.append($0) }
                    out.append(contentsOf: utf8)
                    i = semicolon + 1
                    continue
                }
            }
            out.append(byte)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func entity(_ body: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar? {
        XMLEntity.scalar(named: String(decoding: body, as: UTF8.self))
    }
}

/// The entities an XML document may use without a DTD: the five predefined ones and numeric
/// character references. Shared by the reader's scanner and the annotator's rewriter.
enum XMLEntity {
    /// The character `&name;` stands for, or `nil` for anything else.
    static func scalar(named name: String) -> Unicode.Scalar? {
        switch name {
        case "lt": return "<"
        case "gt": return ">"
        case "amp": return "&"
        case "quot": return "\""
        case "apos": return "'"
        default: break
        }
        guard name.hasPrefix("#") else { return nil }
        let digits = name.dropFirst()
        let value = digits.hasPrefix("x") || digits.hasPrefix("X")
            ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
        return value.flatMap(Unicode.Scalar.init)
    }
}

// MARK: Numbers from bytes

enum ByteNumber {
    /// A non-negative decimal integer, or `nil`.
    static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var value = 0
        var any = false
        for byte in bytes {
            if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { continue }
            guard byte >= 0x30, byte <= 0x39, value < Int.max / 10 - 10 else { return nil }
            value = value * 10 + Int(byte - 0x30)
            any = true
        }
        return any ? value : nil
    }

    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// Parses an XML number (`-12.5`, `1E-3`, `44256`): exact fast path for up to 15
    /// significant digits (Clinger), `strtod` otherwise.
    static func double(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var index = 0
        let count = bytes.count
        while index < count, bytes[index] == 0x20 { index += 1 }
        var negative = false
        if index < count, bytes[index] == 0x2D || bytes[index] == 0x2B {
            negative = bytes[index] == 0x2D
            index += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var seenPoint = false
        var simple = true
        var anyDigit = false
        while index < count {
            let byte = bytes[index]
            if byte >= 0x30, byte <= 0x39 {
                anyDigit = true
                if mantissa == 0, byte == 0x30, !seenPoint {
                    index += 1
                    continue
                }
                if digits < 15 {
                    mantissa = mantissa * 10 + UInt64(byte - 0x30)
                    digits += mantissa == 0 ? 0 : 1
                    if seenPoint { fractionDigits += 1 }
                } else {
                    simple = false
                }
            } else if byte == 0x2E, !seenPoint {
                seenPoint = true
            } else {
                simple = false
                break
            }
            index += 1
        }
        if simple, anyDigit, fractionDigits <= 22 {
            let value = Double(mantissa) / powersOfTen[fractionDigits]
            return negative ? -value : value
        }
        // Exponents, long mantissas, odd text: the C library parses it exactly.
        var text = Array(bytes)
        text.append(0)
        return text.withUnsafeBufferPointer { pointer -> Double? in
            let start = UnsafeRawPointer(pointer.baseAddress!).assumingMemoryBound(to: CChar.self)
            var endPointer: UnsafeMutablePointer<CChar>?
            let value = strtod(start, &endPointer)
            guard let endPointer, endPointer != UnsafeMutablePointer(mutating: start) else { return nil }
            var rest = UnsafePointer(endPointer)
            while rest.pointee == 0x20 || rest.pointee == 0x0A || rest.pointee == 0x0D || rest.pointee == 0x09 { rest += 1 }
            return rest.pointee == 0 ? value : nil
        }
    }
}
