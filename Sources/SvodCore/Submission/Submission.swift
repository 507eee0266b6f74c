import Foundation

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
        case .municipality: return .init(ru: "Муниципальное образование", en: "Municipality")
        case .oktmo: return .init(ru: "Код ОКТМО", en: "OKTMO code")
        case .period: return .init(ru: "Отчетный месяц", en: "Reporting month")
        case .filledOn: return .init(ru: "Дата заполнения", en: "Date filled in")
        case .person: return .init(ru: "Ответственный исполнитель", en: "Person responsible")
        case .phone: return .init(ru: "Телефон", en: "Phone")
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
        if text.includes("октмо") { return .oktmo }
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
    public var rows: [SubmissionRow]
}

/// Why a file yields no submission at all.
public enum SubmissionReadFailure: Error, Sendable {
    /// The spreadsheet layer refused the file.
    case refused(SpreadsheetError)
    /// No sheet has a header naming the id and status columns.
    case headerNotFound(sheets: [String])
}

/// Reads a municipal report: finds the table by its header on any sheet, reads the title block
/// above it, and maps the table's columns to the schema by header text and aliases.
public struct SubmissionReader: Sendable {
    public var schema: SubmissionSchema
    public var limits: ReadLimits

    public init(schema: SubmissionSchema, limits: ReadLimits = .default) {
        self.schema = schema
        self.limits = limits
    }

    ///
    /// - Parameter pool: Where cell texts come from (a batch worker passes its own).
    public func read(path: String, pool: StringPool? = nil) -> Result<Submission, SubmissionReadFailure> {
        let file = path.fileName
        do {
            let document = try SpreadsheetDocument.open(path: path, limits: limits, pool: pool)
            // Visible sheets first, in tab order: the report is usually the first one.
            let order = document.sheets.filter(\.isVisible) + document.sheets.filter { !$0.isVisible }
            for sheet in order {
                let rows = try document.rows(.position(sheet.index + 1)).readAll()
                if let submission = read(rows: rows, path: path, file: file, format: document.format,
                                         dialect: document.csvDialect, sheet: sheet.name) {
                    return .success(submission)
                }
            }
            return .failure(.headerNotFound(sheets: document.sheets.map(\.name)))
        } catch let error as SpreadsheetError {
            return .failure(.refused(error.with(file: path)))
        } catch {
            return .failure(.refused(SpreadsheetError(.fileUnreadable, file: path, detail: "\(error)")))
        }
    }

    /// Whether a cell text starts with something other than a digit (a header's «№», not an id).
    static func startsWithNonDigit(_ text: String) -> Bool {
        guard let byte = text.utf8.first else { return false }
        if byte < 0x80 { return !(0x30...0x39).contains(byte) }
        return text.first.map { !$0.isNumber } ?? false
    }

    /// The submission on one sheet, or `nil` when the sheet has no report table.
    func read(rows: [Row], path: String, file: String, format: SpreadsheetFormat, dialect: CSVDialect?,
              sheet: String) -> Submission? {
        guard let idColumn = schema.column(role: .measureID), let statusColumn = schema.column(role: .status) else { return nil }
        // The header: the first row naming both the id and the status columns.
        var headerIndex: Int?
        for (position, row) in rows.enumerated().prefix(60) {
            let folded = row.cells.compactMap { cell -> String? in
                if case .string(let text) = cell.value { return TextCleaner.fold(text) }
                return nil
            }
            if folded.contains(where: idColumn.matches(folded:)) && folded.contains(where: statusColumn.matches(folded:)) {
                headerIndex = position
                break
            }
        }
        guard let headerIndex else { return nil }
        let header = rows[headerIndex]

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
        for row in rows[..<headerIndex] {
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
        let width = schema.columns.count
        var tableRows: [SubmissionRow] = []
        tableRows.reserveCapacity(rows.count - headerIndex - 1)
        let idIndex = columns[idColumn.id]
        for row in rows[(headerIndex + 1)...] {
            // A repeated header (a page header copied down) is not data.
            if let idIndex, case .string(let text) = row[idIndex], Self.startsWithNonDigit(text),
               idColumn.matches(header: text) { continue }
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
            if !filled { continue }
            tableRows.append(SubmissionRow(index: row.index, cells: cells))
        }
        return Submission(path: path, file: file, format: format, csvDialect: dialect, sheet: sheet, titleBlock: titleBlock,
                          headerRow: header.index, columns: columns, positions: positions, unknownColumns: unknown,
                          duplicateColumns: duplicates, rows: tableRows)
    }
}
