import Spreadsheet
import SvodModel
import SvodChecks

extension DiagnosticCatalog {
    /// Every code Svod can print, section by section: what a clerk meets first (a report's
    /// check, a file the readers refuse, what `svod run` does with the files), then what an
    /// operator meets (the roadmap and the deadlines in it, the calendars, the configuration).
    /// Put together here, the lowest target that sees every layer; each layer lists its own.
    /// How many of `svod`'s sections a clerk or the ministry meets (report, file, run): the
    /// README's table; the rest concern the operator and the roadmap's author.
    public static let clerkSections = 3

    public static let svod = DiagnosticCatalog([
        Section(.init(ru: "отчет", en: "report"), Validator.allCodes),
        Section(.init(ru: "файл", en: "file"), SpreadsheetError.codes),
        Section(.init(ru: "запуск", en: "run"), RunDiagnostics.codes),
        Section(.init(ru: "дорожная карта", en: "roadmap"), RoadmapImportError.codes + RoadmapWarning.codes),
        Section(.init(ru: "срок", en: "deadline"), DeadlineWarning.allCodes),
        Section(.init(ru: "календарь", en: "calendar"), CalendarError.codes + CalendarWarning.allCodes),
        Section(.init(ru: "настройка", en: "configuration"), ConfigurationError.codes),
    ])
}
