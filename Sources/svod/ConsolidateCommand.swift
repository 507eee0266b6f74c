import ArgumentParser
import Foundation
import Spreadsheet
import SvodModel
import SvodConsolidation
import SvodRun

/// `svod consolidate`: the regional workbook and JSON for one reporting month, by the job a
/// run's consolidate and publish stages do, over a folder of files instead of the ledger.
struct ConsolidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consolidate",
        abstract: "Consolidate the valid reports of a month into the regional workbook and JSON.")

    @OptionGroup var pipeline: PipelineOption

    @OptionGroup var month: PeriodOption

    @OptionGroup var moment: AsOfOption

    @Option(name: .long, help: "The folder of submissions (default: the pipeline's archive folder).")
    var from: String?

    @Option(name: .shortAndLong, help: "The workbook to write (.xlsx).")
    var output: String

    @Option(name: .long, help: "Also write the figures as JSON to this file.")
    var json: String?

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let loaded = try pipeline.load(global.lang)
        let asOf = moment.instant(in: loaded.definition.timeZone)
        let job = ConsolidationJob(pipeline: loaded, language: global.lang)
        let consolidation: Consolidation
        do {
            consolidation = try job.run(folder: from, period: try reportPeriod(month.period, of: loaded, language: global.lang), asOf: asOf, workbook: output, json: json)
        } catch let failure as ConsolidationJob.Failure {
            printError(failure.message(global.lang))
            throw ExitStatus.usageError
        }
        let out = OutputStream()
        out.write(Self.summary(consolidation, language: global.lang) + "\n")
        out.write(output + "\n")
        out.flush()
    }

    static func summary(_ c: Consolidation, language: Language) -> String {
        let rejected = c.register.filter { !$0.valid }.count
        let school = c.reporterKind == .school
        // The awaited appear only while some are (before the due moment), so a run after the due
        // date prints what it always printed.
        let awaited = c.awaitedCount == 0 ? "" : (language == .ru ? ", ожидаются \(c.awaitedCount)" : ", \(c.awaitedCount) awaited")
        return language == .ru
            ? "Свод за \(c.period): \(school ? "ОО" : "МО") \(c.municipalities.count), в срок \(c.onTimeCount), с опозданием \(c.lateCount), не представили \(c.missingCount)\(awaited); просроченных мероприятий \(c.overdueCount); файлов \(c.register.count), отклонено \(rejected)."
            : "Consolidation for \(c.period): \(c.municipalities.count) \(school ? "schools" : "municipalities"), \(c.onTimeCount) on time, \(c.lateCount) late, \(c.missingCount) missing\(awaited); \(c.overdueCount) overdue; \(c.register.count) files, \(rejected) rejected."
    }
}
