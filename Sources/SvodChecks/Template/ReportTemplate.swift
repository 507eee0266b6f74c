import Foundation
import Spreadsheet
import SvodModel

/// The monthly report form a municipality fills in: a title block filled in, one row per measure
/// whose window has begun by the end of the month (plus the unscheduled ones), id/title/deadline
/// locked, drop-downs and validation on the cells the clerk fills, and an «Инструкция» sheet.
public struct ReportTemplate: Sendable {
    public var pipeline: Pipeline
    public var municipality: Reporter
    public var period: ReportPeriod
    public var language: Language

    public init(pipeline: Pipeline, municipality: Reporter, period: ReportPeriod, language: Language = .ru) {
        self.pipeline = pipeline
        self.municipality = municipality
        self.period = period
        self.language = language
    }

    /// The measures the form lists, in roadmap order: the reporter's own measures for the period
    /// (see ``Obligations``) whose window has started by the end of the period (so ongoing and
    /// overdue ones are reported too), and its unscheduled ones.
    public var measures: [Measure] {
        pipeline.measureIndices(for: municipality, in: period).map { pipeline.roadmap.measures[$0] }.filter { measure in
            guard let start = measure.schedule.start else { return true }
            return start <= period.lastDay
        }
    }

    /// The measures with a checkpoint in this period: a report on them is mandatory.
    public var dueThisMonth: Set<String> {
        Set(measures.filter { $0.schedule.dueMonths().contains(where: period.contains) }.map(\.id))
    }

    /// `05701000_2021-03.xlsx`: the OKTMO code and the month, which the validator reads back.
    public var fileStem: String { "\(municipality.code)_\(period)" }

    /// The report sheet's name.
    public static func sheetName(_ language: Language) -> String { language == .ru ? "Отчет" : "Report" }

    /// 0-based row of the table header in the form.
    static let headerRow = 9

    var due: ReportDue { pipeline.calendar.dueDate(for: period) }

    private var ru: Bool { language == .ru }

    private func monthTitle() -> String {
        ru ? period.words.ru : period.description
    }

