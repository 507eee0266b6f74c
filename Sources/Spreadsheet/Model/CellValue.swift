/// A typed cell value as the readers yield it and the writer accepts it.
public enum CellValue: Hashable, Sendable, CustomStringConvertible {
    case empty
    case string(String)
    case number(Double)
    case bool(Bool)
    /// A date with no time of day (the cell's number format shows only date parts).
    case date(CivilDate)
    /// A date and time (the number format shows time parts).
    case dateTime(CivilDateTime)
    /// A time of day, in seconds after midnight (0..<86400): a serial below 1 under a time
    /// format (`h:mm`), or an ISO `t="d"` cell holding only a time. Text `HH:MM:SS`.
    case time(seconds: Int)
    /// An elapsed time in seconds, possibly over 24 hours or negative: a serial under an
    /// elapsed-time format (`[h]:mm:ss`, `[mm]:ss`). Text in total hours, `HHH:MM:SS`.
    case duration(seconds: Int)
    /// An error value such as `#DIV/0!` or `#N/A`.
    case error(String)

    public var isEmpty: Bool {
        if case .empty = self { return true }
        return false
    }

    /// The stable type name used in `svod sheet --format json`.
    public var typeName: String {
        switch self {
        case .empty: return "empty"
        case .string: return "string"
        case .number: return "number"
        case .bool: return "bool"
        case .date: return "date"
        case .dateTime: return "datetime"
        case .time: return "time"
        case .duration: return "duration"
        case .error: return "error"
        }
    }

    /// The value as plain text: numbers without a trailing `.0`, dates in ISO form, times as
    /// `HH:MM:SS`, durations as total hours `HHH:MM:SS` (at least two digits, `-` when negative).
    public var text: String {
        switch self {
        case .empty: return ""
        case .string(let s): return s
        case .number(let n): return CellValue.format(number: n)
        case .bool(let b): return b ? "TRUE" : "FALSE"
        case .date(let d): return d.iso
        case .dateTime(let d): return d.iso
        case .time(let seconds): return CellValue.clock(seconds: seconds)
        case .duration(let seconds): return CellValue.clock(seconds: seconds)
        case .error(let e): return e
        }
    }

    /// `HH:MM:SS` with the hours not wrapped at 24 and a `-` before a negative value.
    public static func clock(seconds: Int) -> String {
        let magnitude = seconds.magnitude
        func two(_ n: UInt) -> String { n < 10 ? "0\(n)" : String(n) }
        return (seconds < 0 ? "-" : "") + two(magnitude / 3600) + ":" + two(magnitude / 60 % 60) + ":" + two(magnitude % 60)
    }

    public var description: String { text }

    /// Shortest round-tripping text of a number; integral values print without a fraction.
    public static func format(number: Double) -> String {
        if number.isFinite, number == number.rounded(), abs(number) < 1e15 {
            return String(Int64(number))
        }
        return String(number)
    }
}

/// One non-empty cell of a row.
public struct Cell: Hashable, Sendable {
    public var address: CellAddress
    public var value: CellValue

    public init(address: CellAddress, value: CellValue) {
        self.address = address
        self.value = value
    }
}

/// One row as streamed by a reader: its 0-based index and its non-empty cells in column order.
public struct Row: Hashable, Sendable {
    public var index: Int
    public var cells: [Cell]

    public init(index: Int, cells: [Cell]) {
        self.index = index
        self.cells = cells
    }

    /// The value in the given 0-based column, `.empty` if none.
    public subscript(column: Int) -> CellValue {
        // Rows are short and sorted; a linear scan beats building a dictionary.
        for cell in cells where cell.address.column == column { return cell.value }
        return .empty
    }

    public var isEmpty: Bool { cells.isEmpty }
}
