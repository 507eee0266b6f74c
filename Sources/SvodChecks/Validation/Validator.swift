import Foundation
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
    public var municipality: Municipality?
    public var period: YearMonth?
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

    package init(path: String, file: String, municipality: Municipality?, period: YearMonth?, diagnostics: [Diagnostic],
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
}

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
    public func validate(path: String, municipality: Municipality? = nil, period: YearMonth? = nil,
                         pool: StringPool? = nil) -> FileReport {
        let file = path.fileName
        let stream: SubmissionStream
        switch SubmissionReader(schema: pipeline.schema).open(path: path, pool: pool) {
        case .failure(.refused(let error)):
            return refused(error, path: path, municipality: municipality, period: period)
        case .failure(.headerNotFound(let sheets)):
            var sink = DiagnosticSink(file: file, cap: diagnosticsCap)
            let list = sheets.joined(separator: ", ")
            let idTitle = pipeline.schema.column(role: .measureID)?.title ?? "№"
            let statusTitle = pipeline.schema.column(role: .status)?.title ?? "Статус"
            sink.add(.headerNotFound, message: .init(
                ru: "Ни на одном листе (\(list)) не найдена строка заголовков таблицы с колонками «\(idTitle)» и «\(statusTitle)».",
                en: "No sheet (\(list)) has the table header with the «\(idTitle)» and «\(statusTitle)» columns."))
            return sink.report(path: path, municipality: municipality, period: period, submission: nil, entries: [])
        case .success(let opened):
            stream = opened
        }
        var submission = stream.submission
        var sink = DiagnosticSink(file: file, cap: diagnosticsCap)
        sink.sheet = submission.sheet

        let identity = IdentificationCheck(pipeline: pipeline).check(submission, flagMunicipality: municipality,
                                                                     flagPeriod: period, into: &sink)
        ColumnsCheck(schema: pipeline.schema).check(submission, into: &sink)
        var rows = RowsCheck(plan: plan, positions: submission.positions, period: identity.period,
                             reportDate: identity.reportDate)
        do {
            // Each row is checked and dropped; only the rows that became entries are kept.
            while let row = try stream.nextRow() {
                submission.rowCount += 1
                if rows.check(row, into: &sink) { submission.rows.append(row) }
            }
        } catch {
            // A file damaged further down is refused as a whole, as when it was read whole first.
            return refused(SubmissionReader.refusal(error, path: path), path: path, municipality: municipality, period: period)
        }
        rows.finish(rowCount: submission.rowCount, into: &sink)
        return sink.report(path: path, municipality: identity.municipality, period: identity.period,
                           submission: submission, entries: rows.entries)
    }

    /// The report on a file the spreadsheet layer refused: that one diagnostic.
    private func refused(_ error: SpreadsheetError, path: String, municipality: Municipality?,
                         period: YearMonth?) -> FileReport {
        var sink = DiagnosticSink(file: path.fileName, cap: diagnosticsCap)
        sink.add(.fileRefused, value: nil, message: .init(ru: error.message(.ru), en: error.message(.en)))
        return sink.report(path: path, municipality: municipality, period: period, submission: nil, entries: [])
    }
}

/// Collects the diagnostics of one file, keeping at most `cap` of them: the first ones in
/// Svod's order (problems with the whole file first, in the order found; then by cell — row,
/// then column — then by code, then in the order found), and counting every one.
///
/// Which diagnostics are kept does not depend on the order they arrive in: the kept ones are a
/// max-heap under that order, so a diagnostic that sorts after all of them is only counted (its
/// message is never built), and one that sorts before the last kept one replaces it. Rows
/// stream in sheet order, so after the cap is reached later rows cost a comparison each; the
/// file-level problems found at the end (`report-empty`, `measure-missing`) sort first and
/// still displace cell-level ones. The result is exactly the first `cap` diagnostics of the
/// uncapped, sorted list.
struct DiagnosticSink {
    let file: String
    var sheet: String?
    let cap: Int
    /// The kept diagnostics: a max-heap by `precedes` (the root sorts last) once full; the
    /// order is restored by `sorted()`.
    private var kept: [Kept] = []
    /// Every problem found, by severity, kept or not.
    private(set) var errors = 0
    private(set) var warnings = 0
    /// Problems found but not kept, by severity.
    private var omittedErrors = 0
    private var omittedWarnings = 0
    /// Emission order, the last tie-breaker.
    private var sequence = 0

