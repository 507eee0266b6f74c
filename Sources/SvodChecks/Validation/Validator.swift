import Foundation
import Spreadsheet
import SvodModel

/// Checks submissions against a pipeline's schema, roadmap, registry and calendar. Always
/// returns a report; a file that cannot be read becomes a diagnostic, never an exception.
///
/// Memory per file is bounded whatever the file's length: the rows stream from the
/// spreadsheet reader and each is checked and dropped (only the rows above the header are
/// buffered, to find the title block and the header); what a report keeps is bounded by the
/// roadmap (one entry, and the row behind it, per measure) and by `maxDiagnosticsPerFile`.
public struct Validator: Sendable {
    /// The most diagnostics a `FileReport` keeps; a file with more keeps the first ones in
    /// Svod's order and a `diagnostics-truncated` note saying how many there were. A thousand is
    /// more than any clerk fixes in one go; millions (another table pasted into the form) would
    /// otherwise cost gigabytes and a JSON report nobody reads.
    public static let maxDiagnosticsPerFile = 1_000

    public let pipeline: Pipeline
    /// What the row checks need, worked out once for all files.
    private let plan: ValidationPlan
    /// The cap on the diagnostics kept per file (`maxDiagnosticsPerFile` unless a test sets it).
    let diagnosticsCap: Int

    public init(pipeline: Pipeline) {
        self.init(pipeline: pipeline, diagnosticsCap: Self.maxDiagnosticsPerFile)
    }

    init(pipeline: Pipeline, diagnosticsCap: Int) {
        self.pipeline = pipeline
        self.plan = ValidationPlan(schema: pipeline.schema, roadmap: pipeline.roadmap)
        self.diagnosticsCap = max(0, diagnosticsCap)
    }

    /// Validates one file.
    ///
    /// - Parameters:
    ///   - path: The submission.
    ///   - municipality: The municipality the caller knows the file to be from (a flag), if any.
    ///   - period: The reporting month the caller expects, if any.
    ///   - pool: Where cell texts come from; a worker validating many files passes its own.
    public func validate(path: String, municipality: Reporter? = nil, period: ReportPeriod? = nil,
                         pool: StringPool? = nil) -> FileReport {
        validate(path: path, municipality: municipality, period: period, pool: pool, audit: nil)
    }

    /// Validates one file, telling `audit` (a test's) which check emitted each code.
    func validate(path: String, municipality: Reporter? = nil, period: ReportPeriod? = nil,
                  pool: StringPool? = nil, audit: CheckAudit?) -> FileReport {
        let file = path.fileName
        let stream: SubmissionStream
        switch SubmissionReader(schema: pipeline.schema).open(path: path, pool: pool) {
        case .failure(.refused(let error)):
            return refused(error, path: path, municipality: municipality, period: period, audit: audit)
        case .failure(.headerNotFound(let sheets)):
            var sink = DiagnosticSink(file: file, cap: diagnosticsCap, audit: audit)
            sink.emitter = Self.self
            sink.add(.headerNotFound, [
                "sheets": sheets.joined(separator: ", "),
                "idTitle": pipeline.schema.column(role: .measureID)?.title ?? "№",
                "statusTitle": pipeline.schema.column(role: .status)?.title ?? "Статус",
            ])
            return sink.report(path: path, municipality: municipality, period: period, submission: nil, entries: [])
        case .success(let opened):
            stream = opened
        }
        var submission = stream.submission
        var sink = DiagnosticSink(file: file, cap: diagnosticsCap, audit: audit)
        sink.sheet = submission.sheet

        let identity = IdentificationCheck(pipeline: pipeline).check(submission, flagMunicipality: municipality,
                                                                     flagPeriod: period, into: &sink)
        ColumnsCheck(schema: pipeline.schema).check(submission, into: &sink)
        // What the reporter owes for the period: the measures that apply to it, and the checkpoints
        // its report answers for.
        let expected = identity.municipality.flatMap { reporter in identity.period.map { pipeline.obligations.owed(by: reporter, in: $0) } }
        var rows = RowsCheck(plan: plan, positions: submission.positions, period: identity.period,
                             checkpointMonth: identity.period.map(pipeline.calendar.reportedThrough),
                             expected: expected, reportDate: identity.reportDate)
        do {
            // Each row is checked and dropped; only the rows that became entries are kept.
            while let row = try stream.nextRow() {
                submission.rowCount += 1
                if rows.check(row, into: &sink) { submission.rows.append(row) }
            }
        } catch {
            // A file damaged further down is refused as a whole, as when it was read whole first.
            return refused(SubmissionReader.refusal(error, path: path), path: path, municipality: municipality,
                           period: period, audit: audit)
        }
        rows.finish(rowCount: submission.rowCount, into: &sink)
        return sink.report(path: path, municipality: identity.municipality, period: identity.period,
                           submission: submission, entries: rows.entries)
    }

