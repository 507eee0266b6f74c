/// What every sheet of one workbook shares while streaming: strings, styles, date system.
final class WorkbookContext {
    let sharedStrings: SharedStringTable
    let styles: Styles
    let dateSystem: DateSystem
    let limits: ReadLimits
    let pool: StringPool?

    init(sharedStrings: SharedStringTable, styles: Styles, dateSystem: DateSystem, limits: ReadLimits, pool: StringPool?) {
        self.sharedStrings = sharedStrings
        self.styles = styles
        self.dateSystem = dateSystem
        self.limits = limits
        self.pool = pool
    }
}

/// Streams one worksheet part row by row, turning `<c>` elements into typed cells.
///
/// Handles sparse rows and cells, rows and cells without `r=` (positions follow from order),
/// shared, inline and rich strings (with `_xHHHH_` escapes decoded), cached formula results,
/// booleans, errors, ISO `t="d"` cells, and dates, times of day and durations decided by the
/// cell's number format. Merged ranges are collected when the scanner passes `<mergeCells>`
/// after the data.
final class SheetStream: RowReader {
    private var scanner: XMLScanner
    private let context: WorkbookContext
    private let stream: ZipEntryStream
    private(set) var mergedRanges: [CellRange] = []
    private var finished = false

    private var nextRowIndex = 0
    private var cellCount = 0
    /// Width of the last row, to size the next one's array.
    private var lastRowWidth = 8

    init(stream: ZipEntryStream, file: String, context: WorkbookContext) {
        self.stream = stream
        self.context = context
        self.scanner = XMLScanner(file: file, part: stream.part, chunkSize: stream.scanChunkSize) { [stream] buffer in
            try stream.read(into: buffer)
        }
        scanner.pool = context.pool
    }

    private enum CellType {
        case number, sharedString, inlineString, formulaString, boolean, error, isoDate
    }

