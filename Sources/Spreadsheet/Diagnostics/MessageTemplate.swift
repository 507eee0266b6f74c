/// A sentence in Russian and English with named placeholders, `{name}`, declared once next to
/// the code that prints it; the place that prints it passes the values only.
///
/// A placeholder is `{` then letters, digits or `_`, then `}`; any other brace is text. Values are
/// put in as they are (a value that itself holds `{name}` is not filled in again). Both languages
/// use the same placeholders (a test checks every registered template), so one set of values
/// serves both; a value that reads differently per language is a `LocalizedText`.
public struct MessageTemplate: Sendable, Hashable {
    public let ru: String
    public let en: String
    private let ruPieces: [Piece]
    private let enPieces: [Piece]

    private enum Piece: Sendable {
        case text(String)
        case slot(String)
    }

    public init(ru: String, en: String) {
        self.ru = ru
        self.en = en
        self.ruPieces = Self.pieces(ru)
        self.enPieces = Self.pieces(en)
    }

    /// The sentence in both languages, filled in.
    public func callAsFunction(_ arguments: MessageArguments = [:]) -> LocalizedText {
        LocalizedText(ru: render(ruPieces, .ru, arguments), en: render(enPieces, .en, arguments))
    }

    /// The sentence in one language, filled in.
    public func text(_ language: Language, _ arguments: MessageArguments = [:]) -> String {
        render(language == .ru ? ruPieces : enPieces, language, arguments)
    }

    /// The placeholders' names in the order they appear in one language's text.
    public func placeholders(_ language: Language) -> [String] {
        (language == .ru ? ruPieces : enPieces).compactMap { piece in
            if case .slot(let name) = piece { return name }
            return nil
        }
    }

    public static func == (lhs: MessageTemplate, rhs: MessageTemplate) -> Bool { lhs.ru == rhs.ru && lhs.en == rhs.en }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(ru)
        hasher.combine(en)
    }

    private func render(_ pieces: [Piece], _ language: Language, _ arguments: MessageArguments) -> String {
        var out = ""
        for piece in pieces {
            switch piece {
            case .text(let text):
                out += text
            case .slot(let name):
                if let value = arguments[name] {
                    out += value.messageText(language)
                } else {
                    assertionFailure("no value for {\(name)} in «\(language == .ru ? ru : en)»")
                    out += "{\(name)}"
                }
            }
        }
        return out
    }

    private static func pieces(_ template: String) -> [Piece] {
        var pieces: [Piece] = []
        var text = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            let after = rest.index(after: open)
            let name = rest[after...].prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
            if !name.isEmpty, name.endIndex < rest.endIndex, rest[name.endIndex] == "}" {
                text += rest[..<open]
                if !text.isEmpty { pieces.append(.text(text)) }
                text = ""
                pieces.append(.slot(String(name)))
                rest = rest[rest.index(after: name.endIndex)...]
            } else {
                text += rest[...open]
                rest = rest[after...]
            }
        }
        text += rest
        if !text.isEmpty { pieces.append(.text(text)) }
        return pieces
    }
}

/// The values a template's placeholders are filled with, by name.
public typealias MessageArguments = [String: any MessageArgument]

/// A value that can fill a placeholder: text as it is, a number in digits, or a text that reads
/// differently in Russian and English.
public protocol MessageArgument: Sendable {
    func messageText(_ language: Language) -> String
}

extension String: MessageArgument {
    public func messageText(_ language: Language) -> String { self }
}

extension Int: MessageArgument {
    public func messageText(_ language: Language) -> String { String(self) }
}

extension LocalizedText: MessageArgument {
    public func messageText(_ language: Language) -> String { self(language) }
}
