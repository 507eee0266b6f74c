import Foundation

/// The table's rows: measure ids (recovering the ones Excel mangled), titles, values by column
/// type, the schema's conditional rules, completion dates against the report date and the
/// measure's window, and the measures due this month that have no row.
struct RowsCheck {
    let pipeline: Pipeline
    let period: YearMonth?
    let reportDate: CivilDate?
    let foldedTitles: [String: String]

    private var schema: SubmissionSchema { pipeline.schema }
    private var roadmap: Roadmap { pipeline.roadmap }

    func check(_ submission: Submission, into sink: inout DiagnosticSink) -> [ReportEntry] {
        guard let idColumn = schema.column(role: .measureID) else { return [] }
        var seen: [String: CellAddress] = [:]
        var entries: [ReportEntry] = []
        var previousID: String?
        let order = Dictionary(uniqueKeysWithValues: roadmap.measures.enumerated().map { ($1.id, $0) })

        for row in submission.rows {
            let idCell = CellAddress(row: row.index, column: submission.columns[idColumn.id] ?? 0)
            var measure: Measure?
            switch resolveID(row, idColumn: idColumn, previousID: previousID, order: order) {
            case .missing:
                sink.add(.measureIDMissing, cell: idCell, message: .init(
                    ru: "В строке \(row.index + 1) заполнены данные, но не указан номер мероприятия.",
                    en: "Row \(row.index + 1) holds data but no measure number."))
            case .unknown(let text):
                sink.add(.measureUnknown, cell: idCell, value: text, message: .init(
                    ru: "Мероприятия с номером «\(text)» нет в дорожной карте.",
                    en: "The roadmap has no measure numbered «\(text)»."))
            case .ambiguous(let text, let candidates):
                let list = candidates.joined(separator: ", ")
                sink.add(.measureIDAmbiguous, cell: idCell, value: text, message: .init(
                    ru: "Номер мероприятия искажен Excel («\(text)»): это может быть \(list). Введите номер как текст.",
                    en: "Excel mangled the measure number («\(text)»): it may be \(list). Enter the number as text."))
            case .found(let found, let recoveredFrom, let how):
                measure = found
                if let recoveredFrom {
                    sink.add(.measureIDRecovered, cell: idCell, value: recoveredFrom, message: .init(
                        ru: "Номер мероприятия искажен Excel («\(recoveredFrom)»); принят номер \(found.id) (\(how.ru)). Вводите номера как текст.",
                        en: "Excel mangled the measure number («\(recoveredFrom)»); it was taken as \(found.id) (\(how.en)). Enter numbers as text."))
                }
            }
            guard let measure else {
                checkValues(row, submission: submission, measure: nil, into: &sink)
                continue
            }
            previousID = measure.id
            if let first = seen[measure.id] {
                sink.add(.measureDuplicate, cell: idCell, value: measure.id, message: .init(
                    ru: "Мероприятие \(measure.id) уже указано в строке \(first.row + 1).",
                    en: "Measure \(measure.id) is already on row \(first.row + 1)."))
                continue
            }
            seen[measure.id] = idCell
            checkTitle(row, measure: measure, into: &sink)
            let entry = checkValues(row, submission: submission, measure: measure, into: &sink)
            checkRules(row, submission: submission, measure: measure, status: entry.status, into: &sink)
            entries.append(entry)
        }

        if submission.rows.isEmpty {
            sink.add(.reportEmpty, message: .init(
                ru: "В таблице отчета нет ни одной заполненной строки.",
                en: "The report table has no filled-in rows."))
        }
        if let period {
            for measure in roadmap.measures where seen[measure.id] == nil && measure.schedule.dueMonths().contains(period) {
                sink.add(.measureMissing, value: measure.id, message: .init(
                    ru: "Нет строки по мероприятию \(measure.id) «\(Self.short(measure.title))»: по дорожной карте у него контрольная точка в отчетном месяце (срок: \(measure.deadlineText)).",
                    en: "No row for measure \(measure.id) «\(Self.short(measure.title))»: the roadmap has a checkpoint in the reporting month (deadline: \(measure.deadlineText))."))
            }
        }
        return entries
    }

