import Spreadsheet

/// Why a roadmap could not be imported. Each case is a registered code, declared below.
public enum RoadmapImportError: Error, Sendable, Equatable {
    /// The spreadsheet itself could not be read.
    case unreadable(SpreadsheetError)
    /// No header row names the measure and deadline columns.
    case layoutNotRecognized(file: String, sheet: String, missing: [RoadmapColumn], headerRow: Int?)
    /// The header was found but no measure follows it.
    case noMeasures(file: String)
    /// The normalized YAML form is not valid.
    case invalidYAML(file: String, detail: String)

    /// Every code of a roadmap that cannot be imported (besides the spreadsheet's refusals).
    public static let codes: [DiagnosticCode] = [.roadmapLayoutUnknown, .roadmapEmpty, .roadmapYamlInvalid]

    public var code: DiagnosticCode {
        switch self {
        case .unreadable(let error): return error.code.diagnostic
        case .layoutNotRecognized: return .roadmapLayoutUnknown
        case .noMeasures: return .roadmapEmpty
        case .invalidYAML: return .roadmapYamlInvalid
        }
    }

    public func message(_ language: Language) -> String {
        switch self {
        case .unreadable(let error):
            return error.message(language)
        case .layoutNotRecognized(let file, let sheet, let missing, let headerRow):
            let names = LocalizedText(ru: missing.map { "«\($0.displayName.ru)»" }.joined(separator: ", "),
                                      en: missing.map { "«\($0.displayName.en)»" }.joined(separator: ", "))
            var arguments: MessageArguments = ["file": file, "sheet": sheet, "columns": names]
            if let headerRow {
                arguments["row"] = headerRow
                return code.message(variant: "candidate", arguments)(language)
            }
            return code.message(arguments)(language)
        case .noMeasures(let file):
            return code.message(["file": file])(language)
        case .invalidYAML(let file, let detail):
            return code.message(["file": file, "detail": detail])(language)
        }
    }
}

extension DiagnosticCode {
    public static let roadmapLayoutUnknown = DiagnosticCode(
        "roadmap-layout-unknown", .error,
        title: .init(ru: "Таблица дорожной карты не распознана", en: "The roadmap table is not recognised"),
        explanation: .init(
            ru: "Svod ищет на листе строку заголовков таблицы дорожной карты: нужны хотя бы столбцы мероприятия и срока (например, «Мероприятие» и «Сроки»), номер, ответственный и ожидаемый результат находятся, если есть. Сообщение называет недостающие столбцы и лучшую строку-кандидата. Проверьте лист (--sheet) и заголовки столбцов.",
            en: "Svod looks on the sheet for the roadmap table's header row: it needs at least the measure and deadline columns (e.g. «Мероприятие» and «Сроки»); the number, the responsible and the expected result are found when present. The message names the missing columns and the best candidate row. Check the sheet (--sheet) and the column headers."),
        message: .init(
            ru: "{file} [{sheet}]: не найдена строка заголовка таблицы дорожной карты: нет столбцов {columns}. Проверьте, что в таблице есть заголовки столбцов «Мероприятие» и «Сроки».",
            en: "{file} [{sheet}]: no roadmap header row found: missing the columns {columns}. Make sure the table has «Мероприятие» and «Сроки» column headers."),
        variants: ["candidate": .init(
            ru: "{file} [{sheet}]: не найдена строка заголовка таблицы дорожной карты: нет столбцов {columns} (лучший кандидат — строка {row}). Проверьте, что в таблице есть заголовки столбцов «Мероприятие» и «Сроки».",
            en: "{file} [{sheet}]: no roadmap header row found: missing the columns {columns} (best candidate: row {row}). Make sure the table has «Мероприятие» and «Сроки» column headers.")])

    public static let roadmapEmpty = DiagnosticCode(
        "roadmap-empty", .error,
        title: .init(ru: "В дорожной карте нет мероприятий", en: "The roadmap holds no measures"),
        explanation: .init(
            ru: "Строка заголовков найдена (или файл YAML прочитан), но ни одного мероприятия за ней нет. Проверьте, что выбран нужный лист и что строки мероприятий не скрыты и не удалены.",
            en: "The header row was found (or the YAML file read), but no measure follows. Check that the right sheet is chosen and that the measure rows were not hidden or deleted."),
        message: .init(
            ru: "{file}: в таблице нет ни одного мероприятия.",
            en: "{file}: the table holds no measures."))

    public static let roadmapYamlInvalid = DiagnosticCode(
        "roadmap-yaml-invalid", .error,
        title: .init(ru: "Ошибка в YAML дорожной карты", en: "Invalid roadmap YAML"),
        explanation: .init(
            ru: "Нормализованная дорожная карта (YAML, как пишет svod roadmap normalize) не читается: ошибка разметки, недостающий ключ или значение не того вида. Сообщение называет ключ и строку. Исправьте файл или создайте его заново командой svod roadmap normalize.",
            en: "The normalized roadmap (YAML, as svod roadmap normalize writes it) cannot be read: a syntax error, a missing key or a value of the wrong kind. The message names the key and the line. Correct the file or make it again with svod roadmap normalize."),
        message: .init(
            ru: "{file}: ошибка в YAML дорожной карты: {detail}",
            en: "{file}: invalid roadmap YAML: {detail}"))
}
