/// A comparison of a cell value with one or two limits, used by data validation and
/// conditional formatting.
public enum Criterion<Value: Hashable & Sendable>: Hashable, Sendable {
    /// Inclusive on both ends.
    case between(Value, Value)
    case notBetween(Value, Value)
    case equalTo(Value)
    case notEqualTo(Value)
    case greaterThan(Value)
    case lessThan(Value)
    case greaterThanOrEqualTo(Value)
    case lessThanOrEqualTo(Value)
}

/// What a data-validation rule lets a user type into a range.
public enum ValidationRule: Hashable, Sendable {
    /// One of the given texts, offered in a drop-down. Texts must not contain commas; the
    /// joined list (with commas) must fit in Excel's 255 characters.
    case list([String])
    /// A whole number.
    case integer(Criterion<Int>)
    /// Any number.
    case decimal(Criterion<Double>)
    /// A date (stored and compared as an Excel serial).
    case date(Criterion<CivilDate>)
    /// Text whose length satisfies the criterion.
    case textLength(Criterion<Int>)
}

/// The prompt and the error box of a data-validation rule (all optional).
public struct ValidationMessages: Hashable, Sendable {
    /// Title of the hint shown when the cell is selected (≤ 32 characters).
    public var inputTitle: String?
    /// The hint shown when the cell is selected (≤ 255 characters).
    public var inputMessage: String?
    /// Title of the box shown for a wrong value (≤ 32 characters).
    public var errorTitle: String?
    /// The text shown for a wrong value (≤ 255 characters).
    public var errorMessage: String?
    /// Whether blank cells pass (Excel's default: yes).
    public var allowBlank: Bool

    public init(inputTitle: String? = nil, inputMessage: String? = nil, errorTitle: String? = nil,
                errorMessage: String? = nil, allowBlank: Bool = true) {
        self.inputTitle = inputTitle
        self.inputMessage = inputMessage
        self.errorTitle = errorTitle
        self.errorMessage = errorMessage
        self.allowBlank = allowBlank
    }
}

/// When a conditional format applies its style.
public enum ConditionalRule: Hashable, Sendable {
    /// The cell's numeric value satisfies the criterion.
    case cellValue(Criterion<Double>)
    /// The cell's text contains the given text (case-insensitive, as Excel's SEARCH).
    case textContains(String)
    /// The cell's text does not contain the given text.
    case textNotContains(String)
    /// The cell's text begins with the given text.
    case textBeginsWith(String)
    /// The cell is blank.
    case blanks
    /// The cell holds an error value such as `#DIV/0!`.
    case errors
}

/// What users may still do on a protected sheet (Excel's defaults: select cells, nothing else).
public struct ProtectionOptions: Hashable, Sendable {
    public var selectLockedCells: Bool
    public var selectUnlockedCells: Bool
    public var formatCells: Bool
    public var formatColumns: Bool
    public var formatRows: Bool
    public var insertRows: Bool
    public var deleteRows: Bool
    public var sort: Bool
    public var autofilter: Bool

    public init(selectLockedCells: Bool = true, selectUnlockedCells: Bool = true, formatCells: Bool = false,
                formatColumns: Bool = false, formatRows: Bool = false, insertRows: Bool = false,
                deleteRows: Bool = false, sort: Bool = false, autofilter: Bool = false) {
        self.selectLockedCells = selectLockedCells
        self.selectUnlockedCells = selectUnlockedCells
        self.formatCells = formatCells
        self.formatColumns = formatColumns
        self.formatRows = formatRows
        self.insertRows = insertRows
        self.deleteRows = deleteRows
        self.sort = sort
        self.autofilter = autofilter
    }
}

/// Paper sizes for printing.
public enum PaperSize: Hashable, Sendable {
    case a4, a3, letter

    /// The OOXML `paperSize` code.
    var code: UInt8 {
        switch self {
        case .a4: return 9
        case .a3: return 8
        case .letter: return 1
        }
    }
}

/// Page margins in inches (Excel's unit); the default is Excel's "normal" margins.
public struct PageMargins: Hashable, Sendable {
    public var left: Double
    public var right: Double
    public var top: Double
    public var bottom: Double

    public init(left: Double = 0.7, right: Double = 0.7, top: Double = 0.75, bottom: Double = 0.75) {
        self.left = left
        self.right = right
        self.top = top
        self.bottom = bottom
    }

    /// Margins given in centimetres (as Russian page setups are usually specified).
    public static func centimetres(left: Double, right: Double, top: Double, bottom: Double) -> PageMargins {
        PageMargins(left: left / 2.54, right: right / 2.54, top: top / 2.54, bottom: bottom / 2.54)
    }
}

/// The kinds of chart the writer can insert.
public enum ChartKind: Hashable, Sendable {
    /// Horizontal bars.
    case bar
    /// Vertical bars.
    case column
    case pie
    case line
}

/// One data series of a chart: ranges on a named sheet of the same workbook.
public struct ChartSeries: Hashable, Sendable {
    /// The legend name of the series.
    public var name: String
    /// The sheet holding both ranges (it must already have been added to the workbook).
    public var sheet: String
    /// The category labels (x axis, pie slices).
    public var categories: CellRange
    /// The numbers.
    public var values: CellRange

    public init(name: String, sheet: String, categories: CellRange, values: CellRange) {
        self.name = name
        self.sheet = sheet
        self.categories = categories
        self.values = values
    }
}

/// A chart's size in pixels (Excel's default chart is 480 × 288).
public struct ChartSize: Hashable, Sendable {
    public var width: Int
    public var height: Int

    public init(width: Int = 480, height: Int = 288) {
        self.width = width
        self.height = height
    }
}
