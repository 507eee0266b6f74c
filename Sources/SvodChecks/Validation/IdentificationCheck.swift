import Foundation
import Spreadsheet
import SvodModel

/// Who sent the report and for which month: the title block, the file name and the caller's
/// flags must agree.
package struct IdentificationCheck: ValidationCheck {
    static let codes: [DiagnosticCode] = [
        .municipalityMissing, .municipalityUnknown, .municipalityMismatch, .oktmoMismatch,
        .periodMissing, .periodInvalid, .periodMismatch, .periodOutsideRoadmap, .periodNotCollected,
    ]

    let pipeline: Pipeline

    struct Identity {
        package var municipality: Reporter?
        package var period: ReportPeriod?
        /// The date completion dates may not exceed: the date filled in, else the due date.
        var reportDate: CivilDate?
    }

    func check(_ submission: Submission, flagMunicipality: Reporter?, flagPeriod: ReportPeriod?,
               into sink: inout DiagnosticSink) -> Identity {
        sink.emitter = Self.self
        let registry = pipeline.registry
        let roadmapPeriod = pipeline.roadmap.period
        var identity = Identity()
        // A registry of schools: the messages speak of the school and its code.
        let schools = registry.kind == .school

        // Reporter: the title block's name and OKTMO cells, the file name and the flag are
        // separate sources.
        var nameMunicipality: Reporter?
        var oktmoMunicipality: Reporter?
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
                sink.add(.oktmoMismatch, variant: schools ? "school-unknown" : "unknown", cell: code.address, value: text, ["code": text])
            }
        }
        // A name the registry does not know is an error only when the OKTMO code does not say who it is.
        var unknownReported = false
        if let unknownName, oktmoMunicipality == nil {
            unknownReported = true
            let text = unknownName.value.text
            sink.add(.municipalityUnknown, variant: schools ? "school" : nil, cell: unknownName.address, value: text, ["name": text])
        }
        // Every place that names a known municipality, in the order the message lists them.
        var sources: [MunicipalitySource] = []
        let fileMunicipality = Self.municipality(inFileName: submission.file, registry: registry)
        if let fileMunicipality {
            sources.append(MunicipalitySource(kind: .fileName, cell: nil, text: submission.file, municipality: fileMunicipality))
        }
        if let nameMunicipality, let name = submission.titleBlock[.municipality] {
            sources.append(MunicipalitySource(kind: .nameCell, cell: name.address, text: TextCleaner.clean(name.value.text),
                                              municipality: nameMunicipality))
        }
        if let oktmoMunicipality, let code = submission.titleBlock[.oktmo] {
            sources.append(MunicipalitySource(kind: .oktmoCell, cell: code.address, text: code.value.text, municipality: oktmoMunicipality))
        }
        if let flagMunicipality {
            sources.append(MunicipalitySource(kind: .flag, cell: nil, text: flagMunicipality.name, municipality: flagMunicipality))
        }
        // The flag, when given, says who the report is from; otherwise the municipality most
        // sources name (the title block's name, then its OKTMO code, win ties).
        identity.municipality = flagMunicipality ?? Self.majority([nameMunicipality, oktmoMunicipality, fileMunicipality])
        if let booked = identity.municipality {
            // The sources out of line with the attribution: each such cell is marked (an OKTMO
            // cell under oktmo-mismatch); a file name or flag has no cell, so when no cell is out
            // of line the problem is the file's.
            let odd = sources.filter { $0.municipality != booked }
            if !odd.isEmpty {
                let arguments: MessageArguments = [
                    "sources": Self.list(sources.map(\.says), last: .init(ru: ", ", en: "; "), separator: .init(ru: ", ", en: "; ")),
                    "name": booked.name,
                    "fix": Self.list(odd.map(\.place), last: .init(ru: " и ", en: " and "), separator: .init(ru: ", ", en: ", ")),
                ]
                let cells = odd.filter { $0.cell != nil }
                let variant = schools ? "school" : nil
                if cells.isEmpty { sink.add(.municipalityMismatch, variant: variant, value: submission.file, arguments) }
                for source in cells {
                    sink.add(source.kind == .oktmoCell ? .oktmoMismatch : .municipalityMismatch, variant: variant, cell: source.cell,
                             value: source.text, arguments)
                }
            }
        } else if !unknownReported {
            sink.add(.municipalityMissing, variant: schools ? "school" : nil)
        }

        // Period: title block, file name, flag.
        let cadence = pipeline.calendar.cadence
        var titlePeriod: ReportPeriod?
        var invalidReported = false
        if let cell = submission.titleBlock[.period] {
            if let month = ValueParsing.period(cell.value, cadence: cadence, period: roadmapPeriod) {
                titlePeriod = month
            } else {
                invalidReported = true
                sink.add(.periodInvalid, cell: cell.address, value: cell.value.text, ["value": cell.value.text])
            }
        }
        let filePeriod = Self.period(inFileName: submission.file, cadence: cadence)
        let periods: [(Source, ReportPeriod)] = [
            titlePeriod.map { (.title, $0) }, filePeriod.map { (.file, $0) }, flagPeriod.map { (.flag, $0) },
        ].compactMap { $0 }
        identity.period = titlePeriod ?? flagPeriod ?? filePeriod
        if let first = periods.first, let other = periods.first(where: { $0.1 != first.1 }) {
            let cell = first.0 == .title ? submission.titleBlock[.period]?.address : nil
            sink.add(.periodMismatch, cell: cell, value: first.1.description, [
                "source": first.0.words, "month": Self.monthWords(first.1),
                "otherSource": other.0.words, "otherMonth": Self.monthWords(other.1),
            ])
        } else if identity.period == nil && !invalidReported {
            sink.add(.periodMissing)
        }
        if let period = identity.period, !roadmapPeriod.overlaps(period) {
            sink.add(.periodOutsideRoadmap, cell: submission.titleBlock[.period]?.address, value: period.description, [
                "month": Self.monthWords(period),
                "start": LocalizedText(ru: roadmapPeriod.start.russian, en: roadmapPeriod.start.iso),
                "end": LocalizedText(ru: roadmapPeriod.end.russian, en: roadmapPeriod.end.iso),
            ])
        }

        if let period = identity.period, let start = pipeline.obligations.collectFrom, !pipeline.obligations.isCollected(period) {
            sink.add(.periodNotCollected, cell: submission.titleBlock[.period]?.address, value: period.description, [
                "month": Self.monthWords(period), "start": Self.monthWords(start),
            ])
        }

        if let filled = submission.titleBlock[.filledOn], let date = ValueParsing.date(filled.value) {
            identity.reportDate = date
        } else if let period = identity.period {
            identity.reportDate = pipeline.calendar.dueDate(for: period).date
        }
        return identity
    }

    /// Where a month was stated.
    enum Source {
        case title, file, flag

        /// The place in words, for the mismatch messages.
        var words: LocalizedText {
            switch self {
            case .title: return .init(ru: "в шапке", en: "the title block")
            case .file: return .init(ru: "в имени файла", en: "the file name")
            case .flag: return .init(ru: "в параметрах проверки", en: "the command line")
            }
        }
    }

    /// A place that names the municipality: the file name, the title block's name or OKTMO
    /// cell, or the command line's `--municipality`.
    struct MunicipalitySource {
        enum Kind { case fileName, nameCell, oktmoCell, flag }

        var kind: Kind
        var cell: CellAddress?
        /// What the place says, as written (the cell's text; the file name).
        var text: String
        var municipality: Reporter

        /// The cell in words: «в ячейке C3 (ОКТМО)», "cell C3 (OKTMO)".
        private func cellWords(_ label: LocalizedText) -> LocalizedText {
            let a1 = cell?.a1 ?? ""
            return .init(ru: "в ячейке \(a1) (\(label.ru))", en: "cell \(a1) (\(label.en))")
        }

        /// The place and what it says, for the message's list: «в ячейке C3 (ОКТМО) — 05701000 —
        /// Владивостокский городской округ».
        var says: LocalizedText {
            let name = municipality.name
            switch kind {
            case .fileName:
                return .init(ru: "в имени файла — \(name)", en: "the file name: \(name)")
            case .nameCell:
                let place = cellWords(.init(ru: "наименование", en: "name"))
                // An alias or an OKTMO code typed as the name is quoted before the name it stands for.
                let typed = TextCleaner.fold(text) == TextCleaner.fold(name) ? name : "\(text) — \(name)"
                return .init(ru: "\(place.ru) — \(typed)", en: "\(place.en): \(typed)")
            case .oktmoCell:
                let place = cellWords(codeLabel)
                return .init(ru: "\(place.ru) — \(text) — \(name)", en: "\(place.en): \(text) — \(name)")
            case .flag:
                return .init(ru: "в параметрах проверки — \(name)", en: "the command line: \(name)")
            }
        }

        /// The code cell's name: «ОКТМО» for a municipality, «код» for a school.
        var codeLabel: LocalizedText {
            municipality.kind == .school ? .init(ru: "код", en: "code") : .init(ru: "ОКТМО", en: "OKTMO")
        }

        /// The place as what to correct: «ячейку C3 (ОКТМО)», "cell C3 (OKTMO)", «имя файла».
        var place: LocalizedText {
            let a1 = cell?.a1 ?? ""
            switch kind {
            case .fileName: return .init(ru: "имя файла", en: "the file name")
            case .nameCell: return .init(ru: "ячейку \(a1) (наименование)", en: "cell \(a1) (name)")
            case .oktmoCell: return .init(ru: "ячейку \(a1) (\(codeLabel.ru))", en: "cell \(a1) (\(codeLabel.en))")
            case .flag: return .init(ru: "параметр --municipality", en: "--municipality")
            }
        }
    }

    /// The municipality most of the votes name; among equally many, the one voted for first.
    static func majority(_ votes: [Reporter?]) -> Reporter? {
        let votes = votes.compactMap { $0 }
        return votes.max { a, b in
            let (x, y) = (votes.filter { $0 == a }.count, votes.filter { $0 == b }.count)
            return x != y ? x < y : (votes.firstIndex(of: a) ?? 0) > (votes.firstIndex(of: b) ?? 0)
        }
    }

    /// Texts joined in each language: `separator` between them, `last` before the last one.
    static func list(_ items: [LocalizedText], last: LocalizedText, separator: LocalizedText) -> LocalizedText {
        func join(_ parts: [String], _ separator: String, _ last: String) -> String {
            parts.count < 2 ? parts.joined() : parts.dropLast().joined(separator: separator) + last + parts[parts.count - 1]
        }
        return .init(ru: join(items.map(\.ru), separator.ru, last.ru), en: join(items.map(\.en), separator.en, last.en))
    }

    /// The sentence of both municipality codes: every source with what it says, who the report
    /// is attributed to, and what to correct.
    static let conflicting = MessageTemplate(
        ru: "Муниципальное образование указано по-разному: {sources}. Отчет отнесен к «{name}»; исправьте {fix}.",
        en: "The sources name different municipalities — {sources}. The report is attributed to «{name}»; correct {fix}.")

    /// The same sentence for a registry of schools.
    static let conflictingSchools = MessageTemplate(
        ru: "Образовательная организация указана по-разному: {sources}. Отчет отнесен к «{name}»; исправьте {fix}.",
        en: "The sources name different schools — {sources}. The report is attributed to «{name}»; correct {fix}.")

    /// A period in words: «март 2021», «I квартал 2021»; `2021-03`, `2021-Q1`.
    package static func monthWords(_ period: ReportPeriod) -> LocalizedText {
        LocalizedText(ru: period.words.ru, en: period.description)
    }
}

