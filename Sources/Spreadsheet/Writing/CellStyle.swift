/// How a written cell looks: font, fill, alignment, border, number format and protection.
///
/// A plain value type. The writer creates one libxlsxwriter format per distinct style and
/// caches it, so building the same `CellStyle` for every cell of a column is cheap.
/// The default value (`CellStyle()`) is Excel's default cell format and costs nothing.
public struct CellStyle: Hashable, Sendable {
    /// Horizontal alignment of the cell content.
    public enum HorizontalAlignment: Hashable, Sendable {
        case left, center, right, fill, justify, centerAcross, distributed
    }

    /// Vertical alignment of the cell content.
    public enum VerticalAlignment: Hashable, Sendable {
        case top, center, bottom, justify, distributed
    }

    public var bold: Bool
    public var italic: Bool
    /// Font size in points; `nil` keeps Excel's default (11).
    public var fontSize: Double?
    /// Font colour as `0xRRGGBB`; `nil` keeps the default (automatic, black).
    public var fontColor: UInt32?
    /// Solid background fill as `0xRRGGBB`; `nil` for no fill.
    public var fill: UInt32?
    public var horizontal: HorizontalAlignment?
    public var vertical: VerticalAlignment?
    /// Wrap text within the cell.
    public var wrap: Bool
    /// A thin border on all four sides.
    public var border: Bool
    /// An Excel number format such as `0.00`, `#,##0` or `dd.mm.yyyy`; `nil` for General
    /// (dates then get `dd.mm.yyyy`, date-times `dd.mm.yyyy hh:mm`).
    public var numberFormat: String?
    /// Whether the cell is locked when the sheet is protected (Excel's default is locked).
    public var locked: Bool
    /// Indentation level (0–15).
    public var indent: Int

    public init(
        bold: Bool = false, italic: Bool = false, fontSize: Double? = nil, fontColor: UInt32? = nil,
        fill: UInt32? = nil, horizontal: HorizontalAlignment? = nil, vertical: VerticalAlignment? = nil,
        wrap: Bool = false, border: Bool = false, numberFormat: String? = nil, locked: Bool = true,
        indent: Int = 0
    ) {
        self.bold = bold
        self.italic = italic
        self.fontSize = fontSize
        self.fontColor = fontColor
        self.fill = fill
        self.horizontal = horizontal
        self.vertical = vertical
        self.wrap = wrap
        self.border = border
        self.numberFormat = numberFormat
        self.locked = locked
        self.indent = indent
    }

    /// Excel's default: a locked cell with no formatting.
    public static let locked = CellStyle()
    /// A cell a user may edit once the sheet is protected.
    public static let unlocked = CellStyle(locked: false)

    /// The default format of a `.date` cell whose style has no number format.
    public static let defaultDateFormat = "dd.mm.yyyy"
    /// The default format of a `.dateTime` cell whose style has no number format.
    public static let defaultDateTimeFormat = "dd.mm.yyyy hh:mm"
    /// The default format of a `.time` cell whose style has no number format.
    public static let defaultTimeFormat = "hh:mm:ss"
    /// The default format of a `.duration` cell whose style has no number format.
    public static let defaultDurationFormat = "[h]:mm:ss"

    /// Whether this is Excel's default format (written without a format record).
    var isDefault: Bool { self == CellStyle() }

    /// A copy with a number format, unless one is set already.
    func withDefaultNumberFormat(_ format: String) -> CellStyle {
        var copy = self
        if copy.numberFormat == nil { copy.numberFormat = format }
        return copy
    }
}
