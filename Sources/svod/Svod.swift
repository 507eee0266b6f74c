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
            exitWithUsageAsTwo(RefusedArgument.explain(error, arguments: Array(CommandLine.arguments.dropFirst())))
        }
        do {
            try command.run()
        } catch {
            exitWithUsageAsTwo(error)
        }
    }

    /// `exit(withError:)`, but a usage error (ArgumentParser's 64: a malformed command line, a
    /// missing option) exits 2, the status every Svod command gives a usage or configuration
    /// error; help and version requests and Svod's own statuses are unchanged.
    static func exitWithUsageAsTwo(_ error: Error) -> Never {
        guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
        let message = fullMessage(for: error)
        if !message.isEmpty { printError(message) }
        exit(withError: ExitStatus.usageError)
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
