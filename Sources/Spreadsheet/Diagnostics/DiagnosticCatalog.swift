/// Codes grouped by where they come from, in the order a reader meets them: what `svod validate
/// --catalog` prints and `--explain` looks up. Each layer lists its own codes (the spreadsheet
/// readers' refusals here, the model's, the checks', the run's); the whole catalog is put
/// together where every layer is visible (`DiagnosticCatalog.svod`, in SvodRun).
public struct DiagnosticCatalog: Sendable {
    /// The codes of one source, e.g. the spreadsheet readers' refusals.
    public struct Section: Sendable {
        /// The source, in a word or two («файл», "file").
        public let name: LocalizedText
        public let codes: [DiagnosticCode]

        public init(_ name: LocalizedText, _ codes: [DiagnosticCode]) {
            self.name = name
            self.codes = codes
        }
    }

    public let sections: [Section]
    /// Every code, section by section.
    public let codes: [DiagnosticCode]
    private let byName: [String: DiagnosticCode]

    public init(_ sections: [Section]) {
        self.sections = sections
        self.codes = sections.flatMap(\.codes)
        self.byName = Dictionary(codes.map { ($0.rawValue, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The code printed as `name`, if the catalog has it.
    public func code(named name: String) -> DiagnosticCode? { byName[name] }

    /// The catalog as a Markdown table (code, severity, source, title), as the README shows it.
    /// `sections` limits it to the first few (the README shows what a clerk meets; the whole
    /// catalog is in docs/diagnostics.md).
    public func markdownTable(language: Language, sections count: Int? = nil) -> String {
        var out = language == .ru
            ? "| код | важность | источник | что это |\n|---|---|---|---|\n"
            : "| code | severity | source | what it means |\n|---|---|---|---|\n"
        for section in sections.prefix(count ?? sections.count) {
            for code in section.codes {
                out += "| `\(code.rawValue)` | \(code.severity.name(language)) | \(section.name(language)) | \(code.title(language)) |\n"
            }
        }
        return out
    }

    /// `svod validate --explain CODE`: the code, its severity and title, and the explanation.
    public static func explain(_ code: DiagnosticCode, language: Language) -> String {
        "\(code.rawValue) (\(code.severity.name(language))): \(code.title(language))\n\n\(code.explanation(language))\n"
    }
}
