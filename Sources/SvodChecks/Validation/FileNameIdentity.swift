import Foundation
import SvodModel

/// What a file's name says about who sent it and for which month; the identification check
/// compares it with the title block, and `svod run` files a report that stopped the check by it.
extension IdentificationCheck {
    /// A report period of a cadence in a file name: a month as ``period(inFileName:)`` reads it,
    /// `2021-Q1` (also `2021_q1`), `2021-H2`, a year `2021`, a school year `2020-2021`.
    package static func period(inFileName name: String, cadence: Cadence) -> ReportPeriod? {
        if cadence == .month { return period(inFileName: name).map(ReportPeriod.month) }
        let stem = (name as NSString).deletingPathExtension.uppercased()
        let parts = stem.split(whereSeparator: { $0 == "_" || $0 == " " || $0 == "." }).map(String.init)
        for part in parts {
            if let period = ReportPeriod(text: part), period.cadence == cadence { return period }
        }
        // Joined by a separator the split took apart: `2021_Q1`, `2020_2021`.
        for (first, second) in zip(parts, parts.dropFirst()) {
            if let period = ReportPeriod(text: first + "-" + second), period.cadence == cadence { return period }
        }
        return nil
    }

    /// A reporting month in a file name: `2021-03`, `2021_03`, `03.2021`, `03-2021`.
    package static func period(inFileName name: String) -> YearMonth? {
        // Digit runs and the one character between neighbours, scanned once (no regex: this runs
        // for every file of a national batch).
        let runs = digitRuns(name)
        for (index, run) in runs.enumerated() where index + 1 < runs.count {
            let next = runs[index + 1]
            guard next.start == run.end + 1, "-_.".contains(run.separatorAfter) else { continue }
            if run.text.count == 4, run.text.hasPrefix("20"), let year = Int(run.text), next.text.count == 2, let month = Int(next.text),
               (1...12).contains(month) {
                return YearMonth(year: year, month: month)
            }
        }
        for (index, run) in runs.enumerated() where index + 1 < runs.count {
            let next = runs[index + 1]
            guard next.start == run.end + 1, "-_.".contains(run.separatorAfter) else { continue }
            if run.text.count == 2, let month = Int(run.text), (1...12).contains(month), next.text.count == 4, next.text.hasPrefix("20"),
               let year = Int(next.text) {
                return YearMonth(year: year, month: month)
            }
        }
        return nil
    }

    struct DigitRun {
        var text: String
        var start: Int
        var end: Int
        var separatorAfter: Character
    }

    /// The runs of ASCII digits in a text, with their character offsets.
    static func digitRuns(_ text: String) -> [DigitRun] {
        var runs: [DigitRun] = []
        var current = ""
        var start = 0
        let characters = Array(text)
        for (offset, character) in characters.enumerated() {
            if character.isASCIIDigit {
                if current.isEmpty { start = offset }
                current.append(character)
            } else if !current.isEmpty {
                runs.append(DigitRun(text: current, start: start, end: offset, separatorAfter: character))
                current = ""
            }
        }
        if !current.isEmpty { runs.append(DigitRun(text: current, start: start, end: characters.count, separatorAfter: " ")) }
        return runs
    }

    /// A municipality in a file name: an OKTMO code, or exactly one registry name or alias.
    package static func municipality(inFileName name: String, registry: ReporterRegistry) -> Reporter? {
        for run in digitRuns(name) where run.text.count == 8 || run.text.count == 11 {
            if let found = registry.find(oktmo: run.text) { return found }
        }
        // A school's code (its INN, 10 digits, or a registry code) as a part of the name.
        let stem = (name as NSString).deletingPathExtension
        for part in stem.split(whereSeparator: { $0 == "_" || $0 == " " || $0 == "." }) where part.count >= 3 {
            if let found = registry.find(code: String(part)), found.kind == .school { return found }
        }
        let folded = " " + TextCleaner.fold((name as NSString).deletingPathExtension) + " "
        let hits = registry.municipalities.filter { municipality in
            ([municipality.name] + municipality.aliases).contains { folded.contains(" " + TextCleaner.fold($0) + " ") }
        }
        return hits.count == 1 ? hits[0] : nil
    }
}
