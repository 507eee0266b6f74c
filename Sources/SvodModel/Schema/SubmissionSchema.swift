import Foundation
import Spreadsheet

/// What Svod knows a report column to mean. Columns with a role take part in the checks that
/// need the roadmap (ids, titles, windows, rules); others are checked by their type alone.
public enum ColumnRole: String, Sendable, CaseIterable, Codable {
    case measureID = "measure_id"
    case measureTitle = "measure_title"
    case deadline
    case status
    case completionDate = "completion_date"
    case actualResult = "actual_result"
    case indicatorValue = "indicator_value"
    case reason
    case comment
}

/// The type of a report column's values.
public enum ColumnType: String, Sendable, CaseIterable, Codable {
    case text
    case integer
    case decimal
    /// A number from 0 to 100 (a cell formatted as `%` holding 0.25 reads as 25).
    case percent
    case date
    /// One of `values`.
    case `enum`
}

/// One column of the report table.
public struct SchemaColumn: Sendable, Equatable {
    public var id: String
    public var role: ColumnRole?
    /// The Russian header the template writes.
    public var title: String
    /// Other headers accepted for this column (compared case- and punctuation-insensitively).
    public var aliases: [String]
    public var type: ColumnType
    public var required: Bool
    public var values: [String]
    public var maxLength: Int?
    public var minimum: Double?
    public var maximum: Double?
    /// For indicator shares: `numerator` or `denominator` of the share named by `shareGroup`.
    public var share: String?
    public var shareGroup: String?
    /// The explanation the template's «Инструкция» sheet shows.
    public var instruction: String
    /// Title, id and aliases folded once (every header cell of every report is compared).
    private let foldedNames: Set<TextKey>

    public init(id: String, role: ColumnRole? = nil, title: String, aliases: [String] = [], type: ColumnType,
                required: Bool = false, values: [String] = [], maxLength: Int? = nil, minimum: Double? = nil,
                maximum: Double? = nil, share: String? = nil, shareGroup: String? = nil, instruction: String = "") {
        self.id = id
        self.role = role
        self.title = title
        self.aliases = aliases
        self.type = type
        self.required = required
        self.values = values
        self.maxLength = maxLength
        self.minimum = minimum
        self.maximum = maximum
        self.share = share
        self.shareGroup = shareGroup
        self.instruction = instruction
        self.foldedNames = Set(([title, id] + aliases).map { TextKey(TextCleaner.fold($0)) })
    }

    /// Whether a header cell names this column.
    public func matches(header: String) -> Bool { matches(folded: TextCleaner.fold(header)) }

    /// Whether a header cell, already folded, names this column.
    public func matches(folded: String) -> Bool { !folded.isEmpty && foldedNames.contains(TextKey(folded)) }
}

/// A conditional rule: when a row's status is one of `statuses` (and, if set, a checkpoint of
/// the measure has passed), the `require`d columns must be filled.
public struct SchemaRule: Sendable, Equatable {
    public var statuses: [String]
    public var checkpointPassed: Bool?
    public var require: [String]

    public init(statuses: [String], checkpointPassed: Bool? = nil, require: [String]) {
        self.statuses = statuses
        self.checkpointPassed = checkpointPassed
        self.require = require
    }
}

/// The declarative description of a municipal report: its columns and conditional rules.
public struct SubmissionSchema: Sendable, Equatable {
    public var columns: [SchemaColumn]
    public var rules: [SchemaRule]
    /// Unknown keys and other remarks found while loading.
    public var warnings: [ConfigurationWarning]

    public init(columns: [SchemaColumn], rules: [SchemaRule], warnings: [ConfigurationWarning] = [],
                statusMeanings explicit: StatusMeanings = StatusMeanings()) {
        self.columns = columns
        self.rules = rules
        self.warnings = warnings
        let values = columns.first { $0.role == .status }?.values ?? []
        statusMeanings = StatusMeanings(
            done: explicit.done ?? values.first,
            inProgress: explicit.inProgress ?? Self.named(["выполняется", "in progress", "ongoing"], in: values),
            notRequired: explicit.notRequired ?? Self.named(["не требуется", "not required", "n/a"], in: values),
            notDone: explicit.notDone ?? Self.named(["не выполнено", "not done", "failed"], in: values),
            notStarted: explicit.notStarted ?? Self.named(["не начато", "not started"], in: values))
    }

    /// The first of `values` whose folded text is one of `names` (the default schema's words
    /// and their English forms).
    private static func named(_ names: Set<String>, in values: [String]) -> String? {
        values.first { names.contains(TextCleaner.fold($0)) }
    }

