import Foundation
import Spreadsheet
import Testing
@testable import SvodModel
@testable import SvodChecks
@testable import SvodConsolidation
@testable import SvodRun

/// Validation in bounded memory: rows stream from the reader and are checked one at a time, and
/// a file keeps at most `Validator.maxDiagnosticsPerFile` diagnostics (the first ones in Svod's
/// order, then a `diagnostics-truncated` note) while its counts and verdict count every problem.
@Suite struct DiagnosticCapTests {
    static let samples = SubmissionSamplesTests.submissions

    static func validate(_ sample: String, cap: Int) throws -> FileReport {
        let pipeline = try SubmissionSamplesTests.primorye.get()
        return Validator(pipeline: pipeline, diagnosticsCap: cap).validate(path: samples.appendingPathComponent(sample).path)
    }

    static func flattened(_ diagnostics: some Sequence<Diagnostic>) -> [String] {
        diagnostics.map { "\($0.cell?.a1 ?? "-") \($0.code.rawValue) \($0.message.en)" }
    }

    /// Whatever the cap, the kept diagnostics are the first ones of the uncapped list, in its
    /// order — file-level problems found after the last row (`measure-missing`) included — and
    /// the counts and the verdict are those of the uncapped list.
    @Test(arguments: ["invalid/measures.xlsx", "invalid/status_and_values.xlsx", "invalid/empty_report.xlsx",
                      "invalid/mangled_ids_ambiguous.xlsx", "invalid/columns_reworked.csv", "invalid/pasted_table.csv"])
    func cappedListIsThePrefixOfTheFullOne(_ sample: String) throws {
        let full = try Self.validate(sample, cap: Int.max)
        #expect(!full.diagnostics.contains { $0.code == .diagnosticsTruncated })
        for cap in [0, 1, 2, 3, 5, 8, 100] {
            let capped = try Self.validate(sample, cap: cap)
            #expect(capped.errorCount == full.errorCount, "cap \(cap)")
            #expect(capped.warningCount == full.warningCount, "cap \(cap)")
            #expect(capped.isValid == full.isValid)
            #expect(capped.entries == full.entries)
            if full.diagnostics.count <= cap {
                #expect(Self.flattened(capped.diagnostics) == Self.flattened(full.diagnostics), "cap \(cap)")
                continue
            }
            #expect(capped.diagnostics.count == cap + 1, "cap \(cap)")
            #expect(Self.flattened(capped.diagnostics.prefix(cap)) == Self.flattened(full.diagnostics.prefix(cap)), "cap \(cap)")
            let note = try #require(capped.diagnostics.last)
            #expect(note.code == .diagnosticsTruncated && note.severity == .warning && note.cell == nil)
            #expect(note.message.ru.contains("Показаны первые \(cap) замечаний из \(full.diagnostics.count)"), "\(note.message.ru)")
            #expect(note.message.en.contains("The first \(cap) of \(full.diagnostics.count) problems"), "\(note.message.en)")
        }
    }

    /// The sample with another table pasted under the report: 600 rows, each an unknown measure
    /// number and a status not in the list. 1,200 errors are counted; the first 1,000 are listed.
    @Test func pastedTableKeepsTheFirstThousand() throws {
        let report = try Self.validate("invalid/pasted_table.csv", cap: Validator.maxDiagnosticsPerFile)
        #expect(Validator.maxDiagnosticsPerFile == 1_000)
        #expect(report.diagnostics.count == 1_001)
        #expect(report.errorCount == 1_200)
        #expect(report.warningCount == 0)
        #expect(report.omittedErrors == 200)
        #expect(!report.isValid)
        #expect(report.diagnostics.last?.message.ru
                == "Показаны первые 1000 замечаний из 1200 (ошибок: 1200, предупреждений: 0). Исправьте их и проверьте файл снова.")
        // The valid report above the pasted table still gave its 14 entries.
        #expect(report.entries.count == 14)
        #expect(report.submission?.rowCount == 614)
        #expect(report.submission?.rows.count == 14)
        // svod validate's JSON counts every error and lists the kept diagnostics.
        let json = ValidationReport.json([report], language: .en)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let file = try #require((root["files"] as? [[String: Any]])?.first)
        #expect(file["errors"] as? Int == 1_200)
        #expect((file["diagnostics"] as? [Any])?.count == 1_001)
    }

    /// The severity counts are per problem: with a cap of one, the kept diagnostic and the
    /// omitted ones still add up, and the note itself is not counted.
    @Test func countsIncludeOmittedProblems() throws {
        let full = try Self.validate("invalid/status_and_values.xlsx", cap: Int.max)
        #expect(full.warningCount == 1 && full.errorCount == 10)
        let capped = try Self.validate("invalid/status_and_values.xlsx", cap: 1)
        #expect(capped.omittedErrors + capped.omittedWarnings == 10)
        #expect(capped.errorCount == 10 && capped.warningCount == 1)
    }
}

