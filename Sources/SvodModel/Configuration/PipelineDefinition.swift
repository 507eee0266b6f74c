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
    /// How often reports are due (`reporting.cadence`; monthly by default).
    public var cadence: Cadence = .month
    /// When a period's report is due (`reporting.due`; day `calendar.due_day` of the next month by default).
    public var dueRule: DueRule = .dayOfFollowingMonth(10)
    /// The first period collected (`reporting.collect_from`).
    public var collectFrom: ReportPeriod?
    /// Changes to some measures' applicability or cadence (`measures`).
    public var measureOverrides: [MeasureOverride] = []
    /// Words naming the region's own bodies (`applicability.own_bodies`).
    public var ownBodies: [String] = Obligations.defaultOwnBodies
    /// Words naming reporters in a responsible-executors cell (`applicability.reporter_words`).
    public var reporterWords: [String] = Obligations.defaultReporterWords
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
                                          .configUnknownStage, .configBadCadence, .configBadDueRule, .configBadCollectFrom,
                                          .configBadMeasureOverride]

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
            "version", "region", "time_zone", "roadmap", "roadmap_period", "municipalities", "reporters", "schema", "calendar",
            "reporting", "applicability", "measures", "folders", "ledger", "stages",
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
        var cadence = Cadence.month
        var rule = DueRule.dayOfFollowingMonth(dueDay)
        var collectFrom: ReportPeriod?
        if let reporting = root.child("reporting") {
            warnings += reporting.unknownKeys(allowed: ["cadence", "due", "collect_from"])
            if let text = try reporting.string("cadence") {
                guard let value = Cadence(rawValue: text) else {
                    throw reporting.fail(.configBadCadence, ["cadence": text], key: "cadence")
                }
                cadence = value
            }
            if let due = reporting.child("due") {
                warnings += due.unknownKeys(allowed: ["day_of_next_month", "date", "following_year", "working_days_after"])
                let given = ["day_of_next_month", "date", "working_days_after"].filter { due.child($0) != nil }
                guard given.count == 1 else { throw due.fail(.configBadDueRule) }
                if let day = try due.int("day_of_next_month") {
                    guard (1...28).contains(day) else { throw due.fail(.configBadDueDay, key: "day_of_next_month") }
                    rule = .dayOfFollowingMonth(day)
                } else if let text = try due.string("date") {
                    let parts = text.split(separator: "-")
                    guard parts.count == 2, let month = Int(parts[0]), let day = Int(parts[1]), (1...12).contains(month),
                          (1...CivilDate.daysIn(month: month, year: 2001)).contains(day),
                          cadence == .year || cadence == .schoolYear || cadence == .halfYear else {
                        throw due.fail(.configBadDueRule, variant: "date", key: "date")
                    }
                    rule = .fixedDate(month: month, day: day, followingYear: try due.bool("following_year") ?? false)
                } else if let count = try due.int("working_days_after") {
                    guard (1...60).contains(count) else { throw due.fail(.configBadDueRule, variant: "working", key: "working_days_after") }
                    rule = .workingDaysAfter(count)
                }
            }
            if let text = try reporting.string("collect_from") {
                guard let period = ReportPeriod(text: text), period.cadence == cadence else {
                    throw reporting.fail(.configBadCollectFrom, ["value": text, "example": ReportPeriod(cadence, containing: YearMonth(year: 2021, month: 3)).description],
                                         key: "collect_from")
                }
                collectFrom = period
            }
        }
        var ownBodies = Obligations.defaultOwnBodies
        var reporterWords = Obligations.defaultReporterWords
        if let node = root.child("applicability") {
            warnings += node.unknownKeys(allowed: ["own_bodies", "reporter_words"])
            ownBodies = try node.strings("own_bodies") ?? ownBodies
            reporterWords = try node.strings("reporter_words") ?? reporterWords
        }
        var overrides: [MeasureOverride] = []
        for node in try root.list("measures") ?? [] {
            warnings += node.unknownKeys(allowed: ["ids", "section", "applies_to", "groups", "reporters", "cadence"])
            let ids = try node.strings("ids") ?? []
            let section = try node.string("section")
            guard ids.isEmpty != (section == nil) else { throw node.fail(.configBadMeasureOverride, variant: "which") }
            var applicability: Applicability?
            let ways = ["applies_to", "groups", "reporters"].filter { node.child($0) != nil }
            guard ways.count <= 1 else { throw node.fail(.configBadMeasureOverride, variant: "how") }
            if let text = try node.string("applies_to") {
                switch text {
                case "everyone": applicability = .everyone
                case "region": applicability = .region
                default: throw node.fail(.configBadMeasureOverride, variant: "applies", ["value": text], key: "applies_to")
                }
            } else if let groups = try node.strings("groups") {
                applicability = .groups(groups)
            } else if let reporters = try node.strings("reporters") {
                applicability = .reporters(reporters)
            }
            var measureCadence: Cadence?
            if let text = try node.string("cadence") {
                guard let value = Cadence(rawValue: text), value >= cadence else {
                    throw node.fail(.configBadCadence, variant: "measure", ["cadence": text, "pipeline": cadence.rawValue], key: "cadence")
                }
                measureCadence = value
            }
            guard applicability != nil || measureCadence != nil else { throw node.fail(.configBadMeasureOverride, variant: "how") }
            overrides.append(MeasureOverride(ids: ids, section: section, applicability: applicability, cadence: measureCadence, line: node.line))
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
        guard let registryPath = try root.string("reporters") ?? root.string("municipalities") else {
            throw root.fail(.configMissingKey, ["key": "reporters"], key: "reporters")
        }
        var definition = PipelineDefinition(
            file: path, region: try root.requiredString("region"), timeZone: timeZone,
            roadmapPath: resolve(try root.requiredString("roadmap")), roadmapPeriod: period,
            municipalitiesPath: resolve(registryPath),
            schemaPath: resolve(try root.string("schema") ?? "schema-default.yaml"),
            dueDay: dueDay, moveToWorkingDay: move, productionCalendarPath: production, regionalDays: regionalDays,
            inbox: folders["inbox"] ?? work + "/inbox", archive: folders["archive"] ?? work + "/archive",
            quarantine: folders["quarantine"] ?? work + "/quarantine", output: folders["output"] ?? work + "/output",
            ledger: try root.string("ledger").map(resolve) ?? work + "/ledger.sqlite",
            stages: stages, warnings: warnings)
        definition.cadence = cadence
        definition.dueRule = rule
        definition.collectFrom = collectFrom
        definition.measureOverrides = overrides
        definition.ownBodies = ownBodies
        definition.reporterWords = reporterWords
        return definition
    }
}

