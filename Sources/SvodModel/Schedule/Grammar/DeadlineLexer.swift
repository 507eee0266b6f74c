import Spreadsheet

/// Splits deadline text into tokens: numbers, dates, month and weekday names, year markers,
/// dashes, separators and keyword phrases.
///
/// The lexer is forgiving about what clerks type and text extraction leaves behind: any case,
/// "ё" or "е", Latin letters that look Cyrillic ("Mарт"), missing spaces ("2020г."), stray
/// spaces ("Сентябрь , 2023", "01. 03.2021"), runs of dashes, HTML tags ("<p>Май</p>") and
/// punctuation that carries no meaning (periods, quotes, parentheses, colons). Periods are
/// dropped after dates are read, so "г.", "гг." and "г.г." all end up as one year marker.
struct DeadlineLexer {
    /// The text as characters; token ranges index into it.
    let source: [Character]

    /// Creates a lexer over a text.
    ///
    /// - Parameter text: The deadline text.
    init(_ text: String) {
        source = Array(text)
    }

    /// Reads the text into tokens.
    ///
    /// - Returns: The tokens in order, words already resolved to keywords where they have a
    ///   meaning in deadlines.
    func tokens() -> [DeadlineToken] {
        mergeYearMarkers(classify(scan()))
    }

    // MARK: - Characters to raw tokens

    private static let dashes: Set<Character> = ["-", "‐", "‑", "‒", "–", "—", "―", "−", "﹣", "－"]

    private func character(_ index: Int) -> Character? {
        index < source.count ? source[index] : nil
    }

    private static func isDigit(_ c: Character?) -> Bool {
        guard let c else { return false }
        return c.isASCII && c.isWholeNumber
    }

    /// A run of ASCII digits starting at `index`: its value and length.
    private func digitRun(_ index: Int) -> (value: Int, length: Int)? {
        var end = index
        var value = 0
        while Self.isDigit(character(end)), end - index < 9 {
            value = value * 10 + (source[end].wholeNumberValue ?? 0)
            end += 1
        }
        return end > index ? (value, end - index) : nil
    }

    private func scan() -> [DeadlineToken] {
        var tokens: [DeadlineToken] = []
        var index = 0
        while index < source.count {
            let c = source[index]
            if c.isWhitespace {
                index += 1
            } else if c == "<", let end = tagEnd(index) {
                index = end
            } else if Self.isDigit(c) {
                let (token, end) = scanNumeric(index)
                tokens.append(token)
                index = end
            } else if c.isLetter {
                var end = index
                while let next = character(end), next.isLetter || next.unicodeScalars.allSatisfy({ $0.properties.generalCategory == .nonspacingMark }) {
                    end += 1
                }
                tokens.append(DeadlineToken(kind: .word(Self.normalize(source[index..<end])), range: index..<end))
                index = end
            } else if Self.dashes.contains(c) {
                if let last = tokens.last, last.kind == .dash, last.range.upperBound == index {
                    tokens[tokens.count - 1].range = last.range.lowerBound..<(index + 1)
                } else {
                    tokens.append(DeadlineToken(kind: .dash, range: index..<(index + 1)))
                }
                index += 1
            } else {
                let separator: DeadlineToken.Separator? = switch c {
                case ",": .comma
                case ";": .semicolon
                case "/", "\\": .slash
                default: nil
                }
                if let separator {
                    tokens.append(DeadlineToken(kind: .separator(separator), range: index..<(index + 1)))
                }
                index += 1
            }
        }
        return tokens
    }

    /// The end of an HTML tag starting at `index` ("<p>", "</p>", "<br/>"), if it is one.
    private func tagEnd(_ index: Int) -> Int? {
        var end = index + 1
        if character(end) == "/" { end += 1 }
        guard let first = character(end), first.isASCII, first.isLetter else { return nil }
        while let c = character(end), c != ">", c != "<", end - index < 64 { end += 1 }
        return character(end) == ">" ? end + 1 : nil
    }

