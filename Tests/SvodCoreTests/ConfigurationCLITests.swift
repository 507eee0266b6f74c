import Foundation
import Testing
import Spreadsheet
@testable import SvodModel

/// Configuration and usage errors through the real binary, for every command that loads a
/// pipeline: a mistake in the pipeline YAML, the schema or the registry, or a roadmap that cannot
/// be read, is one located line under its code, in Russian by default and in English with
/// `--lang en`; the command does nothing and exits 2. A malformed command line exits 2 as well,
/// Svod's own sentences in the language asked for.
@Suite struct ConfigurationCLITests {
    /// One broken configuration: what to write into a fresh region folder, and the first line of
    /// standard error expected for it in each language (given the folder).
    struct Broken: Sendable, CustomTestStringConvertible {
        var name: String
        /// The lines of region.yaml to replace (by key) and the files to add.
        var keys: [String: String] = [:]
        var files: [String: String] = [:]
        var ru: @Sendable (URL) -> String
        var en: @Sendable (URL) -> String

        var testDescription: String { name }
    }

    static let repo = DemoRegion.root.path

    static let broken: [Broken] = [
        Broken(name: "pipeline YAML: a required key missing", keys: ["region": ""],
               ru: { "config-missing-key: \($0.path)/region.yaml:1 (region): ключ `region` обязателен" },
               en: { "config-missing-key: \($0.path)/region.yaml:1 (region): the key `region` is required" }),
        Broken(name: "pipeline YAML: an unknown time zone", keys: ["time_zone": "time_zone: Asia/Vladivostock"],
               ru: { "config-unknown-time-zone: \($0.path)/region.yaml:2 (time_zone): «Asia/Vladivostock» — не часовой пояс IANA (например, Asia/Vladivostok)" },
               en: { "config-unknown-time-zone: \($0.path)/region.yaml:2 (time_zone): «Asia/Vladivostock» is not an IANA time zone (e.g. Asia/Vladivostok)" }),
        Broken(name: "schema: an unknown column type", keys: ["schema": "schema: schema.yaml"],
               files: ["schema.yaml": "version: 1\ncolumns:\n  - {id: measure_id, role: measure_id, title: №, type: text}\n  - {id: status, role: status, title: Статус, type: colour}\n"],
               ru: { "config-unknown-type: \($0.path)/schema.yaml:4 (columns[1].type): неизвестный тип `colour` (известные: text, integer, decimal, percent, date, enum)" },
               en: { "config-unknown-type: \($0.path)/schema.yaml:4 (columns[1].type): unknown type `colour` (known: text, integer, decimal, percent, date, enum)" }),
        Broken(name: "registry: no name and OKTMO columns", keys: ["municipalities": "municipalities: m.csv"],
               files: ["m.csv": "x;y\nA;05701000\n"],
               ru: { "config-registry-header: \($0.path)/m.csv:1: в заголовке должны быть колонки `name` и `oktmo` (и, если нужно, `aliases`)" },
               en: { "config-registry-header: \($0.path)/m.csv:1: the header must name the columns `name` and `oktmo` (and optionally `aliases`)" }),
        Broken(name: "registry: one alias for two municipalities", keys: ["municipalities": "municipalities: m.csv"],
               files: ["m.csv": "name;oktmo;aliases\nВладивостокский городской округ;05701000;Владивосток\nДругой;05999000;Владивосток\n"],
               ru: { "config-name-clash: \($0.path)/m.csv: «Владивосток» называет и Владивостокский городской округ, и Другой" },
               en: { "config-name-clash: \($0.path)/m.csv: «Владивосток» names both Владивостокский городской округ and Другой" }),
        Broken(name: "roadmap: the file is not there", keys: ["roadmap": "roadmap: nothere.xlsx"],
               ru: { "file-unreadable: \($0.path)/nothere.xlsx: Файл не найден или не открывается." },
               en: { "file-unreadable: \($0.path)/nothere.xlsx: The file does not exist or cannot be opened. Detail: No such file or directory." }),
    ]

