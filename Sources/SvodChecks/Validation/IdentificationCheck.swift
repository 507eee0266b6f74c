import Foundation
import Spreadsheet
import SvodModel

/// Who sent the report and for which month: the title block, the file name and the caller's
/// flags must agree.
package struct IdentificationCheck: ValidationCheck {
    static let codes: [DiagnosticCode] = [
        .municipalityMissing, .municipalityUnknown, .municipalityMismatch, .oktmoMismatch,
        .periodMissing, .periodInvalid, .periodMismatch, .periodOutsideRoadmap,
    ]

    let pipeline: Pipeline

    struct Identity {
        package var municipality: Municipality?
        package var period: YearMonth?
        /// The date completion dates may not exceed: the date filled in, else the due date.
        var reportDate: CivilDate?
    }

    func check(_ submission: Submission, flagMunicipality: Municipality?, flagPeriod: YearMonth?,
               into sink: inout DiagnosticSink) -> Identity {
        sink.emitter = Self.self
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
                    sink.add(.oktmoMismatch, cell: code.address, value: text,
                             ["code": text, "owner": owner.name, "named": nameMunicipality.name])
                }
            } else {
                sink.add(.oktmoMismatch, variant: "unknown", cell: code.address, value: text, ["code": text])
            }
        }
        // A name the registry does not know is an error only when the OKTMO code does not say who it is.
        var unknownReported = false
        if let unknownName, oktmoMunicipality == nil {
            unknownReported = true
            let text = unknownName.value.text
            sink.add(.municipalityUnknown, cell: unknownName.address, value: text, ["name": text])
        }
        let titleMunicipality = nameMunicipality ?? oktmoMunicipality
        let fileMunicipality = Self.municipality(inFileName: submission.file, registry: registry)
        let candidates: [(Source, Municipality)] = [
            titleMunicipality.map { (.title, $0) }, fileMunicipality.map { (.file, $0) }, flagMunicipality.map { (.flag, $0) },
        ].compactMap { $0 }
        // Attribute the report to the municipality most sources name (the flag, then the title
        // block, win ties).
        let votes = [flagMunicipality, nameMunicipality, oktmoMunicipality, fileMunicipality].compactMap { $0 }
        identity.municipality = votes.max { a, b in
            let (x, y) = (votes.filter { $0 == a }.count, votes.filter { $0 == b }.count)
            return x != y ? x < y : (votes.firstIndex(of: a) ?? 0) > (votes.firstIndex(of: b) ?? 0)
        }
        if let first = candidates.first, let other = candidates.first(where: { $0.1 != first.1 }) {
            let cell = first.0 == .title ? submission.titleBlock[.municipality]?.address : nil
            sink.add(.municipalityMismatch, cell: cell, value: first.1.name, [
                "source": first.0.words, "name": first.1.name, "otherSource": other.0.words, "otherName": other.1.name,
            ])
        } else if identity.municipality == nil && !unknownReported {
            sink.add(.municipalityMissing)
        }

        // Period: title block, file name, flag.
        var titlePeriod: YearMonth?
        var invalidReported = false
        if let cell = submission.titleBlock[.period] {
            if let month = ValueParsing.month(cell.value, period: roadmapPeriod) {
                titlePeriod = month
            } else {
                invalidReported = true
                sink.add(.periodInvalid, cell: cell.address, value: cell.value.text, ["value": cell.value.text])
            }
        }
        let filePeriod = Self.period(inFileName: submission.file)
        let periods: [(Source, YearMonth)] = [
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
        if let period = identity.period,
           period < YearMonth(roadmapPeriod.start) || period > YearMonth(roadmapPeriod.end) {
            sink.add(.periodOutsideRoadmap, cell: submission.titleBlock[.period]?.address, value: period.description, [
                "month": Self.monthWords(period),
                "start": LocalizedText(ru: roadmapPeriod.start.russian, en: roadmapPeriod.start.iso),
                "end": LocalizedText(ru: roadmapPeriod.end.russian, en: roadmapPeriod.end.iso),
            ])
        }

        if let filled = submission.titleBlock[.filledOn], let date = ValueParsing.date(filled.value) {
            identity.reportDate = date
        } else if let period = identity.period {
            identity.reportDate = pipeline.calendar.dueDate(for: period).date
        }
        return identity
    }

    /// Where a municipality or month was stated.
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

    /// A month in words: «март 2021», `2021-03`.
    package static func monthWords(_ month: YearMonth) -> LocalizedText {
        LocalizedText(ru: "\(RussianCalendarWords.monthNames[month.month - 1]) \(month.year)", en: month.description)
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
            en: "The report does not name its municipality: fill in «Муниципальное образование» in the title block."))

    public static let municipalityUnknown = DiagnosticCode(
        "municipality-unknown", .error,
        title: .init(ru: "Неизвестное муниципальное образование", en: "Unknown municipality"),
        explanation: .init(
            ru: "Указанное название или код ОКТМО не найдены в реестре муниципальных образований региона. Проверьте написание или используйте форму, выданную для вашего муниципалитета.",
            en: "The name or OKTMO code is not in the region's registry of municipalities. Check the spelling or use the form issued for your municipality."),
        message: .init(
            ru: "Муниципальное образование «{name}» не найдено в реестре региона.",
            en: "The municipality «{name}» is not in the region's registry."))

    public static let municipalityMismatch = DiagnosticCode(
        "municipality-mismatch", .error,
        title: .init(ru: "Муниципальное образование указано по-разному", en: "Conflicting municipalities"),
        explanation: .init(
            ru: "Шапка отчета, имя файла и параметры проверки называют разные муниципальные образования. Исправьте шапку или имя файла.",
            en: "The title block, the file name and the command line name different municipalities. Correct the title block or the file name."),
        message: .init(
            ru: "Муниципальное образование указано по-разному: {source} — «{name}», {otherSource} — «{otherName}».",
            en: "The municipality differs: {source} says «{name}», {otherSource} «{otherName}»."))

    public static let oktmoMismatch = DiagnosticCode(
        "oktmo-mismatch", .error,
        title: .init(ru: "Код ОКТМО не соответствует муниципальному образованию", en: "The OKTMO code does not match the municipality"),
        explanation: .init(
            ru: "Код ОКТМО в шапке принадлежит другому муниципальному образованию или не найден в реестре. Исправьте код.",
            en: "The OKTMO code in the title block belongs to another municipality or is not in the registry. Correct the code."),
        message: .init(
            ru: "Код ОКТМО {code} принадлежит МО «{owner}», а в шапке указано «{named}».",
            en: "OKTMO {code} belongs to «{owner}», but the title block names «{named}»."),
        variants: ["unknown": .init(
            ru: "Код ОКТМО «{code}» не найден в реестре муниципальных образований региона.",
            en: "The OKTMO code «{code}» is not in the region's registry.")])

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
}
