import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#endif
import Spreadsheet
import SvodModel
import SvodChecks

/// `svod ledger rebuild`: a lost or emptied ledger recovered from what the pipeline filed.
/// Every report in the archive and the quarantine is recorded again, with the receipt time
/// ingest stamped on it (the file's modification time) and a fresh verdict (validation is
/// deterministic; a file the quarantine marks `file-stopped-check` is not opened again).
/// Publications are not recorded, so the next run republishes every month — byte-identical
/// where the facts are the same.
public enum LedgerRebuild {
    public struct Summary: Sendable, Equatable {
        public var files = 0
        public var accepted = 0
        public var rejected = 0
    }

    public enum Failure: Error, Sendable {
        /// The ledger holds submissions: nothing to rebuild.
        case ledgerNotEmpty(path: String, submissions: Int)

        public func message(_ language: Language) -> String {
            switch (self, language) {
            case (.ledgerNotEmpty(let path, let count), .ru):
                return "Журнал \(path) не пуст (записей о файлах: \(count)); восстанавливать нечего. Чтобы пересоздать журнал, сначала переместите этот файл в сторону."
            case (.ledgerNotEmpty(let path, let count), .en):
                return "The ledger \(path) is not empty (\(count) files recorded); there is nothing to rebuild. To rebuild it anyway, move this file aside first."
            }
        }
    }

    public static func run(pipeline: Pipeline, at now: Date = Date(), logger: Logger) throws -> Summary {
        let definition = pipeline.definition
        let lock = try RunLock(path: definition.ledger + ".lock")
        defer { lock.release() }
        let ledger = try Ledger(path: definition.ledger)
        let count = try ledger.submissionCount()
        guard count == 0 else { throw Failure.ledgerNotEmpty(path: definition.ledger, submissions: count) }
        var filed = FiledFiles.list(archive: definition.archive, quarantine: definition.quarantine)
        filed.sort { $0.modified != $1.modified ? $0.modified < $1.modified : $0.name.bytes.lexicographicallyPrecedes($1.name.bytes) }
        let runID = try ledger.startRun(asOf: now, at: now)
        let context = RunContext(pipeline: pipeline, ledger: ledger, options: RunOptions(asOf: now), runID: runID, logger: logger,
                                 progress: { _, _, _ in })
        let validator = Validator(pipeline: pipeline)
        var summary = Summary()
        for item in filed {
            let disk = RawPath.join(item.folder, item.name.bytes)
            let descriptor = RawPath.openForReading(disk)
            guard descriptor >= 0 else {
                logger.error("a filed file cannot be read; left out", metadata: ["file": "\(EntryName(bytes: disk).display)"])
                continue
            }
            let sha = SHA256.hex(descriptor: descriptor)
            close(descriptor)
            guard let sha, try ledger.submission(sha256: sha) == nil else { continue }
            let path = (item.folder as NSString).appendingPathComponent(item.name.display)
            let placeholder = LedgerSubmission(id: 0, sha256: sha, originalName: item.name.display, path: path, receivedAt: item.modified,
                                               state: .stored, nameBytes: item.name.ledgerBytes)
            var report: FileReport
            if item.quarantined && stoppedCheck(folder: item.folder, name: item.name.display, tag: String(sha.prefix(12))) {
                report = ValidateStage.stoppedCheckReport(placeholder, pipeline: pipeline)
            } else {
                report = try context.withReadablePath(of: placeholder) { validator.validate(path: $0) }
            }
            report.file = item.name.display
            report.path = path
            let id = try ledger.insertReceived(sha256: sha, originalName: item.name.display, nameBytes: item.name.ledgerBytes,
                                               path: path, receivedAt: item.modified, runID: runID)
            try ledger.recordVerdict(id, report: report, dirty: context.dirtyPeriod(for: report.period), runID: runID)
            try ledger.markStored(id, path: path)
            summary.files += 1
            switch Verdict(report) {
            case .accepted: summary.accepted += 1
            case .rejected: summary.rejected += 1
            }
        }
        try? FileManager.default.removeItem(atPath: context.temporaryFolder)
        try ledger.finishRun(runID, at: now, outcome: "rebuilt", received: summary.files, accepted: summary.accepted,
                             rejected: summary.rejected, published: 0)
        return summary
    }

    /// Whether the quarantine's diagnostics say the file stopped the check.
    private static func stoppedCheck(folder: String, name: String, tag: String) -> Bool {
        let json = (folder as NSString).appendingPathComponent(DerivedName.make(name, suffix: ".diagnostics", tag: tag, maximumBytes: DerivedName.maximumBytes - 5) + ".json")
        guard let data = FileManager.default.contents(atPath: json) else { return false }
        return String(decoding: data, as: UTF8.self).includes("\"\(DiagnosticCode.fileStoppedCheck.rawValue)\"")
    }
}