    /// A region folder with `broken`'s mistake: the pipeline of PipelineRunTests.makeRegion with
    /// the keys replaced, in this order.
    static func region(_ broken: Broken) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("svod-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let lines: [(String, String)] = [
            ("region", "region: Приморский край"),
            ("time_zone", "time_zone: Asia/Vladivostok"),
            ("roadmap", "roadmap: \(repo)/Samples/roadmaps/primorye-2021.xlsx"),
            ("municipalities", "municipalities: \(repo)/Samples/municipalities/primorye.csv"),
            ("schema", "schema: \(repo)/Pipelines/schema-default.yaml"),
            ("folders", "folders: {inbox: inbox, archive: archive, quarantine: quarantine, output: out}"),
            ("ledger", "ledger: work/ledger.sqlite"),
        ]
        let yaml = lines.map { broken.keys[$0.0] ?? $0.1 }.filter { !$0.isEmpty }.joined(separator: "\n") + "\n"
        try Data(yaml.utf8).write(to: root.appendingPathComponent("region.yaml"))
        for (name, text) in broken.files {
            try Data(text.utf8).write(to: root.appendingPathComponent(name))
        }
        return root
    }

    /// The five commands that load a pipeline, each as it is normally called.
    static func commands(_ root: URL) -> [[String]] {
        let region = root.appendingPathComponent("region.yaml").path
        let out = root.appendingPathComponent("out").path
        let file = DemoRegion.root.appendingPathComponent("Samples/submissions/valid/05701000_2021-01.xlsx").path
        return [
            ["validate", file, "--pipeline", region],
            ["run", region, "--as-of", "2021-04-11"],
            ["status", region],
            ["template", "--pipeline", region, "--period", "2021-03", "--all", "-o", out],
            ["consolidate", "--pipeline", region, "--period", "2021-03", "-o", out + "/c.xlsx"],
        ]
    }

    @Test(arguments: broken) func aConfigurationErrorIsOneLineInEitherLanguage(_ broken: Broken) throws {
        let root = try Self.region(broken)
        defer { try? FileManager.default.removeItem(at: root) }
        for command in Self.commands(root) {
            for (language, expected) in [(nil, broken.ru(root)), ("ru", broken.ru(root)), ("en", broken.en(root))] {
                let arguments = command + (language.map { ["--lang", $0] } ?? [])
                let result = try RunRecoveryTests.svod(arguments)
                #expect(result.status == 2, "\(arguments): \(result.stderr)")
                #expect(result.stdout.isEmpty, "\(arguments)")
                let lines = result.stderr.split(separator: "\n").map(String.init)
                #expect(lines == [expected], "\(arguments)")
                for made in ["out", "work", "archive"] {
                    #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent(made).path), "\(arguments) made \(made)")
                }
            }
        }
    }

    /// Svod's own usage sentences, in either language, and exit status 2.
    @Test func svodsUsageErrorsExitTwoInEitherLanguage() throws {
        let root = try PipelineRunTests.makeRegion()
        defer { try? FileManager.default.removeItem(at: root) }
        let region = root.appendingPathComponent("region.yaml").path
        let out = root.appendingPathComponent("out").path
        let file = DemoRegion.root.appendingPathComponent("Samples/submissions/valid/05701000_2021-01.xlsx").path
        let cases: [(arguments: [String], ru: String, en: String)] = [
            (["validate", file], "Укажите описание конвейера региона: --pipeline ФАЙЛ.", "--pipeline is required."),
            (["validate", "--pipeline", region], "Назовите хотя бы один файл отчета.", "Name at least one report file."),
            (["template", "--pipeline", region, "--period", "2021-03", "-o", out],
             "Укажите либо --municipality, либо --all.", "Give either --municipality or --all."),
            (["template", "--pipeline", region, "--period", "2021-03", "--all", "--municipality", "05701000", "-o", out],
             "Укажите либо --municipality, либо --all.", "Give either --municipality or --all."),
            (["calendar", "20211"], "«20211» — не период: ГГГГ-ММ, ГГГГ-Qn, ГГГГ-Hn, ГГГГ или ГГГГ-ГГГГ.",
             "«20211» is not a period (YYYY-MM, YYYY-Qn, YYYY-Hn, YYYY or YYYY-YYYY)."),
        ]
        for item in cases {
            for (language, sentence) in [(nil, item.ru), ("ru", item.ru), ("en", item.en)] {
                let arguments = item.arguments + (language.map { ["--lang", $0] } ?? [])
                let result = try RunRecoveryTests.svod(arguments)
                #expect(result.status == 2, "\(arguments): \(result.stderr)")
                #expect(result.stdout.isEmpty, "\(arguments)")
                #expect(result.stderr.split(separator: "\n").first.map(String.init) == "Error: " + sentence, "\(arguments): \(result.stderr)")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    /// The command-line parser's own refusals (a missing argument or option, an unknown option
    /// or command) exit 2 too, not the parser's 64; `--catalog` and `--explain` need no pipeline.
    @Test func theParsersRefusalsExitTwo() throws {
        let root = try PipelineRunTests.makeRegion()
        defer { try? FileManager.default.removeItem(at: root) }
        let region = root.appendingPathComponent("region.yaml").path
        let out = root.appendingPathComponent("out").path
        for arguments in [
            ["run"], ["status"], ["ledger", "rebuild"],
            ["consolidate", "--period", "2021-03", "-o", out + "/c.xlsx"],
            ["consolidate", "--pipeline", region, "-o", out + "/c.xlsx"],
            ["template", "--period", "2021-03", "--all", "-o", out],
            ["template", "--pipeline", region, "--period", "2021-03", "--all"],
            ["validate", "--bogus"], ["run", region, "--log-format", "xml"], ["frob"],
        ] {
            let result = try RunRecoveryTests.svod(arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(arguments)")
            #expect(result.stderr.hasPrefix("Error: "), "\(arguments): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(try RunRecoveryTests.svod(["validate", "--catalog"]).status == 0)
        #expect(try RunRecoveryTests.svod(["validate", "--explain", "status-invalid"]).status == 0)
    }
}
