import Foundation
import Spreadsheet
import SvodModel
import SvodChecks
import SvodConsolidation

/// The consolidation job: judged reports with their receipt times become the consolidations of
/// months, each written as the regional workbook and its JSON. A run's consolidate and publish
/// stages do it with the reports the ledger holds; `svod consolidate` with the files of a folder
/// (`run(folder:period:asOf:workbook:json:)`). One job, so the two never drift apart: the same
/// reports, receipt times and `asOf` give the same bytes either way.
public struct ConsolidationJob: Sendable {
    public var pipeline: Pipeline
    /// The language of the workbook and the JSON.
    public var language: Language

    public init(pipeline: Pipeline, language: Language) {
        self.pipeline = pipeline
        self.language = language
    }

    /// Why a job could not start.
    public enum Failure: Error, Sendable, Equatable {
        /// The folder of submissions is missing or cannot be read.
        case folderUnreadable(String)

        public func message(_ language: Language) -> String {
            switch (self, language) {
            case (.folderUnreadable(let folder), .ru): return "Папка «\(folder)» не читается."
            case (.folderUnreadable(let folder), .en): return "The folder «\(folder)» cannot be read."
            }
        }
    }

    /// A consolidation ready to write: its JSON and the JSON's SHA-256, which the ledger records
    /// as published (an unchanged fingerprint means the month is already published as is).
    public struct Rendering: Sendable {
        public var consolidation: Consolidation
        public var json: String
        public var fingerprint: String { SHA256.hex(Data(json.utf8)) }
    }

    /// `svod consolidate`: every file below `folder` (default: the pipeline's archive) judged,
    /// and the consolidation of `period` as of `asOf` written to `workbook` (and to `json`).
    public func run(folder: String? = nil, period: ReportPeriod, asOf: Date, workbook: String, json: String? = nil) throws -> Consolidation {
        let received = try receivedReports(inFolder: folder ?? pipeline.definition.archive)
        let rendering = render(consolidate(received, periods: [period], asOf: asOf)[0])
        try write(rendering, workbook: workbook, json: json)
        return rendering.consolidation
    }

    /// Every file below `folder`, judged (in parallel), with its receipt time: from the folder's
    /// `received.csv` when it names the file, else the file's modification time.
    public func receivedReports(inFolder folder: String) throws -> [ReceivedReport] {
        let items: [SubmissionFolder.Item]
        do {
            items = try SubmissionFolder.scan(folder, zone: pipeline.definition.timeZone)
        } catch {
            throw Failure.folderUnreadable(folder)
        }
        // Checked on every core; consolidation needs the verdicts, diagnostics and entries only.
        let reports = BatchValidation.validate(items.map(\.path), pipeline: pipeline, keepSubmissions: false)
        return zip(reports, items).map { ReceivedReport(report: $0, receivedAt: $1.receivedAt) }
    }

    /// The consolidations of `periods` as of `asOf`, in month order.
    public func consolidate(_ received: [ReceivedReport], periods: [ReportPeriod], asOf: Date) -> [Consolidation] {
        Consolidator(pipeline: pipeline).consolidate(received, periods: periods, asOf: asOf)
    }

    public func render(_ consolidation: Consolidation) -> Rendering {
        Rendering(consolidation: consolidation, json: ConsolidationJSON.render(consolidation, language: language))
    }

    /// Writes the workbook (its folder made when missing) and then, when asked, the JSON.
    public func write(_ rendering: Rendering, workbook: String, json: String?) throws {
        let folder = (workbook as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder.isEmpty ? "." : folder, withIntermediateDirectories: true)
        try ConsolidationWorkbook.write(rendering.consolidation, to: workbook, language: language)
        if let json {
            try AtomicFile.write(Data(rendering.json.utf8), to: json)
        }
    }
}