/// `svod validate` on big reports, run as a separate process so its peak memory can be read:
/// a valid report with many extra rows costs about what the reader costs, not memory per row,
/// and the JSON lists at most `maxDiagnosticsPerFile` + 1 diagnostics.
@Suite(.serialized) struct BoundedMemoryTests {
    /// Extra rows under the valid report: each one an unknown measure and an invalid status.
    static let extraRows = 100_000
    /// Peak RSS allowed for `svod validate` (a debug build) on either big report. Before rows
    /// were streamed it took over 400 MiB on these files (every row held, and two diagnostics
    /// per row); streaming, it is about 45 MiB: the binary, the pipeline, the reader's buffers.
    static let rssLimitMiB = 128

    /// A fresh folder for one test's files, removed by `body`'s end.
    static func withDirectory(_ body: (URL) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("svod-bounded-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(directory)
    }

    /// The lines of a valid CSV report for Ussuriysk, March 2021 (the template filled in).
    static func validReportLines(in directory: URL) throws -> [String] {
        let pipeline = DemoRegion.pipeline
        let municipality = try #require(pipeline.registry.find(name: "Уссурийский городской округ"))
        let form = ReportTemplate(pipeline: pipeline, municipality: municipality, period: .month(YearMonth(year: 2021, month: 3)))
        let path = directory.appendingPathComponent("form.csv").path
        try form.writeCSV(to: path)
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        var lines = text.components(separatedBy: "\r\n")
        while lines.last == "" { lines.removeLast() }
        for index in lines.indices {
            if lines[index].hasPrefix("Дата заполнения;") { lines[index] = "Дата заполнения;05.04.2021" }
            let fields = lines[index].split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            guard let id = fields.first, let measure = pipeline.roadmap.measure(id: id) else { continue }
            let done = measure.schedule.kind == .date
            let date = done ? measure.schedule.end.map(\.russian) ?? "" : ""
            let tail = done ? ["Выполнено", date, "Сделано", "1", "", ""] : ["Выполняется", "", "", "", "", ""]
            lines[index] = (Array(fields.prefix(3)) + tail).joined(separator: ";")
        }
        return lines
    }

    /// An extra row: another table's line, with its own number and status.
    static func extraRow(_ n: Int) -> [String] { ["\(n)", "Школа № \(n)", "", "Сдан", "", "", "", "", ""] }

    /// The big CSV report: `05723000_2021-03_big.csv`.
    static func bigCSV(in directory: URL) throws -> String {
        let path = directory.appendingPathComponent("05723000_2021-03_big.csv").path
        var text = try validReportLines(in: directory).joined(separator: "\r\n") + "\r\n"
        text.reserveCapacity(text.utf8.count + extraRows * 40)
        for n in 1...extraRows { text += extraRow(n).joined(separator: ";") + "\r\n" }
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The same report as an XLSX workbook, every text in the shared strings table as Excel
    /// writes it, packed by Python's zipfile (Svod's writer takes several times longer in a debug
    /// build, and the test is about reading).
    static func bigXLSX(in directory: URL) throws -> String {
        let csv = try bigCSV(in: directory)
        let path = directory.appendingPathComponent("05723000_2021-03_big.xlsx").path
        let script = #"""
            import csv, sys, zipfile
            from xml.sax.saxutils import escape
            source, target = sys.argv[1], sys.argv[2]
            strings, index = [], {}
            def sid(text):
                if text not in index:
                    index[text] = len(strings)
                    strings.append(text)
                return index[text]
            def column(c):
                name = ""
                c += 1
                while c:
                    c, r = divmod(c - 1, 26)
                    name = chr(65 + r) + name
                return name
            rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
            head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            with open(source, encoding="utf-8-sig", newline="") as f, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
                z.writestr("[Content_Types].xml", head + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
                z.writestr("_rels/.rels", head + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="' + rels + '/officeDocument" Target="xl/workbook.xml"/></Relationships>')
                z.writestr("xl/workbook.xml", head + '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="' + rels + '"><sheets><sheet name="Отчет" sheetId="1" r:id="rId1"/></sheets></workbook>')
                z.writestr("xl/_rels/workbook.xml.rels", head + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="' + rels + '/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="' + rels + '/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
                with z.open("xl/worksheets/sheet1.xml", "w") as sheet:
                    sheet.write((head + '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>').encode())
                    for r, fields in enumerate(csv.reader(f, delimiter=";")):
                        cells = "".join('<c r="%s%d" t="s"><v>%d</v></c>' % (column(c), r + 1, sid(v)) for c, v in enumerate(fields) if v)
                        if cells:
                            sheet.write(('<row r="%d">%s</row>' % (r + 1, cells)).encode())
                    sheet.write(b"</sheetData></worksheet>")
                items = "".join("<si><t>%s</t></si>" % escape(s) for s in strings)
                z.writestr("xl/sharedStrings.xml", head + '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">%s</sst>' % (len(strings), len(strings), items))
            """#
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        python.arguments = ["-c", script, csv, path]
        try python.run()
        python.waitUntilExit()
        try #require(python.terminationStatus == 0, "python3 could not write \(path)")
        try FileManager.default.removeItem(atPath: csv)
        return path
    }

    struct Outcome {
        var status: Int32
        /// The child's peak resident set size, in KiB (`ru_maxrss`).
        var maxRSSKiB: Int
        var stdout: Data
    }

    /// Runs `svod` with standard output into a file and reads its peak RSS, through a small
    /// Python parent: `getrusage(RUSAGE_CHILDREN).ru_maxrss` there is the peak of `svod` alone.
    ///
    /// (Spawned straight from this test process, the child's `ru_maxrss` would start from this
    /// process's own peak: Linux records the high-water mark of the address space a process
    /// leaves at `exec`, which for a vfork-spawned child is its parent's — a test bundle running
    /// other suites at the same time.)
    static func run(_ arguments: [String], in directory: URL) throws -> Outcome {
        let output = directory.appendingPathComponent("out-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let script = """
            import resource, subprocess, sys
            with open(sys.argv[1], "wb") as out:
                status = subprocess.run(sys.argv[2:], stdout=out, stderr=subprocess.DEVNULL).returncode
            print(status, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
            """
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        python.arguments = ["-c", script, output, PipelineRunTests.svod] + arguments
        let pipe = Pipe()
        python.standardOutput = pipe
        try python.run()
        let printed = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        python.waitUntilExit()
        let fields = printed.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        try #require(python.terminationStatus == 0 && fields.count == 2, "python3: \(printed)")
        return Outcome(status: Int32(fields[0]), maxRSSKiB: fields[1], stdout: try Data(contentsOf: URL(fileURLWithPath: output)))
    }

    static func check(_ path: String, in directory: URL) throws {
        let outcome = try run(["validate", path, "--pipeline", DemoRegion.pipelinePath, "--format", "json"], in: directory)
        #expect(outcome.status == 1)
        let mib = outcome.maxRSSKiB / 1024
        #expect(mib < rssLimitMiB, "svod validate took \(mib) MiB on \(path.fileName)")
        let root = try #require(try JSONSerialization.jsonObject(with: outcome.stdout) as? [String: Any])
        let file = try #require((root["files"] as? [[String: Any]])?.first)
        let diagnostics = try #require(file["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.count <= Validator.maxDiagnosticsPerFile + 1)
        #expect(diagnostics.last?["code"] as? String == "diagnostics-truncated")
        #expect(file["errors"] as? Int == 2 * extraRows)
        #expect(file["municipality"] as? String == "Уссурийский городской округ")
        // The first rows listed are the first extra rows, in cell order.
        let first = try #require(diagnostics.first)
        #expect(first["code"] as? String == "measure-unknown" && first["value"] as? String == "1")
    }

    @Test func bigCSVReportInBoundedMemory() throws {
        try Self.withDirectory { directory in try Self.check(try Self.bigCSV(in: directory), in: directory) }
    }

    @Test func bigXLSXReportInBoundedMemory() throws {
        try Self.withDirectory { directory in try Self.check(try Self.bigXLSX(in: directory), in: directory) }
    }

    /// The valid report alone (the big files' top) is valid, so the extra rows are the only
    /// problems.
    @Test func theReportAboveTheExtraRowsIsValid() throws {
        try Self.withDirectory { directory in
            let path = directory.appendingPathComponent("05723000_2021-03.csv").path
            let text = try Self.validReportLines(in: directory).joined(separator: "\r\n") + "\r\n"
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            let report = Validator(pipeline: DemoRegion.pipeline).validate(path: path)
            #expect(report.isValid, "\(report.diagnostics.map { "\($0.cell?.a1 ?? "-") \($0.code.rawValue)" })")
            #expect(report.entries.count == report.submission?.rowCount)
        }
    }
}
