import ArgumentParser
import Foundation
import SvodModel
import SvodChecks
import SvodConsolidation

/// `svod consolidate`: the regional workbook and JSON for one reporting month.
struct ConsolidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consolidate",
        abstract: "Consolidate the valid reports of a month into the regional workbook and JSON.")

    @Option(name: .long, help: "The region's pipeline definition (YAML).")
    var pipeline: String

    @Option(name: .long, help: "The reporting month (YYYY-MM).")
    var period: String

    @Option(name: .long, help: "The moment to judge by (YYYY-MM-DD[THH:MM[:SS]] in the region's zone, or with Z/±HH:MM); default: now.")
    var asOf: String?

    @Option(name: .long, help: "The folder of submissions (default: the pipeline's archive folder).")
    var from: String?

    @Option(name: .shortAndLong, help: "The workbook to write (.xlsx).")
    var output: String

    @Option(name: .long, help: "Also write the figures as JSON to this file.")
    var json: String?

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let loaded = try loadPipeline(pipeline, language: global.lang)
        guard let month = YearMonth(text: period) else { throw ValidationError("--period must be YYYY-MM.") }
        let zone = loaded.definition.timeZone
        var moment = Date()
        if let asOf {
            guard let parsed = Timestamp.parse(asOf, zone: zone) else {
                throw ValidationError("--as-of must be YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS], optionally with Z or ±HH:MM.")
            }
            moment = parsed
        }
        let folder = from ?? loaded.definition.archive
        let items: [SubmissionFolder.Item]
        do {
            items = try SubmissionFolder.scan(folder, zone: zone)
        } catch {
            printError(global.lang == .ru ? "Папка «\(folder)» не читается." : "The folder «\(folder)» cannot be read.")
            throw ExitStatus.usageError
        }
        let validator = Validator(pipeline: loaded)
        let received = items.map { ReceivedReport(report: validator.validate(path: $0.path), receivedAt: $0.receivedAt) }
        let consolidation = Consolidator(pipeline: loaded).consolidate(received, period: month, asOf: moment)
        try FileManager.default.createDirectory(atPath: (output as NSString).deletingLastPathComponent.isEmpty ? "."
                                                : (output as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try ConsolidationWorkbook.write(consolidation, to: output, language: global.lang)
        if let json {
            try AtomicFile.write(Data(ConsolidationJSON.render(consolidation, language: global.lang).utf8), to: json)
        }
        let out = OutputStream()
        let ru = global.lang == .ru
        out.write(ru
            ? "Свод за \(month): МО \(consolidation.municipalities.count), в срок \(consolidation.onTimeCount), с опозданием \(consolidation.lateCount), не представили \(consolidation.missingCount); просроченных мероприятий \(consolidation.overdueCount); файлов \(consolidation.register.count), отклонено \(consolidation.register.filter { !$0.valid }.count).\n"
            : "Consolidation for \(month): \(consolidation.municipalities.count) municipalities, \(consolidation.onTimeCount) on time, \(consolidation.lateCount) late, \(consolidation.missingCount) missing; \(consolidation.overdueCount) overdue; \(consolidation.register.count) files, \(consolidation.register.filter { !$0.valid }.count) rejected.\n")
        out.write(output + "\n")
        out.flush()
    }
}
