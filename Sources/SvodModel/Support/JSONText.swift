import Spreadsheet

/// Hand-written JSON rendering with a fixed key order, so that output is byte-identical across
/// runs and platforms (Foundation's encoder orders keys and formats numbers its own way).
public enum JSONText {
    /// A JSON string literal, escaping only what RFC 8259 requires (Cyrillic stays readable).
    public static func string(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
        return out
    }

    /// A JSON number: integral values without a fraction, others in Swift's shortest
    /// round-tripping form; non-finite values (never valid JSON) as `null`.
    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// A cell value as JSON: strings, numbers and booleans natively, dates in ISO form, times
    /// as `"HH:MM:SS"`, durations in total hours as `"HHH:MM:SS"` (`CellValue.text`).
    public static func value(_ value: CellValue) -> String {
        switch value {
        case .empty: return "null"
        case .string(let s): return string(s)
        case .number(let n): return number(n)
        case .bool(let b): return b ? "true" : "false"
        case .date(let d): return string(d.iso)
        case .dateTime(let d): return string(d.iso)
        case .time, .duration: return string(value.text)
        case .error(let e): return string(e)
        }
    }
}
