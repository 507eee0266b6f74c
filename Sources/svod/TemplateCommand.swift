import ArgumentParser
import Foundation
import Spreadsheet
import SvodModel
import SvodChecks

/// `svod template`: writes the monthly report forms municipalities fill in.
struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Write the report form for a month, for one municipality or all of them.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case xlsx, csv, both }

    @OptionGroup var pipeline: PipelineOption

    @OptionGroup var month: PeriodOption

    @Option(name: .long, help: "The municipality (name, alias or OKTMO code).")
    var municipality: String?

    @Flag(name: .long, help: "Write a form for every municipality in the registry.")
    var all = false

    @Option(name: .long, help: "Form format: xlsx, csv or both.")
    var format: Format = .xlsx

    @Option(name: .shortAndLong, help: "The folder to write the forms into.")
    var output: String

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if all == (municipality != nil) {
            throw ValidationError(global.lang == .ru ? "Укажите либо --municipality, либо --all." : "Give either --municipality or --all.")
        }
    }

    func run() throws {
        let loaded = try pipeline.load(global.lang)
        // A form for a month outside the roadmap could never validate: refuse it with the code
        // the validator would give the report.
        let roadmap = loaded.roadmap.period
        let period = try reportPeriod(month.period, of: loaded, language: global.lang)
        if !roadmap.overlaps(period) {
            let message = DiagnosticCode.periodOutsideRoadmap.message([
                "month": IdentificationCheck.monthWords(period),
                "start": LocalizedText(ru: roadmap.start.russian, en: roadmap.start.iso),
                "end": LocalizedText(ru: roadmap.end.russian, en: roadmap.end.iso),
            ])
            printError("\(DiagnosticCode.periodOutsideRoadmap): \(message(global.lang))"
                       + (global.lang == .ru ? " Форма не выпускается." : " No form is written."))
            throw ExitStatus.usageError
        }
        // Nor before collection starts: such a report is never collected.
        if let start = loaded.obligations.collectFrom, !loaded.obligations.isCollected(period) {
            let message = DiagnosticCode.periodNotCollected.message([
                "month": IdentificationCheck.monthWords(period), "start": IdentificationCheck.monthWords(start),
            ])
            printError("\(DiagnosticCode.periodNotCollected): \(message(global.lang))"
                       + (global.lang == .ru ? " Форма не выпускается." : " No form is written."))
            throw ExitStatus.usageError
        }
        var targets = loaded.registry.municipalities
        if let municipality {
            targets = [try findMunicipality(municipality, in: loaded.registry, language: global.lang)]
        }
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        let out = OutputStream()
        for target in targets {
            let form = ReportTemplate(pipeline: loaded, municipality: target, period: period, language: global.lang)
            let stem = (output as NSString).appendingPathComponent(form.fileStem)
            if format != .csv {
                try form.writeXLSX(to: stem + ".xlsx")
                out.write(stem + ".xlsx\n")
            }
            if format != .xlsx {
                try form.writeCSV(to: stem + ".csv")
                out.write(stem + ".csv\n")
            }
        }
        out.flush()
    }
}