    /// Writes the XLSX form.
    public func writeXLSX(to path: String) throws {
        let issued = CivilDateTime(date: min(period.next.firstDay, due.date))
        let writer = try XLSXWriter(path: path, options: .init(
            creationDate: issued, title: ru ? "Отчет о реализации дорожной карты" : "Roadmap report",
            author: "Svod", company: pipeline.definition.region))
        let columns = pipeline.schema.columns
        let sheet = try writer.addSheet(name: Self.sheetName(language))
        let border = CellStyle(wrap: true, border: true)
        let label = CellStyle(bold: true, vertical: .top, wrap: true)
        let given = CellStyle(fill: 0xF2F2F2, wrap: true, border: true)
        let input = CellStyle(fill: 0xFFFFFF, wrap: true, border: true, locked: false)
        let inputDate = CellStyle(fill: 0xFFFFFF, horizontal: .center, border: true, numberFormat: "dd.mm.yyyy", locked: false)
        let header = CellStyle(bold: true, fill: 0xD9E1F2, horizontal: .center, vertical: .center, wrap: true, border: true)
        let lockedText = CellStyle(fill: 0xF2F2F2, vertical: .top, wrap: true, border: true)
        let dueText = CellStyle(bold: true, fill: 0xFFF2CC, vertical: .top, wrap: true, border: true)
        let last = columns.count - 1

        // Widths by role.
        for (index, column) in columns.enumerated() {
            let width: Double
            switch column.role {
            case .measureID: width = 11
            case .measureTitle: width = 48
            case .deadline: width = 18
            case .status: width = 16
            case .completionDate: width = 14
            case .actualResult, .reason: width = 36
            case .indicatorValue: width = 14
            default: width = column.type == .text ? 28 : 14
            }
            try sheet.setColumn(width: width, first: index)
        }

        let title = (ru ? "Отчет о реализации дорожной карты за " : "Report on the roadmap for ") + monthTitle()
        try sheet.setRow(0, height: 36)
        try sheet.merge(range: CellRange(first: CellAddress(row: 0, column: 0), last: CellAddress(row: 0, column: last)),
                        value: .string(title), style: CellStyle(bold: true, fontSize: 13, vertical: .center, wrap: true))
        let fields: [(TitleField, CellValue, CellStyle)] = [
            (.municipality, .string(municipality.name), given),
            (.oktmo, .string(municipality.code), given),
            (.period, .string(monthTitle()), given),
            (.filledOn, .empty, inputDate),
            (.person, .empty, input),
            (.phone, .empty, input),
        ]
        for (offset, (field, value, style)) in fields.enumerated() {
            let row = 1 + offset
            try sheet.merge(range: CellRange(first: CellAddress(row: row, column: 0), last: CellAddress(row: row, column: 1)),
                            value: .string(field.label(for: municipality.kind, cadence: period.cadence)(language)), style: label)
            try sheet.merge(range: CellRange(first: CellAddress(row: row, column: 2), last: CellAddress(row: row, column: 3)),
                            value: value, style: style)
        }
        let dueLine = (ru ? "Срок сдачи: до " : "Due by ") + "\(due.date.russian) 23:59 (\(pipeline.definition.timeZone)). "
            + (ru ? "Строки, выделенные цветом, — мероприятия с контрольной точкой в этом месяце: по ним отчет обязателен."
                  : "Highlighted rows are measures with a checkpoint this month: reporting on them is mandatory.")
        try sheet.setRow(8, height: 30)
        try sheet.merge(range: CellRange(first: CellAddress(row: 8, column: 0), last: CellAddress(row: 8, column: last)),
                        value: .string(dueLine), style: CellStyle(italic: true, wrap: true))

        // Header and rows.
        try sheet.setRow(Self.headerRow, height: 32)
        for (index, column) in columns.enumerated() {
            try sheet.write(row: Self.headerRow, column: index, value: .string(column.title), style: header)
        }
        let list = measures
        let dueIDs = dueThisMonth
        let titleWidth = columns.firstIndex { $0.role == .measureTitle }.map { _ in 48.0 } ?? 48
        for (offset, measure) in list.enumerated() {
            let row = Self.headerRow + 1 + offset
            // Spreadsheet programs do not grow rows for wrapped text on their own: size each row
            // for its title (about one line per column width in characters).
            let lines = max(1, Int((Double(measure.title.count) / (titleWidth * 1.1)).rounded(.up)))
            try sheet.setRow(row, height: max(15, 12.75 * Double(lines) + 3))
            for (index, column) in columns.enumerated() {
                switch column.role {
                case .measureID:
                    try sheet.write(row: row, column: index, value: .string(measure.id),
                                    style: dueIDs.contains(measure.id) ? dueText : lockedText)
                case .measureTitle:
                    try sheet.write(row: row, column: index, value: .string(measure.title), style: lockedText)
                case .deadline:
                    try sheet.write(row: row, column: index, value: .string(measure.deadlineText), style: lockedText)
                case _ where column.share != nil && !measure.hasShareIndicator:
                    // A share's numerator and denominator only on the rows of measures whose
                    // result is a share («Доля ОО …»); other rows keep the cells locked.
                    try sheet.write(row: row, column: index, value: .empty, style: lockedText)
                default:
                    try sheet.write(row: row, column: index, value: .empty,
                                    style: column.type == .date ? inputDate : (column.type == .text || column.type == .enum ? input : CellStyle(border: true, locked: false)))
                }
            }
        }
        let lastRow = Self.headerRow + max(list.count, 1)
        // Validation on the cells the clerk fills.
        for (index, column) in columns.enumerated() {
            let range = CellRange(first: CellAddress(row: Self.headerRow + 1, column: index), last: CellAddress(row: lastRow, column: index))
            let hint = String(column.instruction.prefix(250))
            switch column.type {
            case .enum:
                try sheet.dataValidationList(range: range, values: column.values, messages: .init(
                    inputTitle: String(column.title.prefix(32)), inputMessage: hint,
                    errorTitle: ru ? "Значение не из списка" : "Not in the list",
                    errorMessage: ru ? "Выберите значение из списка." : "Pick a value from the list."))
            case .date:
                try sheet.dataValidation(range: range, rule: .date(.between(pipeline.roadmap.period.start, due.date)), messages: .init(
                    inputTitle: String(column.title.prefix(32)), inputMessage: hint,
                    errorTitle: ru ? "Неверная дата" : "Invalid date",
                    errorMessage: ru ? "Введите дату ДД.ММ.ГГГГ в пределах срока дорожной карты и не позже срока сдачи."
                                     : "Enter a DD.MM.YYYY date within the roadmap, not after the due date."))
            case .integer:
                try sheet.dataValidation(range: range, rule: .integer(.between(Int(column.minimum ?? 0), Int(column.maximum ?? 1_000_000_000))),
                                         messages: .init(inputTitle: String(column.title.prefix(32)), inputMessage: hint))
            case .decimal, .percent:
                let low = column.minimum ?? 0
                let high = column.maximum ?? (column.type == .percent ? 100 : 1e12)
                try sheet.dataValidation(range: range, rule: .decimal(.between(low, high)), messages: .init(
                    inputTitle: String(column.title.prefix(32)), inputMessage: hint,
                    errorTitle: ru ? "Нужно число" : "A number is needed",
                    errorMessage: ru ? "Введите число без единиц измерения." : "Enter a number without units."))
            case .text:
                if let limit = column.maxLength, column.role != .measureID, column.role != .measureTitle, column.role != .deadline {
                    try sheet.dataValidation(range: range, rule: .textLength(.lessThanOrEqualTo(limit)), messages: .init(
                        inputTitle: String(column.title.prefix(32)), inputMessage: hint,
                        errorTitle: ru ? "Слишком длинный текст" : "Text too long",
                        errorMessage: ru ? "Не больше \(limit) символов." : "At most \(limit) characters."))
                }
            }
        }
        try sheet.freezePanes(row: Self.headerRow + 1, column: 2)
        try sheet.printSetup(landscape: true, fitToWidth: true, repeatRows: Self.headerRow...Self.headerRow)
        try sheet.protect(options: ProtectionOptions(formatColumns: true, formatRows: true))
        _ = border

        try writeInstructions(writer)
        try writer.close()
    }

