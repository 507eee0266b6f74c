import Foundation
import Spreadsheet
import SvodModel

/// The table's rows: measure ids (recovering the ones Excel mangled), titles, values by column
/// type, the schema's conditional rules, completion dates against the report date and the
/// measure's window, and the measures due this month that have no row.
///
/// Rows arrive one at a time (`check(_:into:)`, in sheet order) and are not kept here; what the
/// check keeps is bounded by the roadmap, not by the file: which measures have been seen (one
/// slot per measure) and the `entries`, one per roadmap measure the table names (its first
/// row; a second row of a measure is `measure-duplicate`, and a row naming no measure is an
/// error too). So a valid report's entries are all its rows, and a file of a million rows keeps
/// at most as many entries as the roadmap has measures. They are kept for invalid files as well
/// (consolidation reads only valid ones): the bound is the same and the entries stay what the
/// checks understood, whatever the verdict.
struct RowsCheck {
    let plan: ValidationPlan
    /// Schema column position → the table's column index (nil when the table lacks it).
    let positions: [Int?]
    package let period: YearMonth?
    let reportDate: CivilDate?
    /// Measure position → the id cell of the first row naming it.
    private var seen: [CellAddress?]
    /// The measure of the previous row whose id resolved (to place a mangled id).
    private var previous: Int?
    /// The rows' values for consolidation, one per measure named, in row order.
    private(set) var entries: [ReportEntry] = []

    init(plan: ValidationPlan, positions: [Int?], period: YearMonth?, reportDate: CivilDate?) {
        self.plan = plan
        self.positions = positions
        self.period = period
        self.reportDate = reportDate
        self.seen = [CellAddress?](repeating: nil, count: plan.measures.count)
    }

    /// Checks one table row; returns whether it became an entry (the first row of a measure).
    mutating func check(_ row: SubmissionRow, into sink: inout DiagnosticSink) -> Bool {
        guard let idPosition = plan.idPosition else { return false }
        let idCell = CellAddress(row: row.index, column: positions[idPosition] ?? 0)
        var found: Int?
        switch resolveID(row, idPosition: idPosition, previous: previous) {
        case .missing:
            sink.add(.measureIDMissing, cell: idCell, message: .init(
                ru: "В строке \(row.index + 1) заполнены данные, но не указан номер мероприятия.",
                en: "Row \(row.index + 1) holds data but no measure number."))
        case .unknown(let text):
            sink.add(.measureUnknown, cell: idCell, value: text, message: .init(
                ru: "Мероприятия с номером «\(text)» нет в дорожной карте.",
                en: "The roadmap has no measure numbered «\(text)»."))
        case .ambiguous(let text, let candidates):
            sink.add(.measureIDAmbiguous, cell: idCell, value: text, message: .init(
                ru: "Номер мероприятия искажен Excel («\(text)»): это может быть \(candidates.joined(separator: ", ")). Введите номер как текст.",
                en: "Excel mangled the measure number («\(text)»): it may be \(candidates.joined(separator: ", ")). Enter the number as text."))
        case .found(let position, let recoveredFrom, let how):
            found = position
            if let recoveredFrom {
                let found = plan.measures[position]
                sink.add(.measureIDRecovered, cell: idCell, value: recoveredFrom, message: .init(
                    ru: "Номер мероприятия искажен Excel («\(recoveredFrom)»); принят номер \(found.id) (\(how.ru)). Вводите номера как текст.",
                    en: "Excel mangled the measure number («\(recoveredFrom)»); it was taken as \(found.id) (\(how.en)). Enter numbers as text."))
            }
        }
        guard let found else {
            checkValues(row, measure: nil, into: &sink)
            return false
        }
        previous = found
        let measure = plan.measures[found]
        if let first = seen[found] {
            sink.add(.measureDuplicate, cell: idCell, value: measure.id, message: .init(
                ru: "Мероприятие \(measure.id) уже указано в строке \(first.row + 1).",
                en: "Measure \(measure.id) is already on row \(first.row + 1)."))
            return false
        }
        seen[found] = idCell
        checkTitle(row, measure: found, into: &sink)
        let entry = checkValues(row, measure: found, into: &sink)
        checkRules(row, measure: found, status: entry.status, into: &sink)
        entries.append(entry)
        return true
    }

