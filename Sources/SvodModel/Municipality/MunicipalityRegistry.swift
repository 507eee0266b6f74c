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
                    throw ConfigurationError(file: "", message: "«\(key)» names both \(municipalities[other].name) and \(municipality.name)")
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

    public static func load(path: String) throws -> MunicipalityRegistry {
        let rows: [Row]
        do {
            rows = try CSVReader(path: path).readAll()
        } catch let error as SpreadsheetError {
            throw ConfigurationError(file: path, message: error.message(.en))
        }
        guard let header = rows.first else { throw ConfigurationError(file: path, message: "the registry is empty") }
        func column(_ names: [String]) -> Int? {
            header.cells.first { cell in names.contains(TextCleaner.fold(cell.value.text)) }?.address.column
        }
        guard let nameColumn = column(["name", "наименование", "муниципальное образование", "муниципалитет"]),
              let codeColumn = column(["oktmo", "октмо", "код октмо"]) else {
            throw ConfigurationError(file: path, line: header.index + 1,
                                     message: "the header must name the columns `name` and `oktmo` (and optionally `aliases`)")
        }
        let aliasColumn = column(["aliases", "синонимы", "другие названия"])
        var list: [Municipality] = []
        for row in rows.dropFirst() {
            let name = TextCleaner.clean(row[nameColumn].text)
            let code = row[codeColumn].text.filter(\.isNumber)
            if name.isEmpty && code.isEmpty { continue }
            guard !name.isEmpty, code.count == 8 || code.count == 11 else {
                throw ConfigurationError(file: path, line: row.index + 1,
                                         message: "each municipality needs a name and an 8- or 11-digit OKTMO code")
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