// The codes of who sent the report and for which month.
extension DiagnosticCode {
    public static let municipalityMissing = DiagnosticCode(
        "municipality-missing", .error,
        title: .init(ru: "Не указано муниципальное образование", en: "The municipality is not stated"),
        explanation: .init(
            ru: "Отчет не называет муниципальное образование: заполните поле «Муниципальное образование» в шапке формы (или назовите файл по коду ОКТМО).",
            en: "The report does not name its municipality: fill in «Муниципальное образование» in the form's title block (or name the file by its OKTMO code)."),
        message: .init(
            ru: "Отчет не называет муниципальное образование: заполните поле «Муниципальное образование» в шапке.",
            en: "The report does not name its municipality: fill in «Муниципальное образование» in the title block."),
        variants: ["school": .init(
            ru: "Отчет не называет образовательную организацию: заполните поле «Образовательная организация» в шапке.",
            en: "The report does not name its school: fill in «Образовательная организация» in the title block.")])

    public static let municipalityUnknown = DiagnosticCode(
        "municipality-unknown", .error,
        title: .init(ru: "Неизвестное муниципальное образование", en: "Unknown municipality"),
        explanation: .init(
            ru: "Указанное название или код ОКТМО не найдены в реестре муниципальных образований региона. Проверьте написание или используйте форму, выданную для вашего муниципалитета.",
            en: "The name or OKTMO code is not in the region's registry of municipalities. Check the spelling or use the form issued for your municipality."),
        message: .init(
            ru: "Муниципальное образование «{name}» не найдено в реестре региона.",
            en: "The municipality «{name}» is not in the region's registry."),
        variants: ["school": .init(
            ru: "Образовательная организация «{name}» не найдена в реестре.",
            en: "The school «{name}» is not in the registry.")])

