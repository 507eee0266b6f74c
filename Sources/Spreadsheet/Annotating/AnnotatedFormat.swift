/// The format an annotated copy is written in, decided from the source's bytes (never its name),
/// so that the copy opens in the program the clerk used and its extension agrees with its content:
/// Excel refuses a file whose extension and content type disagree.
public enum AnnotatedFormat: String, Sendable, Equatable {
    /// An OOXML workbook: the clerk's own package, edited (from `.xlsx`, `.xltx`), or a new
    /// workbook holding the source's values (from CSV and Excel 97–2003 `.xls`).
    case xlsx
    /// A macro-enabled OOXML workbook (`.xlsm`, `.xltm`): the package keeps its macro project.
    case xlsm
    /// An OpenDocument spreadsheet: the clerk's own `.ods`, edited.
    case ods

    /// The file extension of the copy, without the dot.
    public var fileExtension: String { rawValue }
}

/// What the annotated copy of one source will be.
public struct AnnotatedCopyPlan: Sendable, Equatable {
    public var format: AnnotatedFormat
    /// The source's own format.
    public var source: SpreadsheetFormat
    /// True when the copy is a new workbook made from the source's values (CSV, `.xls`): the
    /// clerk's formatting is not carried over, which the letter to the clerk must say.
    public var isConversion: Bool { source == .csv || source == .xls }

    public init(format: AnnotatedFormat, source: SpreadsheetFormat) {
        self.format = format
        self.source = source
    }
}

extension Annotator {
    /// The plan for the annotated copy of `source`, from its bytes: the workbook part's content
    /// type tells a macro-enabled package from a plain one.
    ///
    /// - Throws: `SpreadsheetError` when the source cannot be opened (the reader's refusals).
    public static func plan(source: String, limits: ReadLimits = .default) throws -> AnnotatedCopyPlan {
        switch try FileSignature.sniff(path: source) {
        case .text:
            return AnnotatedCopyPlan(format: .xlsx, source: .csv)
        case .ole:
            return AnnotatedCopyPlan(format: .xlsx, source: .xls)
        case .zip where ODFSignature.mediaType(path: source) != nil:
            return AnnotatedCopyPlan(format: .ods, source: .ods)
        case .zip:
            let archive = try ZipArchive(path: source, limits: limits)
            if !archive.contains(ContentTypesEditor.partName), archive.contains("content.xml") {
                return AnnotatedCopyPlan(format: .ods, source: .ods)
            }
            let package = try OOXMLPackage(archive: archive)
            return AnnotatedCopyPlan(format: package.isMacroEnabled ? .xlsm : .xlsx, source: .xlsx)
        }
    }
}