    func nextRow() throws -> Row? {
        if finished { return nil }
        // Work on a local copy of the scanner (a few integers and two references): mutating a
        // class's stored struct on every token would cost a dynamic exclusivity check each time.
        var scanner = self.scanner
        var cellCount = self.cellCount
        defer {
            self.scanner = scanner
            self.cellCount = cellCount
        }
        let limits = context.limits
        var rowIndex = -1
        var nextColumn = 0
        var cells: [Cell] = []
        cells.reserveCapacity(lastRowWidth)

        // The cell being read.
        var column = 0
        var type = CellType.number
        var style = 0
        var valueText: String? = nil
        var numberValue: Double? = nil
        var sharedIndex: Int? = nil
        var inValue = false
        var inInlineText = false
        var inInline = false
        var phoneticDepth = 0
        var inlineText = ""
        var inlineRun = ""
        var inCell = false

        while true {
            let token = try scanner.next()
            switch token {
            case .end:
                finished = true
                return rowIndex >= 0 && !cells.isEmpty ? Row(index: rowIndex, cells: cells) : nil

            case .startTag:
                if scanner.nameIs("c") {
                    if rowIndex < 0 { rowIndex = try beginRow(explicit: nil, scanner: scanner) }
                    column = nextColumn
                    type = .number
                    style = 0
                    for i in 0..<scanner.attributeCount {
                        switch scanner.singleByteAttributeName(i) {
                        case UInt8(ascii: "r"):
                            if let address = CellAddress.parse(bytes: scanner.bytes(scanner.attributeValueRange(i))) {
                                column = address.column
                            }
                        case UInt8(ascii: "t"):
                            type = cellType(scanner.bytes(scanner.attributeValueRange(i)))
                        case UInt8(ascii: "s"):
                            style = ByteNumber.integer(scanner.bytes(scanner.attributeValueRange(i))) ?? 0
                        default:
                            continue
                        }
                    }
                    nextColumn = column + 1
                    if column >= limits.maxColumns {
                        throw tooLarge("column \(CellAddress.columnName(column)) is beyond the cap of \(limits.maxColumns) columns", scanner)
                    }
                    valueText = nil
                    numberValue = nil
                    sharedIndex = nil
                    inlineText = ""
                    inCell = !scanner.isSelfClosing
                } else if inCell && scanner.nameIs("v") {
                    inValue = !scanner.isSelfClosing
                } else if inCell && scanner.nameIs("is") {
                    inInline = !scanner.isSelfClosing
                } else if inInline && scanner.nameIs("rPh") {
                    if !scanner.isSelfClosing { phoneticDepth += 1 }
                } else if inInline && scanner.nameIs("t") {
                    inInlineText = phoneticDepth == 0 && !scanner.isSelfClosing
                    inlineRun = ""
                } else if scanner.nameIs("row") {
                    let explicit = scanner.attributeRange("r").flatMap { ByteNumber.integer(scanner.bytes($0)) }
                    if rowIndex >= 0 && !cells.isEmpty {
                        throw scanner.malformed("row \(rowIndex + 1) has no end tag")
                    }
                    rowIndex = try beginRow(explicit: explicit, scanner: scanner)
                    nextColumn = 0
                    if scanner.isSelfClosing { rowIndex = -1 }
                } else if scanner.nameIs("mergeCell") {
                    if let ref = scanner.attribute("ref"), let range = CellRange(a1: ref) { mergedRanges.append(range) }
                }

            case .text:
                if inValue {
                    if type == .number, numberValue == nil, valueText == nil {
                        numberValue = ByteNumber.double(scanner.textBytes)
                        if numberValue == nil { valueText = scanner.text }
                    } else if type == .sharedString, sharedIndex == nil, valueText == nil {
                        sharedIndex = ByteNumber.integer(scanner.textBytes)
                        if sharedIndex == nil { valueText = scanner.text }
                    } else {
                        valueText = (valueText ?? "") + scanner.text
                    }
                } else if inInlineText {
                    inlineRun += scanner.text
                }

            case .endTag:
                if scanner.nameIs("v") {
                    inValue = false
                } else if scanner.nameIs("t") {
                    // Each run is an ST_Xstring of its own: its escapes are decoded alone.
                    if inInlineText { inlineText += XString.decode(inlineRun) }
                    inInlineText = false
                } else if scanner.nameIs("rPh") {
                    phoneticDepth = max(0, phoneticDepth - 1)
                } else if scanner.nameIs("is") {
                    inInline = false
                } else if scanner.nameIs("c") {
                    inCell = false
                    let value = try makeValue(type: type, style: style, number: numberValue, shared: sharedIndex,
                                              text: valueText, inline: inlineText, column: column, row: rowIndex,
                                              scanner: scanner)
                    if !value.isEmpty {
                        cellCount += 1
                        if cellCount > limits.maxCells {
                            throw tooLarge("more than \(limits.maxCells) cells", scanner)
                        }
                        cells.append(Cell(address: CellAddress(row: rowIndex, column: column), value: value))
                    }
                } else if scanner.nameIs("row") {
                    if !cells.isEmpty {
                        if !isSorted(cells) { cells.sort { $0.address.column < $1.address.column } }
                        lastRowWidth = max(lastRowWidth, cells.count)
                        return Row(index: rowIndex, cells: cells)
                    }
                    rowIndex = -1
                }
            }
        }
    }

    private func isSorted(_ cells: [Cell]) -> Bool {
        var previous = -1
        for cell in cells {
            if cell.address.column <= previous { return false }
            previous = cell.address.column
        }
        return true
    }

    /// Starts a row: an explicit 1-based `r`, or the one after the previous row.
    private func beginRow(explicit: Int?, scanner: XMLScanner) throws -> Int {
        let index = explicit.map { $0 - 1 } ?? nextRowIndex
        guard index >= 0 else { throw scanner.malformed("a row numbered 0") }
        if index >= context.limits.maxRows {
            throw tooLarge("row \(index + 1) is beyond the cap of \(context.limits.maxRows) rows", scanner)
        }
        nextRowIndex = index + 1
        return index
    }