    public func column(role: ColumnRole) -> SchemaColumn? { columns.first { $0.role == role } }
    public func column(id: String) -> SchemaColumn? { columns.first { $0.id == id } }

    /// The accepted status values (the status column's list).
    public var statuses: [String] { column(role: .status)?.values ?? [] }

    /// The status meaning "done": the status column's `done` key, else the first of the list
    /// («Выполнено»).
    public var doneStatus: String? { statusMeanings.done }

    /// The status meaning "under way" («Выполняется»): normal for recurring measures.
    public var inProgressStatus: String? { statusMeanings.inProgress }

    /// The status meaning "not required here" («Не требуется»): never overdue.
    public var notRequiredStatus: String? { statusMeanings.notRequired }

    /// The meanings of status values: the status column's `done`, `in_progress`,
    /// `not_required`, `not_done` and `not_started` keys, else by name («Выполнено» first,
    /// «Выполняется», «Не требуется», «Не выполнено», «Не начато»), settled once when the schema
    /// is made (consolidation asks for every cell). What Svod does with a status — overdue or
    /// not, its colour in the matrix — follows its meaning, never its words.
    public var statusMeanings = StatusMeanings()

    /// What a status value means to Svod.
    public enum StatusMeaning: String, Sendable, CaseIterable {
        case done
        case inProgress = "in_progress"
        case notDone = "not_done"
        case notStarted = "not_started"
        case notRequired = "not_required"
    }

    public struct StatusMeanings: Sendable, Equatable {
        public var done: String?
        public var inProgress: String?
        public var notRequired: String?
        public var notDone: String?
        public var notStarted: String?

        public init(done: String? = nil, inProgress: String? = nil, notRequired: String? = nil, notDone: String? = nil,
                    notStarted: String? = nil) {
            self.done = done
            self.inProgress = inProgress
            self.notRequired = notRequired
            self.notDone = notDone
            self.notStarted = notStarted
        }

        /// The status value that has `meaning`, if the schema has one.
        public func value(_ meaning: StatusMeaning) -> String? {
            switch meaning {
            case .done: return done
            case .inProgress: return inProgress
            case .notDone: return notDone
            case .notStarted: return notStarted
            case .notRequired: return notRequired
            }
        }

        /// The meaning of a status value (exact match), `nil` for a value with none.
        public func meaning(of status: String) -> StatusMeaning? {
            StatusMeaning.allCases.first { value($0) == status }
        }
    }

    /// The codes of a schema's own checks (besides reading it as YAML).
    static let codes: [DiagnosticCode] = [
        .configColumnsMissing, .configDuplicateColumnID, .configUnknownRole, .configDuplicateRole, .configUnknownType,
        .configValueNotListed, .configValuesMissing, .configBadShare, .configMissingRole, .configRuleWithoutWhen,
        .configUnknownColumn,
    ]

    public static func load(path: String) throws -> SubmissionSchema {
        try parse(YAMLNode.load(path: path))
    }

    public static func parse(_ text: String, file: String) throws -> SubmissionSchema {
        try parse(YAMLNode.parse(text, file: file))
    }

