/// What a cell's number format says about its numeric value.
enum NumberKind: UInt8 {
    case number
    /// Date parts only (`dd.mm.yyyy`, `mmmm`).
    case date
    /// Date and time parts (`dd.mm.yyyy hh:mm`).
    case dateTime
    /// Time parts only (`h:mm`, `mm:ss`): a time of day, or a date-time when the serial has a
    /// whole day in it.
    case time
    /// Elapsed time (`[h]:mm:ss`, `[mm]:ss`) without date parts: a duration.
    case duration
}

/// The part of `xl/styles.xml` a reader needs: for each cell style (`cellXfs` entry), whether
/// its number format shows a date, a date-time, or a plain number.
struct Styles {
    private(set) var kinds: [NumberKind] = []

    init() {}

    init(_ scanner: inout XMLScanner) throws {
        var customFormats: [Int: String] = [:]
        var formatIDs: [Int] = []
        var inCellXfs = false
        while true {
            switch try scanner.next() {
            case .end:
                kinds = formatIDs.map { id in
                    if let code = customFormats[id] { return NumberFormat.kind(ofCode: code) }
                    return NumberFormat.kind(ofBuiltIn: id)
                }
                return
            case .startTag:
                if scanner.nameIs("numFmt") {
                    if let id = scanner.attributeRange("numFmtId").flatMap({ ByteNumber.integer(scanner.bytes($0)) }),
                       let code = scanner.attribute("formatCode") {
                        customFormats[id] = code
                    }
                } else if scanner.nameIs("cellXfs") {
                    inCellXfs = !scanner.isSelfClosing
                } else if inCellXfs, scanner.nameIs("xf") {
                    formatIDs.append(scanner.attributeRange("numFmtId").flatMap { ByteNumber.integer(scanner.bytes($0)) } ?? 0)
                }
            case .endTag:
                if scanner.nameIs("cellXfs") { inCellXfs = false }
            case .text:
                continue
            }
        }
    }

    @inline(__always)
    func kind(ofStyle index: Int) -> NumberKind {
        index >= 0 && index < kinds.count ? kinds[index] : .number
    }
}

/// Decides from a number format whether a number is a date.
public enum NumberFormat {
    /// Built-in formats (ECMA-376 §18.8.30, plus the East Asian ids Excel treats as dates).
    static func kind(ofBuiltIn id: Int) -> NumberKind {
        switch id {
        case 14...17, 27...31, 34...36, 50...58: return .date
        case 22: return .dateTime  // m/d/yy h:mm
        case 18...21, 32, 33, 45, 47: return .time  // h:mm AM/PM … h:mm:ss, mm:ss, mmss.0
        case 46: return .duration  // [h]:mm:ss
        default: return .number
        }
    }

    /// Classifies a format code such as `dd.mm.yyyy`, `[$-419]d mmmm yyyy;@`, `h:mm` or `0.00%`.
    ///
    /// Quoted literals, escaped characters, `_x`/`*x` padding and bracketed sections (colours,
    /// locales, conditions) are ignored; elapsed time `[h]` counts as time. Only the first
    /// section is looked at. True for times of day and durations too (Excel's serials all).
    public static func isDate(_ code: String) -> Bool { kind(ofCode: code) != .number }

    /// Date parts (`d`, `y`, or `m` without `h`/`s`) make a date; with time parts (`h`, `s`) a
    /// date-time; time parts alone a time of day; an elapsed-time bracket (`[h]`, `[mm]`,
    /// `[ss]`) without date parts a duration.
    static func kind(ofCode code: String) -> NumberKind {
        var hasDate = false
        var hasTime = false
        var hasMinute = false
        var hasElapsed = false
        var scalars = code.unicodeScalars.makeIterator()
        if code.lowercased() == "general" { return .number }
        while let scalar = scalars.next() {
            switch scalar {
            case ";":
                return classify(hasDate: hasDate, hasTime: hasTime, hasMinute: hasMinute, hasElapsed: hasElapsed)
            case "\"":
                while let next = scalars.next(), next != "\"" {}
            case "\\", "_", "*":
                _ = scalars.next()
            case "[":
                var inside = ""
                while let next = scalars.next(), next != "]" { inside.unicodeScalars.append(next) }
                let lowered = inside.lowercased()
                if !lowered.isEmpty, lowered.allSatisfy({ $0 == "h" || $0 == "m" || $0 == "s" }) { hasElapsed = true }
            case "d", "D", "y", "Y":
                hasDate = true
            case "h", "H", "s", "S":
                hasTime = true
            case "m", "M":
                hasMinute = true
            default:
                continue
            }
        }
        return classify(hasDate: hasDate, hasTime: hasTime, hasMinute: hasMinute, hasElapsed: hasElapsed)
    }

    private static func classify(hasDate: Bool, hasTime: Bool, hasMinute: Bool, hasElapsed: Bool) -> NumberKind {
        if hasDate { return hasTime || hasElapsed ? .dateTime : .date }
        if hasElapsed { return .duration }
        if hasTime { return .time }  // `m` beside `h` or `s` is minutes
        if hasMinute { return .date }  // a lone `m` is a month, e.g. `mmmm`
        return .number
    }
}
