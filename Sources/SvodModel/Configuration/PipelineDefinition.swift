import Foundation
import Spreadsheet

/// A region's pipeline definition (`Pipelines/<region>.yaml`): where its roadmap, municipality
/// registry and report schema live, its reporting calendar, and the folders the pipeline uses.
/// Paths are relative to the YAML file.
public struct PipelineDefinition: Sendable, Equatable {
    public var file: String
    public var region: String
    public var timeZone: String
    public var roadmapPath: String
    public var roadmapPeriod: RoadmapPeriod?
    public var municipalitiesPath: String
    public var schemaPath: String
    public var dueDay: Int
    public var moveToWorkingDay: Bool
    /// Extra production-calendar years (same CSV format as the built-in data).
    public var productionCalendarPath: String?
    /// The region's own days off and working days over the federal calendar
    /// (`calendar.regional_days_off`, `calendar.regional_working_days`), each with its act.
    public var regionalDays: [RegionalDay] = []
    public var inbox: String
    public var archive: String
    public var quarantine: String
    public var output: String
    public var ledger: String
    public var stages: [String]
    public var warnings: [ConfigurationWarning]

    public static let knownStages = ["ingest", "validate", "record", "consolidate", "publish"]

    /// The codes of a pipeline definition's own checks (besides reading it as YAML).
    static let codes: [DiagnosticCode] = [.configUnknownTimeZone, .configBadPeriod, .configBadDueDay, .configBadRegionalDay,
                                          .configUnknownStage]

    /// Reads and checks a definition; every error names the YAML line.
    public static func load(path: String) throws -> PipelineDefinition {
        let root = try YAMLNode.load(path: path)
        _ = try root.requireMapping()
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let base = (absolute as NSString).deletingLastPathComponent
        func resolve(_ relative: String) -> String {
            relative.hasPrefix("/") ? relative : ((base as NSString).appendingPathComponent(relative) as NSString).standardizingPath
        }
        var warnings = root.unknownKeys(allowed: [
            "version", "region", "time_zone", "roadmap", "roadmap_period", "municipalities", "schema", "calendar",
            "folders", "ledger", "stages",
        ])
        if let version = try root.int("version"), version != 1 {
            throw root.fail(.configVersionUnsupported, ["version": version], key: "version")
        }
        let timeZone = try root.requiredString("time_zone")
        guard TimeZone(identifier: timeZone) != nil else {
            throw root.fail(.configUnknownTimeZone, ["zone": timeZone], key: "time_zone")
        }
        var period: RoadmapPeriod?
        if let node = root.child("roadmap_period") {
            warnings += node.unknownKeys(allowed: ["start", "end"])
            guard let start = CivilDate(iso: try node.requiredString("start")), let end = CivilDate(iso: try node.requiredString("end")),
                  start <= end else {
                throw node.fail(.configBadPeriod)
            }
            period = RoadmapPeriod(start: start, end: end, kind: start.year == end.year ? .calendarYear : .years)
        }
        var dueDay = 10
        var move = true
        var production: String?
        var regionalDays: [RegionalDay] = []
        if let calendar = root.child("calendar") {
            warnings += calendar.unknownKeys(allowed: ["due_day", "move_to_working_day", "production_calendar",
                                                       "regional_days_off", "regional_working_days"])
            for (key, isDayOff) in [("regional_days_off", true), ("regional_working_days", false)] {
                for node in try calendar.list(key) ?? [] {
                    warnings += node.unknownKeys(allowed: ["date", "act"])
                    guard let text = try node.string("date"), let date = CivilDate(iso: text),
                          let act = try node.string("act"), !act.trimmingCharacters(in: .whitespaces).isEmpty else {
                        throw node.fail(.configBadRegionalDay)
                    }
                    regionalDays.append(RegionalDay(date: date, isDayOff: isDayOff, act: act))
                }
            }
            dueDay = try calendar.int("due_day") ?? 10
            guard (1...28).contains(dueDay) else { throw calendar.fail(.configBadDueDay, key: "due_day") }
            move = try calendar.bool("move_to_working_day") ?? true
            production = try calendar.string("production_calendar").map(resolve)
        }
        var folders: [String: String] = [:]
        if let node = root.child("folders") {
            warnings += node.unknownKeys(allowed: ["inbox", "archive", "quarantine", "output"])
            for key in ["inbox", "archive", "quarantine", "output"] { folders[key] = try node.string(key).map(resolve) }
        }
        let work = resolve("work")
        let stages = try root.strings("stages") ?? knownStages
        for stage in stages where !knownStages.contains(stage) {
            throw root.fail(.configUnknownStage, ["stage": stage, "known": knownStages.joined(separator: ", ")], key: "stages")
        }
        return PipelineDefinition(
            file: path, region: try root.requiredString("region"), timeZone: timeZone,
            roadmapPath: resolve(try root.requiredString("roadmap")), roadmapPeriod: period,
            municipalitiesPath: resolve(try root.requiredString("municipalities")),
            schemaPath: resolve(try root.string("schema") ?? "schema-default.yaml"),
            dueDay: dueDay, moveToWorkingDay: move, productionCalendarPath: production, regionalDays: regionalDays,
            inbox: folders["inbox"] ?? work + "/inbox", archive: folders["archive"] ?? work + "/archive",
            quarantine: folders["quarantine"] ?? work + "/quarantine", output: folders["output"] ?? work + "/output",
            ledger: try root.string("ledger").map(resolve) ?? work + "/ledger.sqlite",
            stages: stages, warnings: warnings)
    }
}

