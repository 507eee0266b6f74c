import Spreadsheet
import SvodModel

/// Each row's measure number: present, in the roadmap, not repeated — and, when Excel mangled
/// it (a typed «2.10» stored as the number 2.1, «1.3» as the date 1 March), recovered when the
/// roadmap, the row's title or its place pick exactly one measure.
struct MeasureIDCheck: ValidationCheck {
    static let codes: [DiagnosticCode] = [
        .measureIDMissing, .measureUnknown, .measureDuplicate, .measureIDRecovered, .measureIDAmbiguous,
    ]

    let plan: ValidationPlan
    /// Schema column position → the table's column index (nil when the table lacks it).
    let positions: [Int?]
    /// Measure position → the id cell of the first row naming it.
    private(set) var seen: [CellAddress?]
    /// The measure of the previous row whose id resolved (to place a mangled id).
    private var previous: Int?

    init(plan: ValidationPlan, positions: [Int?]) {
        self.plan = plan
        self.positions = positions
        self.seen = [CellAddress?](repeating: nil, count: plan.measures.count)
    }

    /// What a row's id says.
    enum Outcome {
        /// The row names no roadmap measure (its values are still checked).
        case noMeasure
        /// The row repeats a measure already named above (the row is not checked further).
        case repeated
        /// The first row of this measure (its position in the roadmap).
        case first(Int)
    }

    mutating func check(_ row: SubmissionRow, idPosition: Int, into sink: inout DiagnosticSink) -> Outcome {
        sink.emitter = Self.self
        let idCell = CellAddress(row: row.index, column: positions[idPosition] ?? 0)
        let found: Int
        switch resolveID(row, idPosition: idPosition, previous: previous) {
        case .missing:
            sink.add(.measureIDMissing, cell: idCell, ["row": row.index + 1])
            return .noMeasure
        case .unknown(let text):
            sink.add(.measureUnknown, cell: idCell, value: text, ["value": text])
            return .noMeasure
        case .ambiguous(let text, let candidates):
            sink.add(.measureIDAmbiguous, cell: idCell, value: text,
                     ["value": text, "candidates": candidates.joined(separator: ", ")])
            return .noMeasure
        case .found(let position, let recoveredFrom, let how):
            found = position
            if let recoveredFrom {
                sink.add(.measureIDRecovered, cell: idCell, value: recoveredFrom,
                         ["value": recoveredFrom, "id": plan.measures[position].id, "how": how])
            }
        }
        previous = found
        let measure = plan.measures[found]
        if let first = seen[found] {
            sink.add(.measureDuplicate, cell: idCell, value: measure.id, ["id": measure.id, "row": first.row + 1])
            return .repeated
        }
        seen[found] = idCell
        return .first(found)
    }

    // MARK: Reading the id

    /// How a mangled id was recovered, in the `measure-id-recovered` message.
    static let typed = LocalizedText(ru: "введен верно", en: "typed correctly")
    static let onlyFit = LocalizedText(ru: "единственный подходящий номер в дорожной карте", en: "the only roadmap number that fits")
    static let byTitle = LocalizedText(ru: "по названию мероприятия", en: "by the measure's title")
    static let byPlace = MessageTemplate(ru: "по месту строки после {previous}", en: "by the row's place after {previous}")

    enum Resolution {
        case missing
        case unknown(String)
        case ambiguous(String, [String])
        /// The measure's position in the roadmap, the mangled text it was recovered from (nil
        /// when typed correctly), and how.
        case found(Int, recoveredFrom: String?, how: LocalizedText)
    }