    static func parse(_ root: YAMLNode) throws -> SubmissionSchema {
        _ = try root.requireMapping()
        var warnings = root.unknownKeys(allowed: ["version", "columns", "rules"])
        if let version = try root.int("version"), version != 1 {
            throw root.fail(.configVersionUnsupported, variant: "schema", ["version": version], key: "version")
        }
        guard let columnNodes = try root.list("columns"), !columnNodes.isEmpty else {
            throw root.fail(.configColumnsMissing, key: "columns")
        }
        var columns: [SchemaColumn] = []
        let columnKeys: Set<String> = ["id", "role", "title", "aliases", "type", "required", "values", "max_length",
                                       "min", "max", "share", "share_group", "instruction", "done", "in_progress",
                                       "not_required", "not_done", "not_started"]
        var meanings = StatusMeanings()
        for node in columnNodes {
            _ = try node.requireMapping()
            warnings += node.unknownKeys(allowed: columnKeys)
            let id = try node.requiredString("id")
            guard !columns.contains(where: { $0.id == id }) else { throw node.fail(.configDuplicateColumnID, ["id": id], key: "id") }
            var role: ColumnRole?
            if let text = try node.string("role") {
                guard let parsed = ColumnRole(rawValue: text) else {
                    let known = ColumnRole.allCases.map(\.rawValue).joined(separator: ", ")
                    throw node.fail(.configUnknownRole, ["role": text, "known": known], key: "role")
                }
                guard !columns.contains(where: { $0.role == parsed }) else {
                    throw node.fail(.configDuplicateRole, ["role": text], key: "role")
                }
                role = parsed
            }
            let typeText = try node.requiredString("type")
            guard let type = ColumnType(rawValue: typeText) else {
                let known = ColumnType.allCases.map(\.rawValue).joined(separator: ", ")
                throw node.fail(.configUnknownType, ["type": typeText, "known": known], key: "type")
            }
            let values = try node.strings("values") ?? []
            if role == .status {
                for key in ["done", "in_progress", "not_required", "not_done", "not_started"] {
                    guard let value = try node.string(key) else { continue }
                    guard values.contains(value) else { throw node.fail(.configValueNotListed, ["value": value], key: key) }
                    switch key {
                    case "done": meanings.done = value
                    case "in_progress": meanings.inProgress = value
                    case "not_done": meanings.notDone = value
                    case "not_started": meanings.notStarted = value
                    default: meanings.notRequired = value
                    }
                }
            }
            if type == .enum && values.isEmpty { throw node.fail(.configValuesMissing, key: "values") }
            let share = try node.string("share")
            if let share, share != "numerator" && share != "denominator" {
                throw node.fail(.configBadShare, key: "share")
            }
            columns.append(SchemaColumn(
                id: id, role: role, title: try node.requiredString("title"), aliases: try node.strings("aliases") ?? [],
                type: type, required: try node.bool("required") ?? false, values: values,
                maxLength: try node.int("max_length"), minimum: try node.double("min"), maximum: try node.double("max"),
                share: share, shareGroup: try node.string("share_group"), instruction: try node.string("instruction") ?? ""))
        }
        for role in [ColumnRole.measureID, .status] where !columns.contains(where: { $0.role == role }) {
            throw root.fail(.configMissingRole, ["role": role.rawValue], key: "columns")
        }
        var rules: [SchemaRule] = []
        for node in try root.list("rules") ?? [] {
            _ = try node.requireMapping()
            warnings += node.unknownKeys(allowed: ["when", "require"])
            guard let when = node.child("when") else { throw node.fail(.configRuleWithoutWhen, key: "when") }
            warnings += when.unknownKeys(allowed: ["status", "checkpoint_passed"])
            let statuses = try when.strings("status") ?? []
            let known = columns.first { $0.role == .status }?.values ?? []
            for status in statuses where !known.contains(status) {
                throw when.fail(.configValueNotListed, variant: "status", ["value": status], key: "status")
            }
            let require = try node.strings("require") ?? []
            for id in require where !columns.contains(where: { $0.id == id }) {
                throw node.fail(.configUnknownColumn, ["id": id], key: "require")
            }
            rules.append(SchemaRule(statuses: statuses, checkpointPassed: try when.bool("checkpoint_passed"), require: require))
        }
        return SubmissionSchema(columns: columns, rules: rules, warnings: warnings, statusMeanings: meanings)
    }
}

// The schema's codes: what a report schema must say about its columns and rules.
extension DiagnosticCode {
    public static let configColumnsMissing = DiagnosticCode(
        "config-columns-missing", .error,
        title: .init(ru: "В схеме нет колонок", en: "The schema has no columns"),
        explanation: .init(
            ru: "Схема отчета описывает колонки формы списком `columns`; без него формы и проверки нет. Образец — схема по умолчанию (schema-default.yaml рядом с описанием конвейера).",
            en: "A report schema describes the form's columns in a `columns` list; without it there is no form and no check. See the default schema (schema-default.yaml beside the pipeline definition)."),
        message: .init(ru: "в схеме нужен непустой список `columns`", en: "the schema needs a non-empty `columns` list"))

    public static let configDuplicateColumnID = DiagnosticCode(
        "config-duplicate-column-id", .error,
        title: .init(ru: "Идентификатор колонки повторяется", en: "A column id appears twice"),
        explanation: .init(
            ru: "У двух колонок схемы один `id`; правила и свод ссылаются на колонки по нему, так что он должен быть единственным. Переименуйте одну из них.",
            en: "Two schema columns share an `id`; rules and the consolidation name columns by it, so it must be unique. Rename one of them."),
        message: .init(ru: "идентификатор колонки `{id}` использован дважды", en: "the column id `{id}` is used twice"))

    public static let configUnknownRole = DiagnosticCode(
        "config-unknown-role", .error,
        title: .init(ru: "Неизвестная роль колонки", en: "An unknown column role"),
        explanation: .init(
            ru: "Роль (`role`) говорит Svod, что значит колонка: номер мероприятия, статус, дата выполнения и так далее. Сообщение перечисляет известные роли; исправьте опечатку.",
            en: "A column's `role` tells Svod what it means: the measure number, the status, the completion date and so on. The message lists the known roles; correct the typo."),
        message: .init(ru: "неизвестная роль `{role}` (известные: {known})", en: "unknown role `{role}` (known: {known})"))

