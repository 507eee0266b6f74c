import ArgumentParser
import Foundation
import Spreadsheet
import SvodModel
import SvodChecks
import SvodRun

/// `svod validate`: checks municipal reports and says, cell by cell, what is wrong.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check municipal reports against the region's roadmap and schema, cell by cell.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "The report files (XLSX, ODS or CSV).")
    var files: [String] = []

    @Option(name: .long, help: "The region's pipeline definition (YAML).")
    var pipeline: String?

    @Option(name: .long, help: "The reporting month the files must be for (YYYY-MM).")
    var period: ReportPeriod?

    @Option(name: .long, help: "The municipality the files must be from (name, alias or OKTMO code).")
    var municipality: String?

    @Option(name: .long, help: "Output format: text or json.")
    var format: Format = .text

    @Option(name: .long, help: "Write an annotated copy of each file into this folder.")
    var annotate: String?

    @Option(name: .long, help: "Explain a diagnostic code and exit.")
    var explain: String?

    @Flag(name: .long, help: "Print the catalog of diagnostic codes as a Markdown table and exit.")
    var catalog = false

    @OptionGroup var global: GlobalOptions

    /// A check needs a pipeline and at least one file (`--catalog` and `--explain` need neither).
    func validate() throws {
        guard !catalog, explain == nil else { return }
        let ru = global.lang == .ru
        if pipeline == nil {
            throw ValidationError(ru ? "Укажите описание конвейера региона: --pipeline ФАЙЛ." : "--pipeline is required.")
        }
        if files.isEmpty {
            throw ValidationError(ru ? "Назовите хотя бы один файл отчета." : "Name at least one report file.")
        }
    }

    func run() throws {
        let out = OutputStream()
        if catalog {
            out.write(DiagnosticCatalog.svod.markdownTable(language: global.lang))
            out.flush()
            return
        }
        if let explain {
            guard let code = DiagnosticCatalog.svod.code(named: explain) else {
                let known = DiagnosticCatalog.svod.codes.map(\.rawValue).joined(separator: ", ")
                printError(global.lang == .ru ? "Неизвестный код «\(explain)». Известные коды: \(known)"
                                              : "Unknown code «\(explain)». Known codes: \(known)")
                throw ExitStatus.usageError
            }
            out.write(DiagnosticCatalog.explain(code, language: global.lang))
            out.flush()
            return
        }
        // `validate()` has made sure of both.
        guard let pipelinePath = pipeline, !files.isEmpty else { throw ExitStatus.usageError }
        let loaded = try loadPipeline(pipelinePath, language: global.lang)
        let expectedMunicipality = try municipality.map { try findMunicipality($0, in: loaded.registry, language: global.lang) }
        let expectedPeriod = try period.map { try reportPeriod($0, of: loaded, language: global.lang) }
        let validator = Validator(pipeline: loaded)
        let reports = files.map { FaultInjection.crashIfPoison($0); return validator.validate(path: $0, municipality: expectedMunicipality, period: expectedPeriod) }
        if let annotate {
            for report in reports {
                do {
                    let copy = try Annotation.write(report, into: annotate, language: global.lang)
                    if format == .text {
                        printError((global.lang == .ru ? "Проверенная копия: " : "Annotated copy: ") + copy.path)
                        if let note = copy.note(global.lang) { printError(note) }
                    }
                } catch let error as SpreadsheetError {
                    printError("\(report.file): \(error.code.rawValue): \(error.message(global.lang))")
                }
            }
        }
        out.write(format == .json ? ValidationReport.json(reports, language: global.lang)
                                  : ValidationReport.text(reports, language: global.lang))
        out.flush()
        if reports.contains(where: { !$0.isValid }) { throw ExitStatus.dataError }
    }
}
