import Foundation
import Testing
import Spreadsheet
@testable import SvodModel
@testable import SvodChecks

/// Who sent a report when its sources disagree: the title block's name cell, its OKTMO cell, the
/// file name and `--municipality` are separate sources; the report is attributed to the
/// municipality most of them name (the flag, when given, wins; on a tie the name cell, then the
/// OKTMO cell), and the mismatch names every source with what it says and its cell, on the cell
/// that is out of line.
///
/// The reports are real CSV files: Svod's March form for Vladivostok, filled in validly, with
/// the title block's name (B2) and OKTMO (B3) set and the file named as each case needs.
@Suite struct MunicipalitySourcesTests {
    static let vladivostok = "Владивостокский городской округ"
    static let artyom = "Артемовский городской округ"

    final class Folder {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("svod-sources-\(UUID().uuidString)")
        init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(at: url) }
    }

    /// Writes the filled March form with B2 = `name` and B3 = `oktmo` as `fileName`.
    static func report(name: String, oktmo: String, fileName: String, in folder: Folder) throws -> String {
        let pipeline = DemoRegion.pipeline
        let municipality = try #require(pipeline.registry.find(oktmo: "05701000"))
        let form = ReportTemplate(pipeline: pipeline, municipality: municipality, period: .month(YearMonth(year: 2021, month: 3)))
        let path = folder.url.appendingPathComponent(fileName).path
        try form.writeCSV(to: path)
        var lines = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self).components(separatedBy: "\r\n")
        var named = false
        var coded = false
        for index in lines.indices {
            if lines[index].hasPrefix("Муниципальное образование;") {
                lines[index] = "Муниципальное образование;" + name
                named = true
            }
            if lines[index].hasPrefix("Код ОКТМО;") {
                lines[index] = "Код ОКТМО;" + oktmo
                coded = true
            }
            if lines[index].hasPrefix("Дата заполнения;") { lines[index] = "Дата заполнения;05.04.2021" }
            let fields = lines[index].split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            guard let id = fields.first, let measure = pipeline.roadmap.measure(id: id) else { continue }
            let done = measure.schedule.kind == .date
            let tail = done ? ["Выполнено", measure.schedule.end!.russian, "Сделано", "1", "", ""] : ["Выполняется", "", "", "", "", ""]
            lines[index] = (fields.prefix(3) + tail).joined(separator: ";")
        }
        try #require(named && coded, "the CSV form's title block changed")
        try Data(lines.joined(separator: "\r\n").utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func validate(_ path: String, flag: String? = nil) throws -> FileReport {
        let pipeline = DemoRegion.pipeline
        let municipality = try flag.map { try #require(pipeline.registry.find(name: $0)) }
        return Validator(pipeline: pipeline).validate(path: path, municipality: municipality)
    }

    static func flattened(_ report: FileReport) -> [String] {
        report.diagnostics.map { "\($0.cell?.a1 ?? "-") \($0.code.rawValue)" }
    }

    /// The baseline: every source names Vladivostok, and the filled form has no problem at all
    /// (so the diagnostics below are the sources' alone).
    @Test func agreeingSourcesRaiseNothing() throws {
        let folder = try Folder()
        let report = try Self.validate(try Self.report(name: Self.vladivostok, oktmo: "05701000", fileName: "05701000_2021-03.csv", in: folder))
        #expect(Self.flattened(report) == [])
        #expect(report.isValid)
        #expect(report.municipality?.name == Self.vladivostok)
    }

    /// The issue: the file name and the typed name say Artyom, the OKTMO cell Vladivostok. The
    /// report is Artyom's, and the OKTMO cell is the one marked, with every source named.
    @Test func anOKTMOCellOutOfLineIsMarked() throws {
        let folder = try Folder()
        let path = try Self.report(name: Self.artyom, oktmo: "05701000", fileName: "05705000_2021-03.csv", in: folder)
        let report = try Self.validate(path)
        #expect(report.municipality?.code == "05705000")
        #expect(Self.flattened(report) == ["B3 oktmo-mismatch"])
        let diagnostic = try #require(report.diagnostics.first)
        #expect(diagnostic.sheet != nil)
        #expect(diagnostic.value == "05701000")
        #expect(diagnostic.message.ru == "Муниципальное образование указано по-разному: в имени файла — Артемовский городской округ, "
            + "в ячейке B2 (наименование) — Артемовский городской округ, в ячейке B3 (ОКТМО) — 05701000 — Владивостокский городской округ. "
            + "Отчет отнесен к «Артемовский городской округ»; исправьте ячейку B3 (ОКТМО).")
        #expect(diagnostic.message.en == "The sources name different municipalities — the file name: Артемовский городской округ; "
            + "cell B2 (name): Артемовский городской округ; cell B3 (OKTMO): 05701000 — Владивостокский городской округ. "
            + "The report is attributed to «Артемовский городской округ»; correct cell B3 (OKTMO).")
    }

    /// The OKTMO cell and the file name say Vladivostok, the typed name Artyom: the name cell is
    /// marked, under municipality-mismatch.
    @Test func aNameCellOutOfLineIsMarked() throws {
        let folder = try Folder()
        let report = try Self.validate(try Self.report(name: Self.artyom, oktmo: "05701000", fileName: "05701000_2021-03.csv", in: folder))
        #expect(report.municipality?.code == "05701000")
        #expect(Self.flattened(report) == ["B2 municipality-mismatch"])
        let diagnostic = try #require(report.diagnostics.first)
        #expect(diagnostic.value == Self.artyom)
        #expect(diagnostic.message.ru.hasSuffix("Отчет отнесен к «Владивостокский городской округ»; исправьте ячейку B2 (наименование)."))
    }

    /// The name and the OKTMO cells agree and the file name says another municipality: no cell
    /// is out of line, so the problem is the file's, and the file name is what to correct.
    @Test func aFileNameOutOfLineIsTheFilesProblem() throws {
        let folder = try Folder()
        let report = try Self.validate(try Self.report(name: Self.vladivostok, oktmo: "05701000", fileName: "05705000_2021-03.csv", in: folder))
        #expect(report.municipality?.code == "05701000")
        #expect(Self.flattened(report) == ["- municipality-mismatch"])
        let diagnostic = try #require(report.diagnostics.first)
        #expect(diagnostic.sheet == nil)
        #expect(diagnostic.value == "05705000_2021-03.csv")
        #expect(diagnostic.message.ru == "Муниципальное образование указано по-разному: в имени файла — Артемовский городской округ, "
            + "в ячейке B2 (наименование) — Владивостокский городской округ, в ячейке B3 (ОКТМО) — 05701000 — Владивостокский городской округ. "
            + "Отчет отнесен к «Владивостокский городской округ»; исправьте имя файла.")
    }

    /// `--municipality` wins over three sources that agree with each other: both cells are
    /// marked, and the message names the command line and every place to correct.
    @Test func theFlagWins() throws {
        let folder = try Folder()
        let path = try Self.report(name: Self.vladivostok, oktmo: "05701000", fileName: "05701000_2021-03.csv", in: folder)
        let report = try Self.validate(path, flag: Self.artyom)
        #expect(report.municipality?.code == "05705000")
        #expect(Self.flattened(report) == ["B2 municipality-mismatch", "B3 oktmo-mismatch"])
        for diagnostic in report.diagnostics {
            #expect(diagnostic.message.ru.contains("в параметрах проверки — Артемовский городской округ."))
            #expect(diagnostic.message.ru.hasSuffix("исправьте имя файла, ячейку B2 (наименование) и ячейку B3 (ОКТМО)."))
            #expect(diagnostic.message.en.hasSuffix("correct the file name, cell B2 (name) and cell B3 (OKTMO)."))
        }
    }

    /// A file name that names nobody leaves the name against the OKTMO code: the name wins the
    /// tie, and the OKTMO cell is marked.
    @Test func aTieGoesToTheName() throws {
        let folder = try Folder()
        let report = try Self.validate(try Self.report(name: Self.artyom, oktmo: "05701000", fileName: "report_2021-03.csv", in: folder))
        #expect(report.municipality?.code == "05705000")
        #expect(Self.flattened(report) == ["B3 oktmo-mismatch"])
        #expect(report.diagnostics.first?.message.ru.hasPrefix(
            "Муниципальное образование указано по-разному: в ячейке B2 (наименование) — Артемовский городской округ, в ячейке B3") == true)
    }

    /// A name typed as an alias is quoted as typed, with the municipality it stands for.
    @Test func anAliasIsQuotedAsTyped() throws {
        let folder = try Folder()
        let report = try Self.validate(try Self.report(name: "Артём", oktmo: "05701000", fileName: "05705000_2021-03.csv", in: folder))
        #expect(report.municipality?.code == "05705000")
        #expect(Self.flattened(report) == ["B3 oktmo-mismatch"])
        #expect(report.diagnostics.first?.message.ru.contains("в ячейке B2 (наименование) — Артём — Артемовский городской округ,") == true)
    }

    /// The annotated copy of the XLSX sample whose OKTMO code is Artyom's marks C3, the code's
    /// cell, and not the name in C2.
    @Test func theAnnotatedCopyMarksTheCellOutOfLine() throws {
        let folder = try Folder()
        let source = DemoRegion.root.appendingPathComponent("Samples/submissions/invalid/wrong_oktmo_05701000_2021-03.xlsx").path
        let report = Validator(pipeline: DemoRegion.pipeline).validate(path: source)
        #expect(Self.flattened(report) == ["C3 oktmo-mismatch"])
        let copy = try Annotation.write(report, into: folder.url.path, language: .ru)
        let unzip = Process()
        unzip.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        unzip.arguments = ["-c", "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); print('\\n'.join(z.read(n).decode() for n in z.namelist() if 'comments' in n))", copy.path]
        let pipe = Pipe()
        unzip.standardOutput = pipe
        try unzip.run()
        let xml = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        unzip.waitUntilExit()
        #expect(xml.contains("ref=\"C3\""))
        #expect(!xml.contains("ref=\"C2\""))
        #expect(xml.contains("oktmo-mismatch"))
    }
}
