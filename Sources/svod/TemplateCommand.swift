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

    @Option(name: .long, help: "The region's pipeline definition (YAML).")
    var pipeline: String

    @Option(name: .long, help: "The reporting month (YYYY-MM).")
    var period: String

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
        if YearMonth(text: period) == nil { throw ValidationError("--period must be YYYY-MM.") }
    }

    func run() throws {
        let loaded = try loadPipeline(pipeline, language: global.lang)
        let month = YearMonth(text: period)!
        var targets = loaded.registry.municipalities
        if let municipality {
            guard let found = loaded.registry.find(name: municipality) ?? loaded.registry.find(oktmo: municipality) else {
                printError(global.lang == .ru ? "«\(municipality)» нет в реестре муниципальных образований." : "«\(municipality)» is not in the registry.")
                throw ExitStatus.usageError
            }
            targets = [found]
        }
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        let out = OutputStream()
        for target in targets {
            let form = ReportTemplate(pipeline: loaded, municipality: target, period: month, language: global.lang)
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
