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
    public static func fold(_ text: String) -> String {
        var out = ""
        var pendingSpace = false
        for character in clean(text).lowercased() {
            let folded: Character = character == "ё" ? "е" : character
            if folded.isLetter || folded.isNumber || folded == "№" {
                if pendingSpace, !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.append(folded)
            } else {
                pendingSpace = true
            }
        }
        return out
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
