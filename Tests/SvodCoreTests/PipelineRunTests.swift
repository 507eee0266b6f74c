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

/// `svod run` end to end, as the operator's cron job runs it: a separate process over a
/// temporary region folder. (A separate process is the point: the tests kill it with SIGKILL.)
@Suite(.serialized) struct PipelineRunTests {
    /// The `svod` executable built next to the test bundle: the test target depends on `svod`,
    /// so SwiftPM builds it with the tests, and it is never an older binary found elsewhere.
    static let svod: String = {
        // Another binary (an older build, to see a test fail before its fix).
        if let other = ProcessInfo.processInfo.environment["SVOD_TEST_BINARY"], !other.isEmpty { return other }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        // Up from the test executable to the build directory (a bundle nests it a few levels).
        for _ in 0..<4 {
            let path = directory.appendingPathComponent("svod").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
            directory = directory.deletingLastPathComponent()
        }
        fatalError("the svod executable is not next to the tests (\(executable.path)); build with `swift build --build-tests`")
    }()

    static let inbox = DemoRegion.root.appendingPathComponent("Samples/demo/inbox")

    /// A fresh region folder with its pipeline definition; returns the folder.
    static func makeRegion() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("svod-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("inbox"), withIntermediateDirectories: true)
        let repo = DemoRegion.root.path
        let yaml = """
            version: 1
            region: Приморский край
            time_zone: Asia/Vladivostok
            roadmap: \(repo)/Samples/roadmaps/primorye-2021.xlsx
            municipalities: \(repo)/Samples/municipalities/primorye.csv
            schema: \(repo)/Pipelines/schema-default.yaml
            folders: {inbox: inbox, archive: archive, quarantine: quarantine, output: out}
            ledger: work/ledger.sqlite

            """
        try Data(yaml.utf8).write(to: root.appendingPathComponent("region.yaml"))
        return root
    }

    static func drop(_ names: [String], into root: URL) throws {
        for name in names {
            try FileManager.default.copyItem(at: inbox.appendingPathComponent(name),
                                             to: root.appendingPathComponent("inbox").appendingPathComponent(name))
        }
    }

    struct Outcome {
        var status: Int32
        var killed: Bool
    }

