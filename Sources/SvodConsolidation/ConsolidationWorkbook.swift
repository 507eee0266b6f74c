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
        guard cell.applies else { return "—" }
        return (cell.overdue ? "! " : "") + (cell.status ?? "н/д")
    }

    /// «март 2021», «I квартал 2021», «2020/21 учебный год» / "March 2021", "Q1 2021".
    static func monthName(_ period: ReportPeriod, language: Language) -> String {
        period.words(language)
    }

    /// The fill and font of a status in the matrix, by its meaning in the schema (so a region
    /// that renames «Выполнено» keeps its green), else by its position in the schema's list.
    static func statusColors(_ status: String?, meanings: SubmissionSchema.StatusMeanings,
                             statuses: [String]) -> (fill: UInt32, font: UInt32?) {
        guard let status else { return (0xFFFFFF, 0x808080) }
        switch meanings.meaning(of: status) {
        case .done: return (0xC6EFCE, 0x006100)
        case .inProgress: return (0xDDEBF7, 0x1F3864)
        case .notDone: return (0xFFC7CE, 0x9C0006)
        case .notStarted: return (0xE7E6E6, nil)
        case .notRequired: return (0xFFFFFF, 0x7F7F7F)
        case nil:
            let palette: [UInt32] = [0xFFF2CC, 0xFCE4D6, 0xE2EFDA, 0xEDE7F6, 0xF2F2F2]
            let index = statuses.firstIndex(of: status) ?? 0
            return (palette[index % palette.count], nil)
        }
    }
}

/// Writes one workbook; holds the language, the zone and the styles. Each sheet is built by an
/// extension in `Workbook/<Name>Sheet.swift`.
struct WorkbookBuilder {
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

    func t(_ ru: String, _ en: String) -> String { language == .ru ? ru : en }
    var yes: String { t("да", "yes") }
    var no: String { t("нет", "no") }
    var monthName: String { ConsolidationWorkbook.monthName(c.period, language: language) }
    /// «Муниципальных образований» / «Образовательных организаций».
    var reportersWord: String {
        c.reporterKind == .school ? t("Образовательных организаций", "Schools") : t("Муниципальных образований", "Municipalities")
    }
    /// «МО» / «ОО», in the pairs' name.
    var reporterShort: String { c.reporterKind == .school ? t("ОО", "school") : t("МО", "municipality") }
    /// «в этом месяце» / «в этом периоде».
    var thisPeriod: String { c.period.cadence == .month ? t("в этом месяце", "this month") : t("в этом периоде", "this period") }
    /// A reporter's report state: «ожидается (срок 10.04)» before the due moment.
    func timelinessText(_ kind: Timeliness) -> String {
        guard kind == .awaited else { return kind.name(language) }
        let date = c.due.date
        return t("ожидается (срок \(date.russian.prefix(5)))", "awaited (due \(date.iso))")
    }

    func local(_ instant: Date) -> CivilDateTime { ReportingCalendar.localTime(of: instant, in: zone) }

    /// Text for a cell (Excel holds at most 32,767 characters).
    func text(_ string: String) -> CellValue {
        .string(string.count > 32_000 ? String(string.prefix(32_000)) + "…" : string)
    }

    /// A share rounded as in the JSON (four decimals), so both show the same figure.
    func share(_ value: Double) -> CellValue { .number((value * 10_000).rounded() / 10_000) }

    func shortTitle(_ title: String, limit: Int = 120) -> String {
        title.count > limit ? String(title.prefix(limit - 1)).trimmingCharacters(in: .whitespaces) + "…" : title
    }

    /// How many lines a text takes wrapped in a column `width` characters wide (word by word,
    /// a word longer than the line broken). Estimated for wide fonts (DejaVu Sans, as
    /// LibreOffice substitutes for Calibri), so it errs on the tall side.
    func lineCount(_ string: String, width: Double, fontSize: Double, bold: Bool) -> Int {
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
    func height(for string: String, width: Double, fontSize: Double = 11, bold: Bool = false,
                        minimum: Double = 15) -> Double {
        let lines = lineCount(string, width: width, fontSize: fontSize, bold: bold)
        return min(409, max(minimum, (Double(lines) * fontSize * 1.22 + 3).rounded(.up)))
    }

    /// Writes a table row, first making it tall enough for its wrapped texts; returns its height.
    @discardableResult
    func put(_ sheet: SheetWriter, _ values: [CellValue], at row: Int, styles: [CellStyle?], widths: [Double],
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

    let header = CellStyle(bold: true, fill: 0xD9E1F2, horizontal: .center, vertical: .center, wrap: true, border: true)
    let cellText = CellStyle(vertical: .top, wrap: true, border: true)
    let cellCenter = CellStyle(horizontal: .center, vertical: .top, wrap: true, border: true)
    let cellInteger = CellStyle(vertical: .top, border: true, numberFormat: "0")
    let cellDecimal = CellStyle(vertical: .top, border: true, numberFormat: "#,##0.00")
    let cellGeneral = CellStyle(vertical: .top, border: true)
    let cellShare = CellStyle(vertical: .top, border: true, numberFormat: "0%")
    let cellShareFine = CellStyle(vertical: .top, border: true, numberFormat: "0.0%")
    let cellDate = CellStyle(horizontal: .center, vertical: .top, border: true, numberFormat: "dd.mm.yyyy")
    let cellDateTime = CellStyle(horizontal: .center, vertical: .top, border: true, numberFormat: "dd.mm.yyyy hh:mm")
    let note = CellStyle(italic: true, fontColor: 0x595959, vertical: .top, wrap: true)
    let sectionTitle = CellStyle(bold: true, fontSize: 12)

    func range(_ r1: Int, _ c1: Int, _ r2: Int, _ c2: Int) -> CellRange {
        CellRange(first: CellAddress(row: r1, column: c1), last: CellAddress(row: max(r1, r2), column: max(c1, c2)))
    }

    /// Header row, widths, frozen panes, filter and print setup of a plain table sheet whose
    /// header is row 0 and whose data take `rows` rows.
    func table(_ sheet: SheetWriter, headers: [String], widths: [Double], rows: Int, freezeColumns: Int = 0,
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
    func emptyLine(_ sheet: SheetWriter, _ message: String, columns: Int) throws {
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
}

extension CellStyle {
    func withFormat(_ format: String) -> CellStyle {
        var copy = self
        copy.numberFormat = format
        return copy
    }
}