    private struct Kept {
        var sequence: Int
        var diagnostic: Diagnostic
    }

    init(file: String, cap: Int = Validator.maxDiagnosticsPerFile) {
        self.file = file
        self.cap = cap
    }

    /// Every problem found so far, kept or not.
    var total: Int { errors + warnings }

    /// Records a problem. The value and the message are built only when the diagnostic is kept.
    mutating func add(_ code: DiagnosticCode, cell: CellAddress? = nil, value: @autoclosure () -> String? = nil,
                      message: @autoclosure () -> LocalizedText) {
        let severity = code.entry.severity
        if severity == .error { errors += 1 } else { warnings += 1 }
        let order = sequence
        sequence += 1
        if kept.count < cap {
            kept.append(Kept(sequence: order, diagnostic: make(code, cell: cell, value: value(), message: message())))
            siftUp(kept.count - 1)
            return
        }
        // Full: keep it only when it sorts before the last one kept, which it then replaces.
        guard let last = kept.first, Self.precedes(code, cell, order, last) else {
            omit(severity)
            return
        }
        omit(last.diagnostic.severity)
        kept[0] = Kept(sequence: order, diagnostic: make(code, cell: cell, value: value(), message: message()))
        siftDown(0)
    }

    private func make(_ code: DiagnosticCode, cell: CellAddress?, value: String?, message: LocalizedText) -> Diagnostic {
        Diagnostic(code, file: file, sheet: cell == nil ? nil : sheet, cell: cell, value: value, message: message)
    }

    private mutating func omit(_ severity: Severity) {
        if severity == .error { omittedErrors += 1 } else { omittedWarnings += 1 }
    }

    /// Svod's order: file-level problems first, in the order found; then by cell (row, then
    /// column), then by code, then in the order found.
    private static func precedes(_ code: DiagnosticCode, _ cell: CellAddress?, _ sequence: Int, _ other: Kept) -> Bool {
        switch (cell, other.diagnostic.cell) {
        case (nil, nil): return sequence < other.sequence
        case (nil, _): return true
        case (_, nil): return false
        case let (p?, q?):
            if p != q { return p < q }
            let (x, y) = (code.rawValue, other.diagnostic.code.rawValue)
            return x != y ? x < y : sequence < other.sequence
        }
    }

    private static func precedes(_ a: Kept, _ b: Kept) -> Bool {
        precedes(a.diagnostic.code, a.diagnostic.cell, a.sequence, b)
    }

    /// Restores the heap after an append: the root is the kept diagnostic that sorts last.
    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.precedes(kept[parent], kept[child]) else { return }
            kept.swapAt(parent, child)
            child = parent
        }
    }

    /// Restores the heap after the root was replaced.
    private mutating func siftDown(_ start: Int) {
        var parent = start
        let count = kept.count
        while true {
            let left = 2 * parent + 1
            guard left < count else { return }
            let right = left + 1
            var latest = left
            if right < count && Self.precedes(kept[left], kept[right]) { latest = right }
            guard Self.precedes(kept[parent], kept[latest]) else { return }
            kept.swapAt(parent, latest)
            parent = latest
        }
    }

    /// The kept diagnostics in Svod's order, followed by a `diagnostics-truncated` note when
    /// some were left out.
    func sorted() -> [Diagnostic] {
        var list = kept.sorted(by: Self.precedes).map(\.diagnostic)
        let shown = list.count
        if shown < total {
            let (total, errors, warnings) = (self.total, self.errors, self.warnings)
            list.append(make(.diagnosticsTruncated, cell: nil, value: nil, message: .init(
                ru: "Показаны первые \(shown) замечаний из \(total) (ошибок: \(errors), предупреждений: \(warnings)). Исправьте их и проверьте файл снова.",
                en: "The first \(shown) of \(total) problems are shown (\(errors) errors, \(warnings) warnings). Fix them and check the file again.")))
        }
        return list
    }

    /// The verdict on the file.
    func report(path: String, municipality: Municipality?, period: YearMonth?, submission: Submission?,
                entries: [ReportEntry]) -> FileReport {
        FileReport(path: path, file: file, municipality: municipality, period: period, diagnostics: sorted(),
                   submission: submission, entries: entries, omittedErrors: omittedErrors, omittedWarnings: omittedWarnings)
    }
}

