import Foundation
import Spreadsheet
import SvodModel
import SvodChecks

/// The regional workbook a ministry reads: «Сводка» (key figures, two tables and two charts),
/// «Мероприятия», «Матрица» (measures × municipalities, colour-coded), «Сдача отчетов»,
/// «Просрочено», «Замечания» and «Показатели».
///
/// Every table has a frozen, filterable header row, prints landscape fitted to the page width
/// with its header repeated, and stores numbers as numbers (shares with a percent format) and
/// moments as dates in the region's time zone. Data texts are always written as text, never as
/// formulas. The output is byte-for-byte reproducible: the document's creation time is
/// `consolidation.asOf` on the region's clock.
public enum ConsolidationWorkbook {
    /// The sheet names, in order.
    public static func sheetNames(_ language: Language) -> [String] {
        language == .ru
            ? ["Сводка", "Мероприятия", "Матрица", "Сдача отчетов", "Просрочено", "Замечания", "Показатели"]
            : ["Summary", "Measures", "Matrix", "Submissions", "Overdue", "Remarks", "Indicators"]
    }

    /// Writes the regional workbook (temp file + atomic rename via XLSXWriter.close()). Deterministic: the
    /// document creation time comes from `consolidation.asOf` (as a CivilDateTime in the region's zone, via
    /// Timestamp / ReportingCalendar helpers), never the wall clock.
    public static func write(_ consolidation: Consolidation, to path: String, language: Language = .ru) throws {
        try WorkbookBuilder(consolidation, language: language).write(to: path)
    }

    /// The 0-based row of the first key figure on «Сводка» (label in column A, number in B).
    static let keyFiguresRow = 9

    /// The matrix cell's text: the status («—» for none), with «! » in front when overdue.
    static func matrixText(_ cell: MatrixCell) -> String {
        (cell.overdue ? "! " : "") + (cell.status ?? "—")
    }

    /// «март 2021» / "March 2021".
    static func monthName(_ period: YearMonth, language: Language) -> String {
        language == .ru
            ? "\(CalendarWords.monthsRu[period.month - 1]) \(period.year)"
            : "\(CalendarWords.monthsEn[period.month - 1]) \(period.year)"
    }

    /// The fill and font of a status in the matrix, by its meaning (the default schema's
    /// words), else by its position in the schema's list.
    static func statusColors(_ status: String?, statuses: [String]) -> (fill: UInt32, font: UInt32?) {
        guard let status else { return (0xFFFFFF, 0x808080) }
        switch TextCleaner.fold(status) {
        case "выполнено", "done", "completed": return (0xC6EFCE, 0x006100)
        case "выполняется", "in progress", "ongoing": return (0xDDEBF7, 0x1F3864)
        case "не выполнено", "not done", "failed": return (0xFFC7CE, 0x9C0006)
        case "не начато", "not started": return (0xE7E6E6, nil)
        case "не требуется", "not required", "n/a": return (0xFFFFFF, 0x7F7F7F)
        default:
            let palette: [UInt32] = [0xFFF2CC, 0xFCE4D6, 0xE2EFDA, 0xEDE7F6, 0xF2F2F2]
            let index = statuses.firstIndex(of: status) ?? 0
            return (palette[index % palette.count], nil)
        }
    }
}

/// Writes one workbook; holds the language, the zone and the styles.
private struct WorkbookBuilder {
    let c: Consolidation
    let language: Language
    let zone: TimeZone
    let names: [String]

    init(_ consolidation: Consolidation, language: Language) {
        self.c = consolidation
        self.language = language
        self.zone = TimeZone(identifier: consolidation.timeZone) ?? TimeZone(identifier: "UTC")!
        self.names = ConsolidationWorkbook.sheetNames(language)
    }

    // MARK: - Words and values

    private func t(_ ru: String, _ en: String) -> String { language == .ru ? ru : en }
    private var yes: String { t("да", "yes") }
    private var no: String { t("нет", "no") }
    private var monthName: String { ConsolidationWorkbook.monthName(c.period, language: language) }

    private func local(_ instant: Date) -> CivilDateTime { ReportingCalendar.localTime(of: instant, in: zone) }

    /// Text for a cell (Excel holds at most 32,767 characters).
    private func text(_ string: String) -> CellValue {
        .string(string.count > 32_000 ? String(string.prefix(32_000)) + "…" : string)
    }

    /// A share rounded as in the JSON (four decimals), so both show the same figure.
    private func share(_ value: Double) -> CellValue { .number((value * 10_000).rounded() / 10_000) }

