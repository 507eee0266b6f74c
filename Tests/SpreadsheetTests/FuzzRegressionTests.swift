import Foundation
import Testing
@testable import Spreadsheet

/// Replays what `make fuzz` found in the reader targets: the inputs kept in
/// Fixtures/fuzz/<target>/ go through what the fuzz target does with them (open, stream every
/// row of every sheet, annotate; for CSV every encoding and delimiter) and must end in rows or
/// a coded refusal. The SvodCore targets' findings are replayed by SvodCoreTests.
@Suite struct FuzzRegressionTests {
    static func inputs(_ target: String) -> [String] {
        let folder = Fixture.root.appendingPathComponent("fuzz/\(target)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix(".") && !$0.hasSuffix(".md") }.sorted().map { folder.appendingPathComponent($0).path }
    }

    /// The fuzz targets' caps (Fuzz/Support.swift).
    static var limits: ReadLimits {
        var limits = ReadLimits()
        limits.maxEntryBytes = 16 << 20
        limits.maxTotalBytes = 32 << 20
        limits.maxCells = 200_000
        return limits
    }

    private func readAndAnnotate(_ path: String) throws {
        let directory = try TemporaryDirectory()
        // The finding's own name may lack an extension: read it as the fuzz target did.
        let copy = directory.path("input.xlsx")
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        let outcome = ReadOutcome.of(path: copy, limits: Self.limits)
        if case .unexpected(let error) = outcome { Issue.record("\(path): \(error)") }
        guard case .read = outcome else { return }
        var options = AnnotationOptions()
        options.limits = Self.limits
        do {
            try Annotator.annotate(source: copy, destination: directory.path("annotated.xlsx"), annotations: [], options: options)
        } catch is SpreadsheetError {
        }
    }

    @Test func xlsxFindings() throws {
        for path in Self.inputs("xlsx") + Self.inputs("xlsx_parts") + Self.inputs("ods") + Self.inputs("xls") { try readAndAnnotate(path) }
    }

    @Test func csvFindings() throws {
        for path in Self.inputs("csv") {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
            _ = try? CSVDialectSniffer.sniff(bytes)
            for encoding in CSVDialect.TextEncoding.allCases {
                for delimiter in CSVDialect.sniffedDelimiters {
                    do {
                        let reader = try CSVReader(data: bytes, name: "fuzz.csv", limits: Self.limits,
                                                   dialect: CSVDialect(encoding: encoding, delimiter: delimiter))
                        while try reader.nextRow() != nil {}
                    } catch is SpreadsheetError {
                    }
                }
            }
        }
    }
}
