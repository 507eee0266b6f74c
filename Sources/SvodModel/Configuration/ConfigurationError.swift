import Foundation
import Spreadsheet
import Yams

/// A mistake in a configuration file (pipeline, schema, registry), located by file, line and
/// key path so an operator can go straight to it, with a registered code: the configuration's
/// own (declared next to the check that finds it) or, for a file the configuration names that
/// cannot be read, the reader's or the calendar's.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: DiagnosticCode
    public var file: String
    public var line: Int?
    /// The key path, e.g. `columns[3].type`.
    public var path: String
    public var message: LocalizedText

    public init(_ code: DiagnosticCode, file: String, line: Int? = nil, path: String = "", message: LocalizedText) {
        self.code = code
        self.file = file
        self.line = line
        self.path = path
        self.message = message
    }

    /// An error with the code's own sentence (a named variant of it, if given).
    public init(_ code: DiagnosticCode, variant: String? = nil, file: String, line: Int? = nil, path: String = "",
                _ arguments: MessageArguments = [:]) {
        self.init(code, file: file, line: line, path: path,
                  message: variant.map { code.message(variant: $0, arguments) } ?? code.message(arguments))
    }

    /// A file the configuration names that the spreadsheet reader refused, under the reader's code.
    public init(_ error: SpreadsheetError, file: String) {
        self.init(error.code.diagnostic, file: file, message: error.localizedMessage)
    }

    /// A calendar the configuration names or sets up that is wrong, under the calendar's code.
    public init(_ error: CalendarError, file: String, path: String = "") {
        self.init(error.code.diagnostic, file: file, line: error.line, path: path, message: error.localizedMessage)
    }

    /// `file:line (key.path)`.
    public var location: String {
        "\(file)\(line.map { ":\($0)" } ?? "")\(path.isEmpty ? "" : " (\(path))")"
    }

    /// `location: message`, in one language.
    public func description(_ language: Language) -> String { "\(location): \(message(language))" }

    public var description: String { description(.en) }
}

extension ConfigurationError {
    /// Every code of the configuration's own, file by file (a file it names may also be refused
    /// under the reader's or the calendar's code).
    public static let codes: [DiagnosticCode] =
        YAMLNode.codes + PipelineDefinition.codes + SubmissionSchema.codes + ReporterRegistry.codes
}

/// A non-fatal remark about a configuration file, e.g. an unknown key (likely a typo).
public struct ConfigurationWarning: Sendable, Equatable, CustomStringConvertible {
    public var code: DiagnosticCode
    public var file: String
    public var line: Int?
    public var path: String
    public var message: LocalizedText

    /// `file:line: key.path: message`, in one language.
    public func description(_ language: Language) -> String {
        "\(file)\(line.map { ":\($0)" } ?? ""): \(path): \(message(language))"
    }

    public var description: String { description(.en) }
}

/// Typed, located access to a YAML mapping: every error names the file, line and key path.
struct YAMLNode {
    /// The codes of reading any configuration file: the file, its YAML, the kinds of values
    /// and the keys.
    static let codes: [DiagnosticCode] = [
        .configFileUnreadable, .configNotUtf8, .configEmpty, .configYamlInvalid, .configNotMapping, .configBadType,
        .configMissingKey, .configUnknownKey, .configVersionUnsupported,
    ]

    let node: Node
    let path: String
    let file: String

    static func load(path filePath: String) throws -> YAMLNode {
        guard let data = FileManager.default.contents(atPath: filePath) else {
            throw ConfigurationError(.configFileUnreadable, file: filePath)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(.configNotUtf8, file: filePath)
        }
        return try parse(text, file: filePath)
    }