    private func shortTitle(_ title: String, limit: Int = 120) -> String {
        title.count > limit ? String(title.prefix(limit - 1)).trimmingCharacters(in: .whitespaces) + "…" : title
    }

    /// How many lines a text takes wrapped in a column `width` characters wide (word by word,
    /// a word longer than the line broken). Estimated for wide fonts (DejaVu Sans, as
    /// LibreOffice substitutes for Calibri), so it errs on the tall side.
    private func lineCount(_ string: String, width: Double, fontSize: Double, bold: Bool) -> Int {
        let capacity = max(1, Int(width * 11 / fontSize * (bold ? 0.88 : 0.98)))
        // One pass over the scalars (combining marks add no width): every text cell of a
        // national workbook is measured, and splitting into Substrings and counting Characters
        // cost more than writing the cell.
        var total = 0
        var lines = 0
        var used = 0
        var length = 0
        func endWord() {
            guard length > 0 else { return }
            if used > 0, used + 1 + length <= capacity {
                used += 1 + length
            } else {
                let taken = max(1, (length + capacity - 1) / capacity)
                lines += taken
                used = length - (taken - 1) * capacity
            }
            length = 0
        }
        for scalar in string.unicodeScalars {
            switch scalar.value {
            case 0x0A:
                endWord()
                total += max(1, lines)
                lines = 0
                used = 0
            case 0x20: endWord()
            case 0x0D, 0x300...0x36F: continue
            default: length += 1
            }
        }
        endWord()
        return total + max(1, lines)
    }

    /// A row height (points) for a text wrapped in a column `width` characters wide.
    private func height(for string: String, width: Double, fontSize: Double = 11, bold: Bool = false,
                        minimum: Double = 15) -> Double {
        let lines = lineCount(string, width: width, fontSize: fontSize, bold: bold)
        return min(409, max(minimum, (Double(lines) * fontSize * 1.22 + 3).rounded(.up)))
    }

    /// Writes a table row, first making it tall enough for its wrapped texts; returns its height.
    @discardableResult
    private func put(_ sheet: SheetWriter, _ values: [CellValue], at row: Int, styles: [CellStyle?], widths: [Double],
                     startColumn: Int = 0, minimum: Double = 15) throws -> Double {
        var tallest = minimum
        for (offset, value) in values.enumerated() {
            guard case .string(let string) = value, offset < styles.count, let style = styles[offset], style.wrap,
                  startColumn + offset < widths.count else { continue }
            tallest = max(tallest, height(for: string, width: widths[startColumn + offset], fontSize: style.fontSize ?? 11,
                                          bold: style.bold, minimum: minimum))
        }
        if tallest > 15 { try sheet.setRow(row, height: tallest) }
        try sheet.writeRow(values, at: row, startColumn: startColumn, styles: styles)
        return tallest
    }

    // MARK: - Styles

    private let header = CellStyle(bold: true, fill: 0xD9E1F2, horizontal: .center, vertical: .center, wrap: true, border: true)
    private let cellText = CellStyle(vertical: .top, wrap: true, border: true)
    private let cellCenter = CellStyle(horizontal: .center, vertical: .top, wrap: true, border: true)
    private let cellInteger = CellStyle(vertical: .top, border: true, numberFormat: "0")
    private let cellDecimal = CellStyle(vertical: .top, border: true, numberFormat: "#,##0.00")
    private let cellGeneral = CellStyle(vertical: .top, border: true)
    private let cellShare = CellStyle(vertical: .top, border: true, numberFormat: "0%")
    private let cellShareFine = CellStyle(vertical: .top, border: true, numberFormat: "0.0%")
    private let cellDate = CellStyle(horizontal: .center, vertical: .top, border: true, numberFormat: "dd.mm.yyyy")
    private let cellDateTime = CellStyle(horizontal: .center, vertical: .top, border: true, numberFormat: "dd.mm.yyyy hh:mm")
    private let note = CellStyle(italic: true, fontColor: 0x595959, vertical: .top, wrap: true)
    private let sectionTitle = CellStyle(bold: true, fontSize: 12)

    private func range(_ r1: Int, _ c1: Int, _ r2: Int, _ c2: Int) -> CellRange {
        CellRange(first: CellAddress(row: r1, column: c1), last: CellAddress(row: max(r1, r2), column: max(c1, c2)))
    }

