import Foundation
import Testing
import Spreadsheet
@testable import SvodModel
@testable import SvodChecks
@testable import SvodRun

/// The one registry of codes (docs/diagnostics.md): every code Svod can print is declared once,
/// in both languages, and is in the catalog behind `--explain` and `--catalog`; every check
/// emits only the codes it declares; the README's table is the catalog's.
@Suite struct DiagnosticRegistryTests {
    static let catalog = DiagnosticCatalog.svod

    @Test func everyCodeIsDeclaredOnceInBothLanguages() {
        let names = Self.catalog.codes.map(\.rawValue)
        #expect(Set(names).count == names.count, "declared twice: \(names.filter { name in names.filter { $0 == name }.count > 1 })")
        for code in Self.catalog.codes {
            #expect(code.rawValue.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }, "\(code)")
            #expect(!code.title.ru.isEmpty && !code.title.en.isEmpty, "\(code)")
            #expect(!code.explanation.ru.isEmpty && !code.explanation.en.isEmpty, "\(code)")
            #expect(DiagnosticCatalog.explain(code, language: .ru).hasPrefix("\(code.rawValue) (\(code.severity.name(.ru))): "))
            #expect(Self.catalog.code(named: code.rawValue) === code)
        }
        #expect(Self.catalog.code(named: "no-such-code") == nil)
    }

    /// One set of values fills a sentence in both languages, so both name the same placeholders.
    @Test func templatesNameTheSamePlaceholdersInBothLanguages() {
        for code in Self.catalog.codes {
            for (variant, template) in code.messages {
                #expect(Set(template.placeholders(.ru)) == Set(template.placeholders(.en)), "\(code) «\(variant)»")
                #expect(!template.ru.isEmpty && !template.en.isEmpty, "\(code) «\(variant)»")
            }
        }
    }

    /// Each layer's own list is in the catalog: the readers' refusals, the roadmap's, the
    /// deadlines', the calendars', the configuration's, the checks' and the run's.
    @Test func everyLayerIsInTheCatalog() {
        let catalogued = Set(Self.catalog.codes)
        let layers: [(String, [DiagnosticCode])] = [
            ("spreadsheet", SpreadsheetError.Code.allCases.map(\.diagnostic)),
            ("calendar errors", CalendarError.Code.allCases.map(\.diagnostic)),
            ("calendar warnings", CalendarWarning.allCodes),
            ("deadlines", DeadlineWarning.allCodes),
            ("roadmap", RoadmapImportError.codes + RoadmapWarning.codes),
            ("configuration", ConfigurationError.codes),
            ("checks", Validator.checks.flatMap { $0.codes }),
            ("run", EntryProblemCode.allCases.map(\.diagnostic) + RunDiagnostics.codes),
        ]
        for (layer, codes) in layers {
            let missing = Set(codes).subtracting(catalogued).map(\.rawValue).sorted()
            #expect(missing == [], "\(layer): \(missing)")
        }
        #expect(Set(layers.flatMap(\.1)) == catalogued)
        #expect(SpreadsheetError.Code.allCases.map(\.rawValue).contains("file-zip-bomb"))
        #expect(CalendarError.Code.invalidDay.rawValue == "calendar-day-invalid")
    }

    /// The report section is the checks' declarations, each code declared by exactly one check.
    @Test func everyReportCodeIsDeclaredByOneCheck() {
        var owners: [String: [String]] = [:]
        for check in Validator.checks {
            for code in check.codes { owners[code.rawValue, default: []].append("\(check)") }
        }
        #expect(owners.filter { $0.value.count > 1 }.isEmpty, "\(owners.filter { $0.value.count > 1 })")
        let report = Self.catalog.sections.first { $0.name.en == "report" }
        #expect(report?.codes.map(\.rawValue) == Validator.checks.flatMap { $0.codes }.map(\.rawValue))
    }

    /// Every sample file checked with an audit: each check emitted only the codes it declares,
    /// and every declared code was emitted by the check that declares it.
    @Test func checksEmitOnlyTheirDeclaredCodes() throws {
        var emitted: [String: Set<String>] = [:]
        for sample in SubmissionSamplesTests.valid + SubmissionSamplesTests.invalid {
            let pipeline = try SubmissionSamplesTests.pipeline(sample)
            let audit = CheckAudit()
            let path = SubmissionSamplesTests.submissions.appendingPathComponent(sample.path).path
            let report = Validator(pipeline: pipeline).validate(path: path, audit: audit)
            #expect(Set(report.diagnostics.map(\.code)).isSubset(of: Set(audit.emitted.map(\.code))), "\(sample.path)")
            for (check, code) in audit.emitted {
                #expect(check.codes.contains(code), "\(check) emitted \(code) in \(sample.path), which it does not declare")
                emitted["\(check)", default: []].insert(code.rawValue)
            }
        }
        for check in Validator.checks {
            let silent = Set(check.codes.map(\.rawValue)).subtracting(emitted["\(check)"] ?? []).sorted()
            #expect(silent == [], "\(check) never emitted \(silent) over the samples")
        }
    }

