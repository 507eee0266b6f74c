import CXlsxWriter

/// The sheet settings of `SheetWriter`: everything but cells, rows and columns.
extension SheetWriter {

    /// Freezes the rows above `row` and the columns left of `column` (e.g. a header row).
    public func freezePanes(row: Int, column: Int = 0) throws {
        let part = location(row: row, column: column)
        try checkCell(row: row, column: column, part: part)
        worksheet_freeze_panes(handle, lxw_row_t(row), lxw_col_t(column))
    }

    /// Adds filter buttons to the header row of `range`.
    ///
    /// Row-ordered: the range's last row must not be above the current row, so call this after
    /// writing the header and before the data rows (its last row known in advance).
    public func autofilter(_ range: CellRange) throws {
        let part = "\(name)!\(range.a1)"
        try checkCell(row: range.last.row, column: range.last.column, part: part)
        try checkOrder(row: range.last.row, part: part)
        try check(worksheet_autofilter(
            handle, lxw_row_t(range.first.row), lxw_col_t(range.first.column),
            lxw_row_t(range.last.row), lxw_col_t(range.last.column)), part: part)
    }

    /// Restricts what may be typed into a range.
    public func dataValidation(range: CellRange, rule: ValidationRule, messages: ValidationMessages = ValidationMessages()) throws {
        let part = "\(name)!\(range.a1)"
        try checkCell(row: range.last.row, column: range.last.column, part: part)
        var validation = lxw_data_validation()
        validation.ignore_blank = messages.allowBlank ? UInt8(LXW_VALIDATION_ON.rawValue) : UInt8(LXW_VALIDATION_OFF.rawValue)
        switch rule {
        case .list(let values):
            try checkList(values, part: part)
            validation.validate = UInt8(LXW_VALIDATION_TYPE_LIST.rawValue)
            validation.value_list = try book.cStringList(values, part: part)
        case .integer(let criterion):
            validation.validate = UInt8(LXW_VALIDATION_TYPE_INTEGER.rawValue)
            apply(criterion.map { Double($0) }, to: &validation)
        case .decimal(let criterion):
            guard criterion.values.allSatisfy(\.isFinite) else {
                throw XLSXWriteError.invalid("a validation limit is not a finite number", file: book.path, part: part)
            }
            validation.validate = UInt8(LXW_VALIDATION_TYPE_DECIMAL.rawValue)
            apply(criterion, to: &validation)
        case .date(let criterion):
            validation.validate = UInt8(LXW_VALIDATION_TYPE_DATE_NUMBER.rawValue)
            for date in criterion.values {
                _ = try checkedSerial(ExcelDate.serial(of: date), text: date.iso, part: part)
            }
            apply(criterion.map { ExcelDate.serial(of: $0) }, to: &validation)
        case .textLength(let criterion):
            validation.validate = UInt8(LXW_VALIDATION_TYPE_LENGTH.rawValue)
            apply(criterion.map { Double($0) }, to: &validation)
        }
        if let title = messages.inputTitle { validation.input_title = try book.cString(title, part: part) }
        if let message = messages.inputMessage { validation.input_message = try book.cString(message, part: part) }
        if let title = messages.errorTitle { validation.error_title = try book.cString(title, part: part) }
        if let message = messages.errorMessage { validation.error_message = try book.cString(message, part: part) }
        try check(worksheet_data_validation_range(
            handle, lxw_row_t(range.first.row), lxw_col_t(range.first.column),
            lxw_row_t(range.last.row), lxw_col_t(range.last.column), &validation), part: part)
    }

    /// Offers a drop-down of fixed texts for a range.
    ///
    /// - Parameter values: The choices; none may contain a comma or a double quote, and the
    ///   joined list must fit in 255 characters (Excel's limit).
    public func dataValidationList(range: CellRange, values: [String], messages: ValidationMessages = ValidationMessages()) throws {
        try dataValidation(range: range, rule: .list(values), messages: messages)
    }

    /// Adds a note (comment) to a cell. Row-ordered: the row must not be above the current row.
    public func comment(at address: CellAddress, text: String, author: String? = nil) throws {
        let part = location(row: address.row, column: address.column)
        try checkCell(row: address.row, column: address.column, part: part)
        try checkOrder(row: address.row, part: part)
        var options = lxw_comment_options()
        if let author { options.author = try book.cString(author, part: part) }
        let body = try book.cString(text, part: part)
        try check(worksheet_write_comment_opt(handle, lxw_row_t(address.row), lxw_col_t(address.column), body, &options),
                  part: part)
    }

