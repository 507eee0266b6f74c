import Foundation
import Spreadsheet
import SvodModel

/// The fields of a report's title block («шапка»).
public enum TitleField: String, Sendable, CaseIterable {
    case municipality
    case oktmo
    case period
    case filledOn = "filled_on"
    case person
    case phone

    /// The label the template writes.
    public var label: LocalizedText {
        switch self {
        case .municipality: return .init(ru: "Муниципальное образование", en: "Reporter")
        case .oktmo: return .init(ru: "Код ОКТМО", en: "OKTMO code")
        case .period: return .init(ru: "Отчетный месяц", en: "Reporting month")
        case .filledOn: return .init(ru: "Дата заполнения", en: "Date filled in")
        case .person: return .init(ru: "Ответственный исполнитель", en: "Person responsible")
        case .phone: return .init(ru: "Телефон", en: "Phone")
        }
    }

    /// The label the template writes for a kind of reporter and a cadence: «Образовательная
    /// организация», «Код ОО (ИНН)», «Отчетный период» where they differ from a municipality's
    /// monthly form.
    public func label(for kind: ReporterKind, cadence: Cadence) -> LocalizedText {
        switch self {
        case .municipality: return kind == .municipality ? label : kind.words
        case .oktmo: return kind == .municipality ? label : kind.codeWords
        case .period: return cadence == .month ? label : .init(ru: "Отчетный период", en: "Report period")
        default: return label
        }
    }

    /// Which field a label cell names («Муниципальное образование:», «ОКТМО», «Отчетный период»…).
    static func recognise(_ label: String) -> TitleField? {
        let text = TextCleaner.fold(label)
        // 60 characters at most (240 bytes bounds that before counting characters).
        guard !text.isEmpty, text.utf8.count <= 60 || (text.utf8.count <= 240 && text.count <= 60) else { return nil }
        // Byte comparisons: the folded text is lower case and normalized by `fold`.
        func starts(_ prefix: String) -> Bool { text.utf8.starts(with: prefix.utf8) }
        func equals(_ word: String) -> Bool { text.sameBytes(as: word) }
        if text.includes("октмо") || text.includes("инн") || starts("код оо") || starts("код школы") || starts("school code") { return .oktmo }
        if starts("образовательн") || equals("оо") || starts("оо ") || starts("школа") || starts("school") { return .municipality }
        if starts("муниципальн") || starts("муниципалитет") || starts("мо ") || equals("мо") || starts("municipality") {
            return .municipality
        }
        if text.includes("отчетн") || starts("reporting") || equals("период") || equals("месяц") { return .period }
        if text.includes("дата заполн") || starts("date filled") { return .filledOn }
        if text.includes("телефон") || starts("phone") { return .phone }
        if text.includes("исполнител") || text.includes("ответствен") || starts("фио") || starts("person") { return .person }
        return nil
    }
}

/// A located value: what a cell held and where.
public struct LocatedValue: Sendable, Equatable {
    public var address: CellAddress
    public var value: CellValue

    public init(address: CellAddress, value: CellValue) {
        self.address = address
        self.value = value
    }
}

/// One row of the report table. Its cells are aligned with the schema's columns (position `i`
/// is `schema.columns[i]`), so the checks index instead of hashing column ids row after row.
public struct SubmissionRow: Sendable, Equatable {
    /// 0-based row index in the sheet.
    public var index: Int
    /// Per schema column: the cell, or nil when the column is absent or the cell blank.
    public var cells: [LocatedValue?]

    public init(index: Int, cells: [LocatedValue?]) {
        self.index = index
        self.cells = cells
    }

    /// The value of the schema column at `position` (`.empty` when blank or absent).
    public func value(at position: Int) -> CellValue { cells[position]?.value ?? .empty }
}

/// A municipal report as read from its file, before any judgement: the title block, the table's
/// header mapping and rows. The `Validator` decides what is wrong with it.
public struct Submission: Sendable {
    /// The path as given.
    public var path: String
    /// The file name shown in diagnostics.
    public var file: String
    public var format: SpreadsheetFormat
    public var csvDialect: CSVDialect?
    public var sheet: String
    public var titleBlock: [TitleField: LocatedValue]
    /// 0-based row of the table header.
    public var headerRow: Int
    /// Schema column id → 0-based column index.
    public var columns: [String: Int]
    /// Schema column position → 0-based column index (nil when the table lacks the column).
    public var positions: [Int?]
    /// Header cells that name no schema column.
    public var unknownColumns: [LocatedValue]
    /// Schema columns named by more than one header cell (the first is used).
    public var duplicateColumns: [LocatedValue]
    /// The table's rows that were kept. `SubmissionReader.read(path:pool:)` keeps every row; the
    /// `Validator`, which streams the table, keeps only the rows behind the report's entries
    /// (the first row of each roadmap measure, so never more rows than the roadmap has
    /// measures) — in a valid report that is every row, since any other row is an error.
    public var rows: [SubmissionRow]
    /// How many filled-in rows the table has (repeated headers not counted), kept or not.
    public var rowCount: Int = 0
}