    static func short(_ text: String) -> String { text.count > 80 ? String(text.prefix(79)) + "…" : text }

    // MARK: Ids

    static let typed = LocalizedText(ru: "введен верно", en: "typed correctly")

    enum Resolution {
        case missing
        case unknown(String)
        case ambiguous(String, [String])
        /// The measure, the mangled text it was recovered from (nil when typed correctly), and how.
        case found(Measure, recoveredFrom: String?, how: LocalizedText)
    }

    /// Reads the row's measure id. Excel stores a typed «2.10» as the number 2.1 and, in a Russian
    /// locale, «1.3» as the date 1 March; such ids are recovered when exactly one roadmap measure
    /// fits, or when the row's title or position picks one.
    func resolveID(_ row: SubmissionRow, idColumn: SchemaColumn, previousID: String?, order: [String: Int]) -> Resolution {
        let value = row.value(idColumn.id)
        let candidates: [String]
        let shown: String
        var mangled = false
        switch value {
        case .empty:
            return .missing
        case .string(let text):
            let id = ValueParsing.measureID(text)
            if id.isEmpty { return .missing }
            if let measure = roadmap.measure(id: id) { return .found(measure, recoveredFrom: nil, how: Self.typed) }
            return .unknown(text.trimmed)
        case .number(let number):
            shown = CellValue.format(number: number)
            // Every roadmap id that reads as this number: 2.1 → 2.1, 2.10, 2.100.
            candidates = roadmap.measures.map(\.id).filter { Double($0) == number }
            if candidates == [shown] { return .found(roadmap.measure(id: shown)!, recoveredFrom: nil, how: Self.typed) }
            mangled = true
        case .date(let date):
            shown = date.russian
            candidates = ["\(date.day).\(date.month)"].filter { roadmap.measure(id: $0) != nil }
            mangled = true
        case .dateTime(let dateTime):
            shown = dateTime.date.russian
            candidates = ["\(dateTime.date.day).\(dateTime.date.month)"].filter { roadmap.measure(id: $0) != nil }
            mangled = true
        default:
            return .unknown(value.text)
        }
        guard mangled else { return .unknown(shown) }
        if candidates.isEmpty { return .unknown(shown) }
        // A number that is itself the chosen id (2.1 meaning 2.1) was not mangled.
        func found(_ id: String, _ how: LocalizedText) -> Resolution {
            .found(roadmap.measure(id: id)!, recoveredFrom: id == shown ? nil : shown, how: how)
        }
        if candidates.count == 1 {
            return found(candidates[0], .init(ru: "единственный подходящий номер в дорожной карте", en: "the only roadmap number that fits"))
        }
        // Several fit: the title decides, else the position after the previous row's measure.
        if let titleColumn = schema.column(role: .measureTitle) {
            let title = TextCleaner.fold(row.value(titleColumn.id).text)
            if !title.isEmpty {
                let byTitle = candidates.filter { Self.sameTitle(title, foldedTitles[$0] ?? "") }
                if byTitle.count == 1 { return found(byTitle[0], .init(ru: "по названию мероприятия", en: "by the measure's title")) }
            }
        }
        if let previousID, let previous = order[previousID] {
            let next = candidates.filter { order[$0] == previous + 1 }
            if next.count == 1 { return found(next[0], .init(ru: "по месту строки после \(previousID)", en: "by the row's place after \(previousID)")) }
        }
        return .ambiguous(shown, candidates)
    }

    /// Titles match when equal after folding, or when one is a cut-off start of the other.
    static func sameTitle(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        let (short, long) = a.count < b.count ? (a, b) : (b, a)
        return short.count >= 20 && long.hasPrefix(short)
    }