    /// Applies `style` to the cells of `range` that satisfy `rule`.
    public func conditionalFormat(range: CellRange, rule: ConditionalRule, style: CellStyle) throws {
        let part = "\(name)!\(range.a1)"
        try checkCell(row: range.last.row, column: range.last.column, part: part)
        var conditional = lxw_conditional_format()
        switch rule {
        case .cellValue(let criterion):
            guard criterion.values.allSatisfy(\.isFinite) else {
                throw XLSXWriteError.invalid("a condition limit is not a finite number", file: book.path, part: part)
            }
            conditional.type = UInt8(LXW_CONDITIONAL_TYPE_CELL.rawValue)
            switch criterion {
            case .between(let low, let high), .notBetween(let low, let high):
                conditional.min_value = low
                conditional.max_value = high
            case .equalTo(let value), .notEqualTo(let value), .greaterThan(let value), .lessThan(let value),
                 .greaterThanOrEqualTo(let value), .lessThanOrEqualTo(let value):
                conditional.value = value
            }
            conditional.criteria = SheetWriter.conditionalCriteria(criterion)
        case .textContains(let text), .textNotContains(let text), .textBeginsWith(let text):
            guard !text.isEmpty else {
                throw XLSXWriteError.invalid("an empty text condition", file: book.path, part: part)
            }
            conditional.type = UInt8(LXW_CONDITIONAL_TYPE_TEXT.rawValue)
            conditional.value_string = try book.cString(text, part: part)
            switch rule {
            case .textContains: conditional.criteria = UInt8(LXW_CONDITIONAL_CRITERIA_TEXT_CONTAINING.rawValue)
            case .textNotContains: conditional.criteria = UInt8(LXW_CONDITIONAL_CRITERIA_TEXT_NOT_CONTAINING.rawValue)
            default: conditional.criteria = UInt8(LXW_CONDITIONAL_CRITERIA_TEXT_BEGINS_WITH.rawValue)
            }
        case .blanks:
            conditional.type = UInt8(LXW_CONDITIONAL_TYPE_BLANKS.rawValue)
        case .errors:
            conditional.type = UInt8(LXW_CONDITIONAL_TYPE_ERRORS.rawValue)
        }
        conditional.format = try book.format(for: style, part: part)
        try check(worksheet_conditional_format_range(
            handle, lxw_row_t(range.first.row), lxw_col_t(range.first.column),
            lxw_row_t(range.last.row), lxw_col_t(range.last.column), &conditional), part: part)
    }

    /// Protects the sheet: cells whose style is locked (the default) cannot be edited; cells
    /// written with `CellStyle.unlocked` (or `locked: false`) stay editable.
    ///
    /// - Parameter password: An optional password (stored as Excel's weak 16-bit hash — this
    ///   prevents accidents, not attacks).
    public func protect(password: String? = nil, options: ProtectionOptions = ProtectionOptions()) throws {
        _ = try book.openHandle(part: name)
        var protection = lxw_protection()
        protection.no_select_locked_cells = options.selectLockedCells ? 0 : 1
        protection.no_select_unlocked_cells = options.selectUnlockedCells ? 0 : 1
        protection.format_cells = options.formatCells ? 1 : 0
        protection.format_columns = options.formatColumns ? 1 : 0
        protection.format_rows = options.formatRows ? 1 : 0
        protection.insert_rows = options.insertRows ? 1 : 0
        protection.delete_rows = options.deleteRows ? 1 : 0
        protection.sort = options.sort ? 1 : 0
        protection.autofilter = options.autofilter ? 1 : 0
        let secret = try password.map { try book.cString($0, part: name) }
        worksheet_protect(handle, secret, &protection)
    }

    /// Sets up printing.
    ///
    /// - Parameters:
    ///   - landscape: Landscape instead of portrait.
    ///   - fitToWidth: Scale so that all columns fit on one page width (any number of pages tall).
    ///   - repeatRows: Rows printed at the top of every page (0-based, e.g. `0...1`).
    ///   - paper: The paper size (A4 by default).
    ///   - margins: Page margins in inches.
    public func printSetup(landscape: Bool = false, fitToWidth: Bool = false, repeatRows: ClosedRange<Int>? = nil,
                           paper: PaperSize = .a4, margins: PageMargins = PageMargins()) throws {
        _ = try book.openHandle(part: name)
        if landscape { worksheet_set_landscape(handle) } else { worksheet_set_portrait(handle) }
        worksheet_set_paper(handle, paper.code)
        worksheet_set_margins(handle, margins.left, margins.right, margins.top, margins.bottom)
        if fitToWidth { worksheet_fit_to_pages(handle, 1, 0) }
        if let repeatRows {
            let part = "\(name)!\(repeatRows.lowerBound + 1):\(repeatRows.upperBound + 1)"
            try checkCell(row: repeatRows.upperBound, column: 0, part: part)
            try checkCell(row: repeatRows.lowerBound, column: 0, part: part)
            try check(worksheet_repeat_rows(handle, lxw_row_t(repeatRows.lowerBound), lxw_row_t(repeatRows.upperBound)),
                      part: part)
        }
    }