    public static let municipalityMismatch = DiagnosticCode(
        "municipality-mismatch", .error,
        title: .init(ru: "Муниципальное образование указано по-разному", en: "Conflicting municipalities"),
        explanation: .init(
            ru: "Имя файла, наименование муниципального образования в шапке, код ОКТМО в шапке и параметры проверки (--municipality) называют разные муниципальные образования. Отчет относится к тому, которое называет большинство из них (при --municipality — к указанному в нем; при равенстве — к наименованию в шапке). Сообщение перечисляет, что говорит каждый источник и в какой ячейке; отмечена ячейка с наименованием, если расходится оно, а если с остальными расходится только имя файла — замечание относится ко всему файлу. Исправьте то, что расходится.",
            en: "The file name, the municipality's name in the title block, the OKTMO code in the title block and the command line (--municipality) name different municipalities. The report is attributed to the one most of them name (with --municipality, to the one it names; on a tie, to the title block's name). The message lists what each source says and in which cell; the name cell is marked when it is out of line, and when only the file name is, the problem is the whole file's. Correct the one that is out of line."),
        message: IdentificationCheck.conflicting,
        variants: ["school": IdentificationCheck.conflictingSchools])

    public static let oktmoMismatch = DiagnosticCode(
        "oktmo-mismatch", .error,
        title: .init(ru: "Код ОКТМО не соответствует муниципальному образованию", en: "The OKTMO code does not match the municipality"),
        explanation: .init(
            ru: "Код ОКТМО в шапке принадлежит другому муниципальному образованию, чем то, к которому отнесен отчет (по имени файла и наименованию в шапке, или по --municipality), или не найден в реестре. Сообщение перечисляет, что говорит каждый источник и в какой ячейке; отмечена ячейка с кодом. Исправьте код.",
            en: "The OKTMO code in the title block belongs to another municipality than the one the report is attributed to (by the file name and the title block's name, or by --municipality), or is not in the registry. The message lists what each source says and in which cell; the code's cell is marked. Correct the code."),
        message: IdentificationCheck.conflicting,
        variants: [
            "unknown": .init(
                ru: "Код ОКТМО «{code}» не найден в реестре муниципальных образований региона.",
                en: "The OKTMO code «{code}» is not in the region's registry."),
            "school": IdentificationCheck.conflictingSchools,
            "school-unknown": .init(
                ru: "Код «{code}» не найден в реестре образовательных организаций.",
                en: "The code «{code}» is not in the registry of schools."),
        ])