    /// The report on a file the spreadsheet layer refused: that one diagnostic, with the
    /// reader's reason as its sentence.
    private func refused(_ error: SpreadsheetError, path: String, municipality: Reporter?,
                         period: ReportPeriod?, audit: CheckAudit?) -> FileReport {
        var sink = DiagnosticSink(file: path.fileName, cap: diagnosticsCap, audit: audit)
        sink.emitter = Self.self
        sink.add(.fileRefused, ["reason": error.localizedMessage])
        return sink.report(path: path, municipality: municipality, period: period, submission: nil, entries: [])
    }
}

extension Validator: ValidationCheck {
    /// The validator's own codes: a file it cannot read, or with no report table.
    static let codes: [DiagnosticCode] = [.fileRefused, .headerNotFound]

    /// Everything that emits a code while a file is checked, in the order a file meets them.
    static var checks: [any ValidationCheck.Type] { [
        Validator.self, IdentificationCheck.self, ColumnsCheck.self, MeasureIDCheck.self, TitleCheck.self,
        ValuesCheck.self, ShareCheck.self, CompletionDateCheck.self, RulesCheck.self, CoverageCheck.self, DiagnosticSink.self,
    ] }

    /// Every code checking one file can emit, check by check: the catalog's section for reports
    /// (`svod run` adds its own, `file-stopped-check`).
    public static let allCodes: [DiagnosticCode] = checks.flatMap { $0.codes }
}

extension DiagnosticCode {
    public static let fileRefused = DiagnosticCode(
        "file-refused", .error,
        title: .init(ru: "Файл не может быть прочитан", en: "The file cannot be read"),
        explanation: .init(
            ru: "Файл не открывается как книга Excel (.xlsx, .xls), таблица OpenDocument (.ods) или CSV: формат Excel 5.0/95 и старше, двоичная книга .xlsb, пароль, документ OpenDocument, который не является таблицей, повреждение или слишком большой размер. Сообщение называет причину. Сохраните отчет как «Книга Excel (.xlsx)» без пароля и отправьте заново.",
            en: "The file does not open as an Excel workbook (.xlsx, .xls), OpenDocument spreadsheet (.ods) or CSV: Excel 5.0/95 or older, a binary .xlsb, a password, an OpenDocument file that is not a spreadsheet, damage or excessive size. The message names the reason. Save the report as an Excel workbook (.xlsx) without a password and send it again."),
        // The reason is the reader's refusal, one of the `file-*` codes' sentences.
        message: .init(ru: "{reason}", en: "{reason}"))

    public static let headerNotFound = DiagnosticCode(
        "header-not-found", .error,
        title: .init(ru: "Не найдена таблица отчета", en: "The report table was not found"),
        explanation: .init(
            ru: "Ни на одном листе не найдена строка заголовков с колонками «№ мероприятия» и «Статус». Заполняйте форму, выданную Svod (svod template), не удаляя строку заголовков.",
            en: "No sheet has a header row with the «№ мероприятия» and «Статус» columns. Fill in the form Svod issues (svod template) without deleting its header row."),
        message: .init(
            ru: "Ни на одном листе ({sheets}) не найдена строка заголовков таблицы с колонками «{idTitle}» и «{statusTitle}».",
            en: "No sheet ({sheets}) has the table header with the «{idTitle}» and «{statusTitle}» columns."))
}
