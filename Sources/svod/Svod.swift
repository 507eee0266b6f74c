import ArgumentParser
import Spreadsheet

@main
struct Svod: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "svod",
        abstract: "Collect, check and consolidate municipal roadmap reports.",
        subcommands: [SheetCommand.self, RoadmapCommand.self, CalendarCommand.self, TemplateCommand.self, ValidateCommand.self, ConsolidateCommand.self, RunCommand.self, StatusCommand.self, LedgerCommand.self])

    /// `ParsableCommand.main`, but a typed value that does not parse is refused with its own
    /// sentence (`RefusedArgument`) in the language `--lang` asks for.
    static func main() {
        ReadingEnvironment.prepare()
        var command: ParsableCommand
        do {
            command = try parseAsRoot(nil)
        } catch {
            exit(withError: RefusedArgument.explain(error, arguments: Array(CommandLine.arguments.dropFirst())))
        }
        do {
            try command.run()
        } catch {
            exit(withError: error)
        }
    }
}

extension Language: ExpressibleByArgument {}

/// Exit codes shared by the commands.
enum ExitStatus {
    /// The input was refused or has errors.
    static let dataError = ExitCode(1)
    /// The command line or configuration is wrong.
    static let usageError = ExitCode(2)
    /// Another run holds the pipeline's lock.
    static let locked = ExitCode(3)
    /// The run failed: the operator must act (I/O, disk full, ledger damaged or lost).
    static let runFailed = ExitCode(4)
}
