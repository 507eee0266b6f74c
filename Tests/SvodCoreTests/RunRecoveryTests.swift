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

/// `svod run` against what stopped regions before: poison files, kills at the wrong moment, odd
/// inbox entries, lost ledgers, missing archive files, far-period claims. Each test runs the
/// real binary over a temporary region folder and checks the whole state it leaves.
@Suite(.serialized) struct RunRecoveryTests {
    struct Result {
        var status: Int32
        var signaled: Bool
        var stdout: String
        var stderr: String
    }

    @discardableResult
    static func svod(_ arguments: [String], environment extra: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: PipelineRunTests.svod)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["SVOD_KILL_AT"] = nil
        environment["SVOD_CRASH_ON"] = nil
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        // Output goes to files (pipes could fill up and block the process).
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("svod-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let (outURL, errURL) = (scratch.appendingPathComponent("out"), scratch.appendingPathComponent("err"))
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let (out, err) = (try FileHandle(forWritingTo: outURL), try FileHandle(forWritingTo: errURL))
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Result(status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal,
                      stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                      stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    static func run(_ root: URL, asOf: String, environment: [String: String] = [:]) throws -> Result {
        try svod(["run", root.appendingPathComponent("region.yaml").path, "--as-of", asOf], environment: environment)
    }

    static let samples = DemoRegion.root.appendingPathComponent("Samples/submissions")

    static func copy(_ source: URL, into root: URL, as name: String? = nil) throws {
        let target = root.appendingPathComponent("inbox").appendingPathComponent(name ?? source.lastPathComponent)
        try FileManager.default.copyItem(at: source, to: target)
    }

    /// Writes a file into the inbox under raw name bytes.
    static func write(_ data: Data, into root: URL, rawName: [UInt8]) throws {
        let path = RawPath.join(root.appendingPathComponent("inbox").path, rawName)
        let descriptor = RawPath.withCPath(path) { open($0, O_CREAT | O_WRONLY | O_TRUNC, 0o644) }
        #expect(descriptor >= 0)
        _ = data.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
    }

    /// Every file under the region folder (but the ledger's own files and the lock) with its
    /// bytes, plus the ledger's canonical dump: the whole state a run leaves.
    static func state(_ root: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        func walk(_ folder: String, _ relative: String) throws {
            for entry in try RawPath.list(folder) {
                let name = EntryName(bytes: entry.name).display
                let path = RawPath.join(folder, entry.name)
                let key = relative.isEmpty ? name : relative + "/" + name
                guard let info = RawPath.lstatInfo(path) else { continue }
                if info.st_mode & S_IFMT == S_IFDIR {
                    try walk(String(decoding: path, as: UTF8.self), key)
                } else if !key.hasPrefix("work/ledger.sqlite") {
                    files[key] = FileManager.default.contents(atPath: String(decoding: path, as: UTF8.self)) ?? Data("<unreadable>".utf8)
                }
            }
        }
        try walk(root.path, "")
        files["<ledger>"] = Data(try PipelineRunTests.ledger(root).canonicalDump(relativeTo: root.path).utf8)
        return files
    }

    static func expectSameState(_ a: URL, _ b: URL, _ comment: String = "", sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (left, right) = (try state(a), try state(b))
        #expect(left.keys.sorted() == right.keys.sorted(), "\(comment): files differ", sourceLocation: sourceLocation)
        for key in left.keys.sorted() where left[key] != right[key] {
            Issue.record("\(comment): \(key) differs", sourceLocation: sourceLocation)
        }
    }

    /// A valid March CSV report of Ussuriysk with the title block changed by `edit`.
    static func ussuriysk(_ edit: (String) -> String = { $0 }) throws -> Data {
        let text = try String(contentsOf: samples.appendingPathComponent("valid/05723000_2021-03.csv"), encoding: .utf8)
        return Data(edit(text).utf8)
    }

    // MARK: 1. A bare `&` or `<` in a cell

    @Test func bareAmpersandAndLessThanInCellsNeitherCrashNorStopTheRegion() throws {
        let root = try PipelineRunTests.makeRegion()
        defer { try? FileManager.default.removeItem(at: root) }
        let phone = try Self.ussuriysk {
            $0.replacingOccurrences(of: "8 (423) 312-23-11", with: "8 (423) 312-23-11 & 312-23-12")
              .replacingOccurrences(of: "Ким Е. В.", with: "Ким Е. В. (R&D, <5 лет)")
        }
        let file = root.appendingPathComponent("05723000_2021-03.csv")
        try phone.write(to: file)
        let validate = try Self.svod(["validate", file.path, "--pipeline", DemoRegion.root.appendingPathComponent("Pipelines/primorye.yaml").path])
        #expect(!validate.signaled && validate.status == 0, "\(validate.stderr)")
        try FileManager.default.moveItem(at: file, to: root.appendingPathComponent("inbox/05723000_2021-03.csv"))
        try Self.copy(Self.samples.appendingPathComponent("valid/05705000_2021-03.xlsx"), into: root)
        let result = try Self.run(root, asOf: "2021-04-13T09:00")
        #expect(!result.signaled && result.status == 0, "\(result.stderr)")
        let json = try String(contentsOf: root.appendingPathComponent("out/region-2021-03.json"), encoding: .utf8)
        #expect(json.contains("05723000"))
    }

    // MARK: Poison files

    /// A file that crashes the check (simulated with `SVOD_CRASH_ON`, which makes the check of a
    /// matching file die with SIGSEGV, in the run and in the isolated re-check alike) costs one
    /// run; the next one quarantines it as `file-stopped-check`, files every other report and
    /// publishes.
    @Test func aPoisonFileIsQuarantinedAndEveryOtherReportIsFiled() throws {
        let root = try PipelineRunTests.makeRegion()
        defer { try? FileManager.default.removeItem(at: root) }
        try PipelineRunTests.drop(["05701000_2021-03.xlsx", "05703000_2021-03.xlsx", "05705000_2021-03.xlsx"], into: root)
        try Self.copy(Self.samples.appendingPathComponent("valid/05723000_2021-03.csv"), into: root, as: "05702000_poison_2021-03.csv")
        let crash = ["SVOD_CRASH_ON": "poison"]
        let first = try Self.run(root, asOf: "2021-04-13T09:00", environment: crash)
        #expect(first.signaled && first.status == SIGSEGV)
        let second = try Self.run(root, asOf: "2021-04-13T09:00", environment: crash)
        #expect(!second.signaled && second.status == 1, "\(second.stderr)")
        let ledger = try PipelineRunTests.ledger(root)
        let all = try ledger.submissions()
        #expect(all.count == 4 && all.allSatisfy { $0.state == .stored })
        #expect(all.filter { $0.verdict == .accepted }.count == 3)
        let poison = try #require(all.first { $0.originalName.contains("poison") })
        #expect(poison.verdict == .rejected && poison.path.contains("/quarantine/"))
        #expect(try ledger.diagnostics(of: poison.id).map(\.code) == ["file-stopped-check"])
        let report = try String(contentsOf: root.appendingPathComponent("out/rejected/05702000_poison_2021-03.csv.txt"), encoding: .utf8)
        #expect(report.contains("file-stopped-check"))
        let march = try String(contentsOf: root.appendingPathComponent("out/region-2021-03.json"), encoding: .utf8)
        #expect(march.contains("05701000") && march.contains("05705000"))
        // Later runs leave it there and change nothing.
        let before = try Self.state(root)
        #expect(try Self.run(root, asOf: "2021-04-13T09:00", environment: crash).status == 0)
        #expect(try Self.state(root) == before)
    }

    // MARK: 2, 3. Kills at the wrong moment

    /// A correction whose verdict was recorded just before a kill is republished by the next run.
    @Test(arguments: ["record-verdict:1", "validate-marked:1", "record-moved:1", "publish-written:1"])
    func aCorrectionRecordedBeforeAKillIsRepublished(checkpoint: String) throws {
        let reference = try PipelineRunTests.makeRegion()
        let interrupted = try PipelineRunTests.makeRegion()
        defer {
            try? FileManager.default.removeItem(at: reference)
            try? FileManager.default.removeItem(at: interrupted)
        }
        for root in [reference, interrupted] {
            try PipelineRunTests.drop(PipelineRunTests.march, into: root)
            #expect(try Self.run(root, asOf: "2021-04-13T09:00").status == 1)
            try PipelineRunTests.drop(["05705000_2021-03_v2.xlsx"], into: root)
        }
        #expect(try Self.run(reference, asOf: "2021-04-15T11:00").status == 0)
        let killed = try Self.run(interrupted, asOf: "2021-04-15T11:00", environment: ["SVOD_KILL_AT": checkpoint])
        #expect(killed.signaled && killed.status == SIGKILL)
        #expect(try Self.run(interrupted, asOf: "2021-04-15T11:00").status == 0)
        try Self.expectSameState(reference, interrupted, checkpoint)
        let json = try String(contentsOf: interrupted.appendingPathComponent("out/region-2021-03.json"), encoding: .utf8)
        #expect(json.contains("05705000_2021-03_v2.xlsx"))
    }

    /// A rejected file's report for the municipality comes from its recorded diagnostics, never
    /// from a path the file has already left; the rerun after the kill exits 1 like the
    /// uninterrupted run.
    @Test(arguments: ["record-moved:1", "before-consolidate", "publish-written:1"])
    func aKillNeverTurnsARejectedFilesReportIntoFileNotFound(checkpoint: String) throws {
        let reference = try PipelineRunTests.makeRegion()
        let interrupted = try PipelineRunTests.makeRegion()
        defer {
            try? FileManager.default.removeItem(at: reference)
            try? FileManager.default.removeItem(at: interrupted)
        }
        for root in [reference, interrupted] { try PipelineRunTests.drop(["05717000_2021-03.xlsx"], into: root) }
        #expect(try Self.run(reference, asOf: "2021-04-13T09:00").status == 1)
        let killed = try Self.run(interrupted, asOf: "2021-04-13T09:00", environment: ["SVOD_KILL_AT": checkpoint])
        #expect(killed.signaled)
        #expect(try Self.run(interrupted, asOf: "2021-04-13T09:00").status == 1)
        try Self.expectSameState(reference, interrupted, checkpoint)
        let text = try String(contentsOf: interrupted.appendingPathComponent("out/rejected/05717000_2021-03.xlsx.txt"), encoding: .utf8)
        #expect(!text.contains("не найден") && text.contains("ошиб"))
    }

    /// The report that goes back for a rejected file, written from the ledger, is the text
    /// `svod validate` prints for the file itself — also past the cap on diagnostics.
    @Test(arguments: ["invalid/pasted_table.csv", "invalid/status_and_values.xlsx"])
    func aRejectedFilesReportFromTheLedgerIsTheValidatorsOwn(sample: String) throws {
        let root = try PipelineRunTests.makeRegion()
        defer { try? FileManager.default.removeItem(at: root) }
        let source = Self.samples.appendingPathComponent(sample)
        try Self.copy(source, into: root)
        #expect(try Self.run(root, asOf: "2021-04-13T09:00").status == 1)
        var direct = Validator(pipeline: try Pipeline.load(path: root.appendingPathComponent("region.yaml").path)).validate(path: source.path)
        direct.file = source.lastPathComponent
        let stored = try #require(try PipelineRunTests.ledger(root).submissions().first)
        #expect(stored.errors == direct.errorCount && stored.warnings == direct.warningCount)
        let text = try String(contentsOf: root.appendingPathComponent("out/rejected/\(source.lastPathComponent).txt"), encoding: .utf8)
        #expect(text == ValidationReport.text([direct], language: .ru))
    }

    @Test func temporaryFilesAKilledRunLeftAreRemoved() throws {
        let root = try PipelineRunTests.makeRegion()
        defer { try? FileManager.default.removeItem(at: root) }
        try PipelineRunTests.drop(["05701000_2021-03.xlsx"], into: root)
        #expect(try Self.run(root, asOf: "2021-04-13T09:00").status == 0)
        let leftovers = ["out/.region-2021-03.xlsx.tmp-4242-17", "out/rejected/.x.txt.tmp-1-2", "quarantine/abc/.y.diagnostics.txt.tmp-3-4"]
        for leftover in leftovers {
            let url = root.appendingPathComponent(leftover)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("half".utf8).write(to: url)
        }
        #expect(try Self.run(root, asOf: "2021-04-13T09:00").status == 0)
        for leftover in leftovers { #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent(leftover).path)) }
    }

    // MARK: 4, 12. Odd inbox entries

    @Test func oddInboxEntriesAreSetAsideAndTheRunGoesOn() throws {
        let root = try PipelineRunTests.makeRegion()
        defer { try? FileManager.default.removeItem(at: root) }
        let inbox = root.appendingPathComponent("inbox")
        try PipelineRunTests.drop(["05701000_2021-03.xlsx"], into: root)
        #expect(mkfifo(inbox.appendingPathComponent("pipe.xlsx").path, 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: inbox.appendingPathComponent("zero.xlsx").path, withDestinationPath: "/dev/zero")
        // A link to a real report outside the inbox: the link is set aside, the report untouched.
        let outside = root.appendingPathComponent("outside_05703000_2021-03.xlsx")
        try FileManager.default.copyItem(at: PipelineRunTests.inbox.appendingPathComponent("05703000_2021-03.xlsx"), to: outside)
        try FileManager.default.createSymbolicLink(atPath: inbox.appendingPathComponent("05703000_2021-03.xlsx").path, withDestinationPath: outside.path)
        // A socket.
        let socketPath = inbox.appendingPathComponent("socket").path
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in socketPath.utf8.prefix(raw.count - 1).enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) } }
        #expect(bound == 0)
        close(descriptor)
        // A rejected file and a resend of a known one, both with 250-byte names; a name with a
        // line break in it.
        let long = String(repeating: "о", count: 112) + "_05717000_2021-03.xlsx"  // 224 + 22 bytes
        #expect(long.utf8.count > 240 && long.utf8.count <= 255)
        try FileManager.default.copyItem(at: PipelineRunTests.inbox.appendingPathComponent("05717000_2021-03.xlsx"), to: inbox.appendingPathComponent(long))
        let newline = "05705000_2021-03\nforged log line.xlsx"
        try FileManager.default.copyItem(at: PipelineRunTests.inbox.appendingPathComponent("05705000_2021-03.xlsx"), to: inbox.appendingPathComponent(newline))

        let first = try Self.run(root, asOf: "2021-04-13T09:00")
        #expect(first.status == 1, "\(first.stderr)")
        #expect(!first.stderr.contains("\nforged log line"))
        #expect(first.stderr.contains("05705000_2021-03\\x0Aforged log line.xlsx"))
        // Only the hidden nothing is left in the inbox; the entries sit in quarantine/entries.
        #expect(try FileManager.default.contentsOfDirectory(atPath: inbox.path).isEmpty)
        let entries = Set(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("quarantine/entries").path))
        #expect(entries == ["pipe.xlsx", "zero.xlsx", "05703000_2021-03.xlsx", "socket"])
        let links = try FileManager.default.destinationOfSymbolicLink(atPath: root.appendingPathComponent("quarantine/entries/05703000_2021-03.xlsx").path)
        #expect(links == outside.path)
        #expect(FileManager.default.fileExists(atPath: outside.path))
        let problems = try PipelineRunTests.ledger(root).entryProblems()
        #expect(Set(problems.map(\.code)) == [.link, .notAFile])
        #expect(problems.count == 4)
        let status = try Self.svod(["status", root.appendingPathComponent("region.yaml").path, "--period", "2021-03"])
        #expect(status.stdout.contains("Убрано из входящей папки") && status.stdout.contains("zero.xlsx [inbox-link]"))
        let submissions = try PipelineRunTests.ledger(root).submissions()
        #expect(submissions.count == 3 && submissions.allSatisfy { $0.state == .stored })
        #expect(submissions.contains { $0.originalName == "05705000_2021-03\\x0Aforged log line.xlsx" && $0.verdict == .accepted })
        let rejectedLong = try #require(submissions.first { $0.originalName == long })
        #expect(rejectedLong.verdict == .rejected && FileManager.default.fileExists(atPath: rejectedLong.path))
        let rejectedReports = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("out/rejected").path)
        #expect(rejectedReports.count == 1 && rejectedReports[0].utf8.count <= 255 && rejectedReports[0].hasSuffix(".txt"))

        // The same long-named file again: a duplicate, set aside without failing.
        try FileManager.default.copyItem(at: PipelineRunTests.inbox.appendingPathComponent("05717000_2021-03.xlsx"), to: inbox.appendingPathComponent(long))
        let second = try Self.run(root, asOf: "2021-04-13T09:00")
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: inbox.path).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("archive/duplicates").path).count == 1)
    }

    /// Root reads every file, so an unreadable one is made by running Svod as `nobody`.
    @Test func anUnreadableFileIsSetAside() throws {
        let root = try PipelineRunTests.makeRegion()
        defer { try? FileManager.default.removeItem(at: root) }
        try PipelineRunTests.drop(["05701000_2021-03.xlsx", "05703000_2021-03.xlsx"], into: root)
        let secret = root.appendingPathComponent("inbox/05703000_2021-03.xlsx").path
        #expect(chmod(secret, 0) == 0)
        var arguments = ["run", root.appendingPathComponent("region.yaml").path, "--as-of", "2021-04-13T09:00"]
        var executable = PipelineRunTests.svod
        if getuid() == 0 {
            // Everything `nobody` needs lives in the region folder (the checkout may be under a
            // folder only root can enter): the binary and the pipeline's inputs.
            let repo = DemoRegion.root
            for (source, name) in [(PipelineRunTests.svod, "svod"), (repo.appendingPathComponent("Samples/roadmaps/primorye-2021.xlsx").path, "roadmap.xlsx"),
                                   (repo.appendingPathComponent("Samples/municipalities/primorye.csv").path, "registry.csv"),
                                   (repo.appendingPathComponent("Pipelines/schema-default.yaml").path, "schema.yaml")] {
                try FileManager.default.copyItem(atPath: source, toPath: root.appendingPathComponent(name).path)
            }
            let yaml = try String(contentsOf: root.appendingPathComponent("region.yaml"), encoding: .utf8)
                .replacingOccurrences(of: repo.appendingPathComponent("Samples/roadmaps/primorye-2021.xlsx").path, with: "roadmap.xlsx")
                .replacingOccurrences(of: repo.appendingPathComponent("Samples/municipalities/primorye.csv").path, with: "registry.csv")
                .replacingOccurrences(of: repo.appendingPathComponent("Pipelines/schema-default.yaml").path, with: "schema.yaml")
            try Data(yaml.utf8).write(to: root.appendingPathComponent("region.yaml"))
            arguments[1] = root.appendingPathComponent("region.yaml").path
            #expect(chmod(root.path, 0o755) == 0)
            // The region folder must be the unprivileged user's to write.
            let owner = Process()
            owner.executableURL = URL(fileURLWithPath: "/bin/chown")
            owner.arguments = ["-R", "nobody", root.path]
            try owner.run()
            owner.waitUntilExit()
            #expect(chown(secret, 0, 0) == 0)
            executable = "/usr/bin/setpriv"
            arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", root.appendingPathComponent("svod").path] + arguments
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let problems = try PipelineRunTests.ledger(root).entryProblems()
        #expect(problems.map(\.code) == [.unreadable])
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("quarantine/entries/05703000_2021-03.xlsx").path))
        #expect(try PipelineRunTests.ledger(root).submissions().count == 1)
    }

    // MARK: 8. Names that are not UTF-8

    @Test func aWindows1251FileNameIsIngestedAndKeptByteForByte() throws {
        let root = try PipelineRunTests.makeRegion()
        defer { try? FileManager.default.removeItem(at: root) }
        // «Отчет_05701000_2021-03.xlsx» as a mail gateway saved it, in Windows-1251.
        let name: [UInt8] = [0xCE, 0xF2, 0xF7, 0xE5, 0xF2] + Array("_05701000_2021-03.xlsx".utf8)
        try Self.write(try Data(contentsOf: PipelineRunTests.inbox.appendingPathComponent("05701000_2021-03.xlsx")), into: root, rawName: name)
        let result = try Self.run(root, asOf: "2021-04-13T09:00")
        #expect(result.status == 0, "\(result.stderr)")
        let submission = try #require(try PipelineRunTests.ledger(root).submissions().first)
        #expect(submission.verdict == .accepted && submission.municipality == "05701000" && submission.period == .month(YearMonth(year: 2021, month: 3)))
        #expect(submission.originalName == "\\xCE\\xF2\\xF7\\xE5\\xF2_05701000_2021-03.xlsx")
        #expect(submission.nameBytes == name)
        let folder = (submission.path as NSString).deletingLastPathComponent
        #expect(try RawPath.list(folder).map(\.name) == [name])
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("inbox").path).isEmpty)
        let json = try String(contentsOf: root.appendingPathComponent("out/region-2021-03.json"), encoding: .utf8)
        #expect(json.contains("\\\\xCE"))
    }

    // MARK: 5, 6. Exit codes, lost and damaged ledgers

    @Test func failuresExitFourAndLeaveEverythingInPlace() throws {
        let root = try PipelineRunTests.makeRegion()
        defer { try? FileManager.default.removeItem(at: root) }
        try PipelineRunTests.drop(["05701000_2021-03.xlsx"], into: root)
        // The output folder cannot be made (a file stands in its place).
        try Data("not a folder".utf8).write(to: root.appendingPathComponent("out"))
        let blocked = try Self.run(root, asOf: "2021-04-13T09:00")
        #expect(blocked.status == 4, "\(blocked.stderr)")
        #expect(blocked.stderr.contains("Запуск не удался"))
        try FileManager.default.removeItem(at: root.appendingPathComponent("out"))
        #expect(try Self.run(root, asOf: "2021-04-13T09:00").status == 0)
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("out/region-2021-03.xlsx").path))

        // A damaged ledger.
        let ledgerPath = root.appendingPathComponent("work/ledger.sqlite")
        let saved = try Data(contentsOf: ledgerPath)
        try Data(repeating: 0x5A, count: 8192).write(to: ledgerPath)
        for name in ["work/ledger.sqlite-wal", "work/ledger.sqlite-shm"] { try? FileManager.default.removeItem(at: root.appendingPathComponent(name)) }
        let damaged = try Self.run(root, asOf: "2021-04-13T09:00")
        #expect(damaged.status == 4 && damaged.stderr.contains("поврежден"), "\(damaged.stderr)")
        try saved.write(to: ledgerPath)

        // A ledger from a newer Svod is refused and left as it was.
        try Self.setUserVersion(ledgerPath.path, 99)
        let before = try Data(contentsOf: ledgerPath)
        let newer = try Self.run(root, asOf: "2021-04-13T09:00")
        #expect(newer.status == 4 && newer.stderr.contains("более новой версией"), "\(newer.stderr)")
        #expect(try Data(contentsOf: ledgerPath) == before)
    }

    static func command(_ path: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Whether this machine lets the tests mount a small tmpfs (root, as in CI).
    static let canMount: Bool = {
        let probe = FileManager.default.temporaryDirectory.appendingPathComponent("svod-mount-probe-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: probe, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: probe) }
        guard command("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", probe]) == 0 else { return false }
        return command("/bin/umount", [probe]) == 0
    }()

    /// A full disk under the output folder (a 64 KiB tmpfs): exit 4, nothing lost; with room
    /// again, the next run publishes.
    @Test(.enabled(if: canMount, "needs root to mount a tmpfs"))
    func aFullDiskExitsFourAndTheNextRunFinishes() throws {
        let root = try PipelineRunTests.makeRegion()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("out").path
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        #expect(Self.command("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", out]) == 0)
        var mounted = true
        defer { if mounted { _ = Self.command("/bin/umount", [out]) } }
        try PipelineRunTests.drop(PipelineRunTests.march + ["05701000_2021-02.xlsx", "05701000_2021-01.xlsx"], into: root)
        let full = try Self.run(root, asOf: "2021-04-13T09:00")
        #expect(full.status == 4, "\(full.stderr)")
        #expect(try PipelineRunTests.ledger(root).submissions().allSatisfy { $0.state == .stored })
        #expect(Self.command("/bin/umount", [out]) == 0)
        mounted = false
        #expect(try Self.run(root, asOf: "2021-04-13T09:00").status == 1)
        for month in ["01", "02", "03"] {
            #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("out/region-2021-\(month).xlsx").path))
        }
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("out/rejected/05717000_2021-03.xlsx.txt").path))
    }

    static func setUserVersion(_ path: String, _ version: Int) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('PRAGMA user_version=%d' % int(sys.argv[2])); c.commit(); c.close()", path, "\(version)"]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test func aLostLedgerIsRefusedAndRebuiltFromTheArchive() throws {
        let root = try PipelineRunTests.makeRegion()
        defer { try? FileManager.default.removeItem(at: root) }
        try PipelineRunTests.drop(PipelineRunTests.march + ["05701000_2021-02.xlsx", "05703000_2021-02.xlsx"], into: root)
        #expect(try Self.run(root, asOf: "2021-04-13T09:00").status == 1)
        let published = try Self.state(root).filter { $0.key.hasPrefix("out/") }
        for name in ["work/ledger.sqlite", "work/ledger.sqlite-wal", "work/ledger.sqlite-shm"] {
            try? FileManager.default.removeItem(at: root.appendingPathComponent(name))
        }
        // One new report arrives: the run refuses rather than publish March from it alone.
        try PipelineRunTests.drop(["05707000_2021-03.xlsx"], into: root)
        let refused = try Self.run(root, asOf: "2021-04-13T09:00")
        #expect(refused.status == 4 && refused.stderr.contains("svod ledger rebuild"), "\(refused.stderr)")
        #expect(try Self.state(root).filter { $0.key.hasPrefix("out/") } == published)
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("inbox/05707000_2021-03.xlsx").path))
        // An emptied ledger (zero bytes) is refused the same way.
        try Data().write(to: root.appendingPathComponent("work/ledger.sqlite"))
        #expect(try Self.run(root, asOf: "2021-04-13T09:00").status == 4)

        let rebuilt = try Self.svod(["ledger", "rebuild", root.appendingPathComponent("region.yaml").path])
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        #expect(rebuilt.stdout.contains("файлов 6"))
        let submissions = try PipelineRunTests.ledger(root).submissions()
        #expect(submissions.count == 6 && submissions.filter { $0.verdict == .rejected }.count == 1)
        // Rebuilding again is refused: the ledger is not empty.
        #expect(try Self.svod(["ledger", "rebuild", root.appendingPathComponent("region.yaml").path]).status == 4)
        // The next run files the new report; February is republished byte for byte.
        #expect(try Self.run(root, asOf: "2021-04-13T09:00").status == 0)
        #expect(try Data(contentsOf: root.appendingPathComponent("out/region-2021-02.xlsx")) == published["out/region-2021-02.xlsx"])
        #expect(try Data(contentsOf: root.appendingPathComponent("out/region-2021-02.json")) == published["out/region-2021-02.json"])
        let march = try String(contentsOf: root.appendingPathComponent("out/region-2021-03.json"), encoding: .utf8)
        #expect(march.contains("05707000_2021-03.xlsx") && march.contains("05717000_2021-03.xlsx"))
    }

    // MARK: 7. A file missing from the archive

    @Test func aFileMissingFromTheArchiveIsReportedNeverReclassified() throws {
        let root = try PipelineRunTests.makeRegion()
        defer { try? FileManager.default.removeItem(at: root) }
        try PipelineRunTests.drop(["05701000_2021-03.xlsx", "05703000_2021-03.xlsx"], into: root)
        #expect(try Self.run(root, asOf: "2021-04-13T09:00").status == 0)
        let marchBefore = try Data(contentsOf: root.appendingPathComponent("out/region-2021-03.json"))
        let lost = try #require(try PipelineRunTests.ledger(root).submissions().first { $0.originalName == "05703000_2021-03.xlsx" })
        try FileManager.default.removeItem(atPath: lost.path)
        try PipelineRunTests.drop(["05705000_2021-03.xlsx"], into: root)
        let result = try Self.run(root, asOf: "2021-04-14T09:00")
        #expect(result.status == 4 && result.stderr.contains(lost.path), "\(result.stderr)")
        #expect(try Data(contentsOf: root.appendingPathComponent("out/region-2021-03.json")) == marchBefore)
        #expect(try PipelineRunTests.ledger(root).submissions().first { $0.id == lost.id }?.verdict == .accepted)
        let status = try Self.svod(["status", root.appendingPathComponent("region.yaml").path, "--period", "2021-03", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        #expect((object["missing_from_archive"] as? [[String: Any]])?.first?["path"] as? String == lost.path)
        // Restored, the next run publishes March with all three.
        try FileManager.default.copyItem(at: PipelineRunTests.inbox.appendingPathComponent("05703000_2021-03.xlsx"), to: URL(fileURLWithPath: lost.path))
        #expect(try Self.run(root, asOf: "2021-04-14T09:00").status == 0)
        let march = try String(contentsOf: root.appendingPathComponent("out/region-2021-03.json"), encoding: .utf8)
        #expect(march.contains("05703000_2021-03.xlsx") && march.contains("05705000_2021-03.xlsx"))
    }

    // MARK: 9. Far periods

    @Test func aFileClaimingAFarPeriodNeverPublishesFutureMonths() throws {
        let root = try PipelineRunTests.makeRegion()
        defer { try? FileManager.default.removeItem(at: root) }
        try PipelineRunTests.drop(["05701000_2021-03.xlsx"], into: root)
        try Self.copy(Self.samples.appendingPathComponent("invalid/outside_roadmap_05701000_2022-01.xlsx"), into: root)
        // A valid report that claims December, sent in April.
        try Self.write(try Self.ussuriysk { $0.replacingOccurrences(of: "март 2021", with: "декабрь 2021") }, into: root,
                       rawName: Array("05723000_2021-12.csv".utf8))
        #expect(try Self.run(root, asOf: "2021-04-13T09:00").status == 1)
        let published = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("out").path)
            .filter { $0.hasSuffix(".xlsx") }.sorted()
        #expect(published == ["region-2021-01.xlsx", "region-2021-02.xlsx", "region-2021-03.xlsx"])
    }
}
