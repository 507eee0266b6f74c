import Foundation
import Testing
import Spreadsheet
@testable import SvodModel
@testable import SvodChecks
@testable import SvodConsolidation
@testable import SvodRun

#if canImport(Glibc)
import Glibc
#endif

/// Twenty kill -9 trials on a 200-file inbox: each run is killed at a random checkpoint (ten
/// trials) or after a random delay (ten), run once more, and must then leave the whole state —
/// ledger, archive, quarantine, rejected reports, every workbook and JSON — byte-identical to
/// an uninterrupted run's.
@Suite(.serialized) struct KillTrialTests {
    static let asOf = "2021-04-13T09:00"

    /// 200 reports: the demo region's 48 (January–April, on time, late, corrected, invalid) and
    /// 152 March corrections in CSV, each a little different (so each is a new file).
    static let inbox: URL = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("svod-kill-inbox-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let demo = PipelineRunTests.inbox
        for name in (try? FileManager.default.contentsOfDirectory(atPath: demo.path)) ?? [] where name != "received.csv" {
            try? FileManager.default.copyItem(at: demo.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        let template = (try? String(contentsOf: RunRecoveryTests.samples.appendingPathComponent("valid/05723000_2021-03.csv"), encoding: .utf8)) ?? ""
        let registry = DemoRegion.pipeline.registry.municipalities
        var count = 0
        var round = 1
        while count < 152 {
            for municipality in registry where count < 152 {
                let text = template
                    .replacingOccurrences(of: "Уссурийский городской округ", with: municipality.name)
                    .replacingOccurrences(of: "05723000", with: municipality.code)
                    .replacingOccurrences(of: "участвуют 7 ОО", with: "участвуют \(round + 6) ОО")
                let name = "\(municipality.code)_2021-03_r\(String(format: "%02d", round)).csv"
                try? Data(text.utf8).write(to: folder.appendingPathComponent(name))
                count += 1
            }
            round += 1
        }
        return folder
    }()

    static func region() throws -> URL {
        let root = try PipelineRunTests.makeRegion()
        for name in try FileManager.default.contentsOfDirectory(atPath: inbox.path) {
            try FileManager.default.copyItem(at: inbox.appendingPathComponent(name), to: root.appendingPathComponent("inbox").appendingPathComponent(name))
        }
        return root
    }

    /// Runs `svod run`, killing it with SIGKILL after `delay` seconds if it is still running.
    static func run(_ root: URL, kill checkpoint: String? = nil, after delay: Double? = nil) throws -> (status: Int32, killed: Bool) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: PipelineRunTests.svod)
        process.arguments = ["run", root.appendingPathComponent("region.yaml").path, "--as-of", asOf]
        var environment = ProcessInfo.processInfo.environment
        environment["SVOD_KILL_AT"] = checkpoint
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        if let delay {
            let deadline = Date().addingTimeInterval(delay)
            while process.isRunning && Date() < deadline { usleep(2_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        process.waitUntilExit()
        return (process.terminationStatus, process.terminationReason == .uncaughtSignal)
    }

    @Test func twentyRandomKillsEachEndLikeAnUninterruptedRun() throws {
        #expect(try FileManager.default.contentsOfDirectory(atPath: Self.inbox.path).count == 200)
        let reference = try Self.region()
        defer { try? FileManager.default.removeItem(at: reference) }
        let started = Date()
        #expect(try Self.run(reference).status == 1)
        let whole = Date().timeIntervalSince(started)
        let expected = try RunRecoveryTests.state(reference)
        #expect(expected.keys.filter { $0.hasPrefix("archive/") }.count >= 150)
        #expect(expected.keys.contains { $0.hasPrefix("quarantine/") })
        #expect(expected.keys.contains { $0.hasPrefix("out/rejected/") })

        var random = ValidationMutationTests.Generator(seed: 20_211_204)  // the same trials every time
        let checkpoints: [(String, Int)] = [("ingest-moved", 200), ("ingest-recorded", 200), ("validate-marked", 200),
                                            ("record-verdict", 200), ("record-moved", 200), ("publish-written", 4),
                                            ("before-validate", 1), ("before-record", 1), ("before-consolidate", 1), ("before-publish", 1)]
        var killedCount = 0
        for trial in 0..<20 {
            let root = try Self.region()
            defer { try? FileManager.default.removeItem(at: root) }
            let label: String
            let first: (status: Int32, killed: Bool)
            if trial % 2 == 0 {
                let (name, limit) = checkpoints[random.below(checkpoints.count)]
                label = "\(name):\(1 + random.below(limit))"
                first = try Self.run(root, kill: label)
            } else {
                let delay = 0.05 + Double(random.below(1000)) / 1000 * whole
                label = "after \(String(format: "%.2f", delay)) s"
                first = try Self.run(root, after: delay)
            }
            if first.killed { killedCount += 1 }
            let second = try Self.run(root)
            // The rerun reports the killed run's rejections (1); after a run that was not killed
            // (a delay past its end), there is nothing new (0).
            #expect(!second.killed && second.status == (first.killed ? 1 : 0), "trial \(trial) (\(label)): rerun exited \(second.status)")
            if !first.killed { #expect(first.status == 1, "trial \(trial) (\(label))") }
            let state = try RunRecoveryTests.state(root)
            #expect(state.keys.sorted() == expected.keys.sorted(), "trial \(trial) (\(label)): files differ")
            for key in expected.keys.sorted() where state[key] != expected[key] {
                Issue.record("trial \(trial) (\(label)): \(key) differs")
            }
        }
        #expect(killedCount >= 15, "most trials must really kill the run")
    }
}