    func checkTitle(_ row: SubmissionRow, measure: Measure, into sink: inout DiagnosticSink) {
        guard let column = schema.column(role: .measureTitle), let cell = row.values[column.id] else { return }
        let text = cell.value.text
        if text == measure.title { return }  // the form's own text: no folding needed
        guard !Self.sameTitle(TextCleaner.fold(text), foldedTitles[measure.id] ?? TextCleaner.fold(measure.title)) else { return }
        sink.add(.titleMismatch, cell: cell.address, value: text, message: .init(
            ru: "Название не совпадает с мероприятием \(measure.id) дорожной карты («\(Self.short(measure.title))»). Проверьте номер.",
            en: "The title differs from roadmap measure \(measure.id) («\(Self.short(measure.title))»). Check the number."))
    }

    // MARK: Values

    @discardableResult
    func checkValues(_ row: SubmissionRow, submission: Submission, measure: Measure?, into sink: inout DiagnosticSink) -> ReportEntry {
        var entry = ReportEntry(measureID: measure?.id ?? "", numbers: [:])
        for column in schema.columns {
            guard let index = submission.columns[column.id] else { continue }
            let address = CellAddress(row: row.index, column: index)
            let value = row.value(column.id)
            if column.role == .measureID || column.role == .measureTitle || column.role == .deadline { continue }
            if value.isEmpty {
                if column.role == .status {
                    sink.add(.statusMissing, cell: address, message: .init(
                        ru: "Не указан статус мероприятия\(measure.map { " \($0.id)" } ?? ""). Выберите его из списка.",
                        en: "No status for measure\(measure.map { " \($0.id)" } ?? ""). Pick one from the list."))
                } else if column.required {
                    sink.add(.valueMissing, cell: address, message: .init(
                        ru: "Не заполнена обязательная колонка «\(column.title)».",
                        en: "The required column «\(column.title)» is empty."))
                }
                continue
            }
            let text = value.text
            switch column.type {
            case .enum:
                let folded = TextCleaner.fold(text)
                if let canonical = column.values.first(where: { TextCleaner.fold($0) == folded }) {
                    if column.role == .status { entry.status = canonical }
                } else if column.role == .status {
                    sink.add(.statusInvalid, cell: address, value: text, message: .init(
                        ru: "Статус «\(text)» не из списка: \(column.values.joined(separator: ", ")).",
                        en: "The status «\(text)» is not in the list: \(column.values.joined(separator: ", "))."))
                } else {
                    sink.add(.valueNotInList, cell: address, value: text, message: .init(
                        ru: "Значение «\(text)» в колонке «\(column.title)» не из списка: \(column.values.joined(separator: ", ")).",
                        en: "«\(text)» in «\(column.title)» is not in the list: \(column.values.joined(separator: ", "))."))
                }
            case .date:
                guard let date = ValueParsing.date(value) else {
                    sink.add(.dateInvalid, cell: address, value: text, message: .init(
                        ru: "«\(text)» в колонке «\(column.title)» не распознано как дата; введите ДД.ММ.ГГГГ.",
                        en: "«\(text)» in «\(column.title)» is not a date; enter DD.MM.YYYY."))
                    continue
                }
                if column.role == .completionDate {
                    entry.completionDate = date
                    checkCompletionDate(date, address: address, measure: measure, into: &sink)
                }
            case .integer, .decimal, .percent:
                guard let number = ValueParsing.number(value) else {
                    sink.add(.numberInvalid, cell: address, value: text, message: .init(
                        ru: "«\(text)» в колонке «\(column.title)» — не число. Укажите только число, без единиц измерения.",
                        en: "«\(text)» in «\(column.title)» is not a number. Enter the number alone, without units."))
                    continue
                }
                let minimum = column.minimum ?? (column.type == .percent ? 0 : nil)
                let maximum = column.maximum ?? (column.type == .percent ? 100 : nil)
                if column.type == .integer && number != number.rounded() {
                    sink.add(.numberOutOfRange, cell: address, value: text, message: .init(
                        ru: "В колонке «\(column.title)» нужно целое число, а указано \(text).",
                        en: "«\(column.title)» takes a whole number, not \(text)."))
                } else if let minimum, number < minimum {
                    sink.add(.numberOutOfRange, cell: address, value: text, message: .init(
                        ru: "Значение \(text) в колонке «\(column.title)» меньше допустимого минимума \(CellValue.format(number: minimum)).",
                        en: "\(text) in «\(column.title)» is below the minimum \(CellValue.format(number: minimum))."))
                } else if let maximum, number > maximum {
                    sink.add(.numberOutOfRange, cell: address, value: text, message: .init(
                        ru: "Значение \(text) в колонке «\(column.title)» больше допустимого максимума \(CellValue.format(number: maximum)).",
                        en: "\(text) in «\(column.title)» is above the maximum \(CellValue.format(number: maximum))."))
                } else {
                    if column.role == .indicatorValue { entry.indicatorValue = number }
                    entry.numbers[column.id] = number
                }
            case .text:
                if let limit = column.maxLength, text.count > limit {
                    sink.add(.textTooLong, cell: address, value: String(text.prefix(60)) + "…", message: .init(
                        ru: "Текст в колонке «\(column.title)» длиннее \(limit) символов (\(text.count)). Сократите его.",
                        en: "The text in «\(column.title)» is longer than \(limit) characters (\(text.count)). Shorten it."))
                }
                let cleaned = text.trimmed
                switch column.role {
                case .actualResult: entry.actualResult = cleaned
                case .reason: entry.reason = cleaned
                case .comment: entry.comment = cleaned
                default: break
                }
            }
        }
        return entry
    }

