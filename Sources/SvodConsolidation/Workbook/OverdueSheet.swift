import Foundation
import Spreadsheet
import SvodModel
import SvodChecks

/// «Просрочено»: the measures past their deadline, by municipality.
extension WorkbookBuilder {

    func overdue(_ sheet: SheetWriter) throws {
        let headers = [t("№", "No."), t("Мероприятие", "Measure"), t("Срок", "Deadline"),
                       t("Ответственные исполнители", "Responsible"), c.reporterKind.words(language),
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
}
