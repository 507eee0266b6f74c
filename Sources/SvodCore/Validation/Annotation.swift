import Foundation

/// The annotated copy of a checked file: the submitter's own workbook with every flagged cell
/// filled and commented, and a «Проверка» sheet listing every diagnostic (see `Annotator`).
public enum Annotation {
    /// Writes `<dir>/<name>.checked.xlsx` for a report and returns its path.
    @discardableResult
    public static func write(_ report: FileReport, into directory: String, language: Language) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let stem = ((report.file as NSString).deletingPathExtension as NSString).lastPathComponent
        let target = (directory as NSString).appendingPathComponent(stem + ".checked.xlsx")
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
        return target
    }
}