/// A pipeline with everything it names loaded: the roadmap, the registry, the schema and the
/// reporting calendar. This is what `template`, `validate`, `consolidate` and `run` work with.
public struct Pipeline: Sendable {
    public var definition: PipelineDefinition
    public var roadmap: Roadmap
    public var registry: ReporterRegistry
    public var schema: SubmissionSchema
    public var calendar: ReportingCalendar
    /// Who must report what: collection start, and each measure's applicability and cadence.
    public var obligations: Obligations

    public init(definition: PipelineDefinition, roadmap: Roadmap, registry: ReporterRegistry,
                schema: SubmissionSchema, calendar: ReportingCalendar, obligations: Obligations? = nil) {
        self.definition = definition
        self.roadmap = roadmap
        self.registry = registry
        self.schema = schema
        self.calendar = calendar
        self.obligations = obligations ?? .everyone(measures: roadmap.measures.count)
    }

    /// The report periods of the roadmap (and of collection): from `collect_from`, or the
    /// roadmap's first period, through the roadmap's last.
    public var reportPeriods: [ReportPeriod] {
        let first = max(ReportPeriod(calendar.cadence, containing: YearMonth(roadmap.period.start)),
                        obligations.collectFrom ?? ReportPeriod(calendar.cadence, containing: YearMonth(roadmap.period.start)))
        return ReportPeriod.all(calendar.cadence, from: first.first, through: YearMonth(roadmap.period.end))
    }

    /// Whether a period is one this pipeline collects: inside the roadmap, not before `collect_from`.
    public func isReportPeriod(_ period: ReportPeriod) -> Bool {
        period.cadence == calendar.cadence && roadmap.period.overlaps(period) && obligations.isCollected(period)
    }

