import CXlsxWriter

/// Fills one worksheet, row by row.
///
/// **Row order.** Cells are written in non-decreasing row order (any column order within a
/// row); writing to a row above one already written throws. This is what lets libxlsxwriter's
/// constant-memory mode flush finished rows, and the rule holds in both modes so code that
/// works in one works in the other. `setRow` and `merge` count as writing their rows (a styled
/// merge writes down to its last row). Two range settings are also bound to row order, because
/// libxlsxwriter's constant-memory mode refuses them once their rows are flushed: `comment(at:)`
/// needs a row not above the current one, and `autofilter` a last row not above it (set the
/// filter after the header, before the data). Everything else — columns, panes, validation,
/// conditional formats, protection, printing, charts — may be set at any time before the
/// workbook is closed.
///
/// **Values.** Strings are always written as text, never as formulas, even when they start with
/// `=`, `+`, `-` or `@`; only `writeFormula` writes a formula. Dates and date-times are written as
/// Excel serials (`ExcelDate.serial`, 1900 date system) with `dd.mm.yyyy` / `dd.mm.yyyy hh:mm`
/// unless the style has its own number format. `.error` values are written as their text;
/// `.empty` writes a blank cell only when styled.
///
/// A sheet writer keeps its workbook alive; once the workbook is closed every call throws.
/// Cells, rows and columns are here; the sheet settings (panes, filters, validation, comments,
/// conditional formats, protection, printing, tab colour, charts) are in `SheetSettings.swift`.
public final class SheetWriter {
    /// The sheet's name.
    public let name: String
    let book: XLSXWriter
    let handle: UnsafeMutablePointer<lxw_worksheet>
    /// The lowest row that may still be written.
    var nextRow = 0
    var merges: [CellRange] = []

    /// Excel's largest sheet: 1,048,576 rows.
    public static let maxRows = 1_048_576
    /// Excel's widest sheet: 16,384 columns.
    public static let maxColumns = 16_384

    init(book: XLSXWriter, handle: UnsafeMutablePointer<lxw_worksheet>, name: String) {
        self.book = book
        self.handle = handle
        self.name = name
    }

    /// The lowest row that may still be written (0-based).
    public var currentRow: Int { nextRow }

    // MARK: - Cells

    /// Writes one value.
    ///
    /// - Parameters:
    ///   - row: 0-based row, not above a row already written.
    ///   - column: 0-based column.
    ///   - value: The value; see the type's discussion for how each case is stored.
    ///   - style: The cell's look; `nil` for Excel's default.
    /// - Throws: `SpreadsheetError` `.writeFailed` for a cell outside the sheet, a row out of
    ///   order, a non-finite number, a date outside 1900–9999, a string over 32,767 characters, or
    ///   a closed workbook.
    public func write(row: Int, column: Int, value: CellValue, style: CellStyle? = nil) throws {
        // The error location is built only when an error is thrown: formatting it for every
        // cell cost a quarter of the writer's time.
        func part() -> String { location(row: row, column: column) }
        try checkCell(row: row, column: column, part: part())
        try checkOrder(row: row, part: part())
        let (r, c) = (lxw_row_t(row), lxw_col_t(column))
        let status: lxw_error
        switch value {
        case .empty:
            guard let format = try book.format(for: style, part: part()) else {
                nextRow = row
                return
            }
            status = worksheet_write_blank(handle, r, c, format)
        case .string(let text), .error(let text):
            let format = try book.format(for: style, part: part())
            // withCString hands over a native string's own bytes; passing the String straight
            // to C would copy it into a fresh array for every cell.
            status = text.withCString { worksheet_write_string(handle, r, c, $0, format) }
        case .number(let number):
            guard number.isFinite else {
                throw XLSXWriteError.invalid("the number \(number) cannot be stored in an Excel cell", file: book.path, part: part())
            }
            let format = try book.format(for: style, part: part())
            status = worksheet_write_number(handle, r, c, number, format)
        case .bool(let flag):
            let format = try book.format(for: style, part: part())
            status = worksheet_write_boolean(handle, r, c, flag ? 1 : 0, format)
        case .date(let date):
            let serial = try checkedSerial(ExcelDate.serial(of: date), text: date.iso, part: part())
            let format = try book.format(
                for: (style ?? CellStyle()).withDefaultNumberFormat(CellStyle.defaultDateFormat), part: part())
            status = worksheet_write_number(handle, r, c, serial, format)
        case .dateTime(let dateTime):
            let serial = try checkedSerial(ExcelDate.serial(of: dateTime), text: dateTime.iso, part: part())
            let format = try book.format(
                for: (style ?? CellStyle()).withDefaultNumberFormat(CellStyle.defaultDateTimeFormat), part: part())
            status = worksheet_write_number(handle, r, c, serial, format)
        case .time(let seconds), .duration(let seconds):
            // A fraction of a day, as Excel stores both; the format tells them apart.
            let isTime: Bool
            if case .time = value { isTime = true } else { isTime = false }
            let format = try book.format(
                for: (style ?? CellStyle()).withDefaultNumberFormat(isTime ? CellStyle.defaultTimeFormat : CellStyle.defaultDurationFormat),
                part: part())
            status = worksheet_write_number(handle, r, c, Double(seconds) / 86400, format)
        }
        try check(status, part: part())
        nextRow = row
    }