/// Why a file yields no submission at all.
public enum SubmissionReadFailure: Error, Sendable {
    /// The spreadsheet layer refused the file.
    case refused(SpreadsheetError)
    /// No sheet has a header naming the id and status columns.
    case headerNotFound(sheets: [String])
}

/// A report opened for streaming: what the top of the sheet says (title block, header mapping:
/// `submission`, with no rows yet) and the table's rows, handed out one at a time.
///
/// Only the rows above the header (at most `SubmissionReader.headerSearchRows`) are ever held
/// together; every row below it is read from the spreadsheet when asked for, so the memory a
/// report costs does not grow with its length.
public final class SubmissionStream {
    /// The report's top: title block, header, columns; `rows` empty and `rowCount` zero.
    public let submission: Submission
    /// Keeps the file open while its rows stream.
    private let document: SpreadsheetDocument
    private let reader: any RowReader
    private let table: ReportColumns

    fileprivate init(submission: Submission, document: SpreadsheetDocument, reader: any RowReader, table: ReportColumns) {
        self.submission = submission
        self.document = document
        self.reader = reader
        self.table = table
    }

    /// The next filled-in table row, aligned with the schema's columns, or `nil` at the end.
    ///
    /// - Throws: `SpreadsheetError` when the rest of the file turns out to be damaged or over a cap.
    public func nextRow() throws -> SubmissionRow? {
        while let row = try reader.nextRow() {
            if let converted = table.convert(row) { return converted }
        }
        return nil
    }
}

/// How a sheet's columns map to the schema's, worked out once from the header.
private struct ReportColumns {
    let idColumn: SchemaColumn
    /// The sheet column of the id (nil when the header lacks it).
    let idIndex: Int?
    /// Sheet column → schema position (-1 for columns the schema does not read).
    let bySheetColumn: [Int]
    let width: Int

    /// The row aligned with the schema's columns; nil for a repeated header or a row with
    /// nothing in the schema's columns.
    func convert(_ row: Row) -> SubmissionRow? {
        // A repeated header (a page header copied down) is not data.
        if let idIndex, case .string(let text) = row[idIndex], SubmissionReader.startsWithNonDigit(text),
           idColumn.matches(header: text) { return nil }
        var cells = [LocatedValue?](repeating: nil, count: width)
        var filled = false
        for index in row.cells.indices {
            let column = row.cells[index].address.column
            guard column < bySheetColumn.count, bySheetColumn[column] >= 0 else { continue }
            switch row.cells[index].value {
            case .empty: continue
            case .string(let text) where text.isBlank: continue
            default: break
            }
            cells[bySheetColumn[column]] = LocatedValue(address: row.cells[index].address, value: row.cells[index].value)
            filled = true
        }
        return filled ? SubmissionRow(index: row.index, cells: cells) : nil
    }
}

/// Reads a municipal report: finds the table by its header on any sheet, reads the title block
/// above it, and maps the table's columns to the schema by header text and aliases.
public struct SubmissionReader: Sendable {
    public var schema: SubmissionSchema
    public var limits: ReadLimits

    /// The header is looked for among a sheet's first this many non-empty rows (the title block
    /// and the header are at the top of the form).
    public static let headerSearchRows = 60

    public init(schema: SubmissionSchema, limits: ReadLimits = .default) {
        self.schema = schema
        self.limits = limits
    }

    /// Reads a whole report, every row kept: for small files and tests. The `Validator` streams
    /// with `open(path:pool:)` instead.
    ///
    /// - Parameter pool: Where cell texts come from (a batch worker passes its own).
    public func read(path: String, pool: StringPool? = nil) -> Result<Submission, SubmissionReadFailure> {
        switch open(path: path, pool: pool) {
        case .failure(let failure):
            return .failure(failure)
        case .success(let stream):
            var submission = stream.submission
            do {
                while let row = try stream.nextRow() {
                    submission.rows.append(row)
                    submission.rowCount += 1
                }
            } catch {
                return .failure(.refused(Self.refusal(error, path: path)))
            }
            return .success(submission)
        }
    }