    /// Reads the row's measure id. Excel stores a typed «2.10» as the number 2.1 and, in a Russian
    /// locale, «1.3» as the date 1 March; such ids are recovered when exactly one roadmap measure
    /// fits, or when the row's title or position picks one.
    func resolveID(_ row: SubmissionRow, idPosition: Int, previous: Int?) -> Resolution {
        let value = row.value(at: idPosition)
        let candidates: [String]
        let shown: String
        switch value {
        case .empty:
            return .missing
        case .string(let text):
            if let position = plan.measureIndex[text] { return .found(position, recoveredFrom: nil, how: Self.typed) }
            let id = ValueParsing.measureID(text)
            if id.isEmpty { return .missing }
            if let position = plan.measureIndex[id] { return .found(position, recoveredFrom: nil, how: Self.typed) }
            return .unknown(text.trimmed)
        case .number(let number):
            shown = CellValue.format(number: number)
            // Every roadmap id that reads as this number: 2.1 → 2.1, 2.10, 2.100.
            candidates = plan.measures.map(\.id).filter { Double($0) == number }
            if candidates == [shown], let position = plan.measureIndex[shown] { return .found(position, recoveredFrom: nil, how: Self.typed) }
        case .date(let date):
            shown = date.russian
            candidates = ["\(date.day).\(date.month)"].filter { plan.measureIndex[$0] != nil }
        case .dateTime(let dateTime):
            shown = dateTime.date.russian
            candidates = ["\(dateTime.date.day).\(dateTime.date.month)"].filter { plan.measureIndex[$0] != nil }
        default:
            return .unknown(value.text)
        }
        if candidates.isEmpty { return .unknown(shown) }
        // A number that is itself the chosen id (2.1 meaning 2.1) was not mangled.
        func found(_ id: String, _ how: LocalizedText) -> Resolution {
            guard let position = plan.measureIndex[id] else { return .unknown(shown) }
            return .found(position, recoveredFrom: id == shown ? nil : shown, how: how)
        }
        if candidates.count == 1 { return found(candidates[0], Self.onlyFit) }
        // Several fit: the title decides, else the position after the previous row's measure.
        if let titlePosition = plan.titlePosition {
            let title = TextCleaner.fold(row.value(at: titlePosition).text)
            if !title.isEmpty {
                let byTitle = candidates.filter { id in
                    plan.measureIndex[id].map { TitleCheck.sameTitle(title, plan.foldedTitles[$0]) } ?? false
                }
                if byTitle.count == 1 { return found(byTitle[0], Self.byTitle) }
            }
        }
        if let previous {
            let next = candidates.filter { plan.measureIndex[$0] == previous + 1 }
            if next.count == 1 { return found(next[0], Self.byPlace(["previous": plan.measures[previous].id])) }
        }
        return .ambiguous(shown, candidates)
    }
}

// The codes of the rows' measure numbers.
extension DiagnosticCode {
    public static let measureIDMissing = DiagnosticCode(
        "measure-id-missing", .error,
        title: .init(ru: "Не указан номер мероприятия", en: "The measure number is missing"),
        explanation: .init(
            ru: "В строке заполнены данные, но нет номера мероприятия. Не удаляйте номера из формы.",
            en: "The row holds data but no measure number. Do not delete the numbers from the form."),
        message: .init(
            ru: "В строке {row} заполнены данные, но не указан номер мероприятия.",
            en: "Row {row} holds data but no measure number."))

    public static let measureUnknown = DiagnosticCode(
        "measure-unknown", .error,
        title: .init(ru: "Нет такого мероприятия в дорожной карте", en: "No such measure in the roadmap"),
        explanation: .init(
            ru: "Номер мероприятия не найден в дорожной карте. Используйте номера из формы отчета.",
            en: "The measure number is not in the roadmap. Use the numbers from the report form."),
        message: .init(
            ru: "Мероприятия с номером «{value}» нет в дорожной карте.",
            en: "The roadmap has no measure numbered «{value}»."))

    public static let measureDuplicate = DiagnosticCode(
        "measure-duplicate", .error,
        title: .init(ru: "Мероприятие указано дважды", en: "A measure appears twice"),
        explanation: .init(
            ru: "Одно мероприятие заполнено в двух строках; непонятно, какая верна. Оставьте одну строку.",
            en: "One measure is filled in twice; it is unclear which row is right. Keep one row."),
        message: .init(
            ru: "Мероприятие {id} уже указано в строке {row}.",
            en: "Measure {id} is already on row {row}."))

    public static let measureIDRecovered = DiagnosticCode(
        "measure-id-recovered", .warning,
        title: .init(ru: "Номер мероприятия восстановлен", en: "The measure number was recovered"),
        explanation: .init(
            ru: "Excel исказил номер мероприятия (например, «2.10» превратился в число 2,1, а «1.3» — в дату 1 марта). Svod восстановил номер по названию или месту строки. Чтобы избежать этого, вводите номера как текст или используйте форму Svod.",
            en: "Excel mangled the measure number (e.g. «2.10» became the number 2.1, «1.3» the date 1 March). Svod recovered it from the row's title or position. To avoid it, enter numbers as text or use Svod's form."),
        message: .init(
            ru: "Номер мероприятия искажен Excel («{value}»); принят номер {id} ({how}). Вводите номера как текст.",
            en: "Excel mangled the measure number («{value}»); it was taken as {id} ({how}). Enter numbers as text."))

    public static let measureIDAmbiguous = DiagnosticCode(
        "measure-id-ambiguous", .error,
        title: .init(ru: "Номер мероприятия искажен", en: "The measure number is mangled"),
        explanation: .init(
            ru: "Excel исказил номер мероприятия (число или дата вместо текста), и восстановить его однозначно нельзя. Введите номер как текст (например, '2.10) или используйте форму Svod.",
            en: "Excel mangled the measure number (a number or date instead of text) and it cannot be recovered unambiguously. Enter it as text (e.g. '2.10) or use Svod's form."),
        message: .init(
            ru: "Номер мероприятия искажен Excel («{value}»): это может быть {candidates}. Введите номер как текст.",
            en: "Excel mangled the measure number («{value}»): it may be {candidates}. Enter the number as text."))
}
