#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What a cell's data style (`number:date-style`, `number:time-style`) shows.
enum ODSDataStyleKind: UInt8 {
    /// No date or time data style is known for the cell.
    case unknown = 0
    /// A date without a time of day (`DD.MM.YYYY`).
    case date
    /// A date with a time of day.
    case dateTime
    /// A time of day (`HH:MM:SS`): the hours wrap at 24.
    case time
    /// Elapsed time (`[HH]:MM:SS`): a time style with `number:truncate-on-overflow="false"`,
    /// whose leading field does not wrap.
    case elapsed
}

/// The styles a spreadsheet's cells and sheets refer to, from `styles.xml` (common styles and
/// the data styles LibreOffice keeps there) and `content.xml` (automatic styles).
struct ODSStyles {
    /// Table styles whose `style:table-properties` say `table:display="false"`.
    var hiddenTableStyles: Set<String> = []
    /// Cell style name → its data style name and parent style.
    var cellStyles: [String: (data: String?, parent: String?)] = [:]
    /// Date and time data styles by name.
    var dataStyles: [String: ODSDataStyleKind] = [:]

    /// What a cell style's data style shows, following parent styles (a few levels at most).
    func kind(cellStyle: String) -> ODSDataStyleKind {
        var name = cellStyle
        for _ in 0..<8 {
            guard let style = cellStyles[name] else { return .unknown }
            if let data = style.data { return dataStyles[data] ?? .unknown }
            guard let parent = style.parent else { return .unknown }
            name = parent
        }
        return .unknown
    }

    /// The lookup the row decoder uses: every cell style that shows a date or time, by bytes.
    func lookup() -> ODSStyleLookup {
        var table = ODSStyleLookup()
        for name in cellStyles.keys {
            let kind = kind(cellStyle: name)
            if kind != .unknown { table.insert(name, kind) }
        }
        return table
    }

    /// Collects the styles of one part. `styles.xml` passes the whole part; `content.xml`
    /// passes each token of its `office:automatic-styles` (see ``ODSStyleCollector``).
    static func collect(from scanner: inout XMLScanner, into styles: inout ODSStyles) throws {
        var collector = ODSStyleCollector()
        while true {
            let token = try scanner.next()
            if token == .end { return }
            collector.take(token, &scanner, into: &styles)
        }
    }
}

/// Reads style definitions token by token: cell styles with their data style, date and time
/// data styles with what they show, and table styles that hide a sheet.
struct ODSStyleCollector {
    private var styleName: String? = nil
    private var styleFamily = ""
    private var dataStyleName: String? = nil
    private var dataStyleIsTime = false
    private var dataStyleElapsed = false
    private var dataStyleHasTime = false
    private var inDataStyle = false

    mutating func take(_ token: XMLScanner.Token, _ scanner: inout XMLScanner, into styles: inout ODSStyles) {
        switch token {
        case .startTag:
            if scanner.nameIs("style") {
                styleName = scanner.attribute("name")
                styleFamily = scanner.attribute("family") ?? ""
                if styleFamily == "table-cell", let name = styleName {
                    styles.cellStyles[name] = (scanner.attribute("data-style-name"), scanner.attribute("parent-style-name"))
                }
                if scanner.isSelfClosing { styleName = nil; styleFamily = "" }
            } else if scanner.nameIs("table-properties") {
                if styleFamily == "table", let name = styleName, scanner.attribute("display")?.trimmingXMLSpace == "false" {
                    styles.hiddenTableStyles.insert(name)
                }
            } else if scanner.nameIs("date-style") || scanner.nameIs("time-style") {
                dataStyleName = scanner.attribute("name")
                dataStyleIsTime = scanner.nameIs("time-style")
                dataStyleHasTime = dataStyleIsTime
                dataStyleElapsed = dataStyleIsTime && scanner.attribute("truncate-on-overflow")?.trimmingXMLSpace == "false"
                inDataStyle = !scanner.isSelfClosing
                if !inDataStyle { finishDataStyle(into: &styles) }
            } else if inDataStyle, scanner.nameIs("hours") || scanner.nameIs("minutes") || scanner.nameIs("seconds") {
                dataStyleHasTime = true
            }
        case .endTag:
            if inDataStyle, scanner.nameIs("date-style") || scanner.nameIs("time-style") {
                finishDataStyle(into: &styles)
                inDataStyle = false
            } else if scanner.nameIs("style") {
                styleName = nil
                styleFamily = ""
            }
        case .text, .end:
            break
        }
    }

    private func finishDataStyle(into styles: inout ODSStyles) {
        guard let name = dataStyleName else { return }
        let kind: ODSDataStyleKind
        if dataStyleIsTime {
            kind = dataStyleElapsed ? .elapsed : .time
        } else {
            kind = dataStyleHasTime ? .dateTime : .date
        }
        styles.dataStyles[name] = kind
    }
}

/// Cell style names that show a date or time, looked up straight from the scanner's bytes
/// (a cell's `table:style-name`), without building a string per cell: names of up to eight
/// bytes (LibreOffice's `ce12`) packed into an integer key of an open-addressing table, longer
/// ones by string.
struct ODSStyleLookup {
    private var keys: [UInt64] = Array(repeating: 0, count: 64)
    private var kinds: [ODSDataStyleKind] = Array(repeating: .unknown, count: 64)
    private var shortCount = 0
    private var long: [String: ODSDataStyleKind] = [:]

    var isEmpty: Bool { shortCount == 0 && long.isEmpty }

    /// The bytes of a name of 1…8 bytes as an integer (XML names hold no NUL, so it is unique).
    @inline(__always)
    private static func key(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64? {
        guard bytes.count >= 1, bytes.count <= 8 else { return nil }
        var key: UInt64 = 0
        for i in 0..<bytes.count { key |= UInt64(bytes[i]) << UInt64(i * 8) }
        return key
    }

    @inline(__always)
    private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
    }

    mutating func insert(_ name: String, _ kind: ODSDataStyleKind) {
        var name = name
        let key = name.withUTF8 { Self.key($0) }
        guard let key else {
            long[name] = kind
            return
        }
        if (shortCount + 1) * 2 > keys.count {
            let old = zip(keys, kinds).filter { $0.0 != 0 }
            keys = Array(repeating: 0, count: keys.count * 2)
            kinds = Array(repeating: .unknown, count: keys.count)
            shortCount = 0
            for (oldKey, oldKind) in old { place(oldKey, oldKind) }
        }
        place(key, kind)
    }

    private mutating func place(_ key: UInt64, _ kind: ODSDataStyleKind) {
        let mask = keys.count - 1
        var slot = Self.slot(key, mask)
        while keys[slot] != 0 && keys[slot] != key { slot = (slot + 1) & mask }
        if keys[slot] == 0 { shortCount += 1 }
        keys[slot] = key
        kinds[slot] = kind
    }

    func kind(_ bytes: UnsafeBufferPointer<UInt8>) -> ODSDataStyleKind {
        guard let key = Self.key(bytes) else {
            return long.isEmpty ? .unknown : long[String(decoding: bytes, as: UTF8.self)] ?? .unknown
        }
        let mask = keys.count - 1
        var slot = Self.slot(key, mask)
        while true {
            let found = keys[slot]
            if found == key { return kinds[slot] }
            if found == 0 { return .unknown }
            slot = (slot + 1) & mask
        }
    }
}