/// A pipeline with everything it names loaded: the roadmap, the registry, the schema and the
/// reporting calendar. This is what `template`, `validate`, `consolidate` and `run` work with.
public struct Pipeline: Sendable {
    public var definition: PipelineDefinition
    public var roadmap: Roadmap
    public var registry: MunicipalityRegistry
    public var schema: SubmissionSchema
    public var calendar: ReportingCalendar

    public init(definition: PipelineDefinition, roadmap: Roadmap, registry: MunicipalityRegistry,
                schema: SubmissionSchema, calendar: ReportingCalendar) {
        self.definition = definition
        self.roadmap = roadmap
        self.registry = registry
        self.schema = schema
        self.calendar = calendar
    }

    /// Loads a pipeline definition and everything it names.
    ///
    /// - Throws: `ConfigurationError` for the definition, the schema or the registry;
    ///   `RoadmapImportError` for the roadmap.
    public static func load(path: String) throws -> Pipeline {
        let definition = try PipelineDefinition.load(path: path)
        var roadmap = try RoadmapImporter(periodOverride: definition.roadmapPeriod).importFile(definition.roadmapPath)
        if roadmap.region == nil { roadmap.region = definition.region }
        let registry = try MunicipalityRegistry.load(path: definition.municipalitiesPath)
        let schema = try SubmissionSchema.load(path: definition.schemaPath)
        let production = try definition.productionCalendar()
        let calendar: ReportingCalendar
        do {
            calendar = try ReportingCalendar(dueDay: definition.dueDay, timeZone: definition.timeZone,
                                             moveToWorkingDay: definition.moveToWorkingDay, production: production)
        } catch {
            throw ConfigurationError(error, file: path, path: "calendar")
        }
        return Pipeline(definition: definition, roadmap: roadmap, registry: registry, schema: schema, calendar: calendar)
    }
}

extension PipelineDefinition {
    /// The region's production calendar: the federal one compiled into Svod, the extra years
    /// of `production_calendar`, and the region's own days over them.
    ///
    /// - Throws: `ConfigurationError` when the extra calendar file cannot be read.
    public func productionCalendar() throws -> ProductionCalendar {
        var production = ProductionCalendar.russia
        if let extra = productionCalendarPath {
            do {
                production = production.merging(try ProductionCalendar(contentsOfFile: extra))
            } catch {
                throw ConfigurationError(error, file: extra)
            }
        }
        return production.addingRegionalDays(regionalDays)
    }
}