/// Who sent the report and for which month: the title block, the file name and the caller's
/// flags must agree.
package struct IdentificationCheck {
    let pipeline: Pipeline

    struct Identity {
        package var municipality: Municipality?
        package var period: YearMonth?
        /// The date completion dates may not exceed: the date filled in, else the due date.
        var reportDate: CivilDate?
    }

    func check(_ submission: Submission, flagMunicipality: Municipality?, flagPeriod: YearMonth?,
               into sink: inout DiagnosticSink) -> Identity {
        let registry = pipeline.registry
        let roadmapPeriod = pipeline.roadmap.period
        var identity = Identity()

        // Municipality: title block name, OKTMO, file name, flag.
        var nameMunicipality: Municipality?
        var oktmoMunicipality: Municipality?
        var unknownName: LocatedValue?
        if let name = submission.titleBlock[.municipality] {
            let text = TextCleaner.clean(name.value.text)
            nameMunicipality = registry.find(name: text) ?? registry.find(oktmo: text)
            if nameMunicipality == nil { unknownName = LocatedValue(address: name.address, value: .string(text)) }
        }
        if let code = submission.titleBlock[.oktmo] {
            let text = code.value.text
            oktmoMunicipality = registry.find(oktmo: text)
            if let owner = oktmoMunicipality {
                if let nameMunicipality, owner != nameMunicipality {
                    sink.add(.oktmoMismatch, cell: code.address, value: text, message: .init(
                        ru: "Код ОКТМО \(text) принадлежит МО «\(owner.name)», а в шапке указано «\(nameMunicipality.name)».",
                        en: "OKTMO \(text) belongs to «\(owner.name)», but the title block names «\(nameMunicipality.name)»."))
                }
            } else {
                sink.add(.oktmoMismatch, cell: code.address, value: text, message: .init(
                    ru: "Код ОКТМО «\(text)» не найден в реестре муниципальных образований региона.",
                    en: "The OKTMO code «\(text)» is not in the region's registry."))
            }
        }
        // A name the registry does not know is an error only when the OKTMO code does not say who it is.
        var unknownReported = false
        if let unknownName, oktmoMunicipality == nil {
            unknownReported = true
            let text = unknownName.value.text
            sink.add(.municipalityUnknown, cell: unknownName.address, value: text, message: .init(
                ru: "Муниципальное образование «\(text)» не найдено в реестре региона.",
                en: "The municipality «\(text)» is not in the region's registry."))
        }
        let titleMunicipality = nameMunicipality ?? oktmoMunicipality
        let fileMunicipality = Self.municipality(inFileName: submission.file, registry: registry)
        let candidates: [(String, Municipality)] = [
            titleMunicipality.map { ("title", $0) }, fileMunicipality.map { ("file", $0) }, flagMunicipality.map { ("flag", $0) },
        ].compactMap { $0 }
        // Attribute the report to the municipality most sources name (the flag, then the title
        // block, win ties).
        let votes = [flagMunicipality, nameMunicipality, oktmoMunicipality, fileMunicipality].compactMap { $0 }
        identity.municipality = votes.max { a, b in
            let (x, y) = (votes.filter { $0 == a }.count, votes.filter { $0 == b }.count)
            return x != y ? x < y : (votes.firstIndex(of: a) ?? 0) > (votes.firstIndex(of: b) ?? 0)
        }
        if let first = candidates.first, let other = candidates.first(where: { $0.1 != first.1 }) {
            let cell = first.0 == "title" ? submission.titleBlock[.municipality]?.address : nil
            sink.add(.municipalityMismatch, cell: cell, value: first.1.name, message: .init(
                ru: "Муниципальное образование указано по-разному: \(Self.sourceName(first.0, .ru)) — «\(first.1.name)», \(Self.sourceName(other.0, .ru)) — «\(other.1.name)».",
                en: "The municipality differs: \(Self.sourceName(first.0, .en)) says «\(first.1.name)», \(Self.sourceName(other.0, .en)) «\(other.1.name)»."))
        } else if identity.municipality == nil && !unknownReported {
            sink.add(.municipalityMissing, message: .init(
                ru: "Отчет не называет муниципальное образование: заполните поле «Муниципальное образование» в шапке.",
                en: "The report does not name its municipality: fill in «Муниципальное образование» in the title block."))
        }

        // Period: title block, file name, flag.
        var titlePeriod: YearMonth?
        var invalidReported = false
        if let cell = submission.titleBlock[.period] {
            if let month = ValueParsing.month(cell.value, period: roadmapPeriod) {
                titlePeriod = month
            } else {
                invalidReported = true
                sink.add(.periodInvalid, cell: cell.address, value: cell.value.text, message: .init(
                    ru: "«\(cell.value.text)» не распознано как отчетный месяц; напишите, например, «март 2021» или 03.2021.",
                    en: "«\(cell.value.text)» is not a reporting month; write e.g. «март 2021» or 03.2021."))
            }
        }
        let filePeriod = Self.period(inFileName: submission.file)
        let periods: [(String, YearMonth)] = [
            titlePeriod.map { ("title", $0) }, filePeriod.map { ("file", $0) }, flagPeriod.map { ("flag", $0) },
        ].compactMap { $0 }
        identity.period = titlePeriod ?? flagPeriod ?? filePeriod
        if let first = periods.first, let other = periods.first(where: { $0.1 != first.1 }) {
            let cell = first.0 == "title" ? submission.titleBlock[.period]?.address : nil
            sink.add(.periodMismatch, cell: cell, value: first.1.description, message: .init(
                ru: "Отчетный месяц указан по-разному: \(Self.sourceName(first.0, .ru)) — \(Self.monthName(first.1, .ru)), \(Self.sourceName(other.0, .ru)) — \(Self.monthName(other.1, .ru)).",
                en: "The reporting month differs: \(Self.sourceName(first.0, .en)) says \(first.1), \(Self.sourceName(other.0, .en)) \(other.1)."))
        } else if identity.period == nil && !invalidReported {
            sink.add(.periodMissing, message: .init(
                ru: "Отчет не называет отчетный месяц: заполните поле «Отчетный месяц» в шапке.",
                en: "The report does not name its reporting month: fill in «Отчетный месяц» in the title block."))
        }
        if let period = identity.period,
           period < YearMonth(roadmapPeriod.start) || period > YearMonth(roadmapPeriod.end) {
            sink.add(.periodOutsideRoadmap, cell: submission.titleBlock[.period]?.address, value: period.description, message: .init(
                ru: "Отчетный месяц \(Self.monthName(period, .ru)) вне периода дорожной карты (\(roadmapPeriod.start.russian)–\(roadmapPeriod.end.russian)).",
                en: "The reporting month \(period) is outside the roadmap period (\(roadmapPeriod.start.iso)–\(roadmapPeriod.end.iso))."))
        }

        if let filled = submission.titleBlock[.filledOn], let date = ValueParsing.date(filled.value) {
            identity.reportDate = date
        } else if let period = identity.period {
            identity.reportDate = pipeline.calendar.dueDate(for: period).date
        }
        return identity
    }

    static func sourceName(_ source: String, _ language: Language) -> String {
        switch (source, language) {
        case ("title", .ru): return "в шапке"
        case ("file", .ru): return "в имени файла"
        case ("flag", .ru): return "в параметрах проверки"
        case ("title", _): return "the title block"
        case ("file", _): return "the file name"
        default: return "the command line"
        }
    }

    static func monthName(_ month: YearMonth, _ language: Language) -> String {
        language == .ru ? "\(RussianCalendarWords.monthNames[month.month - 1]) \(month.year)" : month.description
    }

    /// A reporting month in a file name: `2021-03`, `2021_03`, `03.2021`, `03-2021`.
    package static func period(inFileName name: String) -> YearMonth? {
        // Digit runs and the one character between neighbours, scanned once (no regex: this runs
        // for every file of a national batch).
        let runs = digitRuns(name)
        for (index, run) in runs.enumerated() where index + 1 < runs.count {
            let next = runs[index + 1]
            guard next.start == run.end + 1, "-_.".contains(run.separatorAfter) else { continue }
            if run.text.count == 4, run.text.hasPrefix("20"), let year = Int(run.text), next.text.count == 2, let month = Int(next.text),
               (1...12).contains(month) {
                return YearMonth(year: year, month: month)
            }
        }
        for (index, run) in runs.enumerated() where index + 1 < runs.count {
            let next = runs[index + 1]
            guard next.start == run.end + 1, "-_.".contains(run.separatorAfter) else { continue }
            if run.text.count == 2, let month = Int(run.text), (1...12).contains(month), next.text.count == 4, next.text.hasPrefix("20"),
               let year = Int(next.text) {
                return YearMonth(year: year, month: month)
            }
        }
        return nil
    }

    struct DigitRun {
        var text: String
        var start: Int
        var end: Int
        var separatorAfter: Character
    }

    /// The runs of ASCII digits in a text, with their character offsets.
    static func digitRuns(_ text: String) -> [DigitRun] {
        var runs: [DigitRun] = []
        var current = ""
        var start = 0
        let characters = Array(text)
        for (offset, character) in characters.enumerated() {
            if character.isASCIIDigit {
                if current.isEmpty { start = offset }
                current.append(character)
            } else if !current.isEmpty {
                runs.append(DigitRun(text: current, start: start, end: offset, separatorAfter: character))
                current = ""
            }
        }
        if !current.isEmpty { runs.append(DigitRun(text: current, start: start, end: characters.count, separatorAfter: " ")) }
        return runs
    }

    /// A municipality in a file name: an OKTMO code, or exactly one registry name or alias.
    package static func municipality(inFileName name: String, registry: MunicipalityRegistry) -> Municipality? {
        for run in digitRuns(name) where run.text.count == 8 || run.text.count == 11 {
            if let found = registry.find(oktmo: run.text) { return found }
        }
        let folded = " " + TextCleaner.fold((name as NSString).deletingPathExtension) + " "
        let hits = registry.municipalities.filter { municipality in
            ([municipality.name] + municipality.aliases).contains { folded.contains(" " + TextCleaner.fold($0) + " ") }
        }
        return hits.count == 1 ? hits[0] : nil
    }
}

