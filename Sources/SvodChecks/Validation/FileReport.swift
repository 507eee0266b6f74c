import Spreadsheet
import SvodModel

/// The verdict on one file: who and what month it reports on, and the problems found.
///
/// A file with more problems than `Validator.maxDiagnosticsPerFile` keeps only the first ones
/// (in the order below) and one `diagnostics-truncated` note after them; `errorCount`,
/// `warningCount` and `isValid` still count every problem found, kept or not.
public struct FileReport: Sendable {
    public var path: String
    public var file: String
    public var municipality: Reporter?
    public var period: ReportPeriod?
    /// The problems kept, in Svod's order: problems with the whole file first, then by cell
    /// (row, then column); when there were too many, the first `Validator.maxDiagnosticsPerFile`
    /// of them and a `diagnostics-truncated` note last.
    public var diagnostics: [Diagnostic]
    /// The report as read (nil when the file could not be read or has no table). Its `rows` are
    /// the rows behind `entries` (see `Submission.rows`); `rowCount` counts them all.
    public var submission: Submission?
    /// The row values as the checks understood them, for consolidation: one per roadmap measure
    /// the table names (its first row), so never more than the roadmap has measures.
    public var entries: [ReportEntry]
    /// Errors found but not kept in `diagnostics` (beyond the cap).
    public var omittedErrors: Int = 0
    /// Warnings found but not kept in `diagnostics` (beyond the cap).
    public var omittedWarnings: Int = 0

    package init(path: String, file: String, municipality: Reporter?, period: ReportPeriod?, diagnostics: [Diagnostic],
                 submission: Submission?, entries: [ReportEntry], omittedErrors: Int = 0, omittedWarnings: Int = 0) {
        self.path = path
        self.file = file
        self.municipality = municipality
        self.period = period
        self.diagnostics = diagnostics
        self.submission = submission
        self.entries = entries
        self.omittedErrors = omittedErrors
        self.omittedWarnings = omittedWarnings
    }

    /// Valid when no problem found is an error (warnings allowed).
    public var isValid: Bool { omittedErrors == 0 && !diagnostics.contains { $0.severity == .error } }

    /// Every error found, including those beyond the cap.
    public var errorCount: Int { omittedErrors + diagnostics.filter { $0.severity == .error }.count }
    /// Every warning found, including those beyond the cap (the `diagnostics-truncated` note is
    /// not a problem of the file and is not counted).
    public var warningCount: Int {
        omittedWarnings + diagnostics.filter { $0.severity == .warning && $0.code != .diagnosticsTruncated }.count
    }
}

/// One measure's line in a valid report, as consolidation needs it.
public struct ReportEntry: Sendable, Equatable {
    public var measureID: String
    public var status: String?
    public var completionDate: CivilDate?
    public var actualResult: String?
    public var indicatorValue: Double?
    public var reason: String?
    public var comment: String?
    /// Numeric values of the share columns (a share's numerator and denominator), by column id.
    public var numbers: [String: Double]
    /// The row's measure-number cell in the report's sheet, for tracing a figure back to it.
    public var cell: CellAddress?

    public init(measureID: String, status: String? = nil, completionDate: CivilDate? = nil, actualResult: String? = nil,
                indicatorValue: Double? = nil, reason: String? = nil, comment: String? = nil, numbers: [String: Double] = [:],
                cell: CellAddress? = nil) {
        self.measureID = measureID
        self.status = status
        self.completionDate = completionDate
        self.actualResult = actualResult
        self.indicatorValue = indicatorValue
        self.reason = reason
        self.comment = comment
        self.numbers = numbers
        self.cell = cell
    }
}