    public static let configDuplicateRole = DiagnosticCode(
        "config-duplicate-role", .error,
        title: .init(ru: "Роль колонки повторяется", en: "A column role appears twice"),
        explanation: .init(
            ru: "Каждая роль бывает только у одной колонки (например, статус — один). Уберите роль у лишней колонки.",
            en: "Each role belongs to one column only (there is one status, say). Remove the role from the extra column."),
        message: .init(ru: "роль `{role}` использована дважды", en: "the role `{role}` is used twice"))

    public static let configUnknownType = DiagnosticCode(
        "config-unknown-type", .error,
        title: .init(ru: "Неизвестный тип колонки", en: "An unknown column type"),
        explanation: .init(
            ru: "Тип (`type`) определяет, как проверяется значение колонки. Сообщение перечисляет известные типы; исправьте опечатку.",
            en: "A column's `type` decides how its values are checked. The message lists the known types; correct the typo."),
        message: .init(ru: "неизвестный тип `{type}` (известные: {known})", en: "unknown type `{type}` (known: {known})"))

    public static let configValueNotListed = DiagnosticCode(
        "config-value-not-listed", .error,
        title: .init(ru: "Значение не из списка колонки", en: "A value not in the column's list"),
        explanation: .init(
            ru: "Схема ссылается на значение, которого нет в списке `values` колонки: значение статуса для done, in_progress, not_done, not_started или not_required, или статус в условии правила. Напишите значение в точности как в списке.",
            en: "The schema names a value missing from a column's `values` list: a status value for done, in_progress, not_done, not_started or not_required, or a status in a rule's condition. Write the value exactly as in the list."),
        message: .init(ru: "«{value}» нет среди значений колонки", en: "«{value}» is not one of the values"),
        variants: ["status": .init(ru: "«{value}» нет среди значений статуса", en: "«{value}» is not one of the status values")])

    public static let configValuesMissing = DiagnosticCode(
        "config-values-missing", .error,
        title: .init(ru: "У списочной колонки нет значений", en: "A list column has no values"),
        explanation: .init(
            ru: "Колонка типа enum принимает только значения из своего списка `values`, поэтому список нужен.",
            en: "An enum column accepts only the values of its `values` list, so it needs the list."),
        message: .init(ru: "колонке типа enum нужен список `values`", en: "an enum column needs a `values` list"))

    public static let configBadShare = DiagnosticCode(
        "config-bad-share", .error,
        title: .init(ru: "Недопустимое значение share", en: "An invalid share"),
        explanation: .init(
            ru: "Ключ `share` отмечает числитель (numerator) или знаменатель (denominator) доли, которую считает свод; других значений нет.",
            en: "The `share` key marks the numerator or the denominator of a share the consolidation computes; it takes no other value."),
        message: .init(ru: "`share` — это numerator или denominator", en: "`share` is numerator or denominator"))

    public static let configMissingRole = DiagnosticCode(
        "config-missing-role", .error,
        title: .init(ru: "Нет колонки с обязательной ролью", en: "A column with a required role is missing"),
        explanation: .init(
            ru: "В схеме должны быть колонки с ролями measure_id (номер мероприятия) и status (статус): по ним Svod находит таблицу отчета и сводит его.",
            en: "A schema needs columns with the roles measure_id (the measure number) and status: Svod finds the report's table and consolidates it by them."),
        message: .init(ru: "в схеме нужна колонка с ролью `{role}`", en: "the schema needs a column with role `{role}`"))

    public static let configRuleWithoutWhen = DiagnosticCode(
        "config-rule-without-when", .error,
        title: .init(ru: "У правила нет условия", en: "A rule has no condition"),
        explanation: .init(
            ru: "Правило схемы состоит из условия `when` (статус, истек ли срок) и списка колонок `require`, обязательных при нем. Добавьте условие.",
            en: "A schema rule is a `when` condition (the status, whether the checkpoint has passed) and a `require` list of columns it makes mandatory. Add the condition."),
        message: .init(ru: "правилу нужен ключ `when`", en: "a rule needs `when`"))

    public static let configUnknownColumn = DiagnosticCode(
        "config-unknown-column", .error,
        title: .init(ru: "Правило называет несуществующую колонку", en: "A rule names no column"),
        explanation: .init(
            ru: "В списке `require` правила стоит идентификатор, которого нет среди `id` колонок схемы. Исправьте его.",
            en: "A rule's `require` list holds an id that none of the schema's columns has. Correct it."),
        message: .init(ru: "`{id}` — не идентификатор колонки", en: "`{id}` is not a column id"))
}
