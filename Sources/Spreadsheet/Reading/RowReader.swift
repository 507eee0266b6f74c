/// A sheet read row by row, the same for XLSX and CSV, so later stages never care which
/// format arrived.
public protocol RowReader: AnyObject {
    /// The next row that has at least one non-empty cell, or `nil` at the end of the sheet.
    ///
    /// - Throws: `SpreadsheetError` when the file turns out to be damaged or over a cap.
    func nextRow() throws -> Row?

    /// Merged ranges of the sheet. For XLSX they are stored after the cells, so the list is
    /// complete only once `nextRow()` has returned `nil`; CSV has none.
    var mergedRanges: [CellRange] { get }
}

extension RowReader {
    /// Reads all remaining rows. Convenient for small sheets; stream large ones.
    public func readAll() throws -> [Row] {
        var rows: [Row] = []
        while let row = try nextRow() { rows.append(row) }
        return rows
    }
}

/// Which sheet to read: by name, or by 1-based position in the workbook's order.
public enum SheetSelector: Sendable, Equatable, CustomStringConvertible {
    /// The first visible worksheet in tab order (not a hidden sheet, not a chart sheet); the
    /// first worksheet when none is visible, the first sheet when none is a worksheet.
    case first
    case name(String)
    /// 1-based, as a user counts sheet tabs.
    case position(Int)

    /// The position in `sheets` that `.first` selects: the first visible worksheet in tab order
    /// (as Excel opens a report and `validate` looks for one; hidden and chart sheets before it
    /// are passed over), failing that the first worksheet, then the first sheet. Every reader
    /// resolves `.first` through this.
    public static func firstIndex(in sheets: [SheetInfo]) -> Int? {
        sheets.firstIndex { $0.isVisible && $0.isWorksheet } ?? sheets.firstIndex(where: \.isWorksheet) ?? sheets.indices.first
    }

    /// The position in `sheets` this selector names, for every reader: `.first` as above, a
    /// position counting every tab, a name exactly or else ignoring case and surrounding space.
    public func index(in sheets: [SheetInfo], file path: String) throws -> Int {
        switch self {
        case .first:
            guard let index = SheetSelector.firstIndex(in: sheets) else { throw SpreadsheetError(.sheetNotFound, file: path, part: "1") }
            return index
        case .position(let number):
            guard number >= 1, number <= sheets.count else {
                throw SpreadsheetError(.sheetNotFound, file: path, part: String(number))
            }
            return number - 1
        case .name(let name):
            if let exact = sheets.firstIndex(where: { $0.name == name }) { return exact }
            let folded = name.lowercased().trimmingXMLSpace
            if let loose = sheets.firstIndex(where: { $0.name.lowercased().trimmingXMLSpace == folded }) { return loose }
            throw SpreadsheetError(.sheetNotFound, file: path, part: name)
        }
    }

    /// `"3"` selects the third sheet, anything else a sheet by name.
    public init(argument: String) {
        if let number = Int(argument), number >= 1 { self = .position(number) } else { self = .name(argument) }
    }

    public var description: String {
        switch self {
        case .first: return "1"
        case .name(let name): return name
        case .position(let n): return String(n)
        }
    }
}

/// A sheet as the workbook lists it.
public struct SheetInfo: Sendable, Equatable {
    public var name: String
    /// 0-based position in the workbook's tab order.
    public var index: Int
    /// `false` for hidden and very hidden sheets.
    public var isVisible: Bool
    /// `false` for a chart sheet, dialog sheet or macro sheet: a tab without cells of its own.
    public var isWorksheet: Bool

    public init(name: String, index: Int, isVisible: Bool = true, isWorksheet: Bool = true) {
        self.name = name
        self.index = index
        self.isVisible = isVisible
        self.isWorksheet = isWorksheet
    }
}
