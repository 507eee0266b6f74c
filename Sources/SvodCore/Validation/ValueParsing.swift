import Foundation

/// How clerks' values are read: dates in Russian and ISO forms and as Excel serials, numbers
/// with decimal commas and thousands spaces, months as words or digits.
public enum ValueParsing {
    /// A date from a cell: a real date, `DD.MM.YYYY`, `D.M.YY`, `YYYY-MM-DD`, or an Excel serial.
    public static func date(_ value: CellValue) -> CivilDate? {
        switch value {
        case .date(let date): return date
        case .dateTime(let dateTime): return dateTime.date
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
    public static func number(_ value: CellValue) -> Double? {
        switch value {
        case .number(let number): return number
        case .string(let raw):
            var text = raw.trimmed
            text.removeAll { $0 == " " || $0 == "\u{00A0}" || $0 == "\u{202F}" }
            if text.hasSuffix("%") { text.removeLast() }
            text = text.replacingOccurrences(of: ",", with: ".")
            guard !text.isEmpty, text.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" || $0 == "+" }),
                  let number = Double(text), number.isFinite else { return nil }
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
        var rest = Substring(text)
        if rest.hasSuffix(".") { rest = rest.dropLast() }
        if rest.hasSuffix("г") { rest = rest.dropLast() }
        while rest.last == " " { rest = rest.dropLast() }
        return rest
    }

    /// Digit runs split by the separators; `[]` when anything else appears.
    static func numericParts(_ text: Substring, separators: String) -> [Substring] {
        let parts = text.split(omittingEmptySubsequences: false) { separators.contains($0) }
        guard parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else { return [] }
        return parts
    }
}

extension Character {
    var isASCIIDigit: Bool { asciiValue.map { $0 >= 48 && $0 <= 57 } ?? false }
}