    /// Header row, widths, frozen panes, filter and print setup of a plain table sheet whose
    /// header is row 0 and whose data take `rows` rows.
    private func table(_ sheet: SheetWriter, headers: [String], widths: [Double], rows: Int, freezeColumns: Int = 0,
                       headerHeight: Double? = nil) throws {
        for (index, width) in widths.enumerated() { try sheet.setColumn(width: width, first: index) }
        // Two characters less: the filter button covers the right of each header cell.
        try put(sheet, headers.map { .string($0) }, at: 0, styles: Array(repeating: header, count: headers.count),
                widths: widths.map { $0 - 2 }, minimum: headerHeight ?? 20)
        try sheet.autofilter(range(0, 0, max(rows, 1), headers.count - 1))
        try sheet.freezePanes(row: 1, column: freezeColumns)
        try sheet.printSetup(landscape: true, fitToWidth: true, repeatRows: 0...0,
                             margins: .centimetres(left: 1.5, right: 1.5, top: 1.5, bottom: 1.5))
    }

    /// An italic line under an empty table.
    private func emptyLine(_ sheet: SheetWriter, _ message: String, columns: Int) throws {
        if columns > 1 {
            try sheet.merge(range: range(1, 0, 1, columns - 1), value: .string(message), style: note)
        } else {
            try sheet.write(row: 1, column: 0, value: .string(message), style: note)
        }
    }

    // MARK: - The workbook

    func write(to path: String) throws {
        var created = local(c.asOf)
        if created.secondsSinceEpoch == 0 { created.second = 1 }  // libxlsxwriter reads 0 as "now"
        let writer = try XLSXWriter(path: path, options: .init(
            creationDate: created,
            title: t("Свод отчетов о реализации дорожной карты за ", "Roadmap consolidation for ") + monthName,
            subject: c.roadmapTitle, author: "Svod", company: c.region))
        try summary(writer.addSheet(name: names[0]))
        try measures(writer.addSheet(name: names[1]))
        try matrix(writer.addSheet(name: names[2]))
        try register(writer.addSheet(name: names[3]))
        try overdue(writer.addSheet(name: names[4]))
        try diagnostics(writer.addSheet(name: names[5]))
        try indicators(writer.addSheet(name: names[6]))
        try writer.close()
    }

    // MARK: 1. Summary