    /// docs/diagnostics.md's table of codes is `svod validate --catalog --lang en`, byte for
    /// byte, and the README's is its first sections (what a clerk or the ministry meets).
    @Test func readmeTableIsTheCatalog() throws {
        let readme = try String(contentsOf: DemoRegion.root.appendingPathComponent("README.md"), encoding: .utf8)
        let manual = try String(contentsOf: DemoRegion.root.appendingPathComponent("docs/diagnostics.md"), encoding: .utf8)
        let table = Self.catalog.markdownTable(language: .en)
        #expect(manual.contains(table))
        let clerks = Self.catalog.markdownTable(language: .en, sections: DiagnosticCatalog.clerkSections)
        #expect(readme.contains(clerks))
        #expect(clerks.split(separator: "\n").count == 2 + Self.catalog.sections.prefix(3).map(\.codes.count).reduce(0, +))
        let printed = try RunRecoveryTests.svod(["validate", "--catalog", "--lang", "en"])
        #expect(printed.status == 0)
        #expect(printed.stdout == table)
    }

    /// `--explain` knows a code of every section, refusals and warnings included.
    @Test(arguments: ["status-invalid", "file-zip-bomb", "inbox-link", "deadline-typo", "roadmap-layout-unknown",
                      "calendar-day-invalid", "calendar-year-missing", "config-missing-key"])
    func explainKnowsEverySection(_ name: String) throws {
        let code = try #require(Self.catalog.code(named: name))
        let ru = try RunRecoveryTests.svod(["validate", "--explain", name])
        #expect(ru.status == 0)
        #expect(ru.stdout == DiagnosticCatalog.explain(code, language: .ru))
        let en = try RunRecoveryTests.svod(["validate", "--explain", name, "--lang", "en"])
        #expect(en.stdout == "\(name) (\(code.severity.name(.en))): \(code.title.en)\n\n\(code.explanation.en)\n")
        let unknown = try RunRecoveryTests.svod(["validate", "--explain", name + "-x"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains(name))
    }
}

/// Templates: named placeholders filled with values only; the sentences are today's, byte for
/// byte (the variants no sample file triggers are pinned here).
@Suite struct MessageTemplateTests {
    @Test func placeholdersAreFilledOnce() {
        let template = MessageTemplate(ru: "«{value}» — {count} {note}; {не} {a-b} {} {", en: "{value}: {count} {note}")
        let text = template(["value": "{count}", "count": 3, "note": LocalizedText(ru: "раз", en: "times")])
        #expect(text.ru == "«{count}» — 3 раз; {не} {a-b} {} {")
        #expect(text.en == "{count}: 3 times")
        #expect(template.placeholders(.ru) == ["value", "count", "note"])
        #expect(template.text(.en, ["value": "a", "count": 1, "note": "b"]) == "a: 1 b")
    }

    @Test func variantsNoSampleTriggersReadAsBefore() {
        #expect(DiagnosticCode.numberOutOfRange.message(variant: "above", ["value": "120", "column": "Процент", "maximum": "100"])
            == .init(ru: "Значение 120 в колонке «Процент» больше допустимого максимума 100.",
                     en: "120 in «Процент» is above the maximum 100."))
        #expect(DiagnosticCode.numberOutOfRange.message(variant: "whole", ["value": "2,5", "column": "Количество"])
            == .init(ru: "В колонке «Количество» нужно целое число, а указано 2,5.", en: "«Количество» takes a whole number, not 2,5."))
        #expect(DiagnosticCode.valueNotInList.message(["value": "Да", "column": "Тип", "allowed": "А, Б"])
            == .init(ru: "Значение «Да» в колонке «Тип» не из списка: А, Б.", en: "«Да» in «Тип» is not in the list: А, Б."))
        #expect(DiagnosticCode.valueMissing.message(["column": "Тип"])
            == .init(ru: "Не заполнена обязательная колонка «Тип».", en: "The required column «Тип» is empty."))
        let arguments: MessageArguments = ["column": "Причина", "status": "Выполняется", "id": "1.2", "deadline": "март 2021"]
        #expect(DiagnosticCode.ruleValueMissing.message(variant: "checkpoint", arguments)
            == .init(ru: "Заполните «Причина»: срок мероприятия 1.2 («март 2021») истек, а оно в статусе «Выполняется».",
                     en: "Fill in «Причина»: measure 1.2's checkpoint («март 2021») has passed and its status is «Выполняется»."))
        #expect(DiagnosticCode.reasonMissing.message(arguments)
            == .init(ru: "Заполните «Причина»: статус «Выполняется».", en: "Fill in «Причина»: the status is «Выполняется»."))
        #expect(DiagnosticCode.oktmoMismatch.message(variant: "unknown", ["code": "123"])
            == .init(ru: "Код ОКТМО «123» не найден в реестре муниципальных образований региона.",
                     en: "The OKTMO code «123» is not in the region's registry."))
        #expect(DiagnosticCode.statusMissing.message(variant: "noMeasure")
            == .init(ru: "Не указан статус мероприятия. Выберите его из списка.", en: "No status for measure. Pick one from the list."))
        #expect(EntryProblemCode.notAFile.message(.ru) == "Во входящей папке не файл (канал, устройство или сокет); он убран в карантин.")
    }
}

