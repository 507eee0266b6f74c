import Spreadsheet

/// The reader of the production calendar's open-data CSV format.
///
/// The format is fixed (UTF-8, comma, `"` quotes), so this is a small RFC 4180 reader of its
/// own rather than the dialect-sniffing reader for municipal files: it only has to say exactly
/// where a row is wrong.
enum ProductionCalendarCSV {
    /// One CSV record: its fields and the 1-based physical line where it starts.
    struct Record {
        var line: Int
        var fields: [String]
    }

    /// Parses calendar text.
    ///
    /// - Parameters:
    ///   - text: The CSV text.
    ///   - source: The file name for error locations and origins.
    /// - Returns: The calendar.
    /// - Throws: ``CalendarError`` naming line and column.
    static func parse(_ text: String, source: String?) throws(CalendarError) -> ProductionCalendar {
        var marks: [Int: [Int: ProductionCalendar.Mark]] = [:]
        var origins: [Int: String] = [:]
        var lines: [Int: Int] = [:]
        var first = true
        for record in try records(text, source: source) {
            defer { first = false }
            let yearText = record.fields[0].calendarTrimmed
            guard yearText.count == 4, yearText.allSatisfy({ $0.isASCII && $0.isNumber }), let year = Int(yearText)
            else {
                // A first row that does not start with a number is the header.
                if first, !(yearText.first.map { $0.isASCII && $0.isNumber } ?? false) { continue }
                throw CalendarError(.invalidYear, file: source, line: record.line, column: 1, text: yearText)
            }
            if let previous = lines[year] {
                throw CalendarError(.duplicateYear, file: source, line: record.line, column: 1, text: yearText,
                                    detail: .init(ru: "Он уже указан в строке \(previous).", en: "It is already on line \(previous)."))
            }
            guard record.fields.count >= 13 else {
                throw CalendarError(.missingColumns, file: source, line: record.line, detail: .init(
                    ru: "Столбцов в строке: \(record.fields.count).", en: "The row has \(record.fields.count) columns."))
            }
            var days: [Int: ProductionCalendar.Mark] = [:]
            var daysOff = 0
            for month in 1...12 {
                let column = month + 1
                let length = CivilDate.daysIn(month: month, year: year)
                var seen = Set<Int>()
                for rawToken in record.fields[month].split(separator: ",", omittingEmptySubsequences: false) {
                    let token = String(rawToken).calendarTrimmed
                    if token.isEmpty { continue }
                    var digits = Substring(token)
                    var mark = ProductionCalendar.Mark.off
                    if digits.last == "+" {
                        mark = .transferredOff
                        digits = digits.dropLast()
                    } else if digits.last == "*" {
                        mark = .shortened
                        digits = digits.dropLast()
                    }
                    guard !digits.isEmpty, digits.count <= 2, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
                          let day = Int(digits)
                    else {
                        throw CalendarError(.invalidDay, file: source, line: record.line, column: column, text: token,
                                            detail: monthDetail(month, year))
                    }
                    guard (1...length).contains(day) else {
                        throw CalendarError(.dayOutOfRange, file: source, line: record.line, column: column, text: token,
                                            detail: .init(ru: "В месяце «\(CalendarWords.monthsRu[month - 1])» \(year) года \(length) дн.",
                                                          en: "\(CalendarWords.monthsEn[month - 1]) \(year) has \(length) days."))
                    }
                    guard seen.insert(day).inserted else {
                        throw CalendarError(.duplicateDay, file: source, line: record.line, column: column, text: token,
                                            detail: monthDetail(month, year))
                    }
                    days[CivilDate(year: year, month: month, day: day).daysSinceEpoch] = mark
                    if mark != .shortened { daysOff += 1 }
                }
            }
            let length = CivilDate.isLeap(year) ? 366 : 365
            for (column, expected) in [(14, length - daysOff), (15, daysOff)] where record.fields.count >= column {
                let stated = record.fields[column - 1].calendarTrimmed
                if stated.isEmpty { continue }
                guard Int(stated) == expected else {
                    throw CalendarError(.totalsMismatch, file: source, line: record.line, column: column, text: stated,
                                        detail: column == 14
                                            ? .init(ru: "По перечню дней рабочих дней \(expected).", en: "The day lists give \(expected) working days.")
                                            : .init(ru: "По перечню дней нерабочих дней \(expected).", en: "The day lists give \(expected) days off."))
                }
            }
            marks[year] = days
            origins[year] = "\(source ?? "<calendar>"):\(record.line)"
            lines[year] = record.line
        }
        guard !marks.isEmpty else { throw CalendarError(.empty, file: source) }
        return ProductionCalendar(marks: marks, origins: origins)
    }

    /// «Месяц: май 2021 года.» — which cell a day error is in, in words.
    private static func monthDetail(_ month: Int, _ year: Int) -> LocalizedText {
        .init(ru: "Месяц: \(CalendarWords.monthsRu[month - 1]) \(year) г.", en: "Month: \(CalendarWords.monthsEn[month - 1]) \(year).")
    }

    /// Splits the text into records (RFC 4180: `""` inside quotes, quoted line breaks), skipping
    /// blank lines. A UTF-8 byte order mark and `\r\n` line ends are accepted.
    static func records(_ text: String, source: String?) throws(CalendarError) -> [Record] {
        var result: [Record] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var quoteLine = 1
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var index = 0

        func endRecord() {
            fields.append(field)
            field = ""
            if fields.contains(where: { !$0.calendarTrimmed.isEmpty }) {
                result.append(Record(line: recordLine, fields: fields))
            }
            fields = []
        }

        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            if inQuotes {
                if scalar == "\"" {
                    if index < scalars.count, scalars[index] == "\"" {
                        field.unicodeScalars.append("\"")
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"":
                inQuotes = true
                quoteLine = line
            case ",":
                fields.append(field)
                field = ""
            case "\r":
                if index < scalars.count, scalars[index] == "\n" { continue }
                endRecord()
                line += 1
                recordLine = line
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            default:
                field.unicodeScalars.append(scalar)
            }
        }
        if inQuotes {
            throw CalendarError(.unterminatedQuote, file: source, line: quoteLine, column: fields.count + 1)
        }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return result
    }
}

extension String {
    /// The text without leading and trailing spaces and tabs.
    fileprivate var calendarTrimmed: String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
