import Spreadsheet
import SvodModel

/// A row's values, column by column, by the column's type: a status from the list, required
/// values present, dates, numbers within their bounds, texts within their length. What it
/// understood becomes the row's entry for consolidation.
struct ValuesCheck: ValidationCheck {
    static let codes: [DiagnosticCode] = [
        .statusMissing, .statusInvalid, .valueMissing, .valueNotInList, .dateInvalid, .numberInvalid,
        .numberOutOfRange, .textTooLong,
    ]

    let plan: ValidationPlan
    /// Schema column position → the table's column index (nil when the table lacks it).
    let positions: [Int?]

    /// Checks the row's values; returns its entry and, when the row has a completion date that
    /// reads as a date, that date and its cell (for `CompletionDateCheck`).
    func check(_ row: SubmissionRow, measure: Int?, into sink: inout DiagnosticSink)
        -> (entry: ReportEntry, completion: (date: CivilDate, cell: CellAddress)?) {
        sink.emitter = Self.self
        var entry = ReportEntry(measureID: measure.map { plan.measures[$0].id } ?? "", numbers: [:],
                                cell: plan.idPosition.flatMap { positions[$0] }.map { CellAddress(row: row.index, column: $0) })
        var completion: (date: CivilDate, cell: CellAddress)?
        for (position, check) in plan.checks.enumerated() where !check.skipped {
            guard let index = positions[position] else { continue }
            let address = CellAddress(row: row.index, column: index)
            guard let value = row.cells[position]?.value else {
                if check.role == .status {
                    if let measure {
                        sink.add(.statusMissing, cell: address, ["measure": plan.measures[measure].id])
                    } else {
                        sink.add(.statusMissing, variant: "noMeasure", cell: address)
                    }
                } else if check.required {
                    sink.add(.valueMissing, cell: address, ["column": plan.columns[position].title])
                }
                continue
            }
            switch check.type {
            case .enum:
                let text = value.text
                if let index = plan.enumIndex(text, column: position) {
                    if check.role == .status { entry.status = plan.columns[position].values[index] }
                    continue
                }
                let column = plan.columns[position]
                if check.role == .status {
                    sink.add(.statusInvalid, cell: address, value: text,
                             ["value": text, "allowed": column.values.joined(separator: ", ")])
                } else {
                    sink.add(.valueNotInList, cell: address, value: text,
                             ["value": text, "column": column.title, "allowed": column.values.joined(separator: ", ")])
                }
            case .date:
                guard let date = ValueParsing.date(value) else {
                    sink.add(.dateInvalid, cell: address, value: value.text,
                             ["value": value.text, "column": plan.columns[position].title])
                    continue
                }
                if check.role == .completionDate {
                    entry.completionDate = date
                    completion = (date, address)
                }
            case .integer, .decimal, .percent:
                guard let number = ValueParsing.number(value) else {
                    sink.add(.numberInvalid, cell: address, value: value.text,
                             ["value": value.text, "column": plan.columns[position].title])
                    continue
                }
                if check.type == .integer && number != number.rounded() {
                    sink.add(.numberOutOfRange, variant: "whole", cell: address, value: value.text,
                             ["value": value.text, "column": plan.columns[position].title])
                } else if let minimum = check.minimum, number < minimum {
                    sink.add(.numberOutOfRange, variant: "below", cell: address, value: value.text,
                             ["value": value.text, "column": plan.columns[position].title,
                              "minimum": CellValue.format(number: minimum)])
                } else if let maximum = check.maximum, number > maximum {
                    sink.add(.numberOutOfRange, variant: "above", cell: address, value: value.text,
                             ["value": value.text, "column": plan.columns[position].title,
                              "maximum": CellValue.format(number: maximum)])
                } else {
                    if check.role == .indicatorValue { entry.indicatorValue = number }
                    if check.keepsNumber { entry.numbers[plan.columns[position].id] = number }
                }
            case .text:
                let text = value.text
                if let limit = check.maxLength, text.utf8.count > limit, text.count > limit {
                    sink.add(.textTooLong, cell: address, value: String(text.prefix(60)) + "…",
                             ["column": plan.columns[position].title, "limit": limit, "length": text.count])
                }
                switch check.role {
                case .actualResult: entry.actualResult = text.trimmed
                case .reason: entry.reason = text.trimmed
                case .comment: entry.comment = text.trimmed
                default: break
                }
            }
        }
        return (entry, completion)
    }
}

