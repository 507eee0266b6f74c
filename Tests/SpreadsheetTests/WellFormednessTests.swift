import Foundation
import Testing
@testable import Spreadsheet

/// Issue 11: parts damaged inside an intact ZIP are refused, never read as partial data.
@Suite struct WellFormednessTests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Samples/submissions")
    static let sample = samples.appendingPathComponent("valid/05701000_2021-01.xlsx").path
    static let libreOffice = samples.appendingPathComponent("valid/05638000_2021-06_libreoffice.xlsx").path

    /// The package with one entry replaced (or removed when `data` is nil), rezipped intact.
    private func rezip(_ path: String, _ part: String, _ change: ([UInt8]) -> [UInt8]?) throws -> [UInt8] {
        let entries = try StoredZip.entries(of: path)
        #expect(entries.contains { $0.name == part }, "\(part) is in \(path)")
        return StoredZip.make(entries.compactMap { entry in
            guard entry.name == part else { return entry }
            return change(entry.data).map { (entry.name, $0) }
        })
    }

    private func offsets(of needle: String, in bytes: [UInt8]) -> [Int] {
        let pattern = Array(needle.utf8)
        guard bytes.count >= pattern.count else { return [] }
        return (0...(bytes.count - pattern.count)).filter { bytes[$0] == pattern[0] && Array(bytes[$0..<$0 + pattern.count]) == pattern }
    }

    @Test func rezippedIntactPackageReadsAsTheOriginal() throws {
        let directory = try TemporaryDirectory()
        let original = ReadOutcome.of(path: Self.sample)
        guard case .read(let rows) = original else { Issue.record("the sample reads: \(original)"); return }
        #expect(rows > 10)
        let same = ReadOutcome.of(bytes: try rezip(Self.sample, "xl/worksheets/sheet1.xml") { $0 }, name: "same.xlsx", in: directory)
        #expect(same == original)
    }

    /// The defect: a sheet cut right after any `</row>` read as a shorter, valid sheet.
    @Test(arguments: [sample, libreOffice])
    func worksheetCutAfterAnyRowIsMalformed(path: String) throws {
        let directory = try TemporaryDirectory()
        let sheet = try StoredZip.entries(of: path).first { $0.name == "xl/worksheets/sheet1.xml" }!.data
        let cuts = offsets(of: "</row>", in: sheet).map { $0 + 6 } + offsets(of: "</sheetData>", in: sheet).map { $0 + 12 }
        #expect(cuts.count > 10)
        for (n, cut) in cuts.enumerated() {
            let bytes = try rezip(path, "xl/worksheets/sheet1.xml") { Array($0[..<cut]) }
            let outcome = ReadOutcome.of(bytes: bytes, name: "cut\(n).xlsx", in: directory)
            #expect(outcome == .refused(.xmlMalformed), "cut at byte \(cut) of \(sheet.count)")
        }
    }

    @Test func worksheetCutInsideAnyElementIsMalformed() throws {
        let directory = try TemporaryDirectory()
        let sheet = try StoredZip.entries(of: Self.sample).first { $0.name == "xl/worksheets/sheet1.xml" }!.data
        var generator = SplitMix64(seed: 11)
        for n in 0..<60 {
            let cut = 1 + generator.below(sheet.count - 2)
            let bytes = try rezip(Self.sample, "xl/worksheets/sheet1.xml") { Array($0[..<cut]) }
            #expect(ReadOutcome.of(bytes: bytes, name: "cut\(n).xlsx", in: directory) == .refused(.xmlMalformed),
                    "cut at byte \(cut) of \(sheet.count)")
        }
    }

    /// The same rule for every other part the reader parses.
    @Test(arguments: ["xl/workbook.xml", "xl/sharedStrings.xml", "xl/styles.xml", "_rels/.rels", "xl/_rels/workbook.xml.rels"])
    func otherPartsCutBeforeTheirLastEndTagAreMalformed(part: String) throws {
        let directory = try TemporaryDirectory()
        var checked = 0
        defer { #expect(checked > 0, "a sample has \(part)") }
        for path in [Self.sample, Self.libreOffice] {
            // openpyxl writes inline strings: only the LibreOffice sample has sharedStrings.xml.
            guard let data = try StoredZip.entries(of: path).first(where: { $0.name == part })?.data else { continue }
            checked += 1
            let lastEnd = try #require(offsets(of: "</", in: data).last)
            let secondLast = offsets(of: "</", in: data).dropLast().last ?? lastEnd
            for cut in [lastEnd, secondLast, data.count / 2] {
                let bytes = try rezip(path, part) { Array($0[..<cut]) }
                #expect(ReadOutcome.of(bytes: bytes, name: "cut.xlsx", in: directory) == .refused(.xmlMalformed),
                        "\(part) of \(path) cut at \(cut)")
            }
        }
    }

    @Test func mismatchedEndTagIsMalformed() throws {
        let directory = try TemporaryDirectory()
        let bytes = try rezip(Self.sample, "xl/worksheets/sheet1.xml") { data in
            let at = offsets(of: "</c>", in: data)[3]
            var copy = data
            copy[at + 2] = UInt8(ascii: "x")
            return copy
        }
        #expect(ReadOutcome.of(bytes: bytes, name: "mismatch.xlsx", in: directory) == .refused(.xmlMalformed))
    }

    @Test func missingWorksheetIsPartMissing() throws {
        let directory = try TemporaryDirectory()
        let bytes = try rezip(Self.sample, "xl/worksheets/sheet1.xml") { _ in nil }
        #expect(ReadOutcome.of(bytes: bytes, name: "gone.xlsx", in: directory) == .refused(.partMissing))
    }

    private func scan(_ xml: String) -> SpreadsheetError.Code? {
        var scanner = XMLScanner(bytes: Array(xml.utf8), file: "f", part: "p")
        do {
            while try scanner.next() != .end {}
            return nil
        } catch let error as SpreadsheetError {
            return error.code
        } catch {
            return .fileUnreadable
        }
    }

    @Test func scannerChecksNestingAndTheRoot() {
        #expect(scan("\u{FEFF}<?xml version=\"1.0\"?>\n<a><x:b/><x:c>t</x:c><!-- c --></a>\n") == nil)
        #expect(scan("<a><b></b>") == .xmlMalformed)            // truncated
        #expect(scan("<a><b></a></b>") == .xmlMalformed)        // crossed
        #expect(scan("<a></a></a>") == .xmlMalformed)           // extra end tag
        #expect(scan("<a/><b/>") == .xmlMalformed)              // two roots
        #expect(scan("<a/>junk") == .xmlMalformed)              // text after the root
        #expect(scan("junk<a/>") == .xmlMalformed)              // text before the root
        #expect(scan("") == .xmlMalformed)                      // no root at all
        #expect(scan("<x:a></a>") == .xmlMalformed)             // qualified names must match
        #expect(scan("<a><></a>") == .xmlMalformed)             // a tag without a name
        #expect(scan(String(repeating: "<a>", count: XMLScanner.maxDepth + 1)) == .xmlMalformed)
        let deep = String(repeating: "<a>", count: 1000) + String(repeating: "</a>", count: 1000)
        #expect(scan(deep) == nil)
    }

    /// The defect: the central directory declares 4 KiB, the sheet inflates to 1 GiB; it was
    /// refused as malformed XML when the scanner's token cap was reached at 64 MiB.
    @Test func bombWithFalseDeclaredSizeIsAZipBomb() {
        let started = ContinuousClock.now
        #expect(ReadOutcome.of(path: Fixture.path("xlsx/zip_bomb_false_size.xlsx")) == .refused(.suspiciousCompression))
        #expect(ContinuousClock.now - started < .seconds(5))
        // Even with every cap lifted the lie about the size is caught.
        var lifted = ReadLimits()
        lifted.maxEntryBytes = .max
        lifted.maxTotalBytes = .max
        lifted.maxCompressionRatio = .infinity
        #expect(ReadOutcome.of(path: Fixture.path("xlsx/zip_bomb_false_size.xlsx"), limits: lifted) == .refused(.suspiciousCompression))
    }

    /// A declared size a little off is damage (the CRC or the size check at the end of the
    /// entry), not a bomb; the bytes are never read as the sheet.
    @Test(arguments: [-10, 10])
    func declaredSizeSlightlyOffIsCorrupt(delta: Int) throws {
        let directory = try TemporaryDirectory()
        let entries = try StoredZip.entries(of: Self.sample)
        var bytes = StoredZip.make(entries)
        let size = entries.first { $0.name == "xl/worksheets/sheet1.xml" }!.data.count
        let name = Array("xl/worksheets/sheet1.xml".utf8)
        // Patch the uncompressed size in the local header (+22) and the central directory (+24).
        for (signature, offset, nameAt) in [([UInt8]([0x50, 0x4B, 0x03, 0x04]), 22, 30), ([0x50, 0x4B, 0x01, 0x02], 24, 46)] {
            for at in 0..<(bytes.count - 50) where Array(bytes[at..<at + 4]) == signature
                && Array(bytes[(at + nameAt)..<min(bytes.count, at + nameAt + name.count)]) == name {
                let value = UInt32(size + delta)
                for i in 0..<4 { bytes[at + offset + i] = UInt8(value >> (8 * UInt32(i)) & 0xFF) }
            }
        }
        #expect(ReadOutcome.of(bytes: bytes, name: "size.xlsx", in: directory) == .refused(.corrupt))
    }

    /// The defect: `Int(Double("1e300"))` trapped on a `t="d"` cell with absurd seconds.
    @Test func isoDateCellWithAbsurdSecondsIsText() throws {
        for seconds in ["1e300", "nan", "-1", "inf", "61"] {
            #expect(ISODateTime.parse("2022-05-17T08:15:\(seconds)") == nil)
        }
        #expect(ISODateTime.parse("2022-05-17T08:15:30.5") == CivilDateTime(date: CivilDate(year: 2022, month: 5, day: 17), hour: 8, minute: 15, second: 30))
        let directory = try TemporaryDirectory()
        let bytes = try rezip(Self.sample, "xl/worksheets/sheet1.xml") { data in
            let at = offsets(of: "<row", in: data)[0]
            let cell = Array(#"<row r="999"><c r="A999" t="d"><v>2022-05-17T08:15:1e300</v></c></row>"#.utf8)
            let end = offsets(of: "</sheetData>", in: data)[0]
            return Array(data[..<at]) + Array(data[at..<end]) + cell + Array(data[end...])
        }
        let path = directory.path("date.xlsx")
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        let rows = try SpreadsheetDocument.open(path: path).rows().readAll()
        #expect(rows.last?.cells.first?.value == .string("2022-05-17T08:15:1e300"))
    }
}
