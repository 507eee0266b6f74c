import Foundation
import Spreadsheet
import SvodModel
import SvodChecks

/// «Сводка»: key figures, the submissions and measures tables, two charts.
extension WorkbookBuilder {

    func summary(_ sheet: SheetWriter) throws {
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
            (reportersWord, c.municipalities.count),
            (t("Представили отчет в срок", "Reported on time"), c.onTimeCount),
            (t("Представили с опозданием", "Reported late"), c.lateCount),
            (t("Не представили отчет", "Did not report"), c.missingCount),
            (t("Ожидаются (срок еще не наступил)", "Awaited (not yet due)"), c.awaitedCount),
            (t("Просрочено (пар «мероприятие × \(reporterShort)»)", "Overdue (measure × \(reporterShort) pairs)"), c.overdueCount),
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
        try sheet.write(row: row, column: 0, value: .string(c.reporterKind == .school
                            ? t("Выполнение мероприятий по образовательным организациям", "Completion by school")
                            : t("Выполнение мероприятий по муниципальным образованиям", "Completion by municipality")), style: sectionTitle)
        row += 1
        let tableHeader = row
        let headers = [c.reporterKind.words(language), t("Отчет", "Report"),
                       t("Получен", "Received"), t("Дней просрочки", "Days late"),
                       t("Доля выполненных", "Completion share"), t("Просрочено мероприятий", "Overdue measures")]
        heights[row] = try put(sheet, headers.map { .string($0) }, at: row, styles: Array(repeating: header, count: headers.count),
                               widths: widths.map { $0 - 2 }, minimum: 20)
        try sheet.autofilter(range(row, 0, row + max(c.municipalities.count, 1), last))
        for line in c.municipalities {
            row += 1
            let received: CellValue = line.receivedAt.map { .dateTime(local($0)) } ?? .string("—")
            heights[row] = try put(sheet, [
                text(line.municipality.name), .string(timelinessText(line.timeliness)), received,
                line.receivedAt == nil ? .string("—") : .number(Double(line.daysLate)),
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
        heights[row] = try put(sheet, [.string(t("Отчет", "Report")), .string(reportersWord)],
                               at: row, styles: [header, header], widths: widths, minimum: 20)
        let counts = [(Timeliness.onTime, c.onTimeCount), (.late, c.lateCount), (.missing, c.missingCount), (.awaited, c.awaitedCount)]
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
                series: [ChartSeries(name: reportersWord, sheet: sheet.name,
                                     categories: range(timelinessHeader + 1, 0, timelinessHeader + counts.count, 0),
                                     values: range(timelinessHeader + 1, 1, timelinessHeader + counts.count, 1))],
                at: CellAddress(row: pieRow, column: chartColumn), size: ChartSize(width: 560, height: 300))
        }
        try sheet.freezePanes(row: 1)
        try sheet.printSetup(landscape: true, fitToWidth: true, repeatRows: 0...0,
                             margins: .centimetres(left: 1.5, right: 1.5, top: 1.5, bottom: 1.5))
    }

    /// Days late: a number, or a centred «—» for a report not received.
    func cellIntegerCenteredDash(_ kind: Timeliness) -> CellStyle {
        kind == .missing || kind == .awaited ? CellStyle(horizontal: .center, vertical: .top, border: true) : cellInteger
    }

    func timelinessStyle(_ kind: Timeliness) -> CellStyle {
        switch kind {
        case .onTime: return CellStyle(fill: 0xC6EFCE, vertical: .top, wrap: true, border: true)
        case .late: return CellStyle(fill: 0xFFEB9C, vertical: .top, wrap: true, border: true)
        case .missing: return CellStyle(fill: 0xFFC7CE, vertical: .top, wrap: true, border: true)
        case .awaited: return CellStyle(fill: 0xDDEBF7, vertical: .top, wrap: true, border: true)
        }
    }
}
