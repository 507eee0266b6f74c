#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Cleans text taken from published tables: stray HTML, entities, runs of white space.
public enum TextCleaner {
    /// Text as a person reads it: HTML tags removed (block tags become spaces), common
    /// entities decoded, all white space (including non-breaking) collapsed to single spaces.
    public static func clean(_ text: String) -> String {
        if isClean(text) { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "<", let close = text[index...].firstIndex(of: ">"),
               isTag(text[text.index(after: index)..<close]) {
                pendingSpace = true
                index = text.index(after: close)
                continue
            }
            if character == "&", let semicolon = text[index...].prefix(10).firstIndex(of: ";"),
               let decoded = entity(text[text.index(after: index)..<semicolon]) {
                if decoded == " " {
                    pendingSpace = true
                } else {
                    if pendingSpace, !out.isEmpty { out.append(" ") }
                    pendingSpace = false
                    out.append(decoded)
                }
                index = text.index(after: semicolon)
                continue
            }
            if character.isWhitespace || character == "\u{00A0}" {
                pendingSpace = true
            } else {
                if pendingSpace, !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.append(character)
            }
            index = text.index(after: index)
        }
        return out
    }

    /// Whether `clean` would return the text unchanged: no markup, no white space but single
    /// ASCII spaces between words. Checked on bytes; most names and labels are clean already.
    static func isClean(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { bytes in
            var previousSpace = true  // a leading space is not clean
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case 0x20:
                    if previousSpace { return false }
                    previousSpace = true
                    index += 1
                    continue
                case 0..<0x20, 0x3C, 0x26, 0x7F: return false  // controls (tabs, breaks), '<', '&'
                case 0xC2:  // U+0085, U+00A0
                    if index + 1 < bytes.count, bytes[index + 1] == 0x85 || bytes[index + 1] == 0xA0 { return false }
                case 0xE1:  // U+1680
                    if index + 2 < bytes.count, bytes[index + 1] == 0x9A, bytes[index + 2] == 0x80 { return false }
                case 0xE2:  // U+2000–200A, 2028, 2029, 202F, 205F
                    if index + 2 < bytes.count {
                        let (second, third) = (bytes[index + 1], bytes[index + 2])
                        if second == 0x80, third <= 0x8A || third == 0xA8 || third == 0xA9 || third == 0xAF { return false }
                        if second == 0x81, third == 0x9F { return false }
                    }
                case 0xE3:  // U+3000
                    if index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0x80 { return false }
                default: break
                }
                previousSpace = false
                index += 1
            }
            return !previousSpace || bytes.isEmpty
        }
    }

    /// A form for comparing labels: cleaned, lower case, `ё` as `е`, punctuation as spaces.
    ///
    /// Decodes UTF-8 by hand with fast paths for ASCII and Cyrillic: validation folds every
    /// title and status of every report, so this is on a hot path.
    ///
    /// Text with markup (`<`, `&`) is cleaned once and then folded with whatever `<` or `&`
    /// remain (a phone number `… & …`, «R&D», «<5 лет») taken as punctuation. No recursion:
    /// a bare `&` once sent `fold` and `clean` into each other until the stack ran out.
    public static func fold(_ text: String) -> String {
        var copy = text
        copy.makeContiguousUTF8()
        if let folded = copy.withUTF8({ fold(utf8: $0, markupCleaned: false) }) { return folded }
        var cleaned = clean(copy)
        cleaned.makeContiguousUTF8()
        return cleaned.withUTF8 { fold(utf8: $0, markupCleaned: true) } ?? ""
    }

    /// The folded text of valid UTF-8. Returns nil when the text holds markup (`<`, `&`) and
    /// has not been cleaned yet; after cleaning, never nil.
    private static func fold(utf8 bytes: UnsafeBufferPointer<UInt8>, markupCleaned: Bool) -> String? {
        if !markupCleaned, bytes.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") }) { return nil }
        return String(unsafeUninitializedCapacity: bytes.count * 2 + 4) { out in
            var count = 0
            var pendingSpace = false
            func emit(_ value: UInt32) {
                if pendingSpace, count > 0 {
                    out[count] = 0x20
                    count += 1
                }
                pendingSpace = false
                // UTF-8 by hand: the folded scalars are ASCII, Cyrillic or other letters.
                if value < 0x80 {
                    out[count] = UInt8(value)
                    count += 1
                } else if value < 0x800 {
                    out[count] = UInt8(0xC0 | (value >> 6))
                    out[count + 1] = UInt8(0x80 | (value & 0x3F))
                    count += 2
                } else if value < 0x10000 {
                    out[count] = UInt8(0xE0 | (value >> 12))
                    out[count + 1] = UInt8(0x80 | ((value >> 6) & 0x3F))
                    out[count + 2] = UInt8(0x80 | (value & 0x3F))
                    count += 3
                } else {
                    out[count] = UInt8(0xF0 | (value >> 18))
                    out[count + 1] = UInt8(0x80 | ((value >> 12) & 0x3F))
                    out[count + 2] = UInt8(0x80 | ((value >> 6) & 0x3F))
                    out[count + 3] = UInt8(0x80 | (value & 0x3F))
                    count += 4
                }
            }
            var index = 0
            while index < bytes.count {
                let lead = UInt32(bytes[index])
                let value: UInt32
                switch lead {
                case 0..<0x80:
                    value = lead
                    index += 1
                case 0xC0..<0xE0:
                    value = (lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
                    index += 2
                case 0xE0..<0xF0:
                    value = (lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
                    index += 3
                default:
                    value = (lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12 | UInt32(bytes[index + 2] & 0x3F) << 6
                        | UInt32(bytes[index + 3] & 0x3F)
                    index += 4
                }
                switch value {
                case 0x30...0x39, 0x61...0x7A: emit(value)                  // digits, a–z
                case 0x41...0x5A: emit(value + 0x20)                        // A–Z
                case 0x430...0x44F: emit(value)                             // а–я
                case 0x410...0x42F: emit(value + 0x20)                      // А–Я
                case 0x401, 0x451: emit(0x435)                              // Ё, ё → е
                case 0x2116: emit(value)                                    // №
                case 0...0x7F: pendingSpace = true                          // ASCII punctuation, spaces
                default:
                    let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
                    let properties = scalar.properties
                    if properties.isAlphabetic || properties.numericType != nil {
                        emit((properties.lowercaseMapping.unicodeScalars.first ?? scalar).value)
                    } else {
                        pendingSpace = true
                    }
                }
            }
            return count
        }
    }

    private static let knownTags: Set<String> = [
        "p", "br", "ul", "ol", "li", "b", "i", "u", "strong", "em", "span", "div", "sup", "sub", "font", "table", "tr", "td",
    ]

    private static func isTag(_ body: Substring) -> Bool {
        var name = body.drop { $0 == "/" }
        if let end = name.firstIndex(where: { $0 == " " || $0 == "/" }) { name = name[..<end] }
        return knownTags.contains(name.lowercased())
    }

    private static func entity(_ name: Substring) -> String? {
        switch name {
        case "nbsp": return " "
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "laquo": return "«"
        case "raquo": return "»"
        case "mdash": return "—"
        case "ndash": return "–"
        default: return nil
        }
    }
}

extension Unicode.Scalar {
    /// Unicode white space, answered without the property tables for ASCII and Cyrillic.
    @inline(__always) var isSpaceLike: Bool {
        let value = value
        if value < 0x80 { return value == 0x20 || (value >= 0x09 && value <= 0x0D) }
        if value >= 0x400 && value < 0x500 { return false }
        return properties.isWhitespace
    }
}

extension String {
    /// The string without leading and trailing white space (including non-breaking spaces and
    /// line breaks); a pure-Swift replacement for Foundation's `trimmingCharacters(in:)`, which
    /// bridges through NSString and dominated validation time.
    public var trimmed: String {
        let scalars = unicodeScalars
        guard let head = scalars.first, let tail = scalars.last else { return "" }
        if !head.isSpaceLike && !tail.isSpaceLike { return self }
        guard let first = scalars.firstIndex(where: { !$0.isSpaceLike }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.isSpaceLike })!
        return String(scalars[first...last])
    }

    /// Whether the string is empty or white space only.
    public var isBlank: Bool { unicodeScalars.allSatisfy(\.isSpaceLike) }
}

/// Text compared and hashed byte for byte: for keys that are already folded (or spelled exactly
/// as a schema lists them), where `String`'s Unicode-normalizing hash and comparison of Cyrillic
/// text cost more than the lookup itself.
public struct TextKey: Hashable, Sendable {
    public let text: String

    public init(_ text: String) {
        var text = text
        text.makeContiguousUTF8()
        self.text = text
    }

    public static func == (a: TextKey, b: TextKey) -> Bool { a.text.sameBytes(as: b.text) }

    public func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

extension String {
    /// Byte-for-byte equality of the UTF-8 forms (no Unicode normalization).
    public func sameBytes(as other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        var (mine, theirs) = (self, other)
        return mine.withUTF8 { a in
            theirs.withUTF8 { b in a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 }
        }
    }

    /// Whether `other` occurs in the string, compared byte for byte (no Foundation, no locale).
    ///
    /// A plain scan: labels are short, and both the standard library's generic `firstRange(of:)`
    /// and Foundation's `contains` cost microseconds a call.
    public func includes(_ other: String) -> Bool {
        var haystack = self
        var needle = other
        return haystack.withUTF8 { text in
            needle.withUTF8 { word in
                guard !word.isEmpty else { return true }
                guard word.count <= text.count else { return false }
                let first = word[0]
                var start = 0
                while start <= text.count - word.count {
                    if text[start] == first {
                        var offset = 1
                        while offset < word.count && text[start + offset] == word[offset] { offset += 1 }
                        if offset == word.count { return true }
                    }
                    start += 1
                }
                return false
            }
        }
    }
}
