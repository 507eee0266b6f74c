import ArgumentParser
import Foundation
import Logging
import SvodRun

/// `svod ledger`: the operator's tools for the pipeline's ledger.
struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Operator tools for the pipeline's ledger.",
        subcommands: [Rebuild.self])

    /// `svod ledger rebuild`: recover a lost or emptied ledger from the archive and quarantine.
    struct Rebuild: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rebuild",
            abstract: "Recover a lost or emptied ledger from the files in the archive and the quarantine.",
            discussion: """
                Every filed report is recorded again with the receipt time stamped on it at ingest and a fresh verdict; \
                the next `svod run` republishes every month. Refuses a ledger that still holds submissions. \
                Exit status: 0 rebuilt, 2 configuration error, 3 a run holds the lock, 4 failed.
                """)

        @OptionGroup var pipeline: PipelineArgument

        @OptionGroup var global: GlobalOptions

        func run() throws {
            SvodLogging.bootstrap(json: false, level: .info)
            let loaded = try pipeline.load(global.lang)
            let ru = global.lang == .ru
            do {
                let summary = try LedgerRebuild.run(pipeline: loaded, logger: Logger(label: "svod.ledger"))
                print(ru ? "Журнал восстановлен: файлов \(summary.files), принятых \(summary.accepted), отклоненных \(summary.rejected). Следующий запуск svod run опубликует сводки заново."
                         : "Ledger rebuilt: \(summary.files) files, \(summary.accepted) accepted, \(summary.rejected) rejected. The next svod run republishes the consolidations.")
            } catch RunError.locked(let path) {
                printError(ru ? "Идет запуск конвейера (блокировка \(path)); попробуйте позже." : "A run holds the lock (\(path)); try again later.")
                throw ExitStatus.locked
            } catch let error as LedgerRebuild.Failure {
                printError(error.message(global.lang))
                throw ExitStatus.runFailed
            } catch let error as LedgerError {
                printError(error.message(global.lang))
                throw ExitStatus.runFailed
            } catch {
                printError((ru ? "Восстановление не удалось: " : "The rebuild failed: ") + "\(error)")
                throw ExitStatus.runFailed
            }
        }
    }
}
