/// One code Svod can print, declared once next to what emits it (docs/diagnostics.md): a stable
/// ASCII name, never translated; its severity; a title and an explanation for `svod validate
/// --explain`; and the sentences it prints, as templates the emitting place fills with values.
///
/// A code is declared as a static constant named after it (`status-invalid` is
/// `DiagnosticCode.statusInvalid`), so a place that emits it writes `.statusInvalid`. Two codes
/// are the same when their names are; `DiagnosticCatalog` lists every code of every layer.
public final class DiagnosticCode: Sendable, Hashable, CustomStringConvertible {
    /// The code as printed, e.g. `status-invalid`.
    public let rawValue: String
    public let severity: Severity
    /// What the problem is, in a few words (the catalog's table).
    public let title: LocalizedText
    /// What the problem is, why it matters and how to fix it (`--explain`).
    public let explanation: LocalizedText
    /// The sentences the code prints, by variant: `""` is the usual one; a code that words some
    /// cases differently names them (`below`, `above`). A code whose sentence comes from
    /// elsewhere (a refusal's reason) has a template that is just that value.
    public let messages: [String: MessageTemplate]

    /// Declares a code.
    ///
    /// - Parameters:
    ///   - rawValue: The stable name.
    ///   - severity: Whether it is an error or a warning.
    ///   - title: A few words for the catalog's table.
    ///   - explanation: The `--explain` text.
    ///   - message: The usual sentence, if the code prints one.
    ///   - variants: Further sentences, by name.
    public init(_ rawValue: String, _ severity: Severity, title: LocalizedText, explanation: LocalizedText,
                message: MessageTemplate? = nil, variants: [String: MessageTemplate] = [:]) {
        self.rawValue = rawValue
        self.severity = severity
        self.title = title
        self.explanation = explanation
        var messages = variants
        if let message { messages[""] = message }
        self.messages = messages
    }

    /// The usual sentence, filled in.
    public func message(_ arguments: MessageArguments = [:]) -> LocalizedText {
        template("")(arguments)
    }

    /// A named variant's sentence, filled in.
    public func message(variant: String, _ arguments: MessageArguments = [:]) -> LocalizedText {
        template(variant)(arguments)
    }

    /// A sentence's template; a variant the code does not declare is a programming error (the
    /// usual sentence stands in, outside debug builds).
    public func template(_ variant: String) -> MessageTemplate {
        if let template = messages[variant] { return template }
        assertionFailure("\(rawValue) has no message «\(variant)»")
        return messages[""] ?? MessageTemplate(ru: rawValue, en: rawValue)
    }

    public var description: String { rawValue }

    public static func == (lhs: DiagnosticCode, rhs: DiagnosticCode) -> Bool {
        lhs === rhs || lhs.rawValue == rhs.rawValue
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
}

/// An enum of a layer's own error or problem kinds, each tied to its code in the registry: its
/// raw value is the code's name (`file-corrupt`, `inbox-link`), written once, in the registry.
public protocol NamedByDiagnosticCode: CaseIterable, RawRepresentable where RawValue == String {
    /// The registry's entry for this case.
    var diagnostic: DiagnosticCode { get }
}

extension NamedByDiagnosticCode {
    /// The stable code, e.g. `file-corrupt`.
    public var rawValue: String { diagnostic.rawValue }

    public init?(rawValue: String) {
        guard let code = Self.allCases.first(where: { $0.rawValue == rawValue }) else { return nil }
        self = code
    }
}
