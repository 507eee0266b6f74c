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
                calendar = try ReportingCalendar(cadence: definition.cadence, rule: definition.dueRule, timeZone: definition.timeZone,
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
        // Periods of the calendar's cadence: a year names all of its periods (its months for a
        // monthly calendar), a month the period holding it.
        var list: [ReportPeriod] = []
        for text in months {
            guard let period = ReportPeriod(text: text) else {
                throw ValidationError(global.lang == .ru ? "«\(text)» — не период: ГГГГ-ММ, ГГГГ-Qn, ГГГГ-Hn, ГГГГ или ГГГГ-ГГГГ."
                                                         : "«\(text)» is not a period (YYYY-MM, YYYY-Qn, YYYY-Hn, YYYY or YYYY-YYYY).")
            }
            if period.cadence == calendar.cadence {
                list.append(period)
            } else if period.cadence == .year && calendar.cadence < .year {
                list += ReportPeriod.all(calendar.cadence, from: period.first, through: period.last)
            } else {
                list.append(calendar.period(containing: period.first))
            }
        }
        let out = OutputStream()
        for month in list {
            out.write(calendar.dueDate(for: month).explanation(global.lang) + "\n")
        }
        out.flush()
    }
}
