import Foundation
import Spreadsheet
import SvodModel
import SvodChecks

/// «Замечания»: the diagnostics of the month's files.
extension WorkbookBuilder {

    func diagnostics(_ sheet: SheetWriter) throws {
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
}
