// svod-bench: the Swift side of `make bench` (see bench/run.sh).
//
//   svod-bench generate [--rows N] [--sheets K] [--constant-memory] -o FILE
//                                                                write the benchmark sheet (its rows
//                                                                split over K sheets, each with the header)
//   svod-bench read [--all-sheets] [--max-inflated-mib N] FILE   stream every row of sheet 1 (of every
//                                                                sheet; ZIP caps raised to N MiB)
//   svod-bench validate DIR [N]                                  validate a 100-row report N times
//   svod-bench country [--municipalities N] -o DIR               make a synthetic country's year of reports
//   svod-bench national DIR [WORKERS]                            validate and consolidate that year
//
// Each command prints one `key=value` line that bench/run.sh parses.

import Foundation
import Spreadsheet


#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func monotonicSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

func fail(_ message: String) -> Never {
    let bytes = Array("svod-bench: \(message)\n".utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(2)
}

func usage() -> Never {
    fail("usage: svod-bench generate [--rows N] [--sheets K] [--constant-memory] -o FILE | svod-bench read [--all-sheets] [--max-inflated-mib N] FILE | svod-bench validate DIR [N] | svod-bench country [--municipalities N] -o DIR | svod-bench national DIR [WORKERS] | svod-bench validate-files DIR [N] | svod-bench matrix [MEASURES MUNICIPALITIES] FILE")
}

/// A non-negative number with a fixed count of decimals, e.g. `format(1.23456, 3)` is `1.235`.
func format(_ value: Double, _ decimals: Int) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let scaled = Int64((value * scale).rounded())
    let whole = String(scaled / Int64(scale))
    guard decimals > 0 else { return whole }
    let fraction = String(scaled % Int64(scale))
    return whole + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
}

// MARK: - generate

/// Writes `rows` rows of the benchmark content; with `sheets` > 1 they are split evenly over that
/// many sheets (an `.xls` sheet holds at most 65,536 rows), each starting with the header row, and
/// the cells are the same as in the one-sheet file.
func generate(rows: Int, sheets sheetCount: Int = 1, path: String, constantMemory: Bool) throws {
    let options = XLSXWriter.Options(
        creationDate: CivilDateTime(date: CivilDate(year: 2025, month: 1, day: 1)),
        constantMemory: constantMemory, title: "Svod benchmark")
    let headerStyle = CellStyle(bold: true)
    let dateStyle = CellStyle(numberFormat: "dd.mm.yyyy")
    let moneyStyle = CellStyle(numberFormat: "#,##0.00")
    let percentStyle = CellStyle(numberFormat: "0.00%")
    let firstDate = CivilDate(year: 2020, month: 1, day: 1)
    let municipalities = BenchData.municipalities
    let measures = BenchData.measures
    let statuses = BenchData.statuses
    let comments = BenchData.comments
    var random = SplitMix64(seed: BenchData.seed)

    let start = monotonicSeconds()
    let writer = try XLSXWriter(path: path, options: options)
    var sheet = try writer.addSheet(name: "Мероприятия")
    let perSheet = (rows + sheetCount - 1) / max(sheetCount, 1)
    var sheetStart = 0
    for r in 0..<rows {
        if r == sheetStart {
            if r > 0 { sheet = try writer.addSheet(name: "Мероприятия \(r / perSheet + 1)") }
            for (column, title) in BenchData.headers.enumerated() {
                try sheet.write(row: 0, column: column, value: .string(title), style: headerStyle)
            }
            sheetStart += perSheet
        }
        let row = r + 1 - (sheetStart - perSheet)
        try sheet.write(row: row, column: 0, value: .number(Double(r + 1)))
        try sheet.write(row: row, column: 1, value: .string(municipalities[Int(random.next() % 50)]))
        try sheet.write(row: row, column: 2, value: .string(measures[Int(random.next() % 200)]))
        try sheet.write(row: row, column: 3, value: .string(statuses[Int(random.next() % 4)]))
        try sheet.write(row: row, column: 4, value: .date(firstDate.adding(days: Int(random.next() % BenchData.dateSpan))),
                        style: dateStyle)
        try sheet.write(row: row, column: 5, value: .number(Double(random.next() % 100_000_000) / 100), style: moneyStyle)
        try sheet.write(row: row, column: 6, value: .number(Double(random.next() % 100_000)))
        try sheet.write(row: row, column: 7, value: .number(Double(random.next() % 10_001) / 10_000), style: percentStyle)
        try sheet.write(row: row, column: 8, value: .string(comments[Int(random.next() % 1000)]))
        try sheet.write(row: row, column: 9, value: .bool(random.next() & 1 == 1))
    }
    try writer.close()
    let seconds = monotonicSeconds() - start
    if rows == 0 {
        for (column, title) in BenchData.headers.enumerated() {
            try sheet.write(row: 0, column: column, value: .string(title), style: headerStyle)
        }
    }
    let headerRows = rows == 0 ? 1 : (rows + perSheet - 1) / perSheet
    print("svod-write rows=\(rows) sheets=\(headerRows) cells=\(rows * 10 + headerRows * 10) seconds=\(format(seconds, 3)) "
        + "rows_per_s=\(format(Double(rows) / seconds, 0)) file=\(path)")
}

// MARK: - read

/// FNV-style mixing of every value, so no part of the read can be skipped.
@inline(__always)
func mix(_ hash: inout UInt64, _ value: UInt64) {
    hash = (hash ^ value) &* 0x0000_0100_0000_01B3
}

