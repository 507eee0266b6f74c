import Foundation
import Spreadsheet
import SvodModel
import SvodChecks

/// «Матрица»: measures × municipalities, colour-coded by status meaning.
extension WorkbookBuilder {

    func matrix(_ sheet: SheetWriter) throws {
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
            "«!» и полужирный красный шрифт — мероприятие просрочено в этом \(reporterShort): контрольная точка прошла к концу отчетного периода, а выполнение не отмечено. «н/д» — нет данных. «—» — мероприятие не относится к этому участнику в этом периоде. В ячейке — последний статус из принятых отчетов за этот или предыдущие периоды.",
            "«!» and bold red text: the measure is overdue for this reporter (a checkpoint has passed by the end of the report period and it is not reported done). «н/д»: no data. «—»: the measure does not apply to this reporter this period. Each cell holds the latest status from the valid reports for this or earlier periods.")
        try sheet.comment(at: CellAddress(row: 0, column: 1), text: overdueNote, author: "Svod")
        try sheet.autofilter(range(0, 0, max(c.measures.count, 1), headers.count - 1))
        try sheet.freezePanes(row: 1, column: 2)
        try sheet.printSetup(landscape: true, fitToWidth: true, repeatRows: 0...0,
                             margins: .centimetres(left: 1.0, right: 1.0, top: 1.5, bottom: 1.5))

        let base = CellStyle(fontSize: 9, horizontal: .center, vertical: .center, wrap: true, border: true)
        func style(_ cell: MatrixCell) -> CellStyle {
            var style = base
            let colors = ConsolidationWorkbook.statusColors(cell.status, meanings: c.statusMeanings, statuses: c.statuses)
            style.fill = colors.fill
            style.fontColor = colors.font
            if !cell.applies {
                style.fill = 0xF2F2F2
                style.fontColor = 0x808080
            }
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
            let colors = ConsolidationWorkbook.statusColors(status, meanings: c.statusMeanings, statuses: c.statuses)
            sample.fill = colors.fill
            sample.fontColor = colors.font
            try sheet.write(row: row, column: 1, value: text(status), style: sample)
        }
        row += 1
        var noData = legendSample
        noData.fontColor = 0x808080
        try sheet.write(row: row, column: 1, value: .string(t("н/д — нет данных", "н/д — no data")), style: noData)
        row += 1
        var notApplicable = legendSample
        notApplicable.fill = 0xF2F2F2
        notApplicable.fontColor = 0x808080
        try sheet.write(row: row, column: 1, value: .string(t("— не относится к участнику", "— does not apply")), style: notApplicable)
        row += 1
        var overdueSample = legendSample
        overdueSample.bold = true
        overdueSample.fontColor = 0xC00000
        overdueSample.fill = ConsolidationWorkbook.statusColors(c.statusMeanings.notStarted, meanings: c.statusMeanings, statuses: c.statuses).fill
        try sheet.write(row: row, column: 1, value: .string("! " + (c.statusMeanings.notStarted ?? t("статус", "status"))),
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
}