    private func summary(_ sheet: SheetWriter) throws {
        let widths: [Double] = [44, 17, 18, 11, 13, 14]
        for (index, width) in widths.enumerated() { try sheet.setColumn(width: width, first: index) }
        try sheet.setColumn(width: 3, first: widths.count)
        let last = widths.count - 1
        let blockWidth = widths.reduce(0, +)
        let label = CellStyle(bold: true, vertical: .top)
        let value = CellStyle(horizontal: .left, vertical: .top)
        var heights: [Int: Double] = [0: 22, 1: height(for: c.roadmapTitle, width: blockWidth)]

        let title = t("Свод отчетов о реализации дорожной карты: ", "Roadmap consolidation: ") + c.region
        try sheet.setRow(0, height: 22)
        try sheet.merge(range: range(0, 0, 0, last), value: .string(title), style: CellStyle(bold: true, fontSize: 14, vertical: .center))
        try sheet.setRow(1, height: heights[1]!)
        try sheet.merge(range: range(1, 0, 1, last), value: text(c.roadmapTitle), style: CellStyle(italic: true, vertical: .top, wrap: true))

        try sheet.writeRow([.string(t("Отчетный период", "Reporting period")), .string(monthName)], at: 3,
                           styles: [label, CellStyle(bold: true, horizontal: .left)])
        try sheet.writeRow([.string(t("Данные на", "Data as of")), .dateTime(local(c.asOf))], at: 4,
                           styles: [label, value.withFormat("dd.mm.yyyy hh:mm")])
        try sheet.writeRow([.string(t("Срок сдачи", "Due date")), .date(c.due.date)], at: 5,
                           styles: [label, value.withFormat("dd.mm.yyyy")])
        let explanation = c.due.explanation(language) + " " + t("Время — местное (\(c.timeZone)).", "Times are local (\(c.timeZone)).")
        heights[6] = height(for: explanation, width: blockWidth)
        try sheet.setRow(6, height: heights[6]!)
        try sheet.merge(range: range(6, 0, 6, last), value: text(explanation), style: note)

        try sheet.write(row: 8, column: 0, value: .string(t("Основные показатели", "Key figures")), style: sectionTitle)
        let rejected = c.register.filter { !$0.valid }.count
        let figures: [(String, Int)] = [
            (t("Муниципальных образований", "Municipalities"), c.municipalities.count),
            (t("Представили отчет в срок", "Reported on time"), c.onTimeCount),
            (t("Представили с опозданием", "Reported late"), c.lateCount),
            (t("Не представили отчет", "Did not report"), c.missingCount),
            (t("Просрочено (пар «мероприятие × МО»)", "Overdue (measure × municipality pairs)"), c.overdueCount),
            (t("Получено файлов за период", "Files received for the period"), c.register.count),
            (t("Из них отклонено (с ошибками)", "Of them rejected (with errors)"), rejected),
        ]
        for (offset, (name, number)) in figures.enumerated() {
            let row = ConsolidationWorkbook.keyFiguresRow + offset
            heights[row] = try put(sheet, [.string(name), .number(Double(number))], at: row,
                                   styles: [cellText, cellInteger], widths: widths)
        }

        // Completion by municipality.
        var row = ConsolidationWorkbook.keyFiguresRow + figures.count + 1
        try sheet.write(row: row, column: 0, value: .string(t("Выполнение мероприятий по муниципальным образованиям",
                                                               "Completion by municipality")), style: sectionTitle)
        row += 1
        let tableHeader = row
        let headers = [t("Муниципальное образование", "Municipality"), t("Отчет", "Report"),
                       t("Получен", "Received"), t("Дней просрочки", "Days late"),
                       t("Доля выполненных", "Completion share"), t("Просрочено мероприятий", "Overdue measures")]
        heights[row] = try put(sheet, headers.map { .string($0) }, at: row, styles: Array(repeating: header, count: headers.count),
                               widths: widths.map { $0 - 2 }, minimum: 20)
        try sheet.autofilter(range(row, 0, row + max(c.municipalities.count, 1), last))
        for line in c.municipalities {
            row += 1
            let received: CellValue = line.receivedAt.map { .dateTime(local($0)) } ?? .string("—")
            heights[row] = try put(sheet, [
                text(line.municipality.name), .string(line.timeliness.name(language)), received,
                line.timeliness == .missing ? .string("—") : .number(Double(line.daysLate)),
                share(line.completionShare), .number(Double(line.overdue)),
            ], at: row, styles: [cellText, timelinessStyle(line.timeliness), cellDateTime, cellIntegerCenteredDash(line.timeliness),
                                 cellShare, cellInteger],
                widths: widths)
        }
        let firstData = tableHeader + 1
        let lastData = max(row, firstData)

        // Timeliness counts.
        row += 2
        try sheet.write(row: row, column: 0, value: .string(t("Сдача отчетов за ", "Reports for ") + monthName), style: sectionTitle)
        row += 1
        let timelinessHeader = row
        heights[row] = try put(sheet, [.string(t("Отчет", "Report")), .string(t("Муниципальных образований", "Municipalities"))],
                               at: row, styles: [header, header], widths: widths, minimum: 20)
        let counts = [(Timeliness.onTime, c.onTimeCount), (.late, c.lateCount), (.missing, c.missingCount)]
        for (kind, count) in counts {
            row += 1
            heights[row] = try put(sheet, [.string(kind.name(language)), .number(Double(count))], at: row,
                                   styles: [timelinessStyle(kind), cellInteger], widths: widths)
        }

        // Charts, right of the tables.
        let chartColumn = widths.count + 1
        if !c.municipalities.isEmpty {
            let barHeight = max(300, min(900, 28 * c.municipalities.count + 90))
            try sheet.addChart(
                kind: .bar, title: t("Доля выполненных мероприятий", "Completion share"),
                series: [ChartSeries(name: t("Доля выполненных", "Completion share"), sheet: sheet.name,
                                     categories: range(firstData, 0, lastData, 0), values: range(firstData, 4, lastData, 4))],
                at: CellAddress(row: 0, column: chartColumn), size: ChartSize(width: 560, height: barHeight))
            // Below the bar chart: the first row whose top is under its bottom edge.
            var pieRow = 0
            var top = 0.0
            while top < Double(barHeight) + 16 {
                top += (heights[pieRow] ?? 15) * 4 / 3
                pieRow += 1
            }
            try sheet.addChart(
                kind: .pie, title: t("Сдача отчетов", "Report timeliness"),
                series: [ChartSeries(name: t("Муниципальных образований", "Municipalities"), sheet: sheet.name,
                                     categories: range(timelinessHeader + 1, 0, timelinessHeader + 3, 0),
                                     values: range(timelinessHeader + 1, 1, timelinessHeader + 3, 1))],
                at: CellAddress(row: pieRow, column: chartColumn), size: ChartSize(width: 560, height: 300))
        }
        try sheet.freezePanes(row: 1)
        try sheet.printSetup(landscape: true, fitToWidth: true, repeatRows: 0...0,
                             margins: .centimetres(left: 1.5, right: 1.5, top: 1.5, bottom: 1.5))
    }