    public static let periodMissing = DiagnosticCode(
        "period-missing", .error,
        title: .init(ru: "Не указан отчетный месяц", en: "The reporting month is not stated"),
        explanation: .init(
            ru: "Заполните поле «Отчетный месяц» в шапке формы (например, «март 2021» или 03.2021).",
            en: "Fill in «Отчетный месяц» in the form's title block (e.g. «март 2021» or 03.2021)."),
        message: .init(
            ru: "Отчет не называет отчетный месяц: заполните поле «Отчетный месяц» в шапке.",
            en: "The report does not name its reporting month: fill in «Отчетный месяц» in the title block."))

    public static let periodInvalid = DiagnosticCode(
        "period-invalid", .error,
        title: .init(ru: "Отчетный месяц не распознан", en: "The reporting month is not recognised"),
        explanation: .init(
            ru: "Значение поля «Отчетный месяц» не похоже на месяц и год. Напишите, например, «март 2021» или 03.2021.",
            en: "«Отчетный месяц» does not read as a month and year. Write e.g. «март 2021» or 03.2021."),
        message: .init(
            ru: "«{value}» не распознано как отчетный месяц; напишите, например, «март 2021» или 03.2021.",
            en: "«{value}» is not a reporting month; write e.g. «март 2021» or 03.2021."))