/// Configuration errors: a code per kind of mistake, the sentence in the chosen language.
@Suite struct ConfigurationErrorTests {
    static func pipeline(_ yaml: String) throws -> (URL, String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("svod-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("region.yaml").path
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: path))
        return (directory, path)
    }

    @Test func eachMistakeHasItsOwnCode() throws {
        let cases: [(String, DiagnosticCode)] = [
            ("version: 1\nregion: X\nroadmap: r.xlsx\nmunicipalities: m.csv\n", .configMissingKey),
            ("version: 1\nregion: X\ntime_zone: Asia/Vladivostock\nroadmap: r.xlsx\nmunicipalities: m.csv\n", .configUnknownTimeZone),
            ("version: 3\n", .configVersionUnsupported),
            ("version: one\n", .configBadType),
            ("- a\n- b\n", .configNotMapping),
            ("key: [unclosed\n", .configYamlInvalid),
            ("", .configEmpty),
            ("version: 1\nregion: X\ntime_zone: UTC\nroadmap: r.xlsx\nmunicipalities: m.csv\nstages: [ingest, mail]\n", .configUnknownStage),
            ("version: 1\nregion: X\ntime_zone: UTC\nroadmap: r.xlsx\nmunicipalities: m.csv\ncalendar: {due_day: 30}\n", .configBadDueDay),
        ]
        for (yaml, code) in cases {
            let (directory, path) = try Self.pipeline(yaml)
            defer { try? FileManager.default.removeItem(at: directory) }
            do {
                _ = try PipelineDefinition.load(path: path)
                Issue.record("«\(yaml)» loaded")
            } catch let error as ConfigurationError {
                #expect(error.code == code, "«\(yaml)»: \(error.code)")
                #expect(ConfigurationError.codes.contains(error.code))
                #expect(!error.message.ru.isEmpty && error.message.ru != error.message.en, "«\(yaml)»: \(error.message)")
            }
        }
        #expect(throws: ConfigurationError.self) { try PipelineDefinition.load(path: "/no/such/region.yaml") }
    }

    /// The CLI prints the code, the place and the sentence: Russian by default, English on request.
    @Test func theCommandLinePrintsTheCodeInTheChosenLanguage() throws {
        let (directory, path) = try Self.pipeline("version: 1\nregion: X\ntime_zone: Asia/Vladivostock\nroadmap: r.xlsx\nmunicipalities: m.csv\n")
        defer { try? FileManager.default.removeItem(at: directory) }
        let ru = try RunRecoveryTests.svod(["validate", "--pipeline", path, "x.xlsx"])
        #expect(ru.status == 2)
        #expect(ru.stderr.contains("config-unknown-time-zone: \(path):3 (time_zone): «Asia/Vladivostock» — не часовой пояс IANA (например, Asia/Vladivostok)"),
                "\(ru.stderr)")
        let en = try RunRecoveryTests.svod(["validate", "--pipeline", path, "x.xlsx", "--lang", "en"])
        #expect(en.stderr.contains("config-unknown-time-zone: \(path):3 (time_zone): «Asia/Vladivostock» is not an IANA time zone (e.g. Asia/Vladivostok)"),
                "\(en.stderr)")
    }

    /// A file the configuration names that cannot be read keeps the reader's own code.
    @Test func aFileItNamesKeepsTheReadersCode() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("svod-none-\(UUID().uuidString).csv").path
        do {
            _ = try ReporterRegistry.load(path: missing)
            Issue.record("a missing registry loaded")
        } catch let error as ConfigurationError {
            #expect(error.code == .fileUnreadable)
            #expect(error.file == missing)
            #expect(error.message.ru == "Файл не найден или не открывается.")
        }
    }
}