    /// The positions of the measures a reporter reports on in a period, in roadmap order.
    public func measureIndices(for reporter: Reporter, in period: ReportPeriod) -> [Int] {
        roadmap.measures.indices.filter { obligations.applies($0, to: reporter, in: period) }
    }

    /// Loads a pipeline definition and everything it names.
    ///
    /// - Throws: `ConfigurationError` for the definition, the schema or the registry;
    ///   `RoadmapImportError` for the roadmap.
    public static func load(path: String) throws -> Pipeline {
        let definition = try PipelineDefinition.load(path: path)
        var roadmap = try RoadmapImporter(periodOverride: definition.roadmapPeriod).importFile(definition.roadmapPath)
        if roadmap.region == nil { roadmap.region = definition.region }
        let registry = try ReporterRegistry.load(path: definition.municipalitiesPath)
        let schema = try SubmissionSchema.load(path: definition.schemaPath)
        let production = try definition.productionCalendar()
        let calendar: ReportingCalendar
        do {
            calendar = try ReportingCalendar(cadence: definition.cadence, rule: definition.dueRule, timeZone: definition.timeZone,
                                             moveToWorkingDay: definition.moveToWorkingDay, production: production)
        } catch {
            throw ConfigurationError(error, file: path, path: "calendar")
        }
        // Every measure, group and reporter an override names must exist.
        let ids = Set(roadmap.measures.map(\.id))
        let sections = Set(roadmap.measures.map(\.section))
        let groups = Set(registry.groups)
        var overrides = definition.measureOverrides
        for (index, override) in overrides.enumerated() {
            func fail(_ variant: String, _ value: String) -> ConfigurationError {
                ConfigurationError(.configBadMeasureOverride, variant: variant, file: path, line: override.line,
                                   path: "measures[\(index)]", ["value": value])
            }
            if let id = override.ids.first(where: { !ids.contains($0) }) { throw fail("unknown-measure", id) }
            if let section = override.section, !sections.contains(section) { throw fail("unknown-section", section) }
            switch override.applicability {
            case .groups(let named)?:
                if let group = named.first(where: { !groups.contains($0) }) { throw fail("unknown-group", group) }
            case .reporters(let named)?:
                var codes: [String] = []
                for text in named {
                    guard let reporter = registry.find(oktmo: text) ?? registry.find(name: text) else { throw fail("unknown-reporter", text) }
                    codes.append(reporter.code)
                }
                overrides[index].applicability = .reporters(codes)
            default:
                break
            }
        }
        let obligations = Obligations(roadmap: roadmap, overrides: overrides, ownBodies: definition.ownBodies,
                                      reporterWords: definition.reporterWords, collectFrom: definition.collectFrom)
        return Pipeline(definition: definition, roadmap: roadmap, registry: registry, schema: schema, calendar: calendar,
                        obligations: obligations)
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

    public static let configBadCadence = DiagnosticCode(
        "config-bad-cadence", .error,
        title: .init(ru: "Неверная периодичность отчетов", en: "An invalid reporting cadence"),
        explanation: .init(
            ru: "reporting.cadence задает, как часто сдаются отчеты: month (ежемесячно), quarter (ежеквартально), half_year (раз в полугодие), year (ежегодно) или school_year (за учебный год, сентябрь — август). У мероприятия в measures периодичность может быть только реже, чем у конвейера.",
            en: "reporting.cadence says how often reports are due: month, quarter, half_year, year or school_year (September to August). A measure in measures may only have a cadence coarser than the pipeline's."),
        message: .init(
            ru: "«{cadence}» — не периодичность: month, quarter, half_year, year или school_year",
            en: "«{cadence}» is not a cadence: month, quarter, half_year, year or school_year"),
        variants: ["measure": .init(
            ru: "периодичность мероприятия «{cadence}» должна быть одной из month, quarter, half_year, year, school_year и не чаще, чем у конвейера ({pipeline})",
            en: "a measure's cadence «{cadence}» must be one of month, quarter, half_year, year, school_year and not finer than the pipeline's ({pipeline})")])

    public static let configBadDueRule = DiagnosticCode(
        "config-bad-due-rule", .error,
        title: .init(ru: "Неверное правило срока сдачи", en: "An invalid due rule"),
        explanation: .init(
            ru: "reporting.due задает срок сдачи отчета за период одним ключом: day_of_next_month: D (число D месяца после периода, 1–28), date: ММ-ДД (день года, например 08-01 — 1 августа года, в котором кончается период; с following_year: true — следующего года; только для периодичности year, school_year или half_year) или working_days_after: N (N-й рабочий день после конца периода, 1–60).",
            en: "reporting.due gives the due date of a period's report by one key: day_of_next_month: D (day D of the month after the period, 1–28), date: MM-DD (a day of the year, e.g. 08-01 for 1 August of the year the period ends in; with following_year: true, of the next year; only for the year, school_year or half_year cadence) or working_days_after: N (the N-th working day after the period ends, 1–60)."),
        message: .init(
            ru: "нужен ровно один ключ: day_of_next_month, date или working_days_after",
            en: "exactly one key is needed: day_of_next_month, date or working_days_after"),
        variants: [
            "date": .init(ru: "date — день года ММ-ДД (например 08-01), и только для периодичности year, school_year или half_year",
                          en: "date is a day of the year MM-DD (e.g. 08-01), and only for the year, school_year or half_year cadence"),
            "working": .init(ru: "working_days_after — число рабочих дней от 1 до 60", en: "working_days_after is a number of working days from 1 to 60"),
        ])

    public static let configBadCollectFrom = DiagnosticCode(
        "config-bad-collect-from", .error,
        title: .init(ru: "Неверный период начала сбора", en: "An invalid collection start"),
        explanation: .init(
            ru: "reporting.collect_from называет первый отчетный период, с которого собираются отчеты, в форме периодичности конвейера: 2021-03 (месяц), 2021-Q1 (квартал), 2021-H1 (полугодие), 2021 (год), 2020-2021 (учебный год). Более ранние периоды не публикуются и не считаются несданными.",
            en: "reporting.collect_from names the first report period collected, in the form of the pipeline's cadence: 2021-03 (month), 2021-Q1 (quarter), 2021-H1 (half-year), 2021 (year), 2020-2021 (school year). Earlier periods are never published or counted as missing."),
        message: .init(
            ru: "«{value}» — не отчетный период этой периодичности (например, {example})",
            en: "«{value}» is not a report period of this cadence (e.g. {example})"))

    public static let configBadMeasureOverride = DiagnosticCode(
        "config-bad-measure-override", .error,
        title: .init(ru: "Неверная настройка мероприятий", en: "An invalid measure setting"),
        explanation: .init(
            ru: "Каждый элемент measures называет мероприятия (ids: список номеров или section: номер раздела) и говорит, кому они адресованы — applies_to: everyone (всем) или region (самому региону: их никто не отчитывает), groups: [группы реестра] или reporters: [коды или названия участников], — и/или как часто по ним отчитываются (cadence). Все названные мероприятия, разделы, группы и участники должны существовать.",
            en: "Each entry of measures names measures (ids: a list of numbers, or section: a section number) and says whom they apply to — applies_to: everyone or region (the region's own: nobody reports on them), groups: [registry groups] or reporters: [codes or names] — and/or how often they are reported on (cadence). Every measure, section, group and reporter named must exist."),
        message: .init(
            ru: "назовите мероприятия одним ключом: ids или section",
            en: "name the measures by one key: ids or section"),
        variants: [
            "which": .init(ru: "назовите мероприятия одним ключом: ids или section", en: "name the measures by one key: ids or section"),
            "how": .init(ru: "укажите одно из applies_to, groups, reporters (и/или cadence)",
                         en: "give one of applies_to, groups, reporters (and/or cadence)"),
            "applies": .init(ru: "applies_to «{value}»: допустимы everyone или region", en: "applies_to «{value}»: everyone or region"),
            "unknown-measure": .init(ru: "в дорожной карте нет мероприятия «{value}»", en: "the roadmap has no measure «{value}»"),
            "unknown-section": .init(ru: "в дорожной карте нет раздела «{value}»", en: "the roadmap has no section «{value}»"),
            "unknown-group": .init(ru: "в реестре нет группы «{value}»", en: "the registry has no group «{value}»"),
            "unknown-reporter": .init(ru: "в реестре нет участника «{value}»", en: "the registry has no reporter «{value}»"),
        ])
}
