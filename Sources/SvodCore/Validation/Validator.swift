import Foundation

/// The verdict on one file: who and what month it reports on, and every problem found.
public struct FileReport: Sendable {
    public var path: String
    public var file: String
    public var municipality: Municipality?
    public var period: YearMonth?
    public var diagnostics: [Diagnostic]
    /// The report as read (nil when the file could not be read or has no table).
    public var submission: Submission?
    /// The row values as the checks understood them, for consolidation: measure id → entry.
    public var entries: [ReportEntry]

    /// Valid when no diagnostic is an error (warnings allowed).
    public var isValid: Bool { !diagnostics.contains { $0.severity == .error } }

    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }
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
public struct Validator: Sendable {
    public let pipeline: Pipeline
    /// What the row checks need, worked out once for all files.
    private let plan: ValidationPlan

    public init(pipeline: Pipeline) {
        self.pipeline = pipeline
        self.plan = ValidationPlan(schema: pipeline.schema, roadmap: pipeline.roadmap)
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
        var sink = DiagnosticSink(file: file)
        let submission: Submission
        switch SubmissionReader(schema: pipeline.schema).read(path: path, pool: pool) {
        case .failure(.refused(let error)):
            sink.add(.fileRefused, value: nil, message: .init(ru: error.message(.ru), en: error.message(.en)))
            return FileReport(path: path, file: file, municipality: municipality, period: period,
                              diagnostics: sink.sorted(sheetOrder: []), submission: nil, entries: [])
        case .failure(.headerNotFound(let sheets)):
            let list = sheets.joined(separator: ", ")
            sink.add(.headerNotFound, message: .init(
                ru: "Ни на одном листе (\(list)) не найдена строка заголовков таблицы с колонками «\(pipeline.schema.column(role: .measureID)?.title ?? "№")» и «\(pipeline.schema.column(role: .status)?.title ?? "Статус")».",
                en: "No sheet (\(list)) has the table header with the «\(pipeline.schema.column(role: .measureID)?.title ?? "№")» and «\(pipeline.schema.column(role: .status)?.title ?? "Статус")» columns."))
            return FileReport(path: path, file: file, municipality: municipality, period: period,
                              diagnostics: sink.sorted(sheetOrder: []), submission: nil, entries: [])
        case .success(let read):
            submission = read
        }
        sink.sheet = submission.sheet

        let identity = IdentificationCheck(pipeline: pipeline).check(submission, flagMunicipality: municipality,
                                                                     flagPeriod: period, into: &sink)
        ColumnsCheck(schema: pipeline.schema).check(submission, into: &sink)
        let entries = RowsCheck(plan: plan, period: identity.period, reportDate: identity.reportDate)
            .check(submission, into: &sink)
        return FileReport(path: path, file: file, municipality: identity.municipality, period: identity.period,
                          diagnostics: sink.sorted(sheetOrder: [submission.sheet]), submission: submission, entries: entries)
    }
}

/// Collects diagnostics for one file.
struct DiagnosticSink {
    let file: String
    var sheet: String?
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String) {
        self.file = file
    }

    mutating func add(_ code: DiagnosticCode, cell: CellAddress? = nil, value: String? = nil, message: LocalizedText) {
        diagnostics.append(Diagnostic(code, file: file, sheet: cell == nil ? nil : sheet, cell: cell, value: value,
                                      message: message))
    }

    /// File-level problems first, then by cell (row, then column), then by code.
    func sorted(sheetOrder: [String]) -> [Diagnostic] {
        diagnostics.enumerated().sorted { a, b in
            let (x, y) = (a.element, b.element)
            switch (x.cell, y.cell) {
            case (nil, nil): return a.offset < b.offset
            case (nil, _): return true
            case (_, nil): return false
            case let (p?, q?): return p != q ? p < q : (x.code.rawValue, a.offset) < (y.code.rawValue, b.offset)
            }
        }.map(\.element)
    }
}

/// Who sent the report and for which month: the title block, the file name and the caller's
/// flags must agree.
struct IdentificationCheck {
    let pipeline: Pipeline

    struct Identity {
        var municipality: Municipality?
        var period: YearMonth?
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
            if oktmoMunicipality == nil {
                sink.add(.oktmoMismatch, cell: code.address, value: text, message: .init(
                    ru: "Код ОКТМО «\(text)» не найден в реестре муниципальных образований региона.",
                    en: "The OKTMO code «\(text)» is not in the region's registry."))
            } else if let nameMunicipality, oktmoMunicipality != nameMunicipality {
                sink.add(.oktmoMismatch, cell: code.address, value: text, message: .init(
                    ru: "Код ОКТМО \(text) принадлежит МО «\(oktmoMunicipality!.name)», а в шапке указано «\(nameMunicipality.name)».",
                    en: "OKTMO \(text) belongs to «\(oktmoMunicipality!.name)», but the title block names «\(nameMunicipality.name)»."))
            }
        }
        // A name the registry does not know is an error only when the OKTMO code does not say who it is.
        if let unknownName, oktmoMunicipality == nil {
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
            return x != y ? x < y : votes.firstIndex(of: a)! > votes.firstIndex(of: b)!
        }
        if let first = candidates.first, let other = candidates.first(where: { $0.1 != first.1 }) {
            let cell = first.0 == "title" ? submission.titleBlock[.municipality]?.address : nil
            sink.add(.municipalityMismatch, cell: cell, value: first.1.name, message: .init(
                ru: "Муниципальное образование указано по-разному: \(Self.sourceName(first.0, .ru)) — «\(first.1.name)», \(Self.sourceName(other.0, .ru)) — «\(other.1.name)».",
                en: "The municipality differs: \(Self.sourceName(first.0, .en)) says «\(first.1.name)», \(Self.sourceName(other.0, .en)) «\(other.1.name)»."))
        } else if identity.municipality == nil && !sink.diagnostics.contains(where: { $0.code == .municipalityUnknown }) {
            sink.add(.municipalityMissing, message: .init(
                ru: "Отчет не называет муниципальное образование: заполните поле «Муниципальное образование» в шапке.",
                en: "The report does not name its municipality: fill in «Муниципальное образование» in the title block."))
        }

        // Period: title block, file name, flag.
        var titlePeriod: YearMonth?
        if let cell = submission.titleBlock[.period] {
            if let month = ValueParsing.month(cell.value, period: roadmapPeriod) {
                titlePeriod = month
            } else {
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
        } else if identity.period == nil && !sink.diagnostics.contains(where: { $0.code == .periodInvalid }) {
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
    static func period(inFileName name: String) -> YearMonth? {
        // Digit runs and the one character between neighbours, scanned once (no regex: this runs
        // for every file of a national batch).
        let runs = digitRuns(name)
        for (index, run) in runs.enumerated() where index + 1 < runs.count {
            let next = runs[index + 1]
            guard next.start == run.end + 1, "-_.".contains(run.separatorAfter) else { continue }
            if run.text.count == 4, run.text.hasPrefix("20"), next.text.count == 2, let month = Int(next.text), (1...12).contains(month) {
                return YearMonth(year: Int(run.text)!, month: month)
            }
        }
        for (index, run) in runs.enumerated() where index + 1 < runs.count {
            let next = runs[index + 1]
            guard next.start == run.end + 1, "-_.".contains(run.separatorAfter) else { continue }
            if run.text.count == 2, let month = Int(run.text), (1...12).contains(month), next.text.count == 4, next.text.hasPrefix("20") {
                return YearMonth(year: Int(next.text)!, month: month)
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
    static func municipality(inFileName name: String, registry: MunicipalityRegistry) -> Municipality? {
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