    public static let periodMismatch = DiagnosticCode(
        "period-mismatch", .error,
        title: .init(ru: "Отчетный месяц указан по-разному", en: "Conflicting reporting months"),
        explanation: .init(
            ru: "Шапка отчета, имя файла и параметры проверки называют разные отчетные месяцы. Исправьте шапку или имя файла.",
            en: "The title block, the file name and the command line name different reporting months. Correct the title block or the file name."),
        message: .init(
            ru: "Отчетный месяц указан по-разному: {source} — {month}, {otherSource} — {otherMonth}.",
            en: "The reporting month differs: {source} says {month}, {otherSource} {otherMonth}."))

    public static let periodOutsideRoadmap = DiagnosticCode(
        "period-outside-roadmap", .error,
        title: .init(ru: "Месяц вне срока дорожной карты", en: "A month outside the roadmap"),
        explanation: .init(
            ru: "Отчетный месяц не входит в период действия дорожной карты. Проверьте месяц в шапке.",
            en: "The reporting month is outside the roadmap's period. Check the month in the title block."),
        message: .init(
            ru: "Отчетный месяц {month} вне периода дорожной карты ({start}–{end}).",
            en: "The reporting month {month} is outside the roadmap period ({start}–{end})."))

    public static let periodNotCollected = DiagnosticCode(
        "period-not-collected", .error,
        title: .init(ru: "Отчет за период до начала сбора", en: "A report for a period before collection starts"),
        explanation: .init(
            ru: "Регион собирает отчеты начиная с периода, названного в описании конвейера (reporting.collect_from). Отчет за более ранний период не собирается: проверьте период в шапке и в имени файла.",
            en: "The region collects reports from the period its pipeline names (reporting.collect_from). A report for an earlier period is not collected: check the period in the title block and the file name."),
        message: .init(
            ru: "Сбор отчетов начинается с периода «{start}»: отчет за «{month}» не собирается.",
            en: "Collection starts with {start}: a report for {month} is not collected."))
}
