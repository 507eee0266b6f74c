import Foundation
import Spreadsheet

/// What kind of body a reporter is.
public enum ReporterKind: String, Sendable, Codable, CaseIterable {
    /// A municipal district or urban okrug, identified by its OKTMO code.
    case municipality
    /// A school (общеобразовательная организация), identified by its registry code or INN.
    case school

    /// «Муниципальное образование» / «Образовательная организация»: the title-block label and the
    /// matrix heading.
    public var words: LocalizedText {
        switch self {
        case .municipality: return .init(ru: "Муниципальное образование", en: "Municipality")
        case .school: return .init(ru: "Образовательная организация", en: "School")
        }
    }

    /// «Код ОКТМО» / «Код ОО (ИНН)».
    public var codeWords: LocalizedText {
        switch self {
        case .municipality: return .init(ru: "Код ОКТМО", en: "OKTMO code")
        case .school: return .init(ru: "Код ОО (ИНН)", en: "School code (INN)")
        }
    }

    /// Reads the registry's `kind` cell: `municipality`, «МО», «муниципальное образование»,
    /// `school`, «ОО», «школа», «образовательная организация».
    static func parse(_ text: String) -> ReporterKind? {
        switch TextCleaner.fold(text) {
        case "", "municipality", "мо", "муниципальное образование", "муниципалитет": return .municipality
        case "school", "оо", "ou", "оу", "школа", "образовательная организация": return .school
        default: return nil
        }
    }
}

/// Someone who must report to the region: a municipality or a school.
public struct Reporter: Sendable, Equatable, Hashable {
    public var name: String
    /// The stable code: OKTMO (8 or 11 digits) for a municipality, the registry code or INN for a school.
    public var code: String
    public var kind: ReporterKind
    /// A school's municipality, when the registry names one: the code of a municipality in the
    /// same registry, else the name or code as written.
    public var parent: String?
    /// The groups the reporter belongs to (e.g. the "500+" risk groups).
    public var groups: [String]
    /// Other names clerks write («г. Владивосток», «ВГО»).
    public var aliases: [String]

    public init(name: String, code: String, kind: ReporterKind = .municipality, parent: String? = nil,
                groups: [String] = [], aliases: [String] = []) {
        self.name = name
        self.code = code
        self.kind = kind
        self.parent = parent
        self.groups = groups
        self.aliases = aliases
    }

    /// A file-name-safe short form: the code.
    public var slug: String { code }
}

/// The reporters of a region — municipalities, schools, or both — read from a CSV file in any
/// dialect Svod reads: `name`, `oktmo` or `code`, and optionally `kind`, `parent`, `groups`
/// and `aliases` (lists separated by `|`).
public struct ReporterRegistry: Sendable, Equatable {
    public var municipalities: [Reporter] {
        didSet { kind = Self.commonKind(municipalities) }
    }
    private var byKey: [String: Int] = [:]

    /// Every reporter, in registry order (the same list as ``municipalities``).
    public var reporters: [Reporter] { municipalities }

    /// The kind of reporter when all share one, else `nil`. Kept, not computed: every file's
    /// identification asks it, and a national registry has 2,400 rows.
    public private(set) var kind: ReporterKind?

    private static func commonKind(_ reporters: [Reporter]) -> ReporterKind? {
        guard let first = reporters.first?.kind else { return nil }
        return reporters.allSatisfy { $0.kind == first } ? first : nil
    }

    /// Every group named in the registry, in order of first appearance.
    public var groups: [String] {
        var seen: [String] = []
        for reporter in municipalities { for group in reporter.groups where !seen.contains(group) { seen.append(group) } }
        return seen
    }

    public init(_ municipalities: [Reporter]) throws {
        self.municipalities = municipalities
        kind = Self.commonKind(municipalities)
        for (index, municipality) in municipalities.enumerated() {
            for key in [municipality.name] + municipality.aliases {
                let folded = TextCleaner.fold(key)
                if let other = byKey[folded], other != index {
                    throw ConfigurationError(.configNameClash, file: "",
                                             ["key": key, "first": municipalities[other].name, "second": municipality.name])
                }
                byKey[folded] = index
            }
            byKey["#" + Self.codeKey(municipality.code)] = index
        }
    }

