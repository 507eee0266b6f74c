/// A cell position, 0-based inside Svod and printed as A1 outside.
///
/// This is the one place that parses and prints A1 references.
public struct CellAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// 0-based row index (row 1 in Excel is 0).
    public var row: Int
    /// 0-based column index (column A is 0).
    public var column: Int

    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }

    /// Parses an A1 reference such as `B3`, `$B$3` or `xfd1048576`.
    ///
    /// - Returns: `nil` when the text is not a cell reference.
    public init?(a1 text: some StringProtocol) {
        guard let parsed = CellAddress.parse(utf8: Array(text.utf8)[...]) else { return nil }
        self = parsed
    }

    /// Parses an A1 reference from raw bytes (used by the XLSX scanner).
    static func parse(utf8 bytes: ArraySlice<UInt8>) -> CellAddress? {
        var column = 0
        var row = 0
        var letters = 0
        var digits = 0
        var index = bytes.startIndex
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "$") { index += 1 }
        while index < bytes.endIndex {
            var byte = bytes[index]
            if byte >= 97 && byte <= 122 { byte -= 32 }
            guard byte >= 65 && byte <= 90 else { break }
            column = column * 26 + Int(byte - 64)
            letters += 1
            if letters > 3 { return nil }
            index += 1
        }
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "$") { index += 1 }
        while index < bytes.endIndex {
            let byte = bytes[index]
            guard byte >= 48 && byte <= 57 else { return nil }
            row = row * 10 + Int(byte - 48)
            digits += 1
            if digits > 7 { return nil }
            index += 1
        }
        guard letters > 0, digits > 0, row > 0 else { return nil }
        return CellAddress(row: row - 1, column: column - 1)
    }

    /// The column letters: 0 → `A`, 25 → `Z`, 26 → `AA`.
    public static func columnName(_ column: Int) -> String {
        var number = column + 1
        var scalars: [Character] = []
        while number > 0 {
            let remainder = (number - 1) % 26
            scalars.append(Character(Unicode.Scalar(UInt8(65 + remainder))))
            number = (number - 1) / 26
        }
        return String(scalars.reversed())
    }

    /// The A1 form, e.g. `B3`.
    public var a1: String { CellAddress.columnName(column) + String(row + 1) }

    public var description: String { a1 }

    public static func < (lhs: CellAddress, rhs: CellAddress) -> Bool {
        (lhs.row, lhs.column) < (rhs.row, rhs.column)
    }
}

/// A rectangular range of cells, e.g. a merged range `A5:D5`.
public struct CellRange: Hashable, Sendable, CustomStringConvertible {
    public var first: CellAddress
    public var last: CellAddress

    public init(first: CellAddress, last: CellAddress) {
        self.first = CellAddress(row: min(first.row, last.row), column: min(first.column, last.column))
        self.last = CellAddress(row: max(first.row, last.row), column: max(first.column, last.column))
    }

    /// Parses `A5:D5` (or a single `A5`).
    public init?(a1 text: some StringProtocol) {
        let parts = text.split(separator: ":", maxSplits: 1)
        guard let first = parts.first.flatMap({ CellAddress(a1: $0) }) else { return nil }
        let last = parts.count == 2 ? CellAddress(a1: parts[1]) : first
        guard let last else { return nil }
        self.init(first: first, last: last)
    }

    public func contains(_ address: CellAddress) -> Bool {
        (first.row...last.row).contains(address.row) && (first.column...last.column).contains(address.column)
    }

    public var a1: String { first == last ? first.a1 : "\(first.a1):\(last.a1)" }
    public var description: String { a1 }
}