    /// Days late: a number, or a centred «—» for a report not received.
    private func cellIntegerCenteredDash(_ kind: Timeliness) -> CellStyle {
        kind == .missing ? CellStyle(horizontal: .center, vertical: .top, border: true) : cellInteger
    }

    private func timelinessStyle(_ kind: Timeliness) -> CellStyle {
        switch kind {
        case .onTime: return CellStyle(fill: 0xC6EFCE, vertical: .top, wrap: true, border: true)
        case .late: return CellStyle(fill: 0xFFEB9C, vertical: .top, wrap: true, border: true)
        case .missing: return CellStyle(fill: 0xFFC7CE, vertical: .top, wrap: true, border: true)
        }
    }

    // MARK: 2. Measures

    private func measures(_ sheet: SheetWriter) throws {
        var headers = [t("№", "No."), t("Раздел", "Section"), t("Мероприятие", "Measure"), t("Срок", "Deadline"),
                       t("Ответственные исполнители", "Responsible"), t("Состояние по графику", "Schedule state"),
                       t("Срок в этом месяце", "Due this month")]
        var widths: [Double] = [7, 8, 48, 16, 26, 16, 11]
        for status in c.statuses {
            headers.append(status)
            // Wide enough for the longest word of the header (bold, beside the filter button).
            let word = status.split(separator: " ").map(\.count).max() ?? 0
            widths.append(max(10, min(16, Double(word) * 1.15 + 3)))
        }
        headers += [t("Нет данных", "No data"), t("Просрочено", "Overdue"), t("Доля выполнения", "Completion share")]
        widths += [10, 11, 11]
        try table(sheet, headers: headers, widths: widths, rows: c.measures.count, freezeColumns: 3)
        let dueStyle = CellStyle(bold: true, fill: 0xFFF2CC, horizontal: .center, vertical: .top, border: true)
        for (offset, line) in c.measures.enumerated() {
            let measure = line.measure
            var values: [CellValue] = [
                .string(measure.id), .string(measure.section), text(measure.title), text(measure.deadlineText),
                text(measure.responsible), .string(line.state.name(language)), .string(line.dueThisMonth ? yes : no),
            ]
            var styles: [CellStyle?] = [cellCenter, cellCenter, cellText, cellText, cellText, cellText,
                                        line.dueThisMonth ? dueStyle : cellCenter]
            for status in c.statuses {
                values.append(.number(Double(line.statusCounts.first { $0.status == status }?.count ?? 0)))
                styles.append(cellInteger)
            }
            values.append(.number(Double(line.statusCounts.first { $0.status == nil }?.count ?? 0)))
            values.append(.number(Double(line.overdue)))
            values.append(share(line.completionShare))
            styles += [cellInteger, cellInteger, cellShare]
            try put(sheet, values, at: offset + 1, styles: styles, widths: widths)
        }
        if c.measures.isEmpty {
            try emptyLine(sheet, t("В дорожной карте нет мероприятий.", "The roadmap has no measures."), columns: headers.count)
        } else {
            let overdueColumn = headers.count - 2
            try sheet.conditionalFormat(range: range(1, overdueColumn, c.measures.count, overdueColumn),
                                        rule: .cellValue(.greaterThan(0)),
                                        style: CellStyle(bold: true, fontColor: 0x9C0006, fill: 0xFFC7CE))
        }
    }

    // MARK: 3. Matrix