    /// Writes one value at an address.
    public func write(_ value: CellValue, at address: CellAddress, style: CellStyle? = nil) throws {
        try write(row: address.row, column: address.column, value: value, style: style)
    }

    /// Writes consecutive cells of one row.
    ///
    /// - Parameters:
    ///   - values: The values, left to right.
    ///   - row: 0-based row.
    ///   - startColumn: The column of the first value.
    ///   - styles: Per-value styles; missing entries mean no style.
    public func writeRow(_ values: [CellValue], at row: Int, startColumn: Int = 0, styles: [CellStyle?] = []) throws {
        for (offset, value) in values.enumerated() {
            let style = offset < styles.count ? styles[offset] : nil
            try write(row: row, column: startColumn + offset, value: value, style: style)
        }
    }

    /// Writes consecutive cells of one row, all in one style.
    public func writeRow(_ values: [CellValue], at row: Int, startColumn: Int = 0, style: CellStyle?) throws {
        try writeRow(values, at: row, startColumn: startColumn, styles: Array(repeating: style, count: values.count))
    }

    /// Writes a formula — for Svod's own formulas only, never for user data.
    ///
    /// - Parameters:
    ///   - formula: The formula with or without the leading `=`, e.g. `=SUM(B2:B10)`.
    ///   - result: The cached result to store; readers that do not recalculate (including our
    ///     own reader) see this value. Without it libxlsxwriter stores 0 and Excel recalculates
    ///     on open.
    public func writeFormula(_ formula: String, row: Int, column: Int, style: CellStyle? = nil, result: Double? = nil) throws {
        let part = location(row: row, column: column)
        try checkCell(row: row, column: column, part: part)
        try checkOrder(row: row, part: part)
        let body = formula.hasPrefix("=") ? String(formula.dropFirst()) : formula
        guard !body.isEmpty else { throw XLSXWriteError.invalid("an empty formula", file: book.path, part: part) }
        let format = try book.format(for: style, part: part)
        let status: lxw_error
        if let result {
            guard result.isFinite else {
                throw XLSXWriteError.invalid("the formula result \(result) is not a finite number", file: book.path, part: part)
            }
            status = worksheet_write_formula_num(handle, lxw_row_t(row), lxw_col_t(column), body, format, result)
        } else {
            status = worksheet_write_formula(handle, lxw_row_t(row), lxw_col_t(column), body, format)
        }
        try check(status, part: part)
        nextRow = row
    }

    /// Merges a range and writes a value into its top-left cell.
    ///
    /// The other cells of the range receive blank cells in `style` (so borders and fills cover
    /// the whole merged area). With a style the merge counts as writing down to its last row.
    ///
    /// - Throws: `.writeFailed` for a single-cell range, a range overlapping an earlier merge,
    ///   or a first row above a row already written.
    public func merge(range: CellRange, value: CellValue, style: CellStyle? = nil) throws {
        let part = "\(name)!\(range.a1)"
        try checkCell(row: range.last.row, column: range.last.column, part: part)
        try checkOrder(row: range.first.row, part: part)
        guard range.first != range.last else {
            throw XLSXWriteError.invalid("a merged range needs more than one cell", file: book.path, part: part)
        }
        if let other = merges.first(where: { $0.sharesCell(with: range) }) {
            throw XLSXWriteError.invalid("the merged range \(range.a1) overlaps \(other.a1)", file: book.path, part: part)
        }
        let format = try book.format(for: style, part: part)
        // Records the merge; with an empty string and no format it writes no cells.
        try check(worksheet_merge_range(
            handle, lxw_row_t(range.first.row), lxw_col_t(range.first.column),
            lxw_row_t(range.last.row), lxw_col_t(range.last.column), "", nil), part: part)
        merges.append(range)
        try write(row: range.first.row, column: range.first.column, value: value, style: style)
        guard let format else { return }
        for row in range.first.row...range.last.row {
            for column in range.first.column...range.last.column where !(row == range.first.row && column == range.first.column) {
                try check(worksheet_write_blank(handle, lxw_row_t(row), lxw_col_t(column), format),
                          part: location(row: row, column: column))
                nextRow = row
            }
        }
    }