// The pipeline definition's codes.
extension DiagnosticCode {
    public static let configUnknownTimeZone = DiagnosticCode(
        "config-unknown-time-zone", .error,
        title: .init(ru: "Неизвестный часовой пояс региона", en: "An unknown time zone for the region"),
        explanation: .init(
            ru: "Ключ time_zone описания конвейера должен быть именем часового пояса из базы IANA, например Asia/Vladivostok: по нему считаются сроки сдачи и опоздания.",
            en: "The pipeline definition's time_zone must be an IANA time zone name, such as Asia/Vladivostok: due moments and lateness are computed in it."),
        message: .init(
            ru: "«{zone}» — не часовой пояс IANA (например, Asia/Vladivostok)",
            en: "«{zone}» is not an IANA time zone (e.g. Asia/Vladivostok)"))

    public static let configBadPeriod = DiagnosticCode(
        "config-bad-period", .error,
        title: .init(ru: "Неверный период дорожной карты", en: "An invalid roadmap period"),
        explanation: .init(
            ru: "roadmap_period задает период дорожной карты, когда ее заголовок его не называет: start и end — даты ГГГГ-ММ-ДД, начало не позже конца.",
            en: "roadmap_period sets the roadmap's period when its title does not: start and end are YYYY-MM-DD dates, the start not after the end."),
        message: .init(
            ru: "start и end должны быть датами ГГГГ-ММ-ДД, сначала начало",
            en: "start and end must be YYYY-MM-DD dates, start first"))

    public static let configBadDueDay = DiagnosticCode(
        "config-bad-due-day", .error,
        title: .init(ru: "Неверный день сдачи отчета", en: "An invalid reporting day"),
        explanation: .init(
            ru: "calendar.due_day — число месяца, следующего за отчетным, до которого сдается отчет; в описании конвейера оно от 1 до 28, чтобы срок был в каждом месяце.",
            en: "calendar.due_day is the day of the month after the reporting month by which a report is due; in a pipeline definition it is 1 to 28, so that every month has it."),
        message: .init(ru: "due_day должен быть от 1 до 28", en: "due_day must be from 1 to 28"))

    public static let configBadRegionalDay = DiagnosticCode(
        "config-bad-regional-day", .error,
        title: .init(ru: "Неверный региональный день календаря", en: "An invalid regional calendar day"),
        explanation: .init(
            ru: "calendar.regional_days_off и calendar.regional_working_days перечисляют дни, которые регион объявил нерабочими или рабочими сверх федерального календаря: у каждого дата ГГГГ-ММ-ДД (date) и акт, которым он установлен (act). Срок сдачи, попавший на такой нерабочий день, переносится на следующий рабочий день, и объяснение срока называет акт.",
            en: "calendar.regional_days_off and calendar.regional_working_days list the days a region made days off or working days beyond the federal calendar: each has a YYYY-MM-DD date and the act that set it (act). A due date on such a day off moves to the next working day, and the due date's explanation names the act."),
        message: .init(
            ru: "нужны дата ГГГГ-ММ-ДД (date) и акт, которым установлен день (act)",
            en: "needs a YYYY-MM-DD date and the act that set the day (act)"))

    public static let configUnknownStage = DiagnosticCode(
        "config-unknown-stage", .error,
        title: .init(ru: "Неизвестный этап конвейера", en: "An unknown pipeline stage"),
        explanation: .init(
            ru: "Список stages называет этапы svod run по порядку; сообщение перечисляет известные. Исправьте опечатку или удалите ключ, чтобы выполнялись все этапы.",
            en: "The stages list names svod run's stages in order; the message lists the known ones. Correct the typo, or remove the key to run every stage."),
        message: .init(ru: "неизвестный этап «{stage}» (известные: {known})", en: "unknown stage «{stage}» (known: {known})"))
}
