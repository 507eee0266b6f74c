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
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in source.unicodeScalars {
            let value = scalar.value
            var folded: Unicode.Scalar?
            switch value {
            case 0x30...0x39, 0x61...0x7A: folded = scalar                       // digits, a–z
            case 0x41...0x5A: folded = Unicode.Scalar(value + 0x20)                // A–Z
            case 0x430...0x44F: folded = scalar                                    // а–я
            case 0x410...0x42F: folded = Unicode.Scalar(value + 0x20)              // А–Я
            case 0x401, 0x451: folded = Unicode.Scalar(0x435)                      // Ё, ё → е
            case 0x2116: folded = scalar                                           // №
            case 0...0x7F: folded = nil                                            // ASCII punctuation, spaces
            default:
                let properties = scalar.properties
                if properties.isAlphabetic || properties.numericType != nil {
                    folded = properties.lowercaseMapping.unicodeScalars.first ?? scalar
                } else {
                    folded = nil
                }
            }
            if let folded {
                if pendingSpace, !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.append(folded)
            } else {
                pendingSpace = true
            }
        }
        return String(out)
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