// The codes of the rows' values.
extension DiagnosticCode {
    public static let statusMissing = DiagnosticCode(
        "status-missing", .error,
        title: .init(ru: "Не указан статус", en: "The status is missing"),
        explanation: .init(
            ru: "Для каждого мероприятия выберите статус из списка: Выполнено, Выполняется, Не выполнено, Не начато, Не требуется.",
            en: "Choose a status for every measure from the list: Выполнено, Выполняется, Не выполнено, Не начато, Не требуется."),
        message: .init(
            ru: "Не указан статус мероприятия {measure}. Выберите его из списка.",
            en: "No status for measure {measure}. Pick one from the list."),
        variants: ["noMeasure": .init(
            ru: "Не указан статус мероприятия. Выберите его из списка.",
            en: "No status for measure. Pick one from the list.")])

    public static let statusInvalid = DiagnosticCode(
        "status-invalid", .error,
        title: .init(ru: "Недопустимый статус", en: "An invalid status"),
        explanation: .init(
            ru: "Статус должен быть одним из значений списка формы. Выберите значение из выпадающего списка.",
            en: "The status must be one of the form's list values. Pick one from the drop-down list."),
        message: .init(
            ru: "Статус «{value}» не из списка: {allowed}.",
            en: "The status «{value}» is not in the list: {allowed}."))

    public static let valueMissing = DiagnosticCode(
        "value-missing", .error,
        title: .init(ru: "Не заполнено обязательное поле", en: "A required value is missing"),
        explanation: .init(
            ru: "Колонка обязательна для заполнения в каждой строке.",
            en: "The column must be filled in on every row."),
        message: .init(
            ru: "Не заполнена обязательная колонка «{column}».",
            en: "The required column «{column}» is empty."))

    public static let valueNotInList = DiagnosticCode(
        "value-not-in-list", .error,
        title: .init(ru: "Значение не из списка", en: "A value not in the list"),
        explanation: .init(
            ru: "Колонка допускает только значения из списка формы.",
            en: "The column accepts only the form's list values."),
        message: .init(
            ru: "Значение «{value}» в колонке «{column}» не из списка: {allowed}.",
            en: "«{value}» in «{column}» is not in the list: {allowed}."))

    public static let dateInvalid = DiagnosticCode(
        "date-invalid", .error,
        title: .init(ru: "Дата не распознана", en: "The date is not recognised"),
        explanation: .init(
            ru: "Введите дату в формате ДД.ММ.ГГГГ (например, 15.03.2021).",
            en: "Enter the date as DD.MM.YYYY (e.g. 15.03.2021)."),
        message: .init(
            ru: "«{value}» в колонке «{column}» не распознано как дата; введите ДД.ММ.ГГГГ.",
            en: "«{value}» in «{column}» is not a date; enter DD.MM.YYYY."))

    public static let numberInvalid = DiagnosticCode(
        "number-invalid", .error,
        title: .init(ru: "Не число", en: "Not a number"),
        explanation: .init(
            ru: "В колонке должно быть число без единиц измерения и пояснений (например, 12 или 12,5).",
            en: "The column takes a number without units or remarks (e.g. 12 or 12.5)."),
        message: .init(
            ru: "«{value}» в колонке «{column}» — не число. Укажите только число, без единиц измерения.",
            en: "«{value}» in «{column}» is not a number. Enter the number alone, without units."))

    public static let numberOutOfRange = DiagnosticCode(
        "number-out-of-range", .error,
        title: .init(ru: "Число вне допустимых пределов", en: "A number out of range"),
        explanation: .init(
            ru: "Число меньше минимума или больше максимума колонки (процент — от 0 до 100, количество — не меньше 0, целое — без дробной части).",
            en: "The number is below the column's minimum or above its maximum (a percent is 0 to 100, a count at least 0, an integer without a fraction)."),
        variants: [
            "whole": .init(
                ru: "В колонке «{column}» нужно целое число, а указано {value}.",
                en: "«{column}» takes a whole number, not {value}."),
            "below": .init(
                ru: "Значение {value} в колонке «{column}» меньше допустимого минимума {minimum}.",
                en: "{value} in «{column}» is below the minimum {minimum}."),
            "above": .init(
                ru: "Значение {value} в колонке «{column}» больше допустимого максимума {maximum}.",
                en: "{value} in «{column}» is above the maximum {maximum}."),
        ])

    public static let textTooLong = DiagnosticCode(
        "text-too-long", .error,
        title: .init(ru: "Слишком длинный текст", en: "The text is too long"),
        explanation: .init(
            ru: "Текст длиннее, чем допускает колонка. Сократите его; подробности можно приложить отдельным документом.",
            en: "The text is longer than the column allows. Shorten it; details can go in a separate document."),
        message: .init(
            ru: "Текст в колонке «{column}» длиннее {limit} символов ({length}). Сократите его.",
            en: "The text in «{column}» is longer than {limit} characters ({length}). Shorten it."))
}
