/// Cleans text taken from published tables: stray HTML, entities, runs of white space.
public enum TextCleaner {
    /// Text as a person reads it: HTML tags removed (block tags become spaces), common
    /// entities decoded, all white space (including non-breaking) collapsed to single spaces.
    public static func clean(_ text: String) -> String {
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

    /// A form for comparing labels: cleaned, lower case, `ё` as `е`, punctuation as spaces.
    ///
    /// Works on Unicode scalars with fast paths for ASCII and Cyrillic: validation folds every
    /// title of every report, so this is on a hot path.
    public static func fold(_ text: String) -> String {
        let source = text.utf8.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") }) ? clean(text) : text
        var out: [UInt8] = []
        out.reserveCapacity(source.utf8.count)
        var pendingSpace = false
        func emit(_ value: UInt32) {
            if pendingSpace, !out.isEmpty { out.append(0x20) }
            pendingSpace = false
            // UTF-8 by hand: the folded scalars are ASCII, Cyrillic or other letters.
            if value < 0x80 {
                out.append(UInt8(value))
            } else if value < 0x800 {
                out.append(UInt8(0xC0 | (value >> 6)))
                out.append(UInt8(0x80 | (value & 0x3F)))
            } else if value < 0x10000 {
                out.append(UInt8(0xE0 | (value >> 12)))
                out.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
                out.append(UInt8(0x80 | (value & 0x3F)))
            } else {
                out.append(UInt8(0xF0 | (value >> 18)))
                out.append(UInt8(0x80 | ((value >> 12) & 0x3F)))
                out.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
                out.append(UInt8(0x80 | (value & 0x3F)))
            }
        }
        for scalar in source.unicodeScalars {
            let value = scalar.value
            switch value {
            case 0x30...0x39, 0x61...0x7A: emit(value)                  // digits, a–z
            case 0x41...0x5A: emit(value + 0x20)                        // A–Z
            case 0x430...0x44F: emit(value)                             // а–я
            case 0x410...0x42F: emit(value + 0x20)                      // А–Я
            case 0x401, 0x451: emit(0x435)                              // Ё, ё → е
            case 0x2116: emit(value)                                    // №
            case 0...0x7F: pendingSpace = true                          // ASCII punctuation, spaces
            default:
                let properties = scalar.properties
                if properties.isAlphabetic || properties.numericType != nil {
                    emit((properties.lowercaseMapping.unicodeScalars.first ?? scalar).value)
                } else {
                    pendingSpace = true
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
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

extension String {
    /// The string without leading and trailing white space (including non-breaking spaces and
    /// line breaks); a pure-Swift replacement for Foundation's `trimmingCharacters(in:)`, which
    /// bridges through NSString and dominated validation time.
    public var trimmed: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        if first == scalars.startIndex && last == scalars.index(before: scalars.endIndex) { return self }
        return String(scalars[first...last])
    }
}