    /// The merged ranges of this sheet, in the order added.
    public var mergedRanges: [CellRange] { merges }

    // MARK: - Rows and columns

    /// Sets the width (in characters) and optionally the default style of columns.
    public func setColumn(width: Double, first: Int, last: Int? = nil, style: CellStyle? = nil, hidden: Bool = false) throws {
        let last = last ?? first
        let part = "\(name)!\(CellAddress.columnName(max(first, 0))):\(CellAddress.columnName(max(last, 0)))"
        guard first >= 0, last >= first, last < SheetWriter.maxColumns else {
            throw XLSXWriteError.invalid("columns \(first)–\(last) are outside the sheet", file: book.path, part: part)
        }
        guard width >= 0, width <= 255 else {
            throw XLSXWriteError.invalid("column width \(width) is outside 0–255", file: book.path, part: part)
        }
        _ = try book.openHandle(part: part)
        let format = try book.format(for: style, part: part)
        var options = lxw_row_col_options()
        options.hidden = hidden ? 1 : 0
        try check(worksheet_set_column_opt(handle, lxw_col_t(first), lxw_col_t(last), width, format, &options), part: part)
    }

    /// Sets a row's height in points (and optionally its default style); counts as writing the row.
    public func setRow(_ row: Int, height: Double, style: CellStyle? = nil) throws {
        let part = "\(name)!\(row + 1):\(row + 1)"
        try checkCell(row: row, column: 0, part: part)
        try checkOrder(row: row, part: part)
        guard height >= 0, height <= 409 else {
            throw XLSXWriteError.invalid("row height \(height) is outside 0–409", file: book.path, part: part)
        }
        let format = try book.format(for: style, part: part)
        try check(worksheet_set_row(handle, lxw_row_t(row), height, format), part: part)
        nextRow = row
    }

    // MARK: - Checks

    func location(row: Int, column: Int) -> String {
        guard row >= 0, column >= 0 else { return "\(name)!R\(row + 1)C\(column + 1)" }
        return "\(name)!\(CellAddress(row: row, column: column).a1)"
    }

    func checkCell(row: Int, column: Int, part: @autoclosure () -> String) throws {
        _ = try book.openHandle(part: part())
        guard (0..<SheetWriter.maxRows).contains(row), (0..<SheetWriter.maxColumns).contains(column) else {
            throw XLSXWriteError.invalid("row \(row), column \(column) is outside the sheet", file: book.path, part: part())
        }
    }

    func checkOrder(row: Int, part: @autoclosure () -> String) throws {
        guard row >= nextRow else {
            throw XLSXWriteError.invalid(
                "row \(row + 1) written after row \(nextRow + 1): SheetWriter writes rows in order",
                file: book.path, part: part())
        }
    }

    func checkedSerial(_ serial: Double, text: String, part: @autoclosure () -> String) throws -> Double {
        // 1900-01-01 is serial 1; 9999-12-31 is serial 2,958,465.
        guard serial >= 1, serial < 2_958_466 else {
            throw XLSXWriteError.invalid("the date \(text) is outside Excel's range 1900-01-01…9999-12-31",
                                         file: book.path, part: part())
        }
        return serial
    }

    func checkList(_ values: [String], part: String) throws {
        guard !values.isEmpty else {
            throw XLSXWriteError.invalid("a validation list needs at least one value", file: book.path, part: part)
        }
        if let bad = values.first(where: { $0.contains(",") || $0.contains("\"") }) {
            throw XLSXWriteError.invalid("validation list value '\(bad)' contains a comma or a double quote",
                                         file: book.path, part: part)
        }
        let length = values.reduce(values.count - 1) { $0 + $1.count }
        guard length <= 255 else {
            throw XLSXWriteError.invalid("the validation list is \(length) characters long; Excel allows 255",
                                         file: book.path, part: part)
        }
    }