    static func parse(_ text: String, file: String) throws -> YAMLNode {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ConfigurationError(.configEmpty, file: file)
            }
            return YAMLNode(node: node, path: "", file: file)
        } catch let error as ConfigurationError {
            throw error
        } catch let error as YamlError {
            var line: Int?
            if case .scanner(_, _, let mark, _) = error { line = mark.line }
            if case .parser(_, _, let mark, _) = error { line = mark.line }
            throw ConfigurationError(.configYamlInvalid, file: file, line: line, ["detail": "\(error)"])
        }
    }

    var line: Int? { node.mark?.line }

    /// An error at this node, or at its child `key`, with the code's sentence.
    func fail(_ code: DiagnosticCode, variant: String? = nil, _ arguments: MessageArguments = [:],
              key: String? = nil) -> ConfigurationError {
        let child = key.flatMap { node.mapping?[$0] }
        return ConfigurationError(code, variant: variant, file: file, line: child?.mark?.line ?? line,
                                  path: key.map(childPath) ?? path, arguments)
    }

    private func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func child(_ key: String) -> YAMLNode? {
        guard let value = node.mapping?[key], value.null == nil else { return nil }
        return YAMLNode(node: value, path: childPath(key), file: file)
    }

    func requireMapping() throws -> Node.Mapping {
        guard let mapping = node.mapping else { throw fail(.configNotMapping) }
        return mapping
    }

    func string(_ key: String) throws -> String? {
        guard let value = child(key) else { return nil }
        guard let text = value.node.scalar?.string else { throw value.fail(.configBadType) }
        return text
    }

    func requiredString(_ key: String) throws -> String {
        guard let text = try string(key), !text.isEmpty else { throw fail(.configMissingKey, ["key": key], key: key) }
        return text
    }

    func int(_ key: String) throws -> Int? {
        guard let value = child(key) else { return nil }
        guard let number = value.node.int else { throw value.fail(.configBadType, variant: "integer") }
        return number
    }

    func double(_ key: String) throws -> Double? {
        guard let value = child(key) else { return nil }
        guard let number = value.node.float ?? value.node.int.map(Double.init) else { throw value.fail(.configBadType, variant: "number") }
        return number
    }

    func bool(_ key: String) throws -> Bool? {
        guard let value = child(key) else { return nil }
        guard let flag = value.node.bool else { throw value.fail(.configBadType, variant: "bool") }
        return flag
    }

    func strings(_ key: String) throws -> [String]? {
        guard let value = child(key) else { return nil }
        if let single = value.node.scalar?.string { return [single] }
        guard let items = value.node.sequence else { throw value.fail(.configBadType, variant: "texts") }
        return try items.enumerated().map { index, item in
            guard let text = item.scalar?.string else {
                throw ConfigurationError(.configBadType, file: file, line: item.mark?.line, path: "\(value.path)[\(index)]")
            }
            return text
        }
    }

    func list(_ key: String) throws -> [YAMLNode]? {
        guard let value = child(key) else { return nil }
        guard let items = value.node.sequence else { throw value.fail(.configBadType, variant: "list") }
        return items.enumerated().map { YAMLNode(node: $1, path: "\(value.path)[\($0)]", file: file) }
    }

    /// Warnings for keys this version does not know (most likely typos).
    func unknownKeys(allowed: Set<String>) -> [ConfigurationWarning] {
        guard let mapping = node.mapping else { return [] }
        return mapping.compactMap { key, value in
            guard let name = key.string, !allowed.contains(name) else { return nil }
            let known = allowed.sorted().joined(separator: ", ")
            return ConfigurationWarning(code: .configUnknownKey, file: file, line: key.mark?.line ?? value.mark?.line,
                                        path: childPath(name), message: DiagnosticCode.configUnknownKey.message(["known": known]))
        }
    }
}

// The configuration files' own codes, found while reading any of them as YAML.
extension DiagnosticCode {
    public static let configFileUnreadable = DiagnosticCode(
        "config-file-unreadable", .error,
        title: .init(ru: "Файл настройки не читается", en: "A configuration file cannot be read"),
        explanation: .init(
            ru: "Файла описания конвейера или схемы отчета нет по указанному пути, или его нельзя прочитать. Пути в описании конвейера отсчитываются от папки, где оно лежит. Проверьте путь и права доступа.",
            en: "The pipeline definition or report schema is not at the path given, or cannot be read. Paths in a pipeline definition are relative to its folder. Check the path and the permissions."),
        message: .init(ru: "файл не читается", en: "the file cannot be read"))

    public static let configNotUtf8 = DiagnosticCode(
        "config-not-utf8", .error,
        title: .init(ru: "Файл настройки не в UTF-8", en: "A configuration file is not UTF-8"),
        explanation: .init(
            ru: "Файлы настройки (YAML) читаются только в кодировке UTF-8. Сохраните файл в UTF-8.",
            en: "Configuration files (YAML) are read as UTF-8 only. Save the file as UTF-8."),
        message: .init(ru: "файл не в кодировке UTF-8", en: "the file is not UTF-8 text"))

