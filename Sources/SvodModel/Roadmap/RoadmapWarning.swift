import Spreadsheet

/// A problem found while importing a roadmap: the measure (if any), a registered code (the
/// importer's, declared below, or a deadline's), a message, and where it is: the roadmap's file,
/// its sheet and the cell, when the warning is about one.
public struct RoadmapWarning: Sendable, Equatable {
    public var measure: String?
    public var code: DiagnosticCode
    public var message: LocalizedText
    /// The roadmap file's name (without its folder).
    public var file: String?
    /// The sheet of a table (none for the normalized YAML form).
    public var sheet: String?
    public var cell: CellAddress?

    public init(measure: String?, code: DiagnosticCode, message: LocalizedText, file: String? = nil, sheet: String? = nil,
                cell: CellAddress? = nil) {
        self.measure = measure
        self.code = code
        self.message = message
        self.file = file
        self.sheet = sheet
        self.cell = cell
    }

    /// A warning with the code's own sentence.
    init(measure: String?, _ code: DiagnosticCode, _ arguments: MessageArguments, cell: CellAddress? = nil) {
        self.init(measure: measure, code: code, message: code.message(arguments), cell: cell)
    }

    /// Where the warning is, as `svod roadmap inspect` prints it: `plan.xlsx [Лист1] C12`,
    /// `plan.xlsx [Лист1]`, `plan.yaml`, or nothing when nothing is known.
    public var place: String {
        var parts: [String] = []
        if let file { parts.append(file) }
        if let sheet { parts.append("[\(sheet)]") }
        if let cell { parts.append(cell.a1) }
        return parts.joined(separator: " ")
    }

    /// One line: the place, the code, the measure and the sentence in the language asked for.
    public func line(_ language: Language) -> String {
        let where_ = place.isEmpty ? "" : place + " "
        return "\(where_)[\(code)] \(measure.map { $0 + ": " } ?? "")\(message(language))"
    }

    /// Every code the importer itself emits (a measure's deadline adds `DeadlineWarning.allCodes`).
    public static let codes: [DiagnosticCode] = [
        .roadmapPeriodInferred, .measureDuplicateID, .measureIDOutOfSequence, .measureDeadlineMissing,
        .roadmapRowWithoutTitle, .roadmapColumnUnlabelledIgnored,
    ]
}

extension DiagnosticCode {
    public static let roadmapPeriodInferred = DiagnosticCode(
        "roadmap-period-inferred", .warning,
        title: .init(ru: "Период дорожной карты взят по срокам", en: "The roadmap period was taken from the deadlines"),
        explanation: .init(
            ru: "В заголовке дорожной карты не указан период (например, «на 2021 год» или «на 2021–2023 годы»), и Svod взял его от самого раннего до самого позднего срока мероприятий. От периода зависят годы сроков без года и отчетные месяцы. Укажите период параметрами --period-start и --period-end или roadmap_period в описании конвейера.",
            en: "The roadmap's title gives no period (such as «на 2021 год» or «на 2021–2023 годы»), so Svod took it from the earliest to the latest deadline. The period decides the year of deadlines without one and the reporting months. Set it with --period-start and --period-end, or roadmap_period in the pipeline definition."),
        message: .init(
            ru: "Период дорожной карты не указан в заголовке; принят {start}–{end} по срокам мероприятий. Укажите его параметрами --period-start и --period-end.",
            en: "The roadmap period is not in the title; {start}–{end} was taken from the deadlines. Set it with --period-start and --period-end."))

    public static let measureDuplicateID = DiagnosticCode(
        "measure-duplicate-id", .warning,
        title: .init(ru: "Номер мероприятия повторяется в дорожной карте", en: "A measure number appears twice in the roadmap"),
        explanation: .init(
            ru: "Два мероприятия дорожной карты имеют один номер. Svod дал второму номер с суффиксом (например, 2.3-2), чтобы отчеты могли ссылаться на оба. Исправьте нумерацию в дорожной карте.",
            en: "Two roadmap measures have one number. Svod gave the second a suffixed number (e.g. 2.3-2) so that reports can name both. Correct the numbering in the roadmap."),
        message: .init(
            ru: "Номер мероприятия {original} повторяется в таблице (строка {row}); второму присвоен номер {id}.",
            en: "Measure number {original} appears twice in the table (row {row}); the second one is {id}."))

