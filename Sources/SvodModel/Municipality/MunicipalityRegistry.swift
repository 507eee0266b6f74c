import Foundation
import Spreadsheet

/// A municipality that reports to the region.
public struct Municipality: Sendable, Equatable, Hashable {
    public var name: String
    /// The OKTMO code (8 digits for a municipal district or urban okrug).
    public var oktmo: String
    /// Other names clerks write («г. Владивосток», «ВГО»).
    public var aliases: [String]

    public init(name: String, oktmo: String, aliases: [String] = []) {
        self.name = name
        self.oktmo = oktmo
        self.aliases = aliases
    }

    /// A file-name-safe short form: the OKTMO code.
    public var slug: String { oktmo }
}

/// The municipalities of a region, read from a CSV file (name, OKTMO code, aliases) in any
/// dialect Svod reads; aliases are separated by `|`.
public struct MunicipalityRegistry: Sendable, Equatable {
    public var municipalities: [Municipality]
    private var byKey: [String: Int] = [:]

    public init(_ municipalities: [Municipality]) throws {
        self.municipalities = municipalities
        for (index, municipality) in municipalities.enumerated() {
            for key in [municipality.name] + municipality.aliases {
                let folded = TextCleaner.fold(key)
                if let other = byKey[folded], other != index {
                    throw ConfigurationError(.configNameClash, file: "",
                                             ["key": key, "first": municipalities[other].name, "second": municipality.name])
                }
                byKey[folded] = index
            }
            byKey["#" + municipality.oktmo] = index
        }
    }

    /// Finds a municipality by name or alias (case, «ё» and punctuation ignored).
    public func find(name: String) -> Municipality? {
        let folded = TextCleaner.fold(name)
        if let index = byKey[folded] { return municipalities[index] }
        return nil
    }

    /// Finds a municipality by OKTMO code (digits only; an 11-digit code matches its 8-digit prefix;
    /// a code that lost its leading zero to Excel is padded back).
    public func find(oktmo: String) -> Municipality? {
        var digits = oktmo.filter(\.isNumber)
        // Excel drops the leading zero of a code typed as a number (05701000 → 5701000).
        if digits.count == 7 || digits.count == 10 { digits = "0" + digits }
        if let index = byKey["#" + digits] { return municipalities[index] }
        if digits.count == 11, let index = byKey["#" + digits.prefix(8)] { return municipalities[index] }
        return nil
    }

    /// The codes of a registry's own checks (its CSV file may also be refused under the
    /// reader's code).
    static let codes: [DiagnosticCode] = [.configNameClash, .configRegistryEmpty, .configRegistryHeader, .configBadMunicipality]

    public static func load(path: String) throws -> MunicipalityRegistry {
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
        guard let nameColumn = column(["name", "наименование", "муниципальное образование", "муниципалитет"]),
              let codeColumn = column(["oktmo", "октмо", "код октмо"]) else {
            throw ConfigurationError(.configRegistryHeader, file: path, line: header.index + 1)
        }
        let aliasColumn = column(["aliases", "синонимы", "другие названия"])
        var list: [Municipality] = []
        for row in rows.dropFirst() {
            let name = TextCleaner.clean(row[nameColumn].text)
            let code = row[codeColumn].text.filter(\.isNumber)
            if name.isEmpty && code.isEmpty { continue }
            guard !name.isEmpty, code.count == 8 || code.count == 11 else {
                throw ConfigurationError(.configBadMunicipality, file: path, line: row.index + 1)
            }
            let aliases = aliasColumn.map { row[$0].text.split(separator: "|").map { TextCleaner.clean(String($0)) }
                .filter { !$0.isEmpty } } ?? []
            list.append(Municipality(name: name, oktmo: code, aliases: aliases))
        }
        do {
            return try MunicipalityRegistry(list)
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
            en: "each municipality needs a name and an 8- or 11-digit OKTMO code"))
}
