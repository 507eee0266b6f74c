import Foundation
import Spreadsheet
import SvodModel
import SvodChecks

/// «Мероприятия»: each measure with its counts by status.
extension WorkbookBuilder {

    func measures(_ sheet: SheetWriter) throws {
        var headers = [t("№", "No."), t("Раздел", "Section"), t("Мероприятие", "Measure"), t("Срок", "Deadline"),
                       t("Ответственные исполнители", "Responsible"), t("Кому адресовано", "Applies to"),
                       t("Обязаны отчитаться", "Reporters owing"), t("Состояние по графику", "Schedule state"),
                       t("Срок ", "Due ") + thisPeriod]
        var widths: [Double] = [7, 8, 48, 16, 26, 16, 11, 16, 11]
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
                text(measure.responsible), text(applicabilityText(line.applicability)), .number(Double(line.owing)),
                .string(line.state.name(language, cadence: c.period.cadence)), .string(line.dueThisMonth ? yes : no),
            ]
            var styles: [CellStyle?] = [cellCenter, cellCenter, cellText, cellText, cellText, cellText, cellInteger, cellText,
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

    /// «всем», «региону (отчета не требуется)», «группам: …», «участникам: …».
    func applicabilityText(_ applies: Applicability) -> String {
        switch applies {
        case .everyone: return t("всем", "everyone")
        case .region: return t("региону (отчета не требуется)", "the region (no report)")
        case .groups(let groups): return t("группам: ", "groups: ") + groups.joined(separator: ", ")
        case .reporters(let codes):
            let names = codes.compactMap { code in c.municipalities.first { $0.municipality.code == code }?.municipality.name }
            return t("участникам: ", "reporters: ") + names.joined(separator: ", ")
        }
    }
}