    func checkCompletionDate(_ date: CivilDate, address: CellAddress, measure: Measure?, into sink: inout DiagnosticSink) {
        if let reportDate, date > reportDate {
            sink.add(.dateInFuture, cell: address, value: date.russian, message: .init(
                ru: "Дата выполнения \(date.russian) позже даты отчета \(reportDate.russian).",
                en: "The completion date \(date.russian) is after the report date \(reportDate.russian)."))
            return
        }
        guard let measure, let start = measure.schedule.start, let end = measure.schedule.end else { return }
        // A deadline given as a date («01.03.2021», «до 1 июня») is "by then": finishing early is fine.
        let byDate = measure.schedule.kind == .date || measure.schedule.kind == .dates
        if (!byDate && date < start) || date > end {
            sink.add(.dateOutsideWindow, cell: address, value: date.russian, message: .init(
                ru: "Дата выполнения \(date.russian) вне срока мероприятия \(measure.id) по дорожной карте (\(start.russian)–\(end.russian)).",
                en: "The completion date \(date.russian) is outside measure \(measure.id)'s window (\(start.russian)–\(end.russian))."))
        }
    }

    // MARK: Rules

    func checkRules(_ row: SubmissionRow, submission: Submission, measure: Measure, status: String?, into sink: inout DiagnosticSink) {
        guard let status else { return }
        let checkpointPassed = period.map { measure.checkpointPassed(by: $0) } ?? false
        var reported: Set<String> = []
        for rule in schema.rules where rule.statuses.contains(status) {
            if let needed = rule.checkpointPassed, needed != checkpointPassed { continue }
            for id in rule.require where !reported.contains(id) {
                guard let column = schema.column(id: id), let index = submission.columns[id] else { continue }
                guard row.value(id).isEmpty || row.value(id).text.trimmed.isEmpty else { continue }
                reported.insert(id)
                let address = CellAddress(row: row.index, column: index)
                let why: LocalizedText = rule.checkpointPassed == true
                    ? .init(ru: "срок мероприятия \(measure.id) («\(measure.deadlineText)») истек, а оно в статусе «\(status)»",
                            en: "measure \(measure.id)'s checkpoint («\(measure.deadlineText)») has passed and its status is «\(status)»")
                    : .init(ru: "статус «\(status)»", en: "the status is «\(status)»")
                let code: DiagnosticCode
                switch column.role {
                case .completionDate: code = .completionDateMissing
                case .actualResult: code = .resultMissing
                case .reason: code = .reasonMissing
                default: code = .ruleValueMissing
                }
                sink.add(code, cell: address, message: .init(
                    ru: "Заполните «\(column.title)»: \(why.ru).",
                    en: "Fill in «\(column.title)»: \(why.en)."))
            }
        }
    }
}
