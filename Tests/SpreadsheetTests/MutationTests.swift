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
    static let samples = Result { try Sample.all(in: submissions) }

    /// Mutants per sample for each kind of damage (XLSX kinds skip CSV samples and vice versa).
    static let perSample: [Mutation: Int] = [
        .byteFlip: 16, .truncate: 12, .entryRemoved: 8, .xmlCut: 25, .xmlDamage: 40, .csvDamage: 60,
    ]
    static let readerCodes: Set<SpreadsheetError.Code> = Set(SpreadsheetError.Code.allCases).subtracting([.writeFailed])

    static func mutants(_ mutation: Mutation) throws -> [Mutant] {
        try samples.get().enumerated().flatMap { index, sample in
            Mutator.mutants(of: sample, mutation, count: perSample[mutation] ?? 0,
                            seed: 0x5EED_0011 &* 1_000_003 &+ UInt64(index) << 8 &+ UInt64(Mutation.allCases.firstIndex(of: mutation)!))
        }
    }

    @Test func theSamplesAreThere() throws {
        let samples = try Self.samples.get()
        #expect(samples.filter { $0.entries != nil }.count >= 15)
        #expect(samples.filter { $0.entries == nil }.count >= 3)
        let total = try Mutation.allCases.reduce(0) { $0 + (try Self.mutants($1).count) }
        #expect(total >= 2000, "\(total) mutants")
    }

    @Test(arguments: Mutation.allCases)
    func everyMutantEndsInACodedResult(_ mutation: Mutation) throws {
        let directory = try TemporaryDirectory()
        var refused: [SpreadsheetError.Code: Int] = [:]
        var read = 0
        for mutant in try Self.mutants(mutation) {
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
}