    private func matrix(_ sheet: SheetWriter) throws {
        let municipalities = c.municipalities.map(\.municipality)
        let headers = [t("№", "No."), t("Мероприятие", "Measure")] + municipalities.map(\.name)
        let columnWidth = 13.0
        let widths = [7.0, 42.0] + Array(repeating: columnWidth, count: municipalities.count)
        let headerFont = 9.0
        for (index, width) in widths.enumerated() { try sheet.setColumn(width: width, first: index) }
        var small = header
        small.fontSize = headerFont
        try put(sheet, headers.map { text($0) }, at: 0, styles: [header, header] + Array(repeating: small, count: municipalities.count),
                widths: widths.map { $0 - 2 }, minimum: 30)
        let overdueNote = t(
            "«!» и полужирный красный шрифт — мероприятие просрочено в этом МО: контрольная точка прошла к концу месяца, а выполнение не отмечено. «—» — нет данных. В ячейке — последний статус из принятых отчетов за этот или предыдущие месяцы.",
            "«!» and bold red text: the measure is overdue in this municipality (a checkpoint has passed by the end of the month and it is not reported done). «—»: no data. Each cell holds the latest status from the valid reports for this or earlier months.")
        try sheet.comment(at: CellAddress(row: 0, column: 1), text: overdueNote, author: "Svod")
        try sheet.autofilter(range(0, 0, max(c.measures.count, 1), headers.count - 1))
        try sheet.freezePanes(row: 1, column: 2)
        try sheet.printSetup(landscape: true, fitToWidth: true, repeatRows: 0...0,
                             margins: .centimetres(left: 1.0, right: 1.0, top: 1.5, bottom: 1.5))

        let base = CellStyle(fontSize: 9, horizontal: .center, vertical: .center, wrap: true, border: true)
        func style(_ cell: MatrixCell) -> CellStyle {
            var style = base
            let colors = ConsolidationWorkbook.statusColors(cell.status, statuses: c.statuses)
            style.fill = colors.fill
            style.fontColor = colors.font
            if cell.overdue {
                style.bold = true
                style.fontColor = 0xC00000
            }
            return style
        }
        for (offset, line) in c.measures.enumerated() {
            let row = offset + 1
            let cells = offset < c.matrix.count ? c.matrix[offset] : []
            try put(sheet, [.string(line.measure.id), text(shortTitle(line.measure.title, limit: 100))]
                        + cells.map { .string(ConsolidationWorkbook.matrixText($0)) },
                    at: row, styles: [cellCenter, CellStyle(fontSize: 9, vertical: .top, wrap: true, border: true)] + cells.map(style),
                    widths: widths)
        }
        if c.measures.isEmpty {
            try emptyLine(sheet, t("В дорожной карте нет мероприятий.", "The roadmap has no measures."), columns: headers.count)
        }

        // Legend.
        var row = max(c.measures.count, 1) + 2
        try sheet.write(row: row, column: 1, value: .string(t("Обозначения", "Legend")), style: CellStyle(bold: true))
        let legendSample = CellStyle(fontSize: 9, horizontal: .center, vertical: .center, wrap: true, border: true)
        for status in c.statuses {
            row += 1
            var sample = legendSample
            let colors = ConsolidationWorkbook.statusColors(status, statuses: c.statuses)
            sample.fill = colors.fill
            sample.fontColor = colors.font
            try sheet.write(row: row, column: 1, value: text(status), style: sample)
        }
        row += 1
        var noData = legendSample
        noData.fontColor = 0x808080
        try sheet.write(row: row, column: 1, value: .string(t("— нет данных", "— no data")), style: noData)
        row += 1
        var overdueSample = legendSample
        overdueSample.bold = true
        overdueSample.fontColor = 0xC00000
        overdueSample.fill = ConsolidationWorkbook.statusColors(c.statuses.first { TextCleaner.fold($0) == "не начато" }, statuses: c.statuses).fill
        try sheet.write(row: row, column: 1, value: .string("! " + (c.statuses.first { TextCleaner.fold($0) == "не начато" } ?? t("статус", "status"))),
                        style: overdueSample)
        row += 1
        try sheet.setRow(row, height: height(for: overdueNote, width: 42 + columnWidth * Double(min(6, municipalities.count))))
        let noteEnd = max(1, min(headers.count - 1, 7))
        if noteEnd > 1 {
            try sheet.merge(range: range(row, 1, row, noteEnd), value: .string(overdueNote), style: note)
        } else {
            try sheet.write(row: row, column: 1, value: .string(overdueNote), style: note)
        }
    }

    // MARK: 4. Register