    /// A code as looked up: without spaces, in lower case (folded only when not ASCII).
    private static func codeKey(_ code: String) -> String {
        let kept = code.filter { !$0.isWhitespace }
        return kept.utf8.allSatisfy({ $0 < 0x80 }) ? kept.lowercased() : TextCleaner.fold(kept).filter { !$0.isWhitespace }
    }

    /// Finds a reporter by name or alias (case, «ё» and punctuation ignored).
    public func find(name: String) -> Reporter? {
        let folded = TextCleaner.fold(name)
        if let index = byKey[folded] { return municipalities[index] }
        return nil
    }

    /// Finds a reporter by code.
    public func find(code: String) -> Reporter? { find(oktmo: code) }

    /// Finds a reporter by code: an OKTMO code by its digits (an 11-digit code matches its
    /// 8-digit prefix; a code that lost its leading zero to Excel is padded back), a school's
    /// code as written (spaces and case aside).
    public func find(oktmo: String) -> Reporter? {
        var digits = oktmo.filter(\.isNumber)
        if let index = byKey["#" + digits], !digits.isEmpty { return municipalities[index] }
        if digits.count != oktmo.count, let index = byKey["#" + Self.codeKey(oktmo)] { return municipalities[index] }
        guard !digits.isEmpty else { return nil }
        // Excel drops the leading zero of a code typed as a number (05701000 → 5701000).
        if digits.count == 7 || digits.count == 10 {
            if let index = byKey["#0" + digits], municipalities[index].kind == .municipality { return municipalities[index] }
            digits = "0" + digits
        }
        if digits.count == 11, let index = byKey["#" + digits.prefix(8)] { return municipalities[index] }
        return nil
    }

    /// The codes of a registry's own checks (its CSV file may also be refused under the
    /// reader's code).
    static let codes: [DiagnosticCode] = [.configNameClash, .configRegistryEmpty, .configRegistryHeader, .configBadMunicipality]

    public static func load(path: String) throws -> ReporterRegistry {
        let rows: [Row]
        do {
            rows = try CSVReader(path: path).readAll()
        } catch let error as SpreadsheetError {
            throw ConfigurationError(error, file: path)
        }
        guard let header = rows.first else { throw ConfigurationError(.configRegistryEmpty, file: path) }
        func column(_ names: [String]) -> Int? {
            header.cells.first { cell in names.contains(TextCleaner.fold(cell.value.text)) }?.address.column
        }
        let oktmoColumn = column(["oktmo", "октмо", "код октмо"])
        guard let nameColumn = column(["name", "наименование", "муниципальное образование", "муниципалитет", "образовательная организация"]),
              let codeColumn = oktmoColumn ?? column(["code", "код", "инн", "код оо"]) else {
            throw ConfigurationError(.configRegistryHeader, file: path, line: header.index + 1)
        }
        let kindColumn = column(["kind", "вид", "тип"])
        let parentColumn = column(["parent", "муниципальное образование оо", "входит в", "родитель"])
        let groupsColumn = column(["groups", "группы", "группа", "группа риска"])
        let aliasColumn = column(["aliases", "синонимы", "другие названия"])
        func items(_ column: Int?, _ row: Row) -> [String] {
            column.map { row[$0].text.split(separator: "|").map { TextCleaner.clean(String($0)) }.filter { !$0.isEmpty } } ?? []
        }
        var list: [Reporter] = []
        var parents: [(index: Int, text: String, line: Int)] = []
        for row in rows.dropFirst() {
            let name = TextCleaner.clean(row[nameColumn].text)
            let raw = TextCleaner.clean(row[codeColumn].text)
            if name.isEmpty && raw.isEmpty { continue }
            let kindText = kindColumn.map { row[$0].text } ?? (oktmoColumn == nil ? "school" : "")
            guard let kind = ReporterKind.parse(kindText) else {
                throw ConfigurationError(.configBadMunicipality, variant: "kind", file: path, line: row.index + 1, ["kind": kindText])
            }
            let code: String
            switch kind {
            case .municipality:
                code = raw.filter(\.isNumber)
                guard !name.isEmpty, code.count == 8 || code.count == 11 else {
                    throw ConfigurationError(.configBadMunicipality, file: path, line: row.index + 1)
                }
            case .school:
                code = raw.filter { !$0.isWhitespace }
                guard !name.isEmpty, code.count >= 3, code.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
                    throw ConfigurationError(.configBadMunicipality, variant: "school", file: path, line: row.index + 1)
                }
            }
            if let parentColumn, case let text = TextCleaner.clean(row[parentColumn].text), !text.isEmpty {
                parents.append((list.count, text, row.index + 1))
            }
            list.append(Reporter(name: name, code: code, kind: kind, groups: items(groupsColumn, row), aliases: items(aliasColumn, row)))
        }
        do {
            var registry = try ReporterRegistry(list)
            // A school's parent: a municipality of the same registry (by code or name), stored
            // as its code; or, when the municipality is not a reporter itself (a district whose
            // schools report to it), as written. A parent that names another school is refused.
            for (index, text, line) in parents {
                if let parent = registry.find(oktmo: text) ?? registry.find(name: text) {
                    guard parent.kind == .municipality, parent != registry.municipalities[index] else {
                        throw ConfigurationError(.configBadMunicipality, variant: "parent", file: path, line: line, ["parent": text])
                    }
                    registry.municipalities[index].parent = parent.code
                } else {
                    registry.municipalities[index].parent = text
                }
            }
            return registry
        } catch var error as ConfigurationError {
            error.file = path
            throw error
        }
    }
}

