import Foundation
import Spreadsheet
import SvodModel
import SvodChecks

/// «Показатели»: the indicator shares, region-wide and by municipality.
extension WorkbookBuilder {

    func indicators(_ sheet: SheetWriter) throws {
        let withStats = c.measures.filter { $0.indicator != nil }
        let headers = [t("№", "No."), t("Мероприятие", "Measure"), t("Представили \(reporterShort)", "Reporters"),
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
