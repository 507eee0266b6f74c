import ArgumentParser
import Foundation
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
        if all == (municipality != nil) { throw ValidationError("Give either --municipality or --all.") }
    }

    func run() throws {
        let loaded = try pipeline.load(global.lang)
        var targets = loaded.registry.municipalities
        if let municipality {
            targets = [try findMunicipality(municipality, in: loaded.registry, language: global.lang)]
        }
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        let out = OutputStream()
        for target in targets {
            let form = ReportTemplate(pipeline: loaded, municipality: target, period: month.period, language: global.lang)
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