    private func tooLarge(_ detail: String, _ scanner: XMLScanner) -> SpreadsheetError {
        SpreadsheetError(.sheetTooLarge, file: scanner.file, part: scanner.part, detail: detail)
    }

    private func cellType(_ bytes: UnsafeBufferPointer<UInt8>) -> CellType {
        switch bytes.count {
        case 1:
            switch bytes[0] {
            case UInt8(ascii: "s"): return .sharedString
            case UInt8(ascii: "b"): return .boolean
            case UInt8(ascii: "e"): return .error
            case UInt8(ascii: "d"): return .isoDate
            default: return .number
            }
        case 3 where bytes[0] == UInt8(ascii: "s"): return .formulaString  // "str"
        case 9: return .inlineString  // "inlineStr"
        default: return .number
        }
    }

    private func makeValue(type: CellType, style: Int, number: Double?, shared: Int?, text: String?, inline: String,
                           column: Int, row: Int, scanner: XMLScanner) throws -> CellValue {
        switch type {
        case .number:
            if let number {
                return Self.numericValue(number, kind: context.styles.kind(ofStyle: style), system: context.dateSystem)
            }
            if let text, !text.isEmpty { return .string(text) }  // a number cell holding text: keep what is there
            return inline.isEmpty ? .empty : .string(inline)
        case .sharedString:
            if shared == nil && text == nil { return .empty }
            guard let index = shared, index < context.sharedStrings.count else {
                throw scanner.malformed("cell \(CellAddress(row: row, column: column).a1) refers to shared string \(shared.map(String.init) ?? text ?? ""), which does not exist")
            }
            let string = context.sharedStrings[index]
            return string.isEmpty ? .empty : .string(string)
        case .inlineString:
            if !inline.isEmpty { return .string(inline) }
            return text.map { $0.isEmpty ? .empty : .string(XString.decode($0)) } ?? .empty
        case .formulaString:
            return text.map { $0.isEmpty ? .empty : .string(XString.decode($0)) } ?? .empty
        case .boolean:
            guard let text = text?.trimmingXMLSpace else { return .empty }
            return .bool(text == "1" || text.lowercased() == "true")
        case .error:
            return text.map { .error($0) } ?? .empty
        case .isoDate:
            guard let text = text?.trimmingXMLSpace, !text.isEmpty else { return .empty }
            guard let dateTime = ISODateTime.parse(text) else {
                if let seconds = ISODateTime.timeOfDay(text) { return .time(seconds: seconds) }
                return .string(text)
            }
            let hasTime = dateTime.hour != 0 || dateTime.minute != 0 || dateTime.second != 0
                || context.styles.kind(ofStyle: style) == .dateTime
            return hasTime ? .dateTime(dateTime) : .date(dateTime.date)
        }
    }
}

extension SheetStream {
    /// A number cell's value under its number format's kind.
    ///
    /// - A date format gives the date (the time of day dropped, as the format does).
    /// - A time format (`h:mm`) gives a time of day when the serial is below 1, and keeps the
    ///   date-time when it holds a whole day too: nothing is thrown away.
    /// - A date-time format gives a date-time; in the 1900 system a serial below 1 is a time
    ///   of day, as "1900-01-00" is no date (in the 1904 system serial 0 is 1904-01-01).
    /// - An elapsed-time format (`[h]:mm:ss`) gives a duration of any length, negative too.
    /// - Serials outside Excel's dates (negative, past 9999) stay numbers.
    static func numericValue(_ number: Double, kind: NumberKind, system: DateSystem) -> CellValue {
        switch kind {
        case .number:
            return .number(number)
        case .date:
            if let dateTime = ExcelDate.dateTime(serial: number, system: system) { return .date(dateTime.date) }
            return .number(number)
        case .dateTime, .time:
            if number >= 0, number < 1, kind == .time || system == .date1900 {
                return .time(seconds: Int((number * 86400).rounded()) % 86400)
            }
            if let dateTime = ExcelDate.dateTime(serial: number, system: system) { return .dateTime(dateTime) }
            return .number(number)
        case .duration:
            // Up to a million days (Int-safe, and far past any real report).
            guard number.isFinite, number.magnitude < 1_000_000 else { return .number(number) }
            return .duration(seconds: Int((number * 86400).rounded()))
        }
    }
}