    private func register(_ sheet: SheetWriter) throws {
        let headers = [t("Муниципальное образование", "Municipality"), t("Получен", "Received"), t("Срок сдачи", "Due date"),
                       t("Дней просрочки", "Days late"), t("Принят (без ошибок)", "Valid"),
                       t("Заменен более поздним", "Superseded"), t("Ошибок", "Errors"), t("Предупреждений", "Warnings"),
                       t("Итог", "Outcome"), t("Файл", "File")]
        let widths: [Double] = [34, 17, 12, 11, 12, 12, 10, 16, 15, 38]
        // Every municipality appears: its files, or a «не представлен» line.
        var rows: [(Municipality?, RegisterLine?)] = []
        var listed = Set<Int>()
        for line in c.municipalities {
            let files = c.register.indices.filter { c.register[$0].municipality?.oktmo == line.municipality.oktmo }
            listed.formUnion(files)
            if files.isEmpty {
                if line.timeliness == .missing { rows.append((line.municipality, nil)) }
            } else {
                rows += files.map { (line.municipality, c.register[$0]) }
            }
        }
        for index in c.register.indices where !listed.contains(index) {
            rows.append((c.register[index].municipality, c.register[index]))
        }
        try table(sheet, headers: headers, widths: widths, rows: rows.count, freezeColumns: 1)
        let bad = CellStyle(fill: 0xFFC7CE, vertical: .top, wrap: true, border: true)
        let grey = CellStyle(fontColor: 0x7F7F7F, vertical: .top, wrap: true, border: true)
        for (offset, (municipality, line)) in rows.enumerated() {
            let row = offset + 1
            let name: CellValue = municipality.map { text($0.name) } ?? .string(t("не определено", "not identified"))
            guard let line else {
                try put(sheet, [name, .empty, .date(c.due.date), .empty, .empty, .empty, .empty, .empty,
                                .string(Timeliness.missing.name(language)), .empty], at: row,
                        styles: [cellText, cellDateTime, cellDate, cellInteger, cellCenter, cellCenter,
                                 cellInteger, cellInteger, bad, cellText], widths: widths)
                continue
            }
            let outcome: String
            let outcomeStyle: CellStyle
            if !line.valid {
                outcome = t("отклонен", "rejected")
                outcomeStyle = bad
            } else if line.superseded {
                outcome = t("заменен", "superseded")
                outcomeStyle = grey
            } else {
                outcome = line.daysLate > 0 ? t("принят с опозданием", "accepted late") : t("принят", "accepted")
                outcomeStyle = line.daysLate > 0 ? CellStyle(fill: 0xFFEB9C, vertical: .top, wrap: true, border: true)
                    : CellStyle(fill: 0xC6EFCE, vertical: .top, wrap: true, border: true)
            }
            try put(sheet, [
                name, .dateTime(local(line.receivedAt)), .date(c.due.date), .number(Double(line.daysLate)),
                .string(line.valid ? yes : no), .string(line.superseded ? yes : no),
                .number(Double(line.errors)), .number(Double(line.warnings)), .string(outcome), text(line.file),
            ], at: row, styles: [cellText, cellDateTime, cellDate, cellInteger, cellCenter, cellCenter,
                                 cellInteger, cellInteger, outcomeStyle, cellText], widths: widths)
        }
        if rows.isEmpty {
            try emptyLine(sheet, t("Файлов за период не поступало.", "No files were received for the period."), columns: headers.count)
        }
    }

    // MARK: 5. Overdue

    private func overdue(_ sheet: SheetWriter) throws {
        let headers = [t("№", "No."), t("Мероприятие", "Measure"), t("Срок", "Deadline"),
                       t("Ответственные исполнители", "Responsible"), t("Муниципальное образование", "Municipality"),
                       t("Статус", "Status"), t("Причина", "Reason")]
        let widths: [Double] = [7, 48, 16, 28, 28, 15, 45]
        try table(sheet, headers: headers, widths: widths, rows: c.overdue.count, freezeColumns: 2)
        let missing = CellStyle(italic: true, fontColor: 0x9C0006, vertical: .top, wrap: true, border: true)
        for (offset, line) in c.overdue.enumerated() {
            try put(sheet, [
                .string(line.measure.id), text(line.measure.title), text(line.measure.deadlineText),
                text(line.measure.responsible), text(line.municipality.name),
                line.status.map(text) ?? .string(t("нет данных", "no data")), line.reason.map(text) ?? .empty,
            ], at: offset + 1, styles: [cellCenter, cellText, cellText, cellText, cellText,
                                        line.status == nil ? missing : cellText, cellText], widths: widths)
        }
        if c.overdue.isEmpty {
            try emptyLine(sheet, t("Просроченных мероприятий нет.", "No measure is overdue."), columns: headers.count)
        }
    }

    // MARK: 6. Diagnostics

