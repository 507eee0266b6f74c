import Foundation
import Testing
@testable import Spreadsheet
@testable import SvodModel
@testable import SvodChecks
@testable import SvodConsolidation
@testable import SvodRun

/// Issue 11 on the whole validation path: fixed-seed mutants of the sample reports in
/// Samples/submissions go through `Validator` in-process (a report with coded diagnostics,
/// never a crash or a hang), and a sample of them through `svod validate --format json` (valid
/// JSON, exit 0 or 1). A report whose worksheet was cut short inside an intact ZIP must be
/// refused (`file-refused`), never judged on partial data. The reader-level run of 2,000+
/// mutants is SpreadsheetTests/MutationTests; this one shares its seed scheme, not its code
/// (test targets cannot import each other).
/// Serialized: one kind of damage at a time keeps this process small (BoundedMemoryTests
/// measures `svod` children, whose peak RSS as `wait4` reports it starts from the spawning process's).
@Suite(.serialized) struct ValidationMutationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let submissions = root.appendingPathComponent("Samples/submissions")
    static let pipelinePath = root.appendingPathComponent("Pipelines/primorye.yaml").path
    static let pipeline = Result { try Pipeline.load(path: pipelinePath) }

    // MARK: Mutants (a compact twin of SpreadsheetTests/MutationSupport.swift)

    struct Generator {
        private var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    }

    enum Kind: String, CaseIterable, Sendable {
        case byteFlip, truncate, entryRemoved, sheetCut, xmlDamage, csvDamage
    }

    struct Mutant {
        var name: String
        var bytes: [UInt8]
        var kind: Kind
    }

    static let crcTable: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// A ZIP of stored entries: the container stays intact whatever the parts hold.
    static func zip(_ entries: [(name: String, data: [UInt8])]) -> [UInt8] {
        var out: [UInt8] = [], central: [UInt8] = []
        func u16(_ v: Int, _ to: inout [UInt8]) { to += [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func u32(_ v: UInt32, _ to: inout [UInt8]) { for s in stride(from: 0, to: 32, by: 8) { to.append(UInt8(v >> UInt32(s) & 0xFF)) } }
        for entry in entries {
            let name = Array(entry.name.utf8)
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in entry.data { crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
            crc ^= 0xFFFF_FFFF
            let offset = UInt32(out.count), size = UInt32(entry.data.count)
            u32(0x0403_4B50, &out); u16(20, &out); u16(0, &out); u16(0, &out); u16(0, &out); u16(0x21, &out)
            u32(crc, &out); u32(size, &out); u32(size, &out); u16(name.count, &out); u16(0, &out)
            out += name + entry.data
            u32(0x0201_4B50, &central); u16(20, &central); u16(20, &central); u16(0, &central); u16(0, &central)
            u16(0, &central); u16(0x21, &central); u32(crc, &central); u32(size, &central); u32(size, &central)
            u16(name.count, &central); u16(0, &central); u16(0, &central); u16(0, &central); u16(0, &central)
            u32(0, &central); u32(offset, &central)
            central += name
        }
        let centralOffset = UInt32(out.count)
        out += central
        u32(0x0605_4B50, &out); u16(0, &out); u16(0, &out); u16(entries.count, &out); u16(entries.count, &out)
        u32(UInt32(central.count), &out); u32(centralOffset, &out); u16(0, &out)
        return out
    }

    struct Sample {
        var name: String
        var bytes: [UInt8]
        var entries: [(name: String, data: [UInt8])]?
    }

    /// The sample reports' paths; each is loaded (and its entries inflated) only while its
    /// mutants are made, so the suite holds one sample at a time.
    static let samplePaths: [String] = {
        let files = FileManager.default.enumerator(atPath: submissions.path)?.compactMap { $0 as? String } ?? []
        return files.filter { $0.hasSuffix(".xlsx") || $0.hasSuffix(".csv") }.sorted().map { submissions.appendingPathComponent($0).path }
    }()

    static func load(_ path: String) throws -> Sample {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        var entries: [(name: String, data: [UInt8])]?
        if path.hasSuffix(".xlsx") {
            let archive = try ZipArchive(path: path, limits: .default)
            entries = try archive.entryNames.map { ($0, try archive.readAll($0)) }
        }
        return Sample(name: (path as NSString).lastPathComponent, bytes: bytes, entries: entries)
    }

    static let snippets = ["<", "&", "\"", "</row>", "<row>", "</c>", #"<c r="XFD1" t="s"><v>99999</v></c>"#, "<!DOCTYPE x>",
                           "<![CDATA[", "\u{0}", #"<c t="d"><v>2021-01-01T00:00:1e300</v></c>"#, #"<row r="0">"#,
                           "<v>1e400</v>", #"<v>-1e308</v>"#, #"<c s="999"><v>44256.5</v></c>"#, "&#0;", "\r"]

    static let perSample: [Kind: Int] = [.byteFlip: 5, .truncate: 3, .entryRemoved: 3, .sheetCut: 8, .xmlDamage: 12, .csvDamage: 25]

    /// Calls `body` with each mutant as it is made (none are kept: the test process stays small,
    /// and other suites measure child processes whose peak RSS starts from ours).
    static func forEachMutant(_ kind: Kind, _ body: (Mutant) throws -> Void) throws {
        for (index, path) in samplePaths.enumerated() {
            let sample = try load(path)
            var rng = Generator(seed: 0x5EED_0011 &* 7_777_777 &+ UInt64(index) << 8 &+ UInt64(Kind.allCases.firstIndex(of: kind)!))
            for n in 0..<(perSample[kind] ?? 0) {
                let name = "\(kind.rawValue)-\(n)-\(sample.name)"
                var bytes = sample.bytes
                switch kind {
                case .byteFlip:
                    for _ in 0...rng.below(6) { bytes[rng.below(bytes.count)] = UInt8(truncatingIfNeeded: rng.next()) }
                case .truncate:
                    bytes = Array(bytes[..<rng.below(bytes.count)])
                case .entryRemoved:
                    guard let entries = sample.entries else { continue }
                    let gone = rng.below(entries.count)
                    bytes = zip(entries.enumerated().filter { $0.offset != gone }.map(\.element))
                case .sheetCut:
                    guard var entries = sample.entries else { continue }
                    // The report's own sheet (the first in every sample); the instruction sheet after
                    // it is never read once the report is found, so damage there goes unseen.
                    guard let index = entries.firstIndex(where: { $0.name == "xl/worksheets/sheet1.xml" }) else { continue }
                    let data = entries[index].data
                    let rows = data.indices.filter { i in i + 6 <= data.count && data[i] == 0x3C && data[i + 1] == 0x2F
                        && data[i + 2] == 0x72 && data[i + 3] == 0x6F && data[i + 4] == 0x77 && data[i + 5] == 0x3E }
                    // After a row when there is one (the defect's shape), else anywhere before the end.
                    let cut = rows.isEmpty ? rng.below(max(1, data.count - 20)) : rows[rng.below(rows.count)] + 6
                    entries[index].data = Array(data[..<cut])
                    bytes = zip(entries)
                case .xmlDamage:
                    guard var entries = sample.entries else { continue }
                    let index = rng.below(entries.count)
                    for _ in 0...rng.below(3) {
                        let at = rng.below(entries[index].data.count + 1)
                        if rng.below(3) == 0, at < entries[index].data.count {
                            entries[index].data.removeSubrange(at..<min(entries[index].data.count, at + 1 + rng.below(24)))
                        } else {
                            entries[index].data.insert(contentsOf: Array(snippets[rng.below(snippets.count)].utf8), at: at)
                        }
                    }
                    bytes = zip(entries)
                case .csvDamage:
                    guard sample.entries == nil else { continue }
                    for _ in 0...rng.below(4) {
                        let at = rng.below(bytes.count + 1)
                        switch rng.below(6) {
                        case 0: bytes.insert(UInt8(ascii: "\""), at: at)
                        case 1: bytes.insert(0, at: at)
                        case 2: bytes.insert(0xFF, at: at)
                        case 3: bytes.insert(contentsOf: Array("\"\n".utf8), at: at)
                        case 4: bytes.insert(contentsOf: Array(repeating: UInt8(ascii: ";"), count: 1 + rng.below(30)), at: at)
                        default: if at < bytes.count { bytes.removeSubrange(at..<min(bytes.count, at + 1 + rng.below(40))) }
                        }
                    }
                }
                try body(Mutant(name: name, bytes: bytes, kind: kind))
            }
        }
    }

    final class Scratch {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("svod-mutants-\(UUID().uuidString)")
        init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        func write(_ mutant: Mutant) -> String {
            let path = url.appendingPathComponent(mutant.name).path
            _ = FileManager.default.createFile(atPath: path, contents: Data(mutant.bytes))
            return path
        }
        deinit { try? FileManager.default.removeItem(at: url) }
    }

    // MARK: Tests

    @Test(arguments: Kind.allCases)
    func everyMutantGetsAReport(_ kind: Kind) throws {
        let validator = Validator(pipeline: try Self.pipeline.get())
        let scratch = try Scratch()
        var valid = 0, refused = 0, invalid = 0
        try Self.forEachMutant(kind) { mutant in
            let path = scratch.write(mutant)
            let started = ContinuousClock.now
            let report = validator.validate(path: path)
            let took = ContinuousClock.now - started
            #expect(took < .seconds(5), "\(mutant.name) took \(took)")
            let codes = report.diagnostics.map(\.code)
            if codes.contains(.fileRefused) { refused += 1 } else if report.isValid { valid += 1 } else { invalid += 1 }
            if kind == .sheetCut {
                #expect(codes.contains(.fileRefused), "\(mutant.name) was judged on partial data: \(codes.map(\.rawValue))")
            }
            try? FileManager.default.removeItem(atPath: path)
        }
        print("validation mutants \(kind.rawValue): valid \(valid), invalid \(invalid), refused \(refused)")
    }

    @Test func theRunIsLargeEnough() throws {
        var total = 0
        for kind in Kind.allCases { try Self.forEachMutant(kind) { _ in total += 1 } }
        #expect(total >= 600, "\(total) mutants")
    }

    /// Every 20th mutant through the binary: the JSON parses and the status is 0 or 1.
    @Test func aSampleThroughTheBinaryPrintsValidJSON() throws {
        guard let svod = SheetDumpTests.svod else {
            Issue.record("the svod binary is not built")
            return
        }
        let scratch = try Scratch()
        var chosen: [Mutant] = []
        var seen = 0
        for kind in Kind.allCases {
            try Self.forEachMutant(kind) { mutant in
                if seen % 20 == 0 { chosen.append(mutant) }
                seen += 1
            }
        }
        #expect(chosen.count >= 30)
        // A few files per process, as an operator passes them.
        for batch in stride(from: 0, to: chosen.count, by: 8).map({ Array(chosen[$0..<min(chosen.count, $0 + 8)]) }) {
            let paths = batch.map(scratch.write)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: svod)
            process.arguments = ["validate"] + paths + ["--pipeline", Self.pipelinePath, "--format", "json"]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            try process.run()
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect([0, 1].contains(process.terminationStatus), "\(batch.map(\.name)): status \(process.terminationStatus)")
            let parsed = try? JSONSerialization.jsonObject(with: output) as? [String: Any]
            let files = parsed?["files"] as? [[String: Any]]
            #expect(files?.count == batch.count, "\(batch.map(\.name)): \(String(decoding: output.prefix(300), as: UTF8.self))")
            for file in files ?? [] {
                for diagnostic in file["diagnostics"] as? [[String: Any]] ?? [] {
                    #expect(Set(Validator.allCodes.map(\.rawValue)).contains(diagnostic["code"] as? String ?? ""))
                }
            }
        }
    }
}

/// Replays what `make fuzz` found in the SvodCore targets (Tests/SpreadsheetTests/Fixtures/fuzz/
/// <target>/): each input must run through the same code as the fuzz target without a crash.
@Suite struct CoreFuzzRegressionTests {
    static let fuzz = ValidationMutationTests.root.appendingPathComponent("Tests/SpreadsheetTests/Fixtures/fuzz")

    static func inputs(_ target: String) -> [String] {
        let folder = fuzz.appendingPathComponent(target)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix(".") && !$0.hasSuffix(".md") }.sorted().map { folder.appendingPathComponent($0).path }
    }

    static let periods: [RoadmapPeriod] = [.calendarYear(2021), .schoolYear(startingIn: 2020), .years(2020, through: 2022), .calendarYear(2023)]

    @Test func deadlineFindings() throws {
        for path in Self.inputs("deadline") {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
            guard let first = bytes.first else { continue }
            let parse = DeadlineParser.parse(String(decoding: bytes.dropFirst(), as: UTF8.self), period: Self.periods[Int(first) % 4])
            _ = parse.schedule.dueMonths()
        }
    }

    @Test func textFindings() throws {
        for path in Self.inputs("text") {
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
            _ = TextCleaner.fold(TextCleaner.clean(text))
        }
    }

    @Test func configFindings() throws {
        for path in Self.inputs("pipeline") { _ = try? PipelineDefinition.load(path: path) }
        for path in Self.inputs("schema") { _ = try? SubmissionSchema.load(path: path) }
        for path in Self.inputs("registry") { _ = try? ReporterRegistry.load(path: path) }
    }
}
