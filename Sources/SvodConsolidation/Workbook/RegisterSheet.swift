import Foundation
import Spreadsheet
import SvodModel
import SvodChecks

/// «Сдача отчетов»: every file received for the month and its verdict.
extension WorkbookBuilder {

    func register(_ sheet: SheetWriter) throws {
        let headers = [c.reporterKind.words(language), t("Получен", "Received"), t("Срок сдачи", "Due date"),
                       t("Дней просрочки", "Days late"), t("Принят (без ошибок)", "Valid"),
                       t("Заменен более поздним", "Superseded"), t("Ошибок", "Errors"), t("Предупреждений", "Warnings"),
                       t("Итог", "Outcome"), t("Файл", "File")]
        let widths: [Double] = [34, 17, 12, 11, 12, 12, 10, 16, 15, 38]
        // Every municipality appears: its files, or a «не представлен» line.
        var rows: [(Reporter?, RegisterLine?)] = []
        var listed = Set<Int>()
        for line in c.municipalities {
            let files = c.register.indices.filter { c.register[$0].municipality?.code == line.municipality.code }
            listed.formUnion(files)
            if files.isEmpty {
                if line.timeliness == .missing || line.timeliness == .awaited { rows.append((line.municipality, nil)) }
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
        let awaitedStyle = timelinessStyle(.awaited)
        for (offset, (municipality, line)) in rows.enumerated() {
            let row = offset + 1
            let name: CellValue = municipality.map { text($0.name) } ?? .string(t("не определено", "not identified"))
            guard let line else {
                let awaited = c.municipalities.first { $0.municipality == municipality }?.timeliness == .awaited
                try put(sheet, [name, .empty, .date(c.due.date), .empty, .empty, .empty, .empty, .empty,
                                .string(timelinessText(awaited ? .awaited : .missing)), .empty], at: row,
                        styles: [cellText, cellDateTime, cellDate, cellInteger, cellCenter, cellCenter,
                                 cellInteger, cellInteger, awaited ? awaitedStyle : bad, cellText], widths: widths)
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
}