    @discardableResult
    static func run(_ root: URL, asOf: String, kill: String? = nil, extra: [String] = []) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: svod)
        process.arguments = ["run", root.appendingPathComponent("region.yaml").path, "--as-of", asOf] + extra
        var environment = ProcessInfo.processInfo.environment
        environment["SVOD_KILL_AT"] = kill
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, killed: process.terminationReason == .uncaughtSignal)
    }

    static func ledger(_ root: URL) throws -> Ledger { try Ledger(path: root.appendingPathComponent("work/ledger.sqlite").path) }

    static let march = ["05701000_2021-03.xlsx", "05703000_2021-03.xlsx", "05705000_2021-03.xlsx", "05717000_2021-03.xlsx"]

    @Test func rejectCorrectSupersedeConsolidate() throws {
        let root = try Self.makeRegion()
        defer { try? FileManager.default.removeItem(at: root) }
        // 11 April: three good March reports and Partizansk's invalid one.
        try Self.drop(Self.march, into: root)
        #expect(try Self.run(root, asOf: "2021-04-11T18:00").status == 1)  // done, with a rejected file
        let quarantine = root.appendingPathComponent("quarantine").path
        let quarantined = try FileManager.default.subpathsOfDirectory(atPath: quarantine)
        #expect(quarantined.contains { $0.hasSuffix("/05717000_2021-03.xlsx") })
        #expect(quarantined.contains { $0.hasSuffix("/05717000_2021-03.xlsx.diagnostics.txt") })
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("out/rejected/05717000_2021-03.xlsx.txt").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("inbox").path).isEmpty)

        // 14 April: Partizansk's correction; 15 April: Artyom's correction of an accepted report.
        try Self.drop(["05717000_2021-03_corrected.xlsx"], into: root)
        #expect(try Self.run(root, asOf: "2021-04-14T10:30").status == 0)
        try Self.drop(["05705000_2021-03_v2.xlsx"], into: root)
        #expect(try Self.run(root, asOf: "2021-04-15T11:00").status == 0)

        let ledger = try Self.ledger(root)
        let all = try ledger.submissions()
        #expect(all.count == 6)
        #expect(all.allSatisfy { $0.state == .stored })
        let first = try #require(all.first { $0.originalName == "05705000_2021-03.xlsx" })
        let second = try #require(all.first { $0.originalName == "05705000_2021-03_v2.xlsx" })
        #expect(second.supersedes == first.id)  // both kept, history visible
        #expect(FileManager.default.fileExists(atPath: first.path) && FileManager.default.fileExists(atPath: second.path))
        #expect(all.first { $0.originalName == "05717000_2021-03.xlsx" }?.verdict == .rejected)

        // The published March figures: Partizansk late by 2 days, Artyom on time with its correction.
        let json = try Data(contentsOf: root.appendingPathComponent("out/region-2021-03.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        let lines = try #require(object["municipalities"] as? [[String: Any]])
        let partizansk = try #require(lines.first { $0["oktmo"] as? String == "05717000" })
        #expect(partizansk["report"] as? String == "late")
        #expect(partizansk["days_late"] as? Int == 2)
        let artyom = try #require(lines.first { $0["oktmo"] as? String == "05705000" })
        #expect(artyom["report"] as? String == "on_time")
        #expect(artyom["file"] as? String == "05705000_2021-03_v2.xlsx")
        #expect((object["totals"] as? [String: Any])?["on_time"] as? Int == 3)

        // svod status reads the same from the ledger.
        let loaded = try Pipeline.load(path: root.appendingPathComponent("region.yaml").path)
        let status = try PipelineStatus.compute(pipeline: loaded, ledger: ledger, period: .month(YearMonth(year: 2021, month: 3)))
        #expect(status.lines.filter { $0.timeliness == .onTime }.count == 3)
        #expect(status.lines.first { $0.municipality.code == "05717000" }?.timeliness == .late)
        #expect(status.quarantined.map(\.file) == ["05717000_2021-03.xlsx"])
    }

    @Test func secondRunChangesNothingAndDuplicatesAreRecordedOnce() throws {
        let root = try Self.makeRegion()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.drop(["05701000_2021-03.xlsx", "05703000_2021-03.xlsx"], into: root)
        #expect(try Self.run(root, asOf: "2021-04-13T09:00").status == 0)
        let workbook = root.appendingPathComponent("out/region-2021-03.xlsx")
        let before = try Data(contentsOf: workbook)
        let dump = try Self.ledger(root).canonicalDump(relativeTo: root.path)
        #expect(try Self.run(root, asOf: "2021-04-13T09:00").status == 0)
        #expect(try Data(contentsOf: workbook) == before)
        #expect(try Self.ledger(root).canonicalDump(relativeTo: root.path) == dump)
        // The same file dropped again: recorded once, the copy set aside, nothing changes.
        try Self.drop(["05701000_2021-03.xlsx"], into: root)
        #expect(try Self.run(root, asOf: "2021-04-13T09:00").status == 0)
        #expect(try Self.ledger(root).submissions().count == 2)
        #expect(try Self.ledger(root).canonicalDump(relativeTo: root.path) == dump)
        let duplicates = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("archive/duplicates").path)
        #expect(duplicates.count == 1 && duplicates[0].hasSuffix("_05701000_2021-03.xlsx"))
        #expect(try Data(contentsOf: workbook) == before)
    }

    @Test func aSecondRunWhileOneHoldsTheLockExitsThree() throws {
        let root = try Self.makeRegion()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.drop(["05701000_2021-03.xlsx"], into: root)
        let lockPath = root.appendingPathComponent("work/ledger.sqlite.lock").path
        try FileManager.default.createDirectory(atPath: (lockPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let descriptor = open(lockPath, O_CREAT | O_RDWR, 0o644)
        #expect(flock(descriptor, LOCK_EX | LOCK_NB) == 0)
        #expect(try Self.run(root, asOf: "2021-04-13T09:00").status == 3)
        // Nothing was taken from the inbox.
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("inbox").path) == ["05701000_2021-03.xlsx"])
        flock(descriptor, LOCK_UN)
        close(descriptor)
        #expect(try Self.run(root, asOf: "2021-04-13T09:00").status == 0)
    }

    @Test func twoRunsAtOnceNeverCorruptTheLedger() throws {
        let root = try Self.makeRegion()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.drop(Self.march, into: root)
        let processes = (0..<2).map { _ -> Process in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.svod)
            process.arguments = ["run", root.appendingPathComponent("region.yaml").path, "--as-of", "2021-04-13T09:00"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            return process
        }
        for process in processes { try process.run() }
        for process in processes { process.waitUntilExit() }
        let statuses = processes.map(\.terminationStatus).sorted()
        // Either one waited out the other (1 and 1: both saw the rejected file... the second had
        // nothing new, so 0) or the lock turned the second away (3).
        #expect(statuses == [1, 3] || statuses == [0, 1])
        let submissions = try Self.ledger(root).submissions()
        #expect(submissions.count == 4)
        #expect(Set(submissions.map(\.sha256)).count == 4)
        #expect(submissions.allSatisfy { $0.state == .stored })
    }

    /// A run killed with SIGKILL at any point, then run again, ends exactly as an uninterrupted
    /// run: the same ledger (less run bookkeeping) and the same workbook, byte for byte.
    @Test(arguments: ["before-ingest", "ingest-moved:2", "ingest-recorded:3", "before-validate", "record-verdict:2",
                      "record-moved:3", "before-consolidate", "publish-written:1"])
    func killedRunFinishesLikeAnUninterruptedOne(checkpoint: String) throws {
        let reference = try Self.makeRegion()
        let interrupted = try Self.makeRegion()
        defer {
            try? FileManager.default.removeItem(at: reference)
            try? FileManager.default.removeItem(at: interrupted)
        }
        try Self.drop(Self.march, into: reference)
        try Self.drop(Self.march, into: interrupted)
        #expect(try Self.run(reference, asOf: "2021-04-13T09:00").status == 1)
        let killed = try Self.run(interrupted, asOf: "2021-04-13T09:00", kill: checkpoint)
        #expect(killed.killed && killed.status == SIGKILL)
        let resumed = try Self.run(interrupted, asOf: "2021-04-13T09:00")
        #expect(resumed.status == 0 || resumed.status == 1)
        #expect(try Self.ledger(interrupted).canonicalDump(relativeTo: interrupted.path)
            == Self.ledger(reference).canonicalDump(relativeTo: reference.path))
        let workbook = "out/region-2021-03.xlsx"
        #expect(try Data(contentsOf: interrupted.appendingPathComponent(workbook))
            == Data(contentsOf: reference.appendingPathComponent(workbook)))
        #expect(try Data(contentsOf: interrupted.appendingPathComponent("out/region-2021-03.json"))
            == Data(contentsOf: reference.appendingPathComponent("out/region-2021-03.json")))
    }
}