    /// Opens a report for streaming: finds the sheet holding the table (visible sheets first, in
    /// tab order), reads the title block and the header, and leaves the rows to
    /// `SubmissionStream.nextRow()`.
    ///
    /// A sheet without the header is read to its end before the next one is tried, so a damaged
    /// or oversized sheet is refused whichever sheet it is, as when every sheet was read whole.
    ///
    /// - Parameter pool: Where cell texts come from (a batch worker passes its own).
    public func open(path: String, pool: StringPool? = nil) -> Result<SubmissionStream, SubmissionReadFailure> {
        let file = path.fileName
        do {
            let document = try SpreadsheetDocument.open(path: path, limits: limits, pool: pool)
            // Visible sheets first, in tab order: the report is usually the first one.
            let order = document.sheets.filter(\.isVisible) + document.sheets.filter { !$0.isVisible }
            let idColumn = schema.column(role: .measureID)
            let statusColumn = schema.column(role: .status)
            for sheet in order {
                let reader = try document.rows(.position(sheet.index + 1))
                // The header: the first row (of the first `headerSearchRows`) naming both the id
                // and the status columns; the rows above it hold the title block.
                var above: [Row] = []
                if let idColumn, let statusColumn {
                    while above.count < Self.headerSearchRows, let row = try reader.nextRow() {
                        if Self.isHeader(row, id: idColumn, status: statusColumn) {
                            let (submission, table) = top(above: above, header: row, idColumn: idColumn, path: path, file: file,
                                                          format: document.format, dialect: document.csvDialect, sheet: sheet.name)
                            return .success(SubmissionStream(submission: submission, document: document, reader: reader, table: table))
                        }
                        above.append(row)
                    }
                }
                // Not the report: read the rest of the sheet (and drop it).
                while try reader.nextRow() != nil {}
            }
            return .failure(.headerNotFound(sheets: document.sheets.map(\.name)))
        } catch {
            return .failure(.refused(Self.refusal(error, path: path)))
        }
    }

    /// A reading error as the spreadsheet error that refuses the file.
    static func refusal(_ error: any Error, path: String) -> SpreadsheetError {
        if let error = error as? SpreadsheetError { return error.with(file: path) }
        return SpreadsheetError(.fileUnreadable, file: path, detail: "\(error)")
    }

    /// Whether a cell text starts with something other than a digit (a header's «№», not an id).
    static func startsWithNonDigit(_ text: String) -> Bool {
        guard let byte = text.utf8.first else { return false }
        if byte < 0x80 { return !(0x30...0x39).contains(byte) }
        return text.first.map { !$0.isNumber } ?? false
    }

    /// Whether a row is the report table's header: it names both the id and the status columns.
    static func isHeader(_ row: Row, id idColumn: SchemaColumn, status statusColumn: SchemaColumn) -> Bool {
        let folded = row.cells.compactMap { cell -> String? in
            if case .string(let text) = cell.value { return TextCleaner.fold(text) }
            return nil
        }
        return folded.contains(where: idColumn.matches(folded:)) && folded.contains(where: statusColumn.matches(folded:))
    }

    /// The top of the report on one sheet (title block from the rows above the header, header
    /// mapping, no rows yet) and how its columns map to the schema's.
    private func top(above rows: [Row], header: Row, idColumn: SchemaColumn, path: String, file: String,
                     format: SpreadsheetFormat, dialect: CSVDialect?, sheet: String) -> (Submission, ReportColumns) {
        var columns: [String: Int] = [:]
        var unknown: [LocatedValue] = []
        var duplicates: [LocatedValue] = []
        for cell in header.cells {
            let text = cell.value.text
            guard !text.isBlank else { continue }
            let folded = TextCleaner.fold(text)
            if let column = schema.columns.first(where: { $0.matches(folded: folded) }) {
                if columns[column.id] == nil {
                    columns[column.id] = cell.address.column
                } else {
                    duplicates.append(LocatedValue(address: cell.address, value: cell.value))
                }
            } else {
                unknown.append(LocatedValue(address: cell.address, value: cell.value))
            }
        }

        var titleBlock: [TitleField: LocatedValue] = [:]
        for row in rows {
            for (position, cell) in row.cells.enumerated() {
                guard case .string(let label) = cell.value, let field = TitleField.recognise(label),
                      titleBlock[field] == nil else { continue }
                // The value: the next non-empty cell to the right; or text after a colon in the label cell.
                if let next = row.cells[(position + 1)...].first(where: { !$0.value.text.trimmed.isEmpty }) {
                    titleBlock[field] = LocatedValue(address: next.address, value: next.value)
                } else if let colon = label.firstIndex(of: ":") {
                    let rest = String(label[label.index(after: colon)...]).trimmed
                    if !rest.isEmpty { titleBlock[field] = LocatedValue(address: cell.address, value: .string(rest)) }
                }
            }
        }

        // Sheet column → schema position, for the first header naming each schema column.
        let positions = schema.columns.map { columns[$0.id] }
        var bySheetColumn = [Int](repeating: -1, count: (positions.compactMap { $0 }.max() ?? -1) + 1)
        for (position, column) in positions.enumerated() {
            if let column { bySheetColumn[column] = position }
        }
        let table = ReportColumns(idColumn: idColumn, idIndex: columns[idColumn.id], bySheetColumn: bySheetColumn,
                                width: schema.columns.count)
        let submission = Submission(path: path, file: file, format: format, csvDialect: dialect, sheet: sheet, titleBlock: titleBlock,
                                    headerRow: header.index, columns: columns, positions: positions, unknownColumns: unknown,
                                    duplicateColumns: duplicates, rows: [], rowCount: 0)
        return (submission, table)
    }
}
