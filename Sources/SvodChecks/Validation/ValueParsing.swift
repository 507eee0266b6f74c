import Foundation
import Spreadsheet
import SvodModel

/// How clerks' values are read: dates in Russian and ISO forms and as Excel serials, numbers
/// with decimal commas and thousands spaces, months as words or digits.
public enum ValueParsing {
    /// A date from a cell: a real date, `DD.MM.YYYY`, `D.M.YY`, `YYYY-MM-DD`, or an Excel serial.
    ///
    /// A time of day or a duration is not a date (`nil`, so a date column reports
    /// `date-invalid`): Excel stores «14:30» typed into a date cell as the serial 0.604, and
    /// reading it as 1899-12-31 would accept a date nobody wrote.
    public static func date(_ value: CellValue) -> CivilDate? {
        switch value {
        case .date(let date): return date
        case .dateTime(let dateTime): return dateTime.date
        case .time, .duration: return nil
        case .number(let serial):
            // Only plausible serials (1954–2118); a bare 2021 is a year, not a date.
            guard serial >= 20_000, serial <= 80_000 else { return nil }
            return ExcelDate.dateTime(serial: serial, system: .date1900)?.date
        case .string(let raw):
            let text = raw.trimmed
            if let date = dayMonthYear(text) ?? isoDate(text) { return date }
            if let serial = Double(text) { return date(.number(serial)) }
            return nil
        default:
            return nil
        }
    }