extension CellAddress {
    /// Parses an A1 reference straight from scanner bytes.
    static func parse(bytes: UnsafeBufferPointer<UInt8>) -> CellAddress? {
        var column = 0
        var row = 0
        var letters = 0
        var digits = 0
        for byte in bytes {
            if byte >= 65 && byte <= 90 {
                guard digits == 0, letters < 3 else { return nil }
                column = column * 26 + Int(byte - 64)
                letters += 1
            } else if byte >= 97 && byte <= 122 {
                guard digits == 0, letters < 3 else { return nil }
                column = column * 26 + Int(byte - 96)
                letters += 1
            } else if byte >= 48 && byte <= 57 {
                guard letters > 0, digits < 7 else { return nil }
                row = row * 10 + Int(byte - 48)
                digits += 1
            } else if byte != 36 {  // '$'
                return nil
            }
        }
        guard letters > 0, digits > 0, row > 0 else { return nil }
        return CellAddress(row: row - 1, column: column - 1)
    }
}

/// ISO 8601 as `t="d"` cells carry it: `2022-05-17`, `2022-05-17T08:30:00`, optional fraction and `Z`.
enum ISODateTime {
    static func parse(_ text: String) -> CivilDateTime? {
        let parts = text.split(separator: "T", maxSplits: 1)
        guard let datePart = parts.first, let date = CivilDate(iso: datePart) else { return nil }
        guard parts.count == 2 else { return CivilDateTime(date: date) }
        guard let (hour, minute, second) = clock(parts[1]) else { return nil }
        return CivilDateTime(date: date, hour: hour, minute: minute, second: second)
    }

    /// A `t="d"` cell holding only a time (`14:30:00`, `T14:30`, `08:15:30.25Z`, as openpyxl
    /// writes a `datetime.time`): seconds after midnight, the fraction dropped.
    static func timeOfDay(_ text: String) -> Int? {
        var time = Substring(text)
        if time.first == "T" { time = time.dropFirst() }
        guard time.first.map({ $0.isASCIIDigit }) == true, let (hour, minute, second) = clock(time) else { return nil }
        return hour * 3600 + minute * 60 + second
    }

    /// `HH:MM[:SS[.fff]]` with an optional zone (`Z`, `+03:00`), which is ignored.
    private static func clock(_ text: Substring) -> (hour: Int, minute: Int, second: Int)? {
        var time = text
        if let zone = time.firstIndex(where: { $0 == "Z" || $0 == "+" || $0 == "-" }) { time = time[..<zone] }
        let fields = time.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 2 || fields.count == 3, let hour = Int(fields[0]), let minute = Int(fields[1]) else { return nil }
        // Seconds may carry a fraction; anything else (`1e300`, `nan`) is not a time. Converting
        // such a Double to Int would trap, so the range is checked on the Double first.
        let seconds = fields.count > 2 ? Double(fields[2]) : 0
        guard let seconds, seconds >= 0, seconds < 61 else { return nil }
        let second = Int(seconds)
        guard (0..<24).contains(hour), (0..<60).contains(minute) else { return nil }
        return (hour, minute, min(second, 59))
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { asciiValue.map { $0 >= 48 && $0 <= 57 } ?? false }
}

extension String {
    /// The string without leading and trailing XML white space.
    var trimmingXMLSpace: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = lastIndex(where: { !isSpace($0) })!
        return String(self[first...last])
    }
}