    public static let configEmpty = DiagnosticCode(
        "config-empty", .error,
        title: .init(ru: "Файл настройки пуст", en: "A configuration file is empty"),
        explanation: .init(
            ru: "В файле настройки нет ни одного ключа. Образцы: Pipelines/primorye.yaml и схема по умолчанию рядом с ним.",
            en: "The configuration file holds no key at all. Examples: Pipelines/primorye.yaml and the default schema beside it."),
        message: .init(ru: "файл пуст", en: "the file is empty"))

    public static let configYamlInvalid = DiagnosticCode(
        "config-yaml-invalid", .error,
        title: .init(ru: "Ошибка разметки YAML", en: "Invalid YAML"),
        explanation: .init(
            ru: "Текст файла настройки — не правильный YAML (отступы, двоеточия, кавычки). Сообщение называет строку и ошибку разбора.",
            en: "The configuration file's text is not valid YAML (indentation, colons, quotes). The message names the line and the parser's error."),
        message: .init(ru: "ошибка YAML: {detail}", en: "not valid YAML: {detail}"))

    public static let configNotMapping = DiagnosticCode(
        "config-not-mapping", .error,
        title: .init(ru: "Ожидались ключи и значения", en: "Keys and values were expected"),
        explanation: .init(
            ru: "На этом месте файла настройки должен быть набор «ключ: значение», а стоит текст или список. Сообщение называет строку и путь ключа.",
            en: "This place of the configuration file must hold `key: value` pairs, but holds a text or a list. The message names the line and the key path."),
        message: .init(ru: "должно быть набором ключей и значений", en: "must be a mapping of keys to values"))

    public static let configBadType = DiagnosticCode(
        "config-bad-type", .error,
        title: .init(ru: "Значение не того вида", en: "A value of the wrong kind"),
        explanation: .init(
            ru: "Значение ключа не того вида, что нужен: текст, целое число, число, true или false, список. Сообщение называет строку, путь ключа и нужный вид.",
            en: "A key's value is not of the kind it needs: text, a whole number, a number, true or false, a list. The message names the line, the key path and the kind needed."),
        message: .init(ru: "должно быть текстом", en: "must be text"),
        variants: [
            "integer": .init(ru: "должно быть целым числом", en: "must be a whole number"),
            "number": .init(ru: "должно быть числом", en: "must be a number"),
            "bool": .init(ru: "должно быть true или false", en: "must be true or false"),
            "texts": .init(ru: "должно быть списком текстов", en: "must be a list of texts"),
            "list": .init(ru: "должно быть списком", en: "must be a list"),
        ])

    public static let configMissingKey = DiagnosticCode(
        "config-missing-key", .error,
        title: .init(ru: "Нет обязательного ключа", en: "A required key is missing"),
        explanation: .init(
            ru: "В файле настройки нет ключа, без которого его не применить (например, region, time_zone, roadmap или municipalities в описании конвейера, id, title или type у колонки схемы). Добавьте ключ.",
            en: "The configuration file lacks a key it cannot be used without (such as region, time_zone, roadmap or municipalities in a pipeline definition, or a schema column's id, title or type). Add the key."),
        message: .init(ru: "ключ `{key}` обязателен", en: "the key `{key}` is required"))

    public static let configVersionUnsupported = DiagnosticCode(
        "config-version-unsupported", .error,
        title: .init(ru: "Неподдерживаемая версия файла", en: "An unsupported file version"),
        explanation: .init(
            ru: "Ключ version файла настройки называет версию, которую эта версия Svod не читает (она читает версию 1). Исправьте version или обновите Svod.",
            en: "The configuration file's version key names a version this Svod does not read (it reads version 1). Correct version or upgrade Svod."),
        message: .init(
            ru: "неподдерживаемая версия описания конвейера {version} (эта версия Svod читает версию 1)",
            en: "unsupported pipeline version {version} (this Svod reads version 1)"),
        variants: ["schema": .init(
            ru: "неподдерживаемая версия схемы {version} (эта версия Svod читает версию 1)",
            en: "unsupported schema version {version} (this Svod reads version 1)")])

    public static let configUnknownKey = DiagnosticCode(
        "config-unknown-key", .warning,
        title: .init(ru: "Неизвестный ключ", en: "An unknown key"),
        explanation: .init(
            ru: "Ключ не известен этой версии Svod и пропущен; скорее всего, это опечатка. Сообщение перечисляет известные ключи на этом месте.",
            en: "The key is unknown to this Svod and ignored; most likely it is a typo. The message lists the keys known at that place."),
        message: .init(
            ru: "неизвестный ключ пропущен (известные ключи: {known})",
            en: "unknown key ignored (known keys: {known})"))
}