    public static let measureDeadlineMissing = DiagnosticCode(
        "measure-deadline-missing", .warning,
        title: .init(ru: "У мероприятия нет срока", en: "A measure has no deadline"),
        explanation: .init(
            ru: "В строке мероприятия не заполнен срок. Мероприятие остается в дорожной карте и в формах отчета, но считается внеплановым: срока, после которого оно просрочено, нет. Впишите срок в дорожную карту.",
            en: "The measure's row has no deadline. The measure stays in the roadmap and the report forms but is treated as unscheduled: there is no date after which it is overdue. Write its deadline into the roadmap."),
        message: .init(
            ru: "У мероприятия {id} (строка {row}) не указан срок; оно считается внеплановым.",
            en: "Measure {id} (row {row}) has no deadline; it is treated as unscheduled."))

    public static let roadmapRowWithoutTitle = DiagnosticCode(
        "roadmap-row-without-title", .warning,
        title: .init(ru: "Мероприятие без названия", en: "A measure without a title"),
        explanation: .init(
            ru: "В таблице дорожной карты строка, в которой заполнены другие ячейки, но нет названия мероприятия. Она взята как мероприятие; допишите название или удалите строку.",
            en: "A row of the roadmap table has other cells filled but no measure title. It was taken as a measure; add the title or delete the row."),
        message: .init(
            ru: "Строка {row}: мероприятие без названия.",
            en: "Row {row}: a measure without a title."))

    public static let measureIDOutOfSequence = DiagnosticCode(
        "measure-id-out-of-sequence", .warning,
        title: .init(ru: "Номер мероприятия выпадает из нумерации", en: "A measure number is out of sequence"),
        explanation: .init(
            ru: "Номер мероприятия не продолжает нумерацию таблицы: например, после 24 идут 2.5 и 2.6 (опечатка вместо 25 и 26) или номер меньше предыдущего. Svod оставляет номер как есть — по нему отчеты ссылаются на мероприятие, — и сообщает о нем. Проверьте нумерацию в дорожной карте; если номер исправлен, отчеты должны ссылаться на новый.",
            en: "A measure's number does not continue the table's numbering: for instance 2.5 and 2.6 after 24 (a typo for 25 and 26), or a number below the one before. Svod keeps the number as it is, since reports name the measure by it, and says so. Check the roadmap's numbering; once a number is corrected, reports must name the new one."),
        message: .init(
            ru: "Номер мероприятия {id} (строка {row}) не продолжает нумерацию: последний номер по порядку перед ним — {previous}. Номер оставлен как есть; проверьте нумерацию в дорожной карте.",
            en: "Measure number {id} (row {row}) does not continue the numbering: the last number in sequence before it is {previous}. The number is kept as it is; check the roadmap's numbering."))

    public static let roadmapColumnUnlabelledIgnored = DiagnosticCode(
        "roadmap-column-unlabelled-ignored", .warning,
        title: .init(ru: "Столбец без заголовка не учтен", en: "An unlabelled column was ignored"),
        explanation: .init(
            ru: "На странице таблицы дорожной карты есть лишний столбец без заголовка, ячейки которого повторяют текст соседних столбцов (так бывает после переноса таблицы из PDF или когда страница сверстана иначе). Svod не учитывает эти ячейки, чтобы их текст не попал в названия мероприятий и другие поля второй раз. Удалите лишний столбец из таблицы.",
            en: "A page of the roadmap table has an extra column without a header whose cells repeat the text of the neighbouring columns (as after a table is copied from a PDF, or when a page is laid out differently). Svod ignores these cells, so that their text does not enter measure titles or other fields a second time. Delete the extra column from the table."),
        message: .init(
            ru: "Столбец {column} без заголовка повторяет текст соседних столбцов (строки {first}–{last}); он не учтен.",
            en: "Column {column} has no header and repeats its neighbours' text (rows {first}–{last}); it was ignored."),
        variants: ["one": .init(
            ru: "Столбец {column} без заголовка повторяет текст соседнего столбца (строка {first}); он не учтен.",
            en: "Column {column} has no header and repeats its neighbour's text (row {first}); it was ignored.")])
}
