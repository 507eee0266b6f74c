import Foundation
import Spreadsheet

/// The annotated copy of a checked file: the submitter's own workbook with every flagged cell
/// filled and commented, and a «Проверка» sheet listing every diagnostic (see `Annotator`).
public enum Annotation {
    /// One written copy.
    public struct Copy: Sendable, Equatable {
        public var path: String
        public var plan: AnnotatedCopyPlan

        /// What the clerk must be told about the copy's format, or `nil` when it is the clerk's
        /// own file edited: a CSV or Excel 97–2003 report comes back as a new `.xlsx` holding
        /// the same values, without the original's formatting. Letters and `svod validate` say it.
        public func note(_ language: Language) -> String? {
            guard plan.isConversion else { return nil }
            let what: String
            switch (plan.source, language) {
            case (.xls, .ru): what = "Файл Excel 97–2003 (.xls)"
            case (.xls, .en): what = "The Excel 97–2003 file (.xls)"
            case (_, .ru): what = "Файл CSV"
            case (_, .en): what = "The CSV file"
            }
            return language == .ru
                ? "\(what) возвращён в формате .xlsx: значения те же, оформление исходного файла не перенесено."
                : "\(what) is returned as .xlsx: the same values, without the original file's formatting."
        }
    }

    /// Writes `<dir>/<name>.checked.<ext>` for a report, where the extension follows the
    /// source's content (`xlsx`, `xlsm` for a macro-enabled workbook, `ods`), and returns it.
    @discardableResult
    public static func write(_ report: FileReport, into directory: String, language: Language) throws -> Copy {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let plan = try Annotator.plan(source: report.path)
        let stem = ((report.file as NSString).deletingPathExtension as NSString).lastPathComponent
        let target = (directory as NSString).appendingPathComponent(stem + ".checked." + plan.format.fileExtension)
        let annotations = report.diagnostics.map { diagnostic in
            CellAnnotation(
                sheet: diagnostic.sheet ?? report.submission?.sheet ?? "", address: diagnostic.cell,
                severity: diagnostic.severity == .error ? .error : .warning, code: diagnostic.code.rawValue,
                message: diagnostic.message(language), value: diagnostic.value)
        }
        var options = AnnotationOptions()
        options.language = language
        options.summarySheetName = language == .ru ? "Проверка" : "Check"
        try Annotator.annotate(source: report.path, destination: target, annotations: annotations, options: options)
        return Copy(path: target, plan: plan)
    }
}
