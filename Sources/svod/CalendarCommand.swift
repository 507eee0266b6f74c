import ArgumentParser
import SvodModel

/// `svod calendar`: when the reports for given months are due, and why.
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Show when monthly reports are due in a region's time zone, with the reason for each date.")

    @Argument(help: "Reporting months (YYYY-MM), or a year (YYYY) for all its months.")
    var months: [String]

    @Option(name: .long, help: "The region's IANA time zone.")
    var timeZone = "Europe/Moscow"

    @Option(name: .long, help: "Day of the following month by which a report is due.")
    var dueDay = 10

    @Flag(name: .long, help: "Keep the nominal due day even when it is not a working day.")
    var noMove = false

    @Option(name: .long, help: "A region's pipeline definition: its time zone, due day and calendar, with the region's own days off (instead of the options above).")
    var pipeline: String?

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let calendar: ReportingCalendar
        if let pipeline {
            do {
                let definition = try PipelineDefinition.load(path: pipeline)
                calendar = try ReportingCalendar(dueDay: definition.dueDay, timeZone: definition.timeZone,
                                                 moveToWorkingDay: definition.moveToWorkingDay,
                                                 production: try definition.productionCalendar())
            } catch let error as ConfigurationError {
                printError("\(error.code): \(error.description(global.lang))")
                throw ExitStatus.usageError
            } catch let error as CalendarError {
                printError("\(error.code): \(error.message(global.lang))")
                throw ExitStatus.usageError
            }
        } else {
            do {
                calendar = try ReportingCalendar(dueDay: dueDay, timeZone: timeZone, moveToWorkingDay: !noMove)
            } catch {
                printError("\(error.code): \(error.message(global.lang))")
                throw ExitStatus.usageError
            }
        }
        var list: [YearMonth] = []
        for text in months {
            if let month = YearMonth(text: text) {
                list.append(month)
            } else if text.count == 4, let year = Int(text) {
                list += (1...12).map { YearMonth(year: year, month: $0) }
            } else {
                throw ValidationError(global.lang == .ru ? "«\(text)» — ни месяц ГГГГ-ММ, ни год ГГГГ."
                                                         : "«\(text)» is neither YYYY-MM nor YYYY.")
            }
        }
        let out = OutputStream()
        for month in list {
            out.write(calendar.dueDate(for: month).explanation(global.lang) + "\n")
        }
        out.flush()
    }
}