    /// A number, a date, or an ordinal such as "1-й", starting at a digit.
    private func scanNumeric(_ start: Int) -> (DeadlineToken, Int) {
        guard let (first, firstLength) = digitRun(start) else {
            return (DeadlineToken(kind: .word(String(source[start])), range: start..<(start + 1)), start + 1)
        }
        let afterFirst = start + firstLength
        // YYYY-MM-DD
        if firstLength == 4, character(afterFirst) == "-",
           case (let month, 2)? = digitRun(afterFirst + 1), character(afterFirst + 3) == "-",
           case (let day, 2)? = digitRun(afterFirst + 4), !Self.isDigit(character(afterFirst + 6)) {
            return (dateToken(day: day, month: month, year: first, range: start..<(afterFirst + 6)), afterFirst + 6)
        }
        // DD.MM, DD.MM.YYYY, D.M.YY, DD/MM/YYYY
        if firstLength <= 2, let separator = character(afterFirst), separator == "." || separator == "/" {
            let monthStart = skipSpaces(afterFirst + 1, allowed: separator == ".")
            if let (month, monthLength) = digitRun(monthStart), monthLength <= 2 {
                let afterMonth = monthStart + monthLength
                var year: Int?
                var end = afterMonth
                if character(afterMonth) == separator {
                    let yearStart = skipSpaces(afterMonth + 1, allowed: separator == ".")
                    if let (value, length) = digitRun(yearStart), length == 2 || length == 4 {
                        year = length == 2 ? 2000 + value : value
                        end = yearStart + length
                    }
                }
                if separator == "." || year != nil {
                    return (dateToken(day: first, month: month, year: year, range: start..<end), end)
                }
            }
        }
        // 1-й, 2-е, 1-го
        if character(afterFirst) == "-" {
            var end = afterFirst + 1
            while let c = character(end), c.isLetter { end += 1 }
            let suffix = Self.normalize(source[(afterFirst + 1)..<end])
            if ["й", "е", "я", "го", "м", "ом", "ое", "ый", "ой", "ий", "ая", "ого", "ему"].contains(suffix) {
                return (DeadlineToken(kind: .ordinal(first), range: start..<end), end)
            }
        }
        return (DeadlineToken(kind: .number(first, digits: firstLength), range: start..<afterFirst), afterFirst)
    }

    private func skipSpaces(_ index: Int, allowed: Bool) -> Int {
        var end = index
        while allowed, let c = character(end), c == " " { end += 1 }
        return end
    }

    private func dateToken(day: Int, month: Int, year: Int?, range: Range<Int>) -> DeadlineToken {
        // A day and month without a year are checked against a leap year, so 29.02 passes.
        let valid = CivilDate(validYear: year ?? 2000, month: month, day: day) != nil
        return DeadlineToken(kind: valid ? .date(day: day, month: month, year: year) : .invalidDate, range: range)
    }

    /// Latin letters that look like Cyrillic ones, for words typed with a mixed layout.
    private static let homoglyphs: [Character: Character] = [
        "a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у", "k": "к", "m": "м",
        "t": "т", "h": "н", "b": "в",
    ]

    /// Lower case, "ё" as "е", and Latin look-alikes replaced inside Cyrillic words.
    static func normalize(_ characters: ArraySlice<Character>) -> String {
        let lower = String(characters).lowercased()
        let cyrillic = lower.unicodeScalars.contains { (0x0430...0x044F).contains($0.value) }
        var out = ""
        for c in lower where !c.unicodeScalars.allSatisfy({ $0.properties.generalCategory == .nonspacingMark }) {
            if c == "ё" {
                out.append("е")
            } else if cyrillic, let replacement = homoglyphs[c] {
                out.append(replacement)
            } else {
                out.append(c)
            }
        }
        return out
    }

    // MARK: - Words to keywords

    /// One part of a phrase pattern: the words it accepts and whether it may be absent.
    private struct PatternPart {
        var words: Set<String>
        var optional: Bool
    }

