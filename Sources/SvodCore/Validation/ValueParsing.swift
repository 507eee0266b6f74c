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
            if let match = text.wholeMatch(of: /(\d{1,2})[.\/](\d{1,2})[.\/](\d{2}|\d{4})(?:\s*г\.?)?/) {
                var year = Int(match.output.3)!
                if year < 100 { year += 2000 }
                return CivilDate(validYear: year, month: Int(match.output.2)!, day: Int(match.output.1)!)
            }
            if let match = text.wholeMatch(of: /(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?/) {
                return CivilDate(validYear: Int(match.output.1)!, month: Int(match.output.2)!, day: Int(match.output.3)!)
            }
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
            if let match = text.wholeMatch(of: /(\d{4})[-.\/](\d{1,2})/), let month = Int(match.output.2), (1...12).contains(month) {
                return YearMonth(year: Int(match.output.1)!, month: month)
            }
            if let match = text.wholeMatch(of: /(\d{1,2})[-.\/](\d{4})(?:\s*г\.?)?/), let month = Int(match.output.1), (1...12).contains(month) {
                return YearMonth(year: Int(match.output.2)!, month: month)
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

    /// A measure id as typed: trimmed, `,` as `.`, no trailing dot, no `№`.
    public static func measureID(_ text: String) -> String {
        var id = text.trimmed
        id = id.replacingOccurrences(of: "№", with: "").replacingOccurrences(of: ",", with: ".")
        id.removeAll { $0 == " " || $0 == "\u{00A0}" }
        while id.hasSuffix(".") { id.removeLast() }
        return id
    }
}