    private func writeInstructions(_ writer: XLSXWriter) throws {
        let sheet = try writer.addSheet(name: ru ? "Инструкция" : "Instructions")
        try sheet.setColumn(width: 28, first: 0)
        try sheet.setColumn(width: 14, first: 1)
        try sheet.setColumn(width: 90, first: 2)
        let bold = CellStyle(bold: true, wrap: true)
        let wrap = CellStyle(vertical: .top, wrap: true)
        var row = 0
        try sheet.write(row: row, column: 0, value: .string(ru ? "Как заполнить отчет" : "How to fill in the report"),
                        style: CellStyle(bold: true, fontSize: 13))
        row += 2
        let lines: [String] = ru ? [
            "Отчет о реализации дорожной карты «\(pipeline.roadmap.title)» за \(monthTitle()), \(municipality.name).",
            due.explanation(.ru),
            "Заполняйте только белые ячейки листа «Отчет». Номера, названия и сроки мероприятий не изменяйте; строки не удаляйте.",
            "Перед отправкой проверьте файл: svod validate ФАЙЛ --pipeline \((pipeline.definition.file as NSString).lastPathComponent) — программа укажет каждую ошибку по ячейкам.",
        ] : [
            "Report on the roadmap «\(pipeline.roadmap.title)» for \(period), \(municipality.name).",
            due.explanation(.en),
            "Fill in only the white cells of the «Report» sheet. Do not change measure numbers, titles or deadlines; do not delete rows.",
            "Check the file before sending: svod validate FILE --pipeline \((pipeline.definition.file as NSString).lastPathComponent).",
        ]
        for line in lines {
            try sheet.merge(range: CellRange(first: CellAddress(row: row, column: 0), last: CellAddress(row: row, column: 2)),
                            value: .string(line), style: wrap)
            try sheet.setRow(row, height: 32)
            row += 1
        }
        row += 1
        try sheet.writeRow([.string(ru ? "Колонка" : "Column"), .string(ru ? "Обязательна" : "Required"),
                            .string(ru ? "Как заполнять" : "How to fill in")], at: row, style: bold)
        row += 1
        for column in pipeline.schema.columns {
            let mandatory = column.required || column.role == .measureID || column.role == .status
            let conditional = pipeline.schema.rules.contains { $0.require.contains(column.id) }
            let need = mandatory ? (ru ? "да" : "yes") : conditional ? (ru ? "по условию" : "conditionally") : (ru ? "нет" : "no")
            var how = column.instruction
            if column.type == .enum { how += (how.isEmpty ? "" : " ") + (ru ? "Значения: " : "Values: ") + column.values.joined(separator: ", ") + "." }
            try sheet.writeRow([.string(column.title), .string(need), .string(how)], at: row, style: wrap)
            row += 1
        }
    }

    /// Writes the CSV variant (UTF-8 with BOM, `;`): the same title block, header and rows.
    public func writeCSV(to path: String) throws {
        func field(_ text: String) -> String {
            text.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        var lines: [String] = [field((ru ? "Отчет о реализации дорожной карты за " : "Report on the roadmap for ") + monthTitle())]
        lines.append("\(field(TitleField.municipality.label(for: municipality.kind, cadence: period.cadence)(language)));\(field(municipality.name))")
        lines.append("\(field(TitleField.oktmo.label(for: municipality.kind, cadence: period.cadence)(language)));\(municipality.code)")
        lines.append("\(field(TitleField.period.label(for: municipality.kind, cadence: period.cadence)(language)));\(field(monthTitle()))")
        lines.append("\(field(TitleField.filledOn.label(language)));")
        lines.append("\(field(TitleField.person.label(language)));")
        lines.append("\(field(TitleField.phone.label(language)));")
        lines.append("")
        lines.append(pipeline.schema.columns.map { field($0.title) }.joined(separator: ";"))
        for measure in measures {
            lines.append(pipeline.schema.columns.map { column -> String in
                switch column.role {
                case .measureID: return field(measure.id)
                case .measureTitle: return field(measure.title)
                case .deadline: return field(measure.deadlineText)
                default: return ""
                }
            }.joined(separator: ";"))
        }
        var data = Data([0xEF, 0xBB, 0xBF])
        data.append(Data((lines.joined(separator: "\r\n") + "\r\n").utf8))
        try AtomicFile.write(data, to: path)
    }
}