/// Streams every row of the first sheet, or of every worksheet with `allSheets`, through the
/// same public path `svod sheet` and `validate` take (`SpreadsheetDocument.open`, `rows(_:)`).
///
/// `maxInflatedMiB` raises the ZIP caps (one entry, and the package in all): LibreOffice's
/// `content.xml` for the 200,000-row sheet inflates to ~350 MB, past the default 200 MB per
/// entry, and the ODS reader passes over it twice (sheet list, then rows).
func read(path: String, allSheets: Bool, maxInflatedMiB: Int? = nil) throws {
    let start = monotonicSeconds()
    var limits = ReadLimits.default
    if let maxInflatedMiB {
        limits.maxEntryBytes = maxInflatedMiB << 20
        limits.maxTotalBytes = 4 * (maxInflatedMiB << 20)
    }
    let document = try SpreadsheetDocument.open(path: path, limits: limits)
    let selectors: [SheetSelector] = allSheets
        ? document.sheets.filter(\.isWorksheet).map { .position($0.index + 1) }
        : [.first]
    var rows = 0
    var cells = 0
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for selector in selectors {
        let reader = try document.rows(selector)
        while let row = try reader.nextRow() {
            rows += 1
            mix(&hash, UInt64(row.index))
            for cell in row.cells {
                cells += 1
                mix(&hash, UInt64(cell.address.column))
                switch cell.value {
                case .empty: mix(&hash, 1)
                case .number(let n): mix(&hash, n.bitPattern)
                case .string(let s), .error(let s):
                    mix(&hash, UInt64(s.utf8.count))
                    if let last = s.utf8.last { mix(&hash, UInt64(last)) }
                case .bool(let b): mix(&hash, b ? 3 : 2)
                case .date(let d): mix(&hash, UInt64(bitPattern: Int64(d.daysSinceEpoch)))
                case .dateTime(let d): mix(&hash, UInt64(bitPattern: Int64(d.secondsSinceEpoch)))
                case .time(let seconds): mix(&hash, 5 &+ UInt64(bitPattern: Int64(seconds)) << 8)
                case .duration(let seconds): mix(&hash, 7 &+ UInt64(bitPattern: Int64(seconds)) << 8)
                }
            }
        }
    }
    let seconds = monotonicSeconds() - start
    print("svod-read sheets=\(selectors.count) rows=\(rows) cells=\(cells) checksum=\(String(hash, radix: 16)) seconds=\(format(seconds, 3)) "
        + "rows_per_s=\(format(Double(rows) / seconds, 0)) format=\(document.format.rawValue)")
}

// MARK: - main

ReadingEnvironment.prepare()
var arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first else { usage() }
arguments.removeFirst()

do {
    switch command {
    case "generate":
        var rows = 200_000
        var output: String?
        var constantMemory = false
        var sheets = 1
        var index = 0
        while index < arguments.count {
            switch arguments[index] {
            case "--rows":
                index += 1
                guard index < arguments.count, let n = Int(arguments[index]), n >= 0, n < SheetWriter.maxRows else { usage() }
                rows = n
            case "-o", "--output":
                index += 1
                guard index < arguments.count else { usage() }
                output = arguments[index]
            case "--sheets":
                index += 1
                guard index < arguments.count, let n = Int(arguments[index]), n >= 1, n <= 255 else { usage() }
                sheets = n
            case "--constant-memory":
                constantMemory = true
            default:
                usage()
            }
            index += 1
        }
        guard let output else { usage() }
        try generate(rows: rows, sheets: sheets, path: output, constantMemory: constantMemory)
    case "read":
        var allSheets = false
        var maxInflated: Int? = nil
        var paths: [String] = []
        var index = 0
        while index < arguments.count {
            switch arguments[index] {
            case "--all-sheets":
                allSheets = true
            case "--max-inflated-mib":
                index += 1
                guard index < arguments.count, let n = Int(arguments[index]), n > 0, n < 1 << 20 else { usage() }
                maxInflated = n
            default:
                paths.append(arguments[index])
            }
            index += 1
        }
        guard paths.count == 1 else { usage() }
        try read(path: paths[0], allSheets: allSheets, maxInflatedMiB: maxInflated)
    case "country":
        var count = 2400
        var output = "bench/work/country"
        var index = 0
        while index < arguments.count {
            switch arguments[index] {
            case "--municipalities":
                index += 1
                guard index < arguments.count, let n = Int(arguments[index]), n > 0 else { usage() }
                count = n
            case "-o", "--output":
                index += 1
                guard index < arguments.count else { usage() }
                output = arguments[index]
            default:
                usage()
            }
            index += 1
        }
        try makeCountry(municipalities: count, in: output)
    case "national":
        guard arguments.count >= 1 else { usage() }
        let workers = arguments.count > 1 ? Int(arguments[1]) ?? 2 : ProcessInfo.processInfo.activeProcessorCount
        try national(directory: arguments[0], workers: workers)
    case "matrix":
        guard let path = arguments.last else { usage() }
        let sizes = arguments.dropLast().compactMap { Int($0) }
        try writeMatrix(measures: sizes.first ?? 60, municipalities: sizes.count > 1 ? sizes[1] : 2400, path: path)
    case "validate-files":
        guard arguments.count >= 1 else { usage() }
        try validateFiles(directory: arguments[0], count: arguments.count > 1 ? Int(arguments[1]) ?? 500 : 500)
    case "validate":
        guard arguments.count >= 1 else { usage() }
        try validateBench(directory: arguments[0], iterations: arguments.count > 1 ? Int(arguments[1]) ?? 200 : 200)
    default:
        usage()
    }
} catch {
    fail("\(error)")
}
