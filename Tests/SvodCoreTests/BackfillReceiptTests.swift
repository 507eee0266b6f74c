import Foundation
import Testing
import SvodModel
import SvodRun

/// `svod run --backfill` (loading old mail) takes receipt times from the inbox's `received.csv`,
/// the mail gateway's log, and for a file the log does not name from its modification time; the
/// ledger records which, and `svod status` says it. The log itself is never a submission.
@Suite(.serialized) struct BackfillReceiptTests {
    static let zone = "Asia/Vladivostok"

    static func moment(_ text: String) throws -> Date { try #require(Timestamp.parse(text, zone: zone)) }

    @Test func theMailLogGivesTheReceiptTimes() throws {
        let root = try PipelineRunTests.makeRegion()
        defer { try? FileManager.default.removeItem(at: root) }
        let inbox = root.appendingPathComponent("inbox")
        try PipelineRunTests.drop(["05701000_2021-03.xlsx", "05703000_2021-03.xlsx", "05705000_2021-03.xlsx"], into: root)
        // The log names two files (Vladivostok on time, Arsenyev two days after the 12.04 due
        // date); Artyom's file is not in it and keeps its own time, on the due date.
        try Data("""
            file;received_at
            05701000_2021-03.xlsx;2021-04-09T10:00:00+10:00
            05703000_2021-03.xlsx;2021-04-14T09:00:00+10:00

            """.utf8).write(to: inbox.appendingPathComponent("received.csv"))
        let artyom = try Self.moment("2021-04-12T15:00")
        try FileManager.default.setAttributes([.modificationDate: artyom],
                                              ofItemAtPath: inbox.appendingPathComponent("05705000_2021-03.xlsx").path)

        let run = try PipelineRunTests.run(root, asOf: "2021-04-20T12:00", extra: ["--backfill"])
        #expect(run.status == 0)
        let submissions = try PipelineRunTests.ledger(root).submissions()
        #expect(submissions.count == 3)
        func submission(_ name: String) throws -> LedgerSubmission { try #require(submissions.first { $0.originalName == name }) }
        #expect(try submission("05701000_2021-03.xlsx").receivedAt == Self.moment("2021-04-09T10:00"))
        #expect(try submission("05701000_2021-03.xlsx").receivedFrom == .gatewayLog)
        #expect(try submission("05703000_2021-03.xlsx").receivedAt == Self.moment("2021-04-14T09:00"))
        #expect(try submission("05705000_2021-03.xlsx").receivedAt == artyom)
        #expect(try submission("05705000_2021-03.xlsx").receivedFrom == .fileTime)
        // The log stays in the inbox, neither filed nor quarantined nor set aside.
        #expect(FileManager.default.fileExists(atPath: inbox.appendingPathComponent("received.csv").path))
        #expect(try PipelineRunTests.ledger(root).entryProblems().isEmpty)

        let status = try RunRecoveryTests.svod(["status", root.appendingPathComponent("region.yaml").path, "--period", "2021-03",
                                                "--as-of", "2021-04-20T12:00"])
        #expect(status.status == 0)
        #expect(status.stdout.contains("Владивостокский городской округ: в срок (2021-04-09T10:00:00+10:00, по журналу почты (received.csv))"))
        #expect(status.stdout.contains("Арсеньевский городской округ: с опозданием (2021-04-14T09:00:00+10:00, по журналу почты (received.csv), дней просрочки: 2)"))
        #expect(status.stdout.contains("Артемовский городской округ: в срок (2021-04-12T15:00:00+10:00, по времени изменения файла)"))
        let json = try RunRecoveryTests.svod(["status", root.appendingPathComponent("region.yaml").path, "--period", "2021-03",
                                              "--as-of", "2021-04-20T12:00", "--format", "json"])
        #expect(json.stdout.contains("\"received_from\": \"received.csv\"") && json.stdout.contains("\"received_from\": \"file-time\""))
    }

    /// The scheduled job (no `--backfill`) takes the run's moment, and leaves the log alone.
    @Test func theScheduledRunNeverFilesTheLog() throws {
        let root = try PipelineRunTests.makeRegion()
        defer { try? FileManager.default.removeItem(at: root) }
        let inbox = root.appendingPathComponent("inbox")
        try PipelineRunTests.drop(["05701000_2021-03.xlsx"], into: root)
        try Data("file;received_at\n05701000_2021-03.xlsx;2021-04-09T10:00:00+10:00\n".utf8)
            .write(to: inbox.appendingPathComponent("received.csv"))
        #expect(try PipelineRunTests.run(root, asOf: "2021-04-11T18:00").status == 0)
        let submissions = try PipelineRunTests.ledger(root).submissions()
        #expect(submissions.map(\.originalName) == ["05701000_2021-03.xlsx"])
        #expect(submissions[0].receivedAt == (try Self.moment("2021-04-11T18:00")) && submissions[0].receivedFrom == .run)
        #expect(FileManager.default.fileExists(atPath: inbox.appendingPathComponent("received.csv").path))
    }
}