    private func diagnostics(_ sheet: SheetWriter) throws {
        let headers = [t("Файл", "File"), t("Лист", "Sheet"), t("Ячейка", "Cell"), t("Код", "Code"),
                       t("Важность", "Severity"), t("Значение", "Value"), t("Сообщение", "Message")]
        let widths: [Double] = [30, 11, 9, 24, 16, 24, 70]
        try table(sheet, headers: headers, widths: widths, rows: c.diagnostics.count, freezeColumns: 1)
        let error = CellStyle(fontColor: 0x9C0006, fill: 0xFFC7CE, vertical: .top, wrap: true, border: true)
        let warning = CellStyle(fill: 0xFFEB9C, vertical: .top, wrap: true, border: true)
        for (offset, item) in c.diagnostics.enumerated() {
            try put(sheet, [
                text(item.file), item.sheet.map(text) ?? .empty, item.cell.map { .string($0.a1) } ?? .empty,
                .string(item.code.rawValue), .string(item.severity.name(language)), item.value.map(text) ?? .empty,
                text(item.message(language)),
            ], at: offset + 1, styles: [cellText, cellText, cellCenter, cellText,
                                        item.severity == .error ? error : warning, cellText, cellText], widths: widths)
        }
        if c.diagnostics.isEmpty {
            try emptyLine(sheet, t("Замечаний к полученным файлам нет.", "The received files have no remarks."), columns: headers.count)
        }
    }

    // MARK: 7. Indicators

    private func indicators(_ sheet: SheetWriter) throws {
        let withStats = c.measures.filter { $0.indicator != nil }
        let headers = [t("№", "No."), t("Мероприятие", "Measure"), t("Представили МО", "Municipalities reporting"),
                       t("Сумма", "Sum"), t("Минимум", "Minimum"), t("Максимум", "Maximum"), t("Среднее", "Mean")]
        let widths: [Double] = [7, 48, 14, 12, 12, 12, 12, 40]
        try table(sheet, headers: headers, widths: widths, rows: withStats.count, freezeColumns: 2)
        var row = 0
        for line in withStats {
            guard let stats = line.indicator else { continue }
            row += 1
            try put(sheet, [
                .string(line.measure.id), text(line.measure.title), .number(Double(stats.count)),
                .number(stats.sum), .number(stats.minimum), .number(stats.maximum), .number(stats.mean),
            ], at: row, styles: [cellCenter, cellText, cellInteger, cellGeneral, cellGeneral, cellGeneral, cellDecimal],
                widths: widths)
        }
        if withStats.isEmpty {
            try emptyLine(sheet, t("Значения показателей не представлены.", "No indicator values were reported."), columns: headers.count)
            row = 1
        }

        // Shares: the numbers in columns D–F, what they count on the right.
        let shares = c.measures.flatMap { line in line.shares.map { (line.measure, $0) } }
        guard !shares.isEmpty else { return }
        row += 2
        try sheet.write(row: row, column: 0, value: .string(t("Доли (числитель / знаменатель)", "Shares (numerator / denominator)")),
                        style: sectionTitle)
        row += 1
        let shareHeaders = [t("№", "No."), t("Мероприятие", "Measure"), t("Группа", "Group"), t("Числитель", "Numerator"),
                            t("Знаменатель", "Denominator"), t("Доля", "Share")]
        try put(sheet, shareHeaders.map { .string($0) }, at: row, styles: Array(repeating: header, count: shareHeaders.count),
                widths: widths, minimum: 20)
        try sheet.merge(range: range(row, 6, row, 7), value: .string(t("Что считается", "What is counted")), style: header)
        for (measure, figure) in shares {
            row += 1
            let counted = "\(figure.numeratorTitle) / \(figure.denominatorTitle)"
            let tallest = max(height(for: measure.title, width: widths[1]), height(for: figure.group, width: widths[2]),
                              height(for: counted, width: widths[6] + widths[7]))
            if tallest > 15 { try sheet.setRow(row, height: tallest) }
            try sheet.writeRow([
                .string(measure.id), text(measure.title), text(figure.group), .number(figure.numerator),
                .number(figure.denominator), figure.share.map(share) ?? .string("—"),
            ], at: row, styles: [cellCenter, cellText, cellText, cellGeneral, cellGeneral, cellShareFine])
            try sheet.merge(range: range(row, 6, row, 7), value: text(counted), style: cellText)
        }
    }
}

private extension CellStyle {
    func withFormat(_ format: String) -> CellStyle {
        var copy = self
        copy.numberFormat = format
        return copy
    }
}
