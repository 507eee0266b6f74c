import Foundation
import Testing
@testable import Spreadsheet

/// Issue 11: no input can crash Svod. A fixed-seed run of 2,000+ mutants of the sample reports
/// in Samples/submissions through the readers (open, then stream every row of every sheet):
/// each must end in rows or in a coded `SpreadsheetError`, quickly. A part cut before its root
/// element closes must be `file-xml-malformed`, never partial data.
@Suite struct MutationTests {
    static let submissions = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Samples/submissions")
    /// The sample reports' paths; each is loaded (and its entries inflated) only while its
    /// mutants are made, so the suite holds one sample at a time.
    static let samplePaths: [String] = {
        let files = FileManager.default.enumerator(atPath: submissions.path)?.compactMap { $0 as? String } ?? []
        return files.filter { $0.hasSuffix(".xlsx") || $0.hasSuffix(".ods") || $0.hasSuffix(".csv") }.sorted().map { submissions.appendingPathComponent($0).path }
    }()

    /// Mutants per sample for each kind of damage (XLSX kinds skip CSV samples and vice versa).
    static let perSample: [Mutation: Int] = [
        .byteFlip: 16, .truncate: 12, .entryRemoved: 8, .xmlCut: 25, .xmlDamage: 40, .csvDamage: 60,
    ]
    static let readerCodes: Set<SpreadsheetError.Code> = Set(SpreadsheetError.Code.allCases).subtracting([.writeFailed])

    static func seed(sample index: Int, _ mutation: Mutation) -> UInt64 {
        0x5EED_0011 &* 1_000_003 &+ UInt64(index) << 8 &+ UInt64(Mutation.allCases.firstIndex(of: mutation) ?? 0)
    }

    /// Calls `body` with each mutant, one sample's worth at a time: the mutants are made as they
    /// are needed, so the test process stays small.
    static func forEachMutant(_ mutation: Mutation, _ body: (Mutant) throws -> Void) throws {
        for (index, path) in samplePaths.enumerated() {
            let sample = try Sample.load(path)
            for mutant in Mutator.mutants(of: sample, mutation, count: perSample[mutation] ?? 0, seed: seed(sample: index, mutation)) {
                try body(mutant)
            }
        }
    }

    @Test func theSamplesAreThere() {
        let xlsx = Self.samplePaths.filter { $0.hasSuffix(".xlsx") }.count
        let ods = Self.samplePaths.filter { $0.hasSuffix(".ods") }.count
        let csv = Self.samplePaths.filter { $0.hasSuffix(".csv") }.count
        #expect(xlsx >= 15)
        #expect(ods >= 2)
        #expect(csv >= 3)
        // XLSX and ODS samples get every kind but csvDamage; CSV ones byteFlip, truncate and csvDamage.
        let xlsxKinds: [Mutation] = [.byteFlip, .truncate, .entryRemoved, .xmlCut, .xmlDamage]
        let csvKinds: [Mutation] = [.byteFlip, .truncate, .csvDamage]
        let total = (xlsx + ods) * xlsxKinds.reduce(0) { $0 + (Self.perSample[$1] ?? 0) }
            + csv * csvKinds.reduce(0) { $0 + (Self.perSample[$1] ?? 0) }
        #expect(total >= 2000, "\(total) mutants")
    }

    @Test(arguments: Mutation.allCases)
    func everyMutantEndsInACodedResult(_ mutation: Mutation) throws {
        let directory = try TemporaryDirectory()
        var refused: [SpreadsheetError.Code: Int] = [:]
        var read = 0
        try Self.forEachMutant(mutation) { mutant in
            let started = ContinuousClock.now
            let outcome = ReadOutcome.of(bytes: mutant.bytes, name: mutant.name,
                                         in: directory)
            let took = ContinuousClock.now - started
            #expect(took < .seconds(5), "\(mutant.name) took \(took)")
            switch outcome {
            case .read:
                read += 1
                #expect(!mutant.mustBeMalformed, "\(mutant.name) was read although a part was cut short")
            case .refused(let code):
                refused[code, default: 0] += 1
                #expect(Self.readerCodes.contains(code), "\(mutant.name): \(code)")
                if mutant.mustBeMalformed { #expect(code == .xmlMalformed, "\(mutant.name): \(code)") }
            case .unexpected(let error):
                Issue.record("\(mutant.name): not a SpreadsheetError: \(error)")
            }
        }
        print("mutation \(mutation.rawValue): read \(read), refused \(refused.map { "\($0.key.rawValue) \($0.value)" }.sorted())")
    }
    /// The `.xls` workbooks: the samples and LibreOffice's conversions in Fixtures/xls.
    static let xlsPaths: [String] = {
        let files = FileManager.default.enumerator(atPath: submissions.path)?.compactMap { $0 as? String } ?? []
        let fixtures = (try? FileManager.default.contentsOfDirectory(atPath: Fixture.path("xls"))) ?? []
        return files.filter { $0.hasSuffix(".xls") }.sorted().map { submissions.appendingPathComponent($0).path }
            + fixtures.filter { $0.hasPrefix("libreoffice_") && $0.hasSuffix(".xls") }.sorted().map { Fixture.path("xls/\($0)") }
    }()

    /// Byte flips (often in a record length, a sector number or a string's flag) and
    /// truncations of the `.xls` workbooks: rows or a coded refusal, quickly.
    @Test(arguments: [Mutation.byteFlip, .truncate])
    func everyXLSMutantEndsInACodedResult(_ mutation: Mutation) throws {
        #expect(Self.xlsPaths.count >= 3)
        let directory = try TemporaryDirectory()
        var refused: [SpreadsheetError.Code: Int] = [:]
        var read = 0
        for (index, path) in Self.xlsPaths.enumerated() {
            let sample = try Sample.load(path)
            let count = mutation == .byteFlip ? 60 : 30
            for mutant in Mutator.mutants(of: sample, mutation, count: count, seed: Self.seed(sample: 100 + index, mutation)) {
                let started = ContinuousClock.now
                let outcome = ReadOutcome.of(bytes: mutant.bytes, name: mutant.name, in: directory)
                let took = ContinuousClock.now - started
                #expect(took < .seconds(5), "\(mutant.name) took \(took)")
                switch outcome {
                case .read: read += 1
                case .refused(let code):
                    refused[code, default: 0] += 1
                    #expect(Self.readerCodes.contains(code), "\(mutant.name): \(code)")
                case .unexpected(let error):
                    Issue.record("\(mutant.name): not a SpreadsheetError: \(error)")
                }
            }
        }
        print("xls mutation \(mutation.rawValue): read \(read), refused \(refused.map { "\($0.key.rawValue) \($0.value)" }.sorted())")
    }
}
