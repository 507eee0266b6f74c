/// Excel's rules for worksheet names, checked in Swift before libxlsxwriter sees a name.
///
/// A name is 1–31 characters (UTF-16 code units, as Excel counts), contains none of
/// `[ ] : * ? / \`, does not start or end with an apostrophe, is not the reserved `History`,
/// and is unique in its workbook ignoring case (Unicode-aware: `Лист` and `лист` clash).
public enum SheetName {
    /// Longest name Excel accepts, in UTF-16 code units.
    public static let maxLength = 31
    /// Characters Excel refuses in a sheet name.
    public static let forbiddenCharacters: Set<Character> = ["[", "]", ":", "*", "?", "/", "\\"]

    /// Why `name` is not a valid sheet name on its own, or `nil` when it is.
    public static func problem(with name: String) -> String? {
        if name.isEmpty { return "a sheet name must not be empty" }
        if name.utf16.count > maxLength {
            return "sheet name '\(name)' is longer than \(maxLength) characters"
        }
        if let bad = name.first(where: { forbiddenCharacters.contains($0) }) {
            return "sheet name '\(name)' contains the character '\(bad)', which Excel forbids ([ ] : * ? / \\)"
        }
        if name.hasPrefix("'") || name.hasSuffix("'") {
            return "sheet name '\(name)' starts or ends with an apostrophe"
        }
        if name.lowercased() == "history" { return "'History' is a sheet name Excel reserves" }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 }) {
            return "sheet name '\(name)' contains a control character"
        }
        return nil
    }

    /// The key under which names are compared for uniqueness.
    static func key(_ name: String) -> String { name.lowercased() }

    /// A valid sheet name made from arbitrary text.
    ///
    /// Forbidden characters and control characters become `_`, leading and trailing
    /// apostrophes and spaces are dropped, the name is cut to 31 UTF-16 code units without
    /// splitting a character, and an empty result becomes `fallback`. When `existing` names are
    /// given, a clash (ignoring case) is resolved by a suffix ` (2)`, ` (3)`, … that still fits.
    ///
    /// - Parameters:
    ///   - raw: Any text, e.g. a municipality name.
    ///   - existing: Names already used in the workbook.
    ///   - fallback: The name used when nothing usable is left (must itself be valid).
    /// - Returns: A name that `problem(with:)` accepts and that is not in `existing`.
    public static func safe(_ raw: String, avoiding existing: some Sequence<String> = [String](), fallback: String = "Sheet") -> String {
        var cleaned = String(raw.map { character -> Character in
            if forbiddenCharacters.contains(character) { return "_" }
            if character.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return "_" }
            return character
        })
        cleaned = trimmed(cleaned)
        cleaned = truncated(cleaned, to: maxLength)
        cleaned = trimmed(cleaned)
        if cleaned.isEmpty || problem(with: cleaned) != nil { cleaned = fallback }

        let taken = Set(existing.map(key))
        guard taken.contains(key(cleaned)) else { return cleaned }
        var counter = 2
        while true {
            let suffix = " (\(counter))"
            let stem = trimmed(truncated(cleaned, to: maxLength - suffix.utf16.count))
            let candidate = stem + suffix
            if !taken.contains(key(candidate)) { return candidate }
            counter += 1
        }
    }

    private static func trimmed(_ text: String) -> String {
        var characters = Substring(text)
        while let first = characters.first, first == "'" || first == " " { characters = characters.dropFirst() }
        while let last = characters.last, last == "'" || last == " " { characters = characters.dropLast() }
        return String(characters)
    }

    private static func truncated(_ text: String, to limit: Int) -> String {
        var result = ""
        var units = 0
        for character in text {
            let size = character.utf16.count
            if units + size > limit { break }
            result.append(character)
            units += size
        }
        return result
    }
}
