import Spreadsheet

/// One problem in a submission: a stable code, where it is (file, sheet, cell), the offending
/// value, and a sentence a clerk understands.
public struct Diagnostic: Sendable, Equatable {
    public var code: DiagnosticCode
    public var severity: Severity
    /// The file as the user named it.
    public var file: String
    public var sheet: String?
    /// The cell, `nil` for a problem with the whole file.
    public var cell: CellAddress?
    /// The value as found in the cell.
    public var value: String?
    public var message: LocalizedText

    public init(_ code: DiagnosticCode, file: String, sheet: String? = nil, cell: CellAddress? = nil, value: String? = nil,
                message: LocalizedText) {
        self.code = code
        self.severity = code.severity
        self.file = file
        self.sheet = sheet
        self.cell = cell
        self.value = value
        self.message = message
    }

    /// The location in Svod's one printed form: `file.xlsx[Отчет]!D7`, or `file.csv:7:4`.
    public var location: String {
        guard let cell else { return file }
        if file.lowercased().hasSuffix(".csv") || file.lowercased().hasSuffix(".txt") {
            return "\(file):\(cell.row + 1):\(cell.column + 1)"
        }
        return "\(file)[\(sheet ?? "")]!\(cell.a1)"
    }
}