    /// After the last row: an empty table, and the measures due this month that have no row.
    func finish(rowCount: Int, into sink: inout DiagnosticSink) {
        guard plan.idPosition != nil else { return }
        if rowCount == 0 {
            sink.add(.reportEmpty, message: .init(
                ru: "В таблице отчета нет ни одной заполненной строки.",
                en: "The report table has no filled-in rows."))
        }
        if let period {
            for (position, measure) in plan.measures.enumerated()
            where seen[position] == nil && plan.measureIndex[measure.id] == position && plan.isDue(position, in: period) {
                sink.add(.measureMissing, value: measure.id, message: .init(
                    ru: "Нет строки по мероприятию \(measure.id) «\(Self.short(measure.title))»: по дорожной карте у него контрольная точка в отчетном месяце (срок: \(measure.deadlineText)).",
                    en: "No row for measure \(measure.id) «\(Self.short(measure.title))»: the roadmap has a checkpoint in the reporting month (deadline: \(measure.deadlineText))."))
            }
        }
    }

    static func short(_ text: String) -> String { text.count > 80 ? String(text.prefix(79)) + "…" : text }

    // MARK: Ids

    static let typed = LocalizedText(ru: "введен верно", en: "typed correctly")

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
        if candidates.count == 1 {
            return found(candidates[0], .init(ru: "единственный подходящий номер в дорожной карте", en: "the only roadmap number that fits"))
        }
        // Several fit: the title decides, else the position after the previous row's measure.
        if let titlePosition = plan.titlePosition {
            let title = TextCleaner.fold(row.value(at: titlePosition).text)
            if !title.isEmpty {
                let byTitle = candidates.filter { id in
                    plan.measureIndex[id].map { Self.sameTitle(title, plan.foldedTitles[$0]) } ?? false
                }
                if byTitle.count == 1 { return found(byTitle[0], .init(ru: "по названию мероприятия", en: "by the measure's title")) }
            }
        }
        if let previous {
            let next = candidates.filter { plan.measureIndex[$0] == previous + 1 }
            let previousID = plan.measures[previous].id
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

    func checkTitle(_ row: SubmissionRow, measure position: Int, into sink: inout DiagnosticSink) {
        guard let titlePosition = plan.titlePosition, let cell = row.cells[titlePosition] else { return }
        let text = cell.value.text
        // The form's own text (the same bytes): no folding needed.
        if text.sameBytes(as: plan.measures[position].title) { return }
        guard !Self.sameTitle(TextCleaner.fold(text), plan.foldedTitles[position]) else { return }
        let measure = plan.measures[position]
        sink.add(.titleMismatch, cell: cell.address, value: text, message: .init(
            ru: "Название не совпадает с мероприятием \(measure.id) дорожной карты («\(Self.short(measure.title))»). Проверьте номер.",
            en: "The title differs from roadmap measure \(measure.id) («\(Self.short(measure.title))»). Check the number."))
    }

    // MARK: Values

    @discardableResult
    func checkValues(_ row: SubmissionRow, measure: Int?, into sink: inout DiagnosticSink) -> ReportEntry {
        var entry = ReportEntry(measureID: measure.map { plan.measures[$0].id } ?? "", numbers: [:])
        let measureLabel = { measure.map { " " + plan.measures[$0].id } ?? "" }
        for (position, check) in plan.checks.enumerated() where !check.skipped {
            guard let index = positions[position] else { continue }
            let address = CellAddress(row: row.index, column: index)
            guard let value = row.cells[position]?.value else {
                if check.role == .status {
                    sink.add(.statusMissing, cell: address, message: .init(
                        ru: "Не указан статус мероприятия\(measureLabel()). Выберите его из списка.",
                        en: "No status for measure\(measureLabel()). Pick one from the list."))
                } else if check.required {
                    let title = plan.columns[position].title
                    sink.add(.valueMissing, cell: address, message: .init(
                        ru: "Не заполнена обязательная колонка «\(title)».",
                        en: "The required column «\(title)» is empty."))
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
                    let (text, title) = (value.text, plan.columns[position].title)
                    sink.add(.dateInvalid, cell: address, value: text, message: .init(
                        ru: "«\(text)» в колонке «\(title)» не распознано как дата; введите ДД.ММ.ГГГГ.",
                        en: "«\(text)» in «\(title)» is not a date; enter DD.MM.YYYY."))
                    continue
                }
                if check.role == .completionDate {
                    entry.completionDate = date
                    checkCompletionDate(date, address: address, measure: measure, into: &sink)
                }
            case .integer, .decimal, .percent:
                guard let number = ValueParsing.number(value) else {
                    let (text, title) = (value.text, plan.columns[position].title)
                    sink.add(.numberInvalid, cell: address, value: text, message: .init(
                        ru: "«\(text)» в колонке «\(title)» — не число. Укажите только число, без единиц измерения.",
                        en: "«\(text)» in «\(title)» is not a number. Enter the number alone, without units."))
                    continue
                }
                if check.type == .integer && number != number.rounded() {
                    let (text, title) = (value.text, plan.columns[position].title)
                    sink.add(.numberOutOfRange, cell: address, value: text, message: .init(
                        ru: "В колонке «\(title)» нужно целое число, а указано \(text).",
                        en: "«\(title)» takes a whole number, not \(text)."))
                } else if let minimum = check.minimum, number < minimum {
                    let (text, title) = (value.text, plan.columns[position].title)
                    sink.add(.numberOutOfRange, cell: address, value: text, message: .init(
                        ru: "Значение \(text) в колонке «\(title)» меньше допустимого минимума \(CellValue.format(number: minimum)).",
                        en: "\(text) in «\(title)» is below the minimum \(CellValue.format(number: minimum))."))
                } else if let maximum = check.maximum, number > maximum {
                    let (text, title) = (value.text, plan.columns[position].title)
                    sink.add(.numberOutOfRange, cell: address, value: text, message: .init(
                        ru: "Значение \(text) в колонке «\(title)» больше допустимого максимума \(CellValue.format(number: maximum)).",
                        en: "\(text) in «\(title)» is above the maximum \(CellValue.format(number: maximum))."))
                } else {
                    if check.role == .indicatorValue { entry.indicatorValue = number }
                    if check.keepsNumber { entry.numbers[plan.columns[position].id] = number }
                }
            case .text:
                let text = value.text
                if let limit = check.maxLength, text.utf8.count > limit, text.count > limit {
                    let title = plan.columns[position].title
                    sink.add(.textTooLong, cell: address, value: String(text.prefix(60)) + "…", message: .init(
                        ru: "Текст в колонке «\(title)» длиннее \(limit) символов (\(text.count)). Сократите его.",
                        en: "The text in «\(title)» is longer than \(limit) characters (\(text.count)). Shorten it."))
                }
                switch check.role {
                case .actualResult: entry.actualResult = text.trimmed
                case .reason: entry.reason = text.trimmed
                case .comment: entry.comment = text.trimmed
                default: break
                }
            }
        }
        return entry
    }

    func checkCompletionDate(_ date: CivilDate, address: CellAddress, measure position: Int?, into sink: inout DiagnosticSink) {
        if let reportDate, date > reportDate {
            sink.add(.dateInFuture, cell: address, value: date.russian, message: .init(
                ru: "Дата выполнения \(date.russian) позже даты отчета \(reportDate.russian).",
                en: "The completion date \(date.russian) is after the report date \(reportDate.russian)."))
            return
        }
        guard let position else { return }
        let measure = plan.measures[position]
        guard let start = measure.schedule.start, let end = measure.schedule.end else { return }
        // A deadline given as a date («01.03.2021», «до 1 июня») is "by then": finishing early is fine.
        let byDate = measure.schedule.kind == .date || measure.schedule.kind == .dates
        if (!byDate && date < start) || date > end {
            sink.add(.dateOutsideWindow, cell: address, value: date.russian, message: .init(
                ru: "Дата выполнения \(date.russian) вне срока мероприятия \(measure.id) по дорожной карте (\(start.russian)–\(end.russian)).",
                en: "The completion date \(date.russian) is outside measure \(measure.id)'s window (\(start.russian)–\(end.russian))."))
        }
    }

    // MARK: Rules

    func checkRules(_ row: SubmissionRow, measure position: Int, status: String?,
                    into sink: inout DiagnosticSink) {
        guard let status else { return }
        let checkpointPassed = period.map { plan.checkpointPassed(position, by: $0) } ?? false
        guard let statusPosition = plan.statusPosition,
              let index = plan.columns[statusPosition].values.firstIndex(where: { $0.sameBytes(as: status) }) else { return }
        var reported: Set<Int> = []
        for ruleIndex in plan.rulesByStatus[index] {
            let rule = plan.rules[ruleIndex]
            if let needed = rule.checkpointPassed, needed != checkpointPassed { continue }
            for required in rule.require where !reported.contains(required) {
                guard let index = positions[required], row.cells[required] == nil else { continue }
                reported.insert(required)
                let column = plan.columns[required]
                let measure = plan.measures[position]
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