/// The table's columns: required ones present, unknown and duplicate ones flagged.
struct ColumnsCheck {
    let schema: SubmissionSchema

    func check(_ submission: Submission, into sink: inout DiagnosticSink) {
        let headerCell = CellAddress(row: submission.headerRow, column: 0)
        for column in schema.columns where submission.columns[column.id] == nil {
            let mandatory = column.required || column.role == .measureID || column.role == .status
                || schema.rules.contains { $0.require.contains(column.id) }
            guard mandatory else { continue }
            sink.add(.columnMissing, cell: headerCell, message: .init(
                ru: "В таблице нет колонки «\(column.title)». Верните ее с этим заголовком.",
                en: "The table has no «\(column.title)» column. Restore it with this header."))
        }
        for cell in submission.unknownColumns {
            sink.add(.columnUnknown, cell: cell.address, value: cell.value.text, message: .init(
                ru: "Колонка «\(cell.value.text)» не предусмотрена формой; ее данные не будут учтены.",
                en: "The form has no column «\(cell.value.text)»; its data will not be used."))
        }
        for cell in submission.duplicateColumns {
            sink.add(.columnDuplicate, cell: cell.address, value: cell.value.text, message: .init(
                ru: "Колонка «\(cell.value.text)» повторяется; читается первая из них. Удалите лишнюю.",
                en: "The column «\(cell.value.text)» appears twice; the first is read. Delete the extra one."))
        }
    }
}