    private static let patterns: [(parts: [PatternPart], kind: DeadlineToken.Kind)] =
        RussianCalendarWords.phrases.map { entry in
            let parts = entry.pattern.split(separator: " ").map { part -> PatternPart in
                let optional = part.hasSuffix("?")
                let body = optional ? part.dropLast() : part[...]
                return PatternPart(words: Set(body.split(separator: "|").map(String.init)), optional: optional)
            }
            return (parts, entry.kind)
        }

    /// Replaces words by keywords, month and weekday names, numerals and ordinals.
    private func classify(_ raw: [DeadlineToken]) -> [DeadlineToken] {
        var tokens: [DeadlineToken] = []
        var index = 0
        while index < raw.count {
            guard case .word(let word) = raw[index].kind else {
                tokens.append(raw[index])
                index += 1
                continue
            }
            if let (length, kind) = longestPhrase(in: raw, at: index) {
                tokens.append(DeadlineToken(kind: kind, range: raw[index].range.lowerBound..<raw[index + length - 1].range.upperBound))
                index += length
                continue
            }
            var token = raw[index]
            if let month = RussianCalendarWords.monthForms[word] {
                token.kind = .month(month)
            } else if let weekday = RussianCalendarWords.weekdayForms[word] {
                token.kind = .weekday(weekday)
            } else if let roman = RussianCalendarWords.romanValue(word) {
                token.kind = .ordinal(roman)
            } else if let unit = RussianCalendarWords.repetitionPrefixes.first(where: { word.hasPrefix($0.prefix) })?.unit {
                token.kind = .keyword(.every(unit))
            } else if let month = Self.misspeltMonth(word) {
                token.kind = .month(month)
                token.correctedFrom = String(source[token.range])
            }
            tokens.append(token)
            index += 1
        }
        return tokens
    }

    /// The longest phrase pattern matching the words from `index` on: how many tokens it spans.
    private func longestPhrase(in raw: [DeadlineToken], at index: Int) -> (Int, DeadlineToken.Kind)? {
        var best: (Int, DeadlineToken.Kind)?
        for pattern in Self.patterns {
            var position = index
            var matched = true
            for part in pattern.parts {
                if position < raw.count, case .word(let word) = raw[position].kind, part.words.contains(word) {
                    position += 1
                } else if !part.optional {
                    matched = false
                    break
                }
            }
            let length = position - index
            if matched, length > 0, length > (best?.0 ?? 0) {
                best = (length, pattern.kind)
            }
        }
        return best
    }

    /// A month name with one letter wrong, missing, extra or swapped ("Сенябрь", "Октяьрь").
    private static func misspeltMonth(_ word: String) -> Int? {
        let letters = Array(word)
        guard letters.count >= 5, letters.allSatisfy({ (0x0430...0x044F).contains($0.unicodeScalars.first!.value) }) else { return nil }
        for target in RussianCalendarWords.typoTargets where abs(target.form.count - letters.count) <= 1 {
            if isOneEditApart(letters, target.form) { return target.month }
        }
        return nil
    }

    /// Whether two words differ by one insertion, deletion, substitution or adjacent swap.
    private static func isOneEditApart(_ a: [Character], _ b: [Character]) -> Bool {
        if a == b { return false }
        if a.count == b.count {
            let differences = a.indices.filter { a[$0] != b[$0] }
            if differences.count == 1 { return true }
            if differences.count == 2, differences[1] == differences[0] + 1 {
                let i = differences[0]
                return a[i] == b[i + 1] && a[i + 1] == b[i]
            }
            return false
        }
        let (shorter, longer) = a.count < b.count ? (a, b) : (b, a)
        var i = 0
        while i < shorter.count, shorter[i] == longer[i] { i += 1 }
        return shorter[i...] == longer[(i + 1)...]
    }

    /// Joins "г" "г" (from "г.г.") into one year marker.
    private func mergeYearMarkers(_ tokens: [DeadlineToken]) -> [DeadlineToken] {
        var merged: [DeadlineToken] = []
        for token in tokens {
            if token.kind == .yearMarker, let last = merged.last, last.kind == .yearMarker {
                merged[merged.count - 1].range = last.range.lowerBound..<token.range.upperBound
            } else {
                merged.append(token)
            }
        }
        return merged
    }
}
