import Foundation
import SvodModel
import SvodChecks
import Spreadsheet

/// The statuses carried forward to the end of a report period: for every reporter and measure,
/// the entry of the latest valid report (of that period or an earlier one) that gave it. A
/// period's matrix starts from its predecessor's state plus the period's own winning reports, so
/// a run that keeps the state of each published period (`encoded()`) rebuilds a period from one
/// period's reports, whatever the length of the history before it.
public struct CarriedState: Sendable, Equatable {
    /// Reporter (registry order) × measure (roadmap order).
    var cells: [[MatrixCell?]]
    /// The cells' statuses as `StatusCodes`.
    var codes: [[Int8]]
    /// The share columns' numbers of each cell's entry, by column id.
    var numbers: [[[String: Double]]]
    /// The last period applied; nil for the state before any report.
    public internal(set) var through: ReportPeriod?

    init(reporters: Int, measures: Int) {
        cells = [[MatrixCell?]](repeating: [MatrixCell?](repeating: nil, count: measures), count: reporters)
        codes = [[Int8]](repeating: [Int8](repeating: StatusCodes.none, count: measures), count: reporters)
        numbers = [[[String: Double]]](repeating: [[String: Double]](repeating: [:], count: measures), count: reporters)
    }

    /// Takes a report's entries as the reporter's latest word on their measures.
    mutating func apply(_ report: FileReport, reporter column: Int, reported period: ReportPeriod,
                        measureIndex: [String: Int], statuses: StatusCodes) {
        for entry in report.entries {
            guard let row = measureIndex[entry.measureID] else { continue }
            cells[column][row] = MatrixCell(
                status: entry.status, reportedIn: period, overdue: false, reason: entry.reason,
                indicator: entry.indicatorValue, completionDate: entry.completionDate, actualResult: entry.actualResult)
            codes[column][row] = statuses.code(entry.status)
            numbers[column][row] = entry.numbers
        }
    }

    // MARK: Encoding

    private static let magic: [UInt8] = Array("svod-carried-1".utf8)

    /// A compact binary form (strings interned once), for keeping the state of each published
    /// period in the ledger.
    public func encoded() -> Data {
        var strings: [String: Int] = [:]
        var table: [String] = []
        func intern(_ text: String) -> Int {
            if let index = strings[text] { return index }
            strings[text] = table.count
            table.append(text)
            return table.count - 1
        }
        var body = ByteWriter()
        body.varint(cells.count)
        body.varint(cells.first?.count ?? 0)
        body.period(through)
        for (column, row) in cells.enumerated() {
            for (measure, cell) in row.enumerated() {
                guard let cell else {
                    body.byte(0)
                    continue
                }
                let values = numbers[column][measure]
                var flags: UInt8 = 1
                if cell.status != nil { flags |= 2 }
                if cell.reason != nil { flags |= 4 }
                if cell.indicator != nil { flags |= 8 }
                if cell.completionDate != nil { flags |= 16 }
                if cell.actualResult != nil { flags |= 32 }
                if !values.isEmpty { flags |= 64 }
                body.byte(flags)
                body.period(cell.reportedIn)
                if let status = cell.status { body.varint(intern(status)) }
                if let reason = cell.reason { body.varint(intern(reason)) }
                if let indicator = cell.indicator { body.double(indicator) }
                if let date = cell.completionDate { body.varint(date.year * 10000 + date.month * 100 + date.day) }
                if let actual = cell.actualResult { body.varint(intern(actual)) }
                if !values.isEmpty {
                    body.varint(values.count)
                    for (key, value) in values.sorted(by: { $0.key < $1.key }) {
                        body.varint(intern(key))
                        body.double(value)
                    }
                }
            }
        }
        var out = ByteWriter()
        out.bytes.append(contentsOf: Self.magic)
        out.varint(table.count)
        for text in table {
            let utf8 = Array(text.utf8)
            out.varint(utf8.count)
            out.bytes.append(contentsOf: utf8)
        }
        out.bytes.append(contentsOf: body.bytes)
        return Data(out.bytes)
    }