    /// Hides the gridlines on screen and in print.
    public func hideGridlines() throws {
        _ = try book.openHandle(part: name)
        worksheet_gridlines(handle, UInt8(LXW_HIDE_ALL_GRIDLINES.rawValue))
    }

    /// Colours the sheet's tab (`0xRRGGBB`).
    public func setTabColor(_ rgb: UInt32) throws {
        _ = try book.openHandle(part: name)
        worksheet_set_tab_color(handle, XLSXWriter.color(rgb))
    }

    /// Inserts a chart whose top-left corner is at `address`.
    ///
    /// - Parameters:
    ///   - kind: Bar, column, pie or line.
    ///   - title: The chart title; `nil` for none (Excel may show the series name).
    ///   - series: The data, as ranges on sheets already added to this workbook.
    ///   - address: The cell under the chart's top-left corner.
    ///   - size: The size in pixels.
    /// - Throws: `.writeFailed` for no series, an unknown sheet, or a title or series name
    ///   starting with `=` (libxlsxwriter would read it as a cell reference).
    public func addChart(kind: ChartKind, title: String? = nil, series: [ChartSeries], at address: CellAddress,
                         size: ChartSize = ChartSize()) throws {
        let part = location(row: address.row, column: address.column)
        try checkCell(row: address.row, column: address.column, part: part)
        guard !series.isEmpty else { throw XLSXWriteError.invalid("a chart needs at least one series", file: book.path, part: part) }
        guard size.width > 0, size.height > 0 else {
            throw XLSXWriteError.invalid("chart size \(size.width)×\(size.height) is not positive", file: book.path, part: part)
        }
        // Validate everything before libxlsxwriter owns a half-built chart.
        var resolved: [(ChartSeries, String)] = []
        for item in series {
            guard let sheet = book.existingSheetName(item.sheet) else {
                throw XLSXWriteError.invalid("chart series '\(item.name)' refers to the unknown sheet '\(item.sheet)'",
                                             file: book.path, part: part)
            }
            guard !item.name.hasPrefix("=") else {
                throw XLSXWriteError.invalid("chart series name '\(item.name)' starts with '='", file: book.path, part: part)
            }
            try checkCell(row: item.categories.last.row, column: item.categories.last.column, part: part)
            try checkCell(row: item.values.last.row, column: item.values.last.column, part: part)
            resolved.append((item, sheet))
        }
        if let title, title.hasPrefix("=") {
            throw XLSXWriteError.invalid("chart title '\(title)' starts with '='", file: book.path, part: part)
        }

        let chart = try book.newChart(kind: kind, part: part)
        if let title { chart_title_set_name(chart, try book.cString(title, part: part)) }
        for (item, sheet) in resolved {
            guard let seriesHandle = chart_add_series(chart, nil, nil) else {
                throw XLSXWriteError.library(LXW_ERROR_MEMORY_MALLOC_FAILED, file: book.path, part: part)
            }
            let sheetName = try book.cString(sheet, part: part)
            chart_series_set_categories(
                seriesHandle, sheetName, lxw_row_t(item.categories.first.row), lxw_col_t(item.categories.first.column),
                lxw_row_t(item.categories.last.row), lxw_col_t(item.categories.last.column))
            chart_series_set_values(
                seriesHandle, sheetName, lxw_row_t(item.values.first.row), lxw_col_t(item.values.first.column),
                lxw_row_t(item.values.last.row), lxw_col_t(item.values.last.column))
            chart_series_set_name(seriesHandle, try book.cString(item.name, part: part))
        }
        var options = lxw_chart_options()
        options.x_scale = Double(size.width) / 480
        options.y_scale = Double(size.height) / 288
        try check(worksheet_insert_chart_opt(handle, lxw_row_t(address.row), lxw_col_t(address.column), chart, &options),
                  part: part)
    }
}