    /// A number from a cell: a real number, or text such as `12,5`, `1 234`, `25%`.
    ///
    /// A duration or a time of day is not a number (`nil`, so a number column reports
    /// `number-invalid` and shows the value as Excel does, `36:00:00`). What a clerk meant by
    /// «36:00» in a column of counts, hours or shares cannot be told: Excel's own value is 1.5
    /// (days), the clerk may mean 36 hours, 2 160 minutes or a ratio, and the schema gives no
    /// unit. Asking for the number typed as a number is better than storing any of these
    /// silently. (Before times and durations were read as such they were date-times, which
    /// were not numbers either: the verdict on such a cell is unchanged.)
    public static func number(_ value: CellValue) -> Double? {
        switch value {
        case .number(let number): return number
        case .time, .duration: return nil
        case .string(let raw):
            // By bytes (no Foundation, no Characters): every number typed as text in every
            // report passes here. Spaces, no-break and narrow no-break spaces are dropped, one
            // trailing `%` too, a comma is a decimal point; anything but digits, `.`, `-`, `+`
            // makes it not a number.
            var kept: [UInt8] = []
            let text = raw.trimmed
            kept.reserveCapacity(text.utf8.count)
            var bytes = text.utf8.makeIterator()
            var pending: [UInt8] = []
            while let byte = bytes.next() {
                switch byte {
                case 0x20: continue
                case 0xC2, 0xE2:
                    // U+00A0 is C2 A0; U+202F is E2 80 AF. Anything else non-ASCII is not a number.
                    pending = [byte]
                    while pending.count < (byte == 0xC2 ? 2 : 3), let next = bytes.next() { pending.append(next) }
                    guard pending == [0xC2, 0xA0] || pending == [0xE2, 0x80, 0xAF] else { return nil }
                case UInt8(ascii: ","): kept.append(UInt8(ascii: "."))
                case 0x30...0x39, UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "%"): kept.append(byte)
                default: return nil
                }
            }
            if kept.last == UInt8(ascii: "%") { kept.removeLast() }
            guard !kept.isEmpty, !kept.contains(UInt8(ascii: "%")),
                  let number = Double(String(decoding: kept, as: UTF8.self)), number.isFinite else { return nil }
            return number
        default:
            return nil
        }
    }

    /// The reporting month from a title-block cell: a date (its month), `2021-03`, `03.2021`,
    /// `март 2021`, `Март 2021 г.`; a month word alone takes its year from the roadmap period.
    public static func month(_ value: CellValue, period: RoadmapPeriod) -> YearMonth? {
        switch value {
        case .date(let date): return YearMonth(date)
        case .dateTime(let dateTime): return YearMonth(dateTime.date)
        case .time, .duration: return nil
        case .number(let serial): return date(.number(serial)).map(YearMonth.init)
        case .string(let raw):
            let text = raw.trimmed
            let parts = numericParts(withoutYearMark(text), separators: "-./")
            if parts.count == 2, let first = Int(parts[0]), let second = Int(parts[1]) {
                if parts[0].count == 4, parts[1].count <= 2, (1...12).contains(second) { return YearMonth(year: first, month: second) }
                if parts[1].count == 4, parts[0].count <= 2, (1...12).contains(first) { return YearMonth(year: second, month: first) }
            }
            if let date = date(value) { return YearMonth(date) }
            // Words: the deadline grammar reads «март 2021 г.» as the period of that month.
            let parse = DeadlineParser.parse(text, period: period)
            let schedule = parse.schedule
            if schedule.kind == .period, let start = schedule.start, let end = schedule.end,
               YearMonth(start) == YearMonth(end), start.day == 1, end == YearMonth(end).lastDay {
                return YearMonth(start)
            }
            return nil
        default:
            return nil
        }
    }

    /// The report period from a title-block cell, in a cadence: a month as ``month(_:period:)``
    /// reads it; a quarter «I квартал 2021», «1 кв. 2021», `2021-Q1`; a half-year «II полугодие
    /// 2021», `2021-H2`; a year «2021 год», `2021`; a school year «2020/21 учебный год»,
    /// `2020-2021`. A date or a month in a coarser cadence is taken as the period holding it.
    public static func period(_ value: CellValue, cadence: Cadence, period roadmap: RoadmapPeriod) -> ReportPeriod? {
        if cadence == .month { return month(value, period: roadmap).map(ReportPeriod.month) }
        if case .number(let number) = value, number.rounded() == number, (1990...2100).contains(Int(number)) {
            return cadence == .year ? ReportPeriod(.year, containing: YearMonth(year: Int(number), month: 1)) : nil
        }
        if case .string(let raw) = value {
            let text = TextCleaner.fold(raw.trimmed)
            if let parsed = ReportPeriod(text: text) ?? ReportPeriod(text: String(withoutYearMark(raw.trimmed)).trimmed) {
                if parsed.cadence == cadence { return parsed }
                if parsed.cadence == .month { return ReportPeriod(cadence, containing: parsed.first) }
            }
            let words = text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
            let years = words.compactMap { word -> Int? in
                guard word.count == 4, let year = Int(word), (1990...2100).contains(year) else { return nil }
                return year
            }
            let roman = ["i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4]
            let ordinal = words.first { roman[$0] != nil }.flatMap { roman[$0] }
            switch cadence {
            case .quarter where words.contains(where: { $0.hasPrefix("кв") || $0 == "quarter" }):
                if let year = years.first, let index = ordinal, index <= 4 {
                    return ReportPeriod(.quarter, containing: YearMonth(year: year, month: (index - 1) * 3 + 1))
                }
            case .halfYear where words.contains(where: { $0.hasPrefix("полугод") || $0 == "half" }):
                if let year = years.first, let index = ordinal, index <= 2 {
                    return ReportPeriod(.halfYear, containing: YearMonth(year: year, month: (index - 1) * 6 + 1))
                }
            case .year where years.count == 1 && !words.contains(where: { $0.hasPrefix("кв") || $0.hasPrefix("полугод") }):
                return ReportPeriod(.year, containing: YearMonth(year: years[0], month: 1))
            case .schoolYear:
                let pairs = words.compactMap { Int($0) }
                if let first = years.first, pairs.contains(first + 1) || pairs.contains((first + 1) % 100) {
                    return ReportPeriod(.schoolYear, containing: YearMonth(year: first, month: 9))
                }
            default:
                break
            }
        }
        // A date or a month: the period holding it.
        if let month = month(value, period: roadmap) { return ReportPeriod(cadence, containing: month) }
        return nil
    }

    /// A measure id as typed: trimmed, `,` as `.`, no trailing dot, no `№`, no spaces.
    public static func measureID(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "№", " ", "\u{00A0}", "\t", "\n", "\r": continue
            case ",": scalars.append(".")
            default: scalars.append(scalar)
            }
        }
        var id = String(scalars)
        while id.hasSuffix(".") { id.removeLast() }
        return id
    }

    /// `15.03.2021`, `5.3.21`, `15/03/2021`, with an optional «г.» after the year.
    static func dayMonthYear(_ text: String) -> CivilDate? {
        let parts = numericParts(withoutYearMark(text), separators: "./")
        guard parts.count == 3, parts[0].count <= 2, parts[1].count <= 2, parts[2].count == 2 || parts[2].count == 4,
              let day = Int(parts[0]), let month = Int(parts[1]), var year = Int(parts[2]) else { return nil }
        if year < 100 { year += 2000 }
        return CivilDate(validYear: year, month: month, day: day)
    }

    /// `2021-03-15`, optionally followed by a time (`T10:00:00`, ` 10:00`).
    static func isoDate(_ text: String) -> CivilDate? {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 10, utf8[4] == UInt8(ascii: "-"), utf8[7] == UInt8(ascii: "-") else { return nil }
        if utf8.count > 10, utf8[10] != UInt8(ascii: "T"), utf8[10] != UInt8(ascii: " ") { return nil }
        return CivilDate(iso: String(decoding: utf8[0..<10], as: UTF8.self))
    }

    /// The text without a trailing year mark («2021 г.», «2021г»).
    static func withoutYearMark(_ text: String) -> Substring {
        var utf8 = Substring(text).utf8
        if utf8.last == UInt8(ascii: ".") { utf8 = utf8.dropLast() }
        // «г» is D0 B3 in UTF-8.
        if utf8.count >= 2, utf8.last == 0xB3, utf8[utf8.index(utf8.endIndex, offsetBy: -2)] == 0xD0 { utf8 = utf8.dropLast(2) }
        while utf8.last == UInt8(ascii: " ") { utf8 = utf8.dropLast() }
        return Substring(utf8)
    }

    /// Digit runs split by the separators; `[]` when anything else appears. By bytes: dates typed
    /// as text («15.03.2021») are parsed for every cell of every CSV report.
    static func numericParts(_ text: Substring, separators: String) -> [Substring] {
        let stops = Array(separators.utf8)
        var parts: [Substring] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var index = start
        while true {
            if index == utf8.endIndex || stops.contains(utf8[index]) {
                guard index > start else { return [] }  // an empty part
                parts.append(Substring(utf8[start..<index]))
                if index == utf8.endIndex { return parts }
                index = utf8.index(after: index)
                start = index
                continue
            }
            guard (0x30...0x39).contains(utf8[index]) else { return [] }
            index = utf8.index(after: index)
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { asciiValue.map { $0 >= 48 && $0 <= 57 } ?? false }
}