    /// The state `encoded()` wrote, for a registry of `reporters` and a roadmap of `measures`;
    /// nil for anything else (another shape, a damaged blob): the caller then rebuilds the state
    /// from the reports.
    init?(encoded data: Data, reporters: Int, measures: Int, statuses: StatusCodes) {
        var reader = ByteReader(bytes: [UInt8](data))
        guard reader.take(Self.magic.count) == Self.magic, let count = reader.varint(), count <= data.count else { return nil }
        var table: [String] = []
        table.reserveCapacity(count)
        for _ in 0..<count {
            guard let length = reader.varint(), let utf8 = reader.take(length) else { return nil }
            table.append(String(decoding: utf8, as: UTF8.self))
        }
        func string() -> String? {
            guard let index = reader.varint(), index < table.count else { return nil }
            return table[index]
        }
        guard reader.varint() == reporters, reader.varint() == measures, let through = reader.period() else { return nil }
        self.init(reporters: reporters, measures: measures)
        self.through = through
        for column in 0..<reporters {
            for measure in 0..<measures {
                guard let flags = reader.byte() else { return nil }
                guard flags != 0 else { continue }
                guard let reportedIn = reader.period() else { return nil }
                var cell = MatrixCell(status: nil, reportedIn: reportedIn, overdue: false)
                if flags & 2 != 0 { guard let value = string() else { return nil }; cell.status = value }
                if flags & 4 != 0 { guard let value = string() else { return nil }; cell.reason = value }
                if flags & 8 != 0 { guard let value = reader.double() else { return nil }; cell.indicator = value }
                if flags & 16 != 0 {
                    guard let value = reader.varint() else { return nil }
                    cell.completionDate = CivilDate(year: value / 10000, month: value / 100 % 100, day: value % 100)
                }
                if flags & 32 != 0 { guard let value = string() else { return nil }; cell.actualResult = value }
                if flags & 64 != 0 {
                    guard let pairs = reader.varint(), pairs <= 1024 else { return nil }
                    var values: [String: Double] = [:]
                    for _ in 0..<pairs {
                        guard let key = string(), let value = reader.double() else { return nil }
                        values[key] = value
                    }
                    numbers[column][measure] = values
                }
                cells[column][measure] = cell
                codes[column][measure] = statuses.code(cell.status)
            }
        }
        guard reader.atEnd else { return nil }
    }
}

/// Little-endian bytes and LEB128 integers.
private struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func byte(_ value: UInt8) { bytes.append(value) }

    mutating func varint(_ value: Int) {
        var rest = UInt64(bitPattern: Int64(value))
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func double(_ value: Double) {
        var bits = value.bitPattern
        for _ in 0..<8 {
            bytes.append(UInt8(truncatingIfNeeded: bits))
            bits >>= 8
        }
    }

    /// A period as its first month and cadence; 0 for none.
    mutating func period(_ value: ReportPeriod?) {
        guard let value else {
            varint(0)
            return
        }
        varint(value.first.year * 12 + value.first.month)
        let cadence = Array(value.cadence.rawValue.utf8)
        varint(cadence.count)
        bytes.append(contentsOf: cadence)
    }
}

private struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    var atEnd: Bool { offset == bytes.count }

    mutating func byte() -> UInt8? {
        guard offset < bytes.count else { return nil }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func take(_ count: Int) -> [UInt8]? {
        guard count >= 0, count <= bytes.count - offset else { return nil }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func varint() -> Int? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while let next = byte() {
            value |= UInt64(next & 0x7F) << shift
            if next & 0x80 == 0 { return Int(truncatingIfNeeded: Int64(bitPattern: value)) }
            shift += 7
            if shift > 63 { return nil }
        }
        return nil
    }

    mutating func double() -> Double? {
        guard let raw = take(8) else { return nil }
        var bits: UInt64 = 0
        for (index, byte) in raw.enumerated() { bits |= UInt64(byte) << (8 * UInt64(index)) }
        return Double(bitPattern: bits)
    }

    /// A period `ByteWriter.period` wrote: `.some(nil)` for none, nil for damage.
    mutating func period() -> ReportPeriod?? {
        guard let months = varint() else { return nil }
        guard months != 0 else { return .some(nil) }
        guard let length = varint(), length <= 32, let raw = take(length),
              let cadence = Cadence(rawValue: String(decoding: raw, as: UTF8.self)) else { return nil }
        let month = YearMonth(year: (months - 1) / 12, month: (months - 1) % 12 + 1)
        return .some(ReportPeriod(cadence, containing: month))
    }
}
