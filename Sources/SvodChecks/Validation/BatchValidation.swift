import Dispatch
import Foundation
import Spreadsheet
import SvodModel

/// Validates many files at once across cores. The result is in the order of the paths whatever
/// the scheduling, so everything downstream stays deterministic.
public enum BatchValidation {
    ///
    /// Each file is validated in bounded memory (see `Validator`): its rows stream, and a report
    /// keeps at most one entry per roadmap measure and `Validator.maxDiagnosticsPerFile`
    /// diagnostics, however long the file.
    ///
    /// - Parameter keepSubmissions: keep each report's parsed table (`FileReport.submission`:
    ///   the title block, the header and the rows behind the entries); off, only the verdict, the
    ///   diagnostics and the entries consolidation needs are kept, which keeps a national batch
    ///   (tens of thousands of files) in bounded memory.
    public static func validate(_ paths: [String], pipeline: Pipeline, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                                keepSubmissions: Bool = true) -> [FileReport] {
        let plain = Validator(pipeline: pipeline)
        // Each worker has its own pool of texts: reports made from one form repeat them.
        let validator: @Sendable (String, StringPool) -> FileReport = { path, pool in
            var report = plain.validate(path: path, pool: pool)
            if !keepSubmissions { report.submission = nil }
            return report
        }
        guard workers > 1, paths.count > 1 else {
            let pool = StringPool()
            return paths.map { validator($0, pool) }
        }
        // Each worker takes every n-th file: no shared counter, no lock; each slot is written once.
        let results = ResultSlots<FileReport>(count: paths.count)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let pool = StringPool()
            var index = worker
            while index < paths.count {
                results.set(index, validator(paths[index], pool))
                index += workers
            }
        }
        return results.collect()
    }
}