// The municipality registry's codes.
extension DiagnosticCode {
    public static let configNameClash = DiagnosticCode(
        "config-name-clash", .error,
        title: .init(ru: "Одно название у двух муниципалитетов", en: "One name for two municipalities"),
        explanation: .init(
            ru: "Название или синоним в реестре муниципальных образований (без учета регистра, «ё» и знаков препинания) принадлежит двум муниципалитетам, и Svod не сможет понять, кто прислал отчет. Уберите синоним у одного из них.",
            en: "A name or alias in the municipality registry (case, «ё» and punctuation aside) belongs to two municipalities, so Svod could not tell who sent a report. Remove the alias from one of them."),
        message: .init(ru: "«{key}» называет и {first}, и {second}", en: "«{key}» names both {first} and {second}"))

    public static let configRegistryEmpty = DiagnosticCode(
        "config-registry-empty", .error,
        title: .init(ru: "Реестр муниципалитетов пуст", en: "The municipality registry is empty"),
        explanation: .init(
            ru: "В файле реестра муниципальных образований (CSV: название, код ОКТМО, синонимы через |) нет ни одной строки.",
            en: "The municipality registry file (CSV: name, OKTMO code, aliases separated by |) has no row at all."),
        message: .init(ru: "реестр пуст", en: "the registry is empty"))

    public static let configRegistryHeader = DiagnosticCode(
        "config-registry-header", .error,
        title: .init(ru: "Заголовок реестра не распознан", en: "The registry's header is not recognised"),
        explanation: .init(
            ru: "Первая строка реестра муниципальных образований называет колонки: name (или «наименование»), oktmo (или «ОКТМО») и, если нужно, aliases (или «синонимы»).",
            en: "The municipality registry's first row names its columns: name (or «наименование»), oktmo (or «ОКТМО») and, optionally, aliases (or «синонимы»)."),
        message: .init(
            ru: "в заголовке должны быть колонки `name` и `oktmo` (и, если нужно, `aliases`)",
            en: "the header must name the columns `name` and `oktmo` (and optionally `aliases`)"))

    public static let configBadMunicipality = DiagnosticCode(
        "config-bad-municipality", .error,
        title: .init(ru: "Неполная строка реестра", en: "An incomplete registry row"),
        explanation: .init(
            ru: "У каждого муниципального образования в реестре должны быть название и код ОКТМО из 8 или 11 цифр. Заполните строку, названную в сообщении.",
            en: "Every municipality in the registry needs a name and an 8- or 11-digit OKTMO code. Complete the row the message names."),
        message: .init(
            ru: "у каждого муниципального образования должны быть название и код ОКТМО из 8 или 11 цифр",
            en: "each municipality needs a name and an 8- or 11-digit OKTMO code"),
        variants: [
            "school": .init(ru: "у каждой образовательной организации должны быть название и код (ИНН или код в реестре: буквы, цифры, дефис)",
                            en: "each school needs a name and a code (INN or registry code: letters, digits, hyphens)"),
            "kind": .init(ru: "вид участника «{kind}» не распознан: municipality (МО) или school (ОО)",
                          en: "the reporter kind «{kind}» is not recognised: municipality (МО) or school (ОО)"),
            "parent": .init(ru: "«{parent}» — не муниципальное образование: школа не может входить в другую школу",
                            en: "«{parent}» is not a municipality: a school cannot belong to another school"),
        ])
}