    func check(_ status: lxw_error, part: @autoclosure () -> String) throws {
        guard status != LXW_NO_ERROR else { return }
        throw XLSXWriteError.library(status, file: book.path, part: part())
    }

    func apply(_ criterion: Criterion<Double>, to validation: inout lxw_data_validation) {
        switch criterion {
        case .between(let low, let high), .notBetween(let low, let high):
            validation.minimum_number = low
            validation.maximum_number = high
        case .equalTo(let value), .notEqualTo(let value), .greaterThan(let value), .lessThan(let value),
             .greaterThanOrEqualTo(let value), .lessThanOrEqualTo(let value):
            validation.value_number = value
        }
        let code: lxw_validation_criteria
        switch criterion {
        case .between: code = LXW_VALIDATION_CRITERIA_BETWEEN
        case .notBetween: code = LXW_VALIDATION_CRITERIA_NOT_BETWEEN
        case .equalTo: code = LXW_VALIDATION_CRITERIA_EQUAL_TO
        case .notEqualTo: code = LXW_VALIDATION_CRITERIA_NOT_EQUAL_TO
        case .greaterThan: code = LXW_VALIDATION_CRITERIA_GREATER_THAN
        case .lessThan: code = LXW_VALIDATION_CRITERIA_LESS_THAN
        case .greaterThanOrEqualTo: code = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO
        case .lessThanOrEqualTo: code = LXW_VALIDATION_CRITERIA_LESS_THAN_OR_EQUAL_TO
        }
        validation.criteria = UInt8(code.rawValue)
    }

    static func conditionalCriteria(_ criterion: Criterion<Double>) -> UInt8 {
        let code: lxw_conditional_criteria
        switch criterion {
        case .between: code = LXW_CONDITIONAL_CRITERIA_BETWEEN
        case .notBetween: code = LXW_CONDITIONAL_CRITERIA_NOT_BETWEEN
        case .equalTo: code = LXW_CONDITIONAL_CRITERIA_EQUAL_TO
        case .notEqualTo: code = LXW_CONDITIONAL_CRITERIA_NOT_EQUAL_TO
        case .greaterThan: code = LXW_CONDITIONAL_CRITERIA_GREATER_THAN
        case .lessThan: code = LXW_CONDITIONAL_CRITERIA_LESS_THAN
        case .greaterThanOrEqualTo: code = LXW_CONDITIONAL_CRITERIA_GREATER_THAN_OR_EQUAL_TO
        case .lessThanOrEqualTo: code = LXW_CONDITIONAL_CRITERIA_LESS_THAN_OR_EQUAL_TO
        }
        return UInt8(code.rawValue)
    }
}

extension Criterion {
    /// The limits, in order.
    var values: [Value] {
        switch self {
        case .between(let low, let high), .notBetween(let low, let high): return [low, high]
        case .equalTo(let value), .notEqualTo(let value), .greaterThan(let value), .lessThan(let value),
             .greaterThanOrEqualTo(let value), .lessThanOrEqualTo(let value): return [value]
        }
    }

    /// The same comparison with transformed limits.
    func map<Other>(_ transform: (Value) -> Other) -> Criterion<Other> {
        switch self {
        case .between(let low, let high): return .between(transform(low), transform(high))
        case .notBetween(let low, let high): return .notBetween(transform(low), transform(high))
        case .equalTo(let value): return .equalTo(transform(value))
        case .notEqualTo(let value): return .notEqualTo(transform(value))
        case .greaterThan(let value): return .greaterThan(transform(value))
        case .lessThan(let value): return .lessThan(transform(value))
        case .greaterThanOrEqualTo(let value): return .greaterThanOrEqualTo(transform(value))
        case .lessThanOrEqualTo(let value): return .lessThanOrEqualTo(transform(value))
        }
    }
}

extension CellRange {
    /// Whether two ranges share a cell.
    fileprivate func sharesCell(with other: CellRange) -> Bool {
        first.row <= other.last.row && other.first.row <= last.row
            && first.column <= other.last.column && other.first.column <= last.column
    }
}
