// Why one long file: the year rules and the shape rules below are one ordered decision
// procedure; its steps share the item list they rewrite.

import Spreadsheet

/// Turns the items of a deadline into a schedule: settles the years the text leaves out, then
/// decides the shape of the deadline from the items it holds.
///
/// Years. A span written without a year takes it, in this order, from
/// 1. the other end of its range ("Сентябрь-ноябрь 2021 г."),
/// 2. the nearest later span with a year ("Январь, февраль 2023 г"),
/// 3. the nearest earlier span ("ноябрь 2020, январь" → January 2021),
/// 4. the roadmap period (``RoadmapPeriod/year(forMonth:)``), warning when the period spans
///    several years.
/// A borrowed year is moved by one when it would put the span on the wrong side of the span it
/// came from, so "декабрь, январь 2021" is December 2020 and "сентябрь - февраль" crosses the
/// new year.
///
/// Shape. A repetition makes the deadline recurring, its window the stated span or the period;
/// "в течение года", "постоянно", "с сентября" without an end, and on-demand notes make it
/// throughout; otherwise the dated items decide: one day is a date, several days are dates,
/// one span — or spans that touch end to end — a period, anything else separate months. A
/// reference to a schedule kept elsewhere with no date is unscheduled.
struct DeadlineInterpreter {
    package let period: RoadmapPeriod
    let source: [Character]
    private(set) var warnings: [DeadlineWarning] = []
    private var unparsedFragments: [String] = []
    private var inferredYearWarnings: [DeadlineWarning] = []

    init(period: RoadmapPeriod, source: [Character]) {
        self.period = period
        self.source = source
    }

    /// A day or span with its years settled.
    private struct Dated {
        var start: CivilDate
        var end: CivilDate
        var isPoint: Bool
        var isYear: Bool
        var isBy: Bool
    }

    /// Builds the schedule and the warnings for a parsed deadline.
    ///
    /// - Parameters:
    ///   - syntax: What the grammar read.
    ///   - tokens: The tokens, for spelling corrections.
    ///   - text: The original text.
    /// - Returns: The schedule and every warning.
    mutating func interpret(_ syntax: DeadlineGrammar.Result, tokens: [DeadlineToken], text: String) -> DeadlineParse {
        for token in tokens {
            if let written = token.correctedFrom, case .month(let month) = token.kind {
                warnings.append(.typo(written, readAs: month))
            }
        }
        for range in syntax.invalidDates {
            warnings.append(.invalidDate(fragment(range)))
        }
        unparsedFragments = syntax.unparsed.map(fragment)
        let items = syntax.items.map(placingHalves)
        let specs = resolveYears(items)
        var schedule = build(items, specs: specs)
        // A yearly repetition over the whole period does not depend on the years guessed for
        // its months ("ноябрь, март текущего учебного года"), so the guess is not worth a warning.
        if !(schedule.kind == .recurring && schedule.start == period.start && schedule.end == period.end) {
            warnings.append(contentsOf: inferredYearWarnings)
        }
        if schedule.kind != .unscheduled, schedule.start == nil {
            schedule = Schedule(kind: .unscheduled, note: schedule.note)
        }
        if !unparsedFragments.isEmpty {
            warnings.insert(.unparsed(unparsedFragments, in: text), at: 0)
        }
        checkPeriod(schedule)
        if schedule.kind == .unscheduled {
            warnings.append(.unscheduled(text))
        }
        return DeadlineParse(schedule: schedule, warnings: warnings)
    }

    private func fragment(_ range: Range<Int>) -> String {
        let lower = min(max(range.lowerBound, 0), source.count)
        let upper = min(max(range.upperBound, lower), source.count)
        return DeadlineText.trimmed(String(source[lower..<upper]))
    }

    // MARK: - Years

    /// In a school-year roadmap, a half-year named without a year is a half of the school year
    /// ("2 полугодие" → January–May), not of the calendar year.
    private func placingHalves(_ item: DeadlineItem) -> DeadlineItem {
        guard period.kind == .schoolYear else { return item }
        func placed(_ term: SpanTerm) -> SpanTerm {
            guard term.year == nil, case .half(let half, school: false) = term.shape else { return term }
            return SpanTerm(shape: .half(half, school: true), year: nil, range: term.range)
        }
        var item = item
        switch item.kind {
        case .span(let term): item.kind = .span(placed(term))
        case .range(let first, let last): item.kind = .range(placed(first), placed(last))
        case .by(let term?, let endOf): item.kind = .by(placed(term), endOf: endOf)
        case .openFrom(let term): item.kind = .openFrom(placed(term))
        default: break
        }
        return item
    }

    /// The spans an item names, in order.
    private static func terms(of item: DeadlineItem) -> [SpanTerm] {
        switch item.kind {
        case .span(let term), .openFrom(let term), .by(let term?, _), .throughout(.span(let term)): return [term]
        case .range(let first, let last), .throughout(.range(let first, let last)), .about(let first, let last):
            return [first, last]
        default: return []
        }
    }

    /// "года" with no number: the roadmap period.
    private static func isBare(_ term: SpanTerm) -> Bool {
        term.year == nil && term.shape.isYear
    }

    /// Settles the year of every span, item by item and term by term.
    private mutating func resolveYears(_ items: [DeadlineItem]) -> [[YearSpec?]] {
        let terms = items.map(Self.terms)
        var specs = terms.map { $0.map(\.year) }
        // A range end without a year takes its partner's.
        for index in items.indices where terms[index].count == 2 {
            let (a, b) = (terms[index][0], terms[index][1])
            if let given = specs[index][1], specs[index][0] == nil, !Self.isBare(a) {
                var spec = given
                if bounds(a, spec).start > bounds(b, given).start { spec = spec.shifted(by: -1) }
                specs[index][0] = spec
            } else if let given = specs[index][0], specs[index][1] == nil, !Self.isBare(b) {
                var spec = given
                if bounds(b, spec).end < bounds(a, given).start { spec = spec.shifted(by: 1) }
                specs[index][1] = spec
            }
        }
        let written = specs.indices.filter { index in
            !terms[index].isEmpty && terms[index].indices.allSatisfy { specs[index][$0] != nil || Self.isBare(terms[index][$0]) }
                && terms[index].indices.contains { specs[index][$0] != nil }
        }
        for index in items.indices where !terms[index].isEmpty && !written.contains(index) {
            let unit = terms[index]
            if unit.allSatisfy(Self.isBare) { continue }
            if let anchor = written.first(where: { $0 > index }),
               let anchorSpec = specs[anchor].compactMap({ $0 }).first,
               let anchorTerm = terms[anchor].first(where: { !Self.isBare($0) }) {
                let anchorStart = bounds(anchorTerm, anchorSpec).start
                var assigned = assign(anchorSpec, to: unit)
                if let first = unit.first, bounds(first, assigned[0]).start > anchorStart {
                    assigned = assigned.map { $0.shifted(by: -1) }
                }
                specs[index] = assigned
            } else if let anchor = (0..<index).last(where: { !terms[$0].isEmpty && specs[$0].contains { $0 != nil } }),
                      let anchorSpec = specs[anchor].compactMap({ $0 }).last,
                      let anchorTerm = terms[anchor].last(where: { !Self.isBare($0) }) {
                let anchorStart = bounds(anchorTerm, anchorSpec).start
                var assigned = assign(anchorSpec, to: unit)
                if let first = unit.first, bounds(first, assigned[0]).start < anchorStart {
                    assigned = assigned.map { $0.shifted(by: 1) }
                }
                specs[index] = assigned
            } else {
                var assigned = unit.map { YearSpec.calendar(period.year(forMonth: $0.shape.months.first)) }
                if unit.count == 2, bounds(unit[1], assigned[1]).end < bounds(unit[0], assigned[0]).start {
                    assigned[1] = assigned[1].shifted(by: 1)
                }
                specs[index] = assigned
                if period.isYearAmbiguous {
                    inferredYearWarnings.append(.yearInferred(fragment(items[index].range), year: period.year(forMonth: unit[0].shape.months.first), period: period))
                }
            }
        }
        return specs
    }

    /// One spec for every term of a range or span, the end moved a year on when it would
    /// otherwise come before the start.
    private func assign(_ spec: YearSpec, to unit: [SpanTerm]) -> [YearSpec] {
        var assigned = unit.map { _ in spec }
        if unit.count == 2, bounds(unit[1], spec).end < bounds(unit[0], spec).start {
            assigned[1] = spec.shifted(by: 1)
        }
        return assigned
    }

    /// The first and last day of a span in a given year.
    private func bounds(_ term: SpanTerm, _ spec: YearSpec?) -> (start: CivilDate, end: CivilDate) {
        guard let spec else { return (period.start, period.end) }
        switch term.shape {
        case .day(let day, let month):
            let year = spec.year(forMonth: month)
            let clamped = min(day, CivilDate.daysIn(month: month, year: year))
            let date = CivilDate(year: year, month: month, day: clamped)
            return (date, date)
        case .year:
            switch spec {
            case .calendar(let year):
                return (CivilDate(year: year, month: 1, day: 1), CivilDate(year: year, month: 12, day: 31))
            case .school(let first):
                return (CivilDate(year: first, month: 9, day: 1), CivilDate(year: first + 1, month: 8, day: 31))
            }
        default:
            let (first, last) = term.shape.months
            return (YearMonth(year: spec.year(forMonth: first), month: first).firstDay,
                    YearMonth(year: spec.year(forMonth: last), month: last).lastDay)
        }
    }

    /// The bounds of a term after resolution; "года" without a number is the period, with a
    /// warning when the period spans several years.
    private mutating func resolvedBounds(_ term: SpanTerm, _ spec: YearSpec?) -> (start: CivilDate, end: CivilDate) {
        if Self.isBare(term), period.isYearAmbiguous {
            warnings.append(.ambiguousYear(fragment(term.range), period: period))
        }
        return bounds(term, spec)
    }

    // MARK: - Shape

    private mutating func build(_ items: [DeadlineItem], specs: [[YearSpec?]]) -> Schedule {
        var dated: [Dated] = []
        var opens: [CivilDate] = []
        var throughouts: [(start: CivilDate, end: CivilDate)] = []
        var recurrences: [(Recurrence, Range<Int>)] = []
        var thereafter = false
        var currentYear = false
        var dayOfMonth: Int?
        var notes: [(kind: NoteKind?, text: String)] = []
        var dayOfMonthNote: String?
        var covered: [(dated: Dated, text: String)] = []

        for (index, item) in items.enumerated() {
            let spec = specs[index]
            switch item.kind {
            case .span(let term):
                let b = resolvedBounds(term, spec[0])
                dated.append(Dated(start: b.start, end: b.end, isPoint: term.shape.isDay, isYear: term.shape.isYear, isBy: false))
            case .range(let first, let last):
                var start = resolvedBounds(first, spec[0]).start
                var end = resolvedBounds(last, spec[1]).end
                if end < start {
                    warnings.append(.rangeReversed(fragment(item.range)))
                    let swappedStart = resolvedBounds(last, spec[1]).start
                    end = resolvedBounds(first, spec[0]).end
                    start = swappedStart
                }
                dated.append(Dated(start: start, end: end, isPoint: false, isYear: first.shape.isYear && last.shape.isYear, isBy: false))
            case .openFrom(let term):
                opens.append(resolvedBounds(term, spec[0]).start)
            case .by(let term?, let endOf):
                let b = resolvedBounds(term, spec[0])
                let day = Self.isBare(term) || endOf ? b.end : b.start
                dated.append(Dated(start: day, end: day, isPoint: true, isYear: false, isBy: true))
            case .by(nil, _):
                dated.append(Dated(start: period.end, end: period.end, isPoint: true, isYear: false, isBy: true))
            case .throughout(.wholeTerm):
                throughouts.append((period.start, period.end))
            case .throughout(.span(let term)):
                let b = resolvedBounds(term, spec[0])
                throughouts.append((b.start, b.end))
            case .throughout(.range(let first, let last)):
                throughouts.append((resolvedBounds(first, spec[0]).start, resolvedBounds(last, spec[1]).end))
            case .recurrence(let recurrence):
                recurrences.append((recurrence, item.range))
            case .thereafter:
                thereafter = true
            case .currentYear:
                currentYear = true
            case .dayOfMonth(let day, let following):
                dayOfMonth = day
                if following { dayOfMonthNote = fragment(item.range) }
            case .note(let kind):
                notes.append((kind, fragment(item.range)))
            case .relative:
                unparsedFragments.append(fragment(item.range))
            case .about(let first, let last):
                let start = resolvedBounds(first, spec[0]).start
                let end = resolvedBounds(last, spec[1]).end
                covered.append((Dated(start: start, end: max(start, end), isPoint: false, isYear: first.shape.isYear, isBy: false),
                                fragment(item.range)))
            case .aboutUnit:
                notes.append((nil, fragment(item.range)))
            }
        }
        // "за 2021 год" says what a report covers; it is the deadline only when nothing else is.
        if dated.isEmpty && recurrences.isEmpty && throughouts.isEmpty && opens.isEmpty && dayOfMonth == nil {
            dated.append(contentsOf: covered.map(\.dated))
        } else {
            notes.append(contentsOf: covered.map { (kind: NoteKind?.none, text: $0.text) })
        }

        // Daily work has no reporting rhythm of its own: it is ongoing, and the word is kept.
        var daily = false
        recurrences.removeAll { recurrence, range in
            guard recurrence.unit == .day else { return false }
            daily = true
            notes.append((nil, fragment(range)))
            return true
        }
        if let dayOfMonthNote { notes.append((nil, dayOfMonthNote)) }
        let note = notes.isEmpty ? nil : notes.map(\.text).joined(separator: "; ")

        if !recurrences.isEmpty || dayOfMonth != nil || (currentYear && !dated.isEmpty) {
            return recurring(recurrences, dated: dated, throughouts: throughouts, opens: opens,
                             thereafter: thereafter, currentYear: currentYear, dayOfMonth: dayOfMonth, note: note)
        }
        if !dated.isEmpty {
            var schedule = fromDated(dated)
            if dated.count == 1, dated[0].isBy, let window = throughouts.first ?? opens.first.map({ ($0, period.end) }),
               window.0 < dated[0].start {
                schedule = .period(window.0, dated[0].start)
            }
            schedule.note = note
            return schedule
        }
        if !throughouts.isEmpty || !opens.isEmpty || currentYear || daily || notes.contains(where: { $0.kind == .onDemand }) {
            let start = (throughouts.map(\.start) + opens).min() ?? period.start
            let end = throughouts.map(\.end).max() ?? max(period.end, start)
            return Schedule(kind: .throughout, start: start, end: end, note: note)
        }
        return Schedule(kind: .unscheduled, note: note)
    }

    private mutating func recurring(_ recurrences: [(Recurrence, Range<Int>)], dated: [Dated],
                                    throughouts: [(start: CivilDate, end: CivilDate)], opens: [CivilDate],
                                    thereafter: Bool, currentYear: Bool, dayOfMonth: Int?, note: String?) -> Schedule {
        let recurrence = recurrences.first?.0 ?? Recurrence(unit: dayOfMonth != nil ? .month : .year, count: 1)
        // One schedule holds one rhythm; a second one is named rather than silently dropped.
        for (other, range) in recurrences.dropFirst() where other != recurrence {
            unparsedFragments.append(fragment(range))
        }
        let frequency: Frequency
        let perYear: Int
        switch recurrence.unit {
        case .day, .week: (frequency, perYear) = (.weekly, 52)
        case .month: (frequency, perYear) = (.monthly, 12)
        case .quarter: (frequency, perYear) = (.quarterly, 4)
        case .halfYear: (frequency, perYear) = (.yearly, 2)
        case .year: (frequency, perYear) = (.yearly, 1)
        }
        let times = recurrence.count * perYear
        let timesPerYear = times > 1 && (recurrence.count > 1 || recurrence.unit == .halfYear) ? times : nil

        let subYear = dated.filter { !$0.isYear }
        let window: (start: CivilDate, end: CivilDate)
        if thereafter, let first = dated.map(\.start).min() {
            window = (first, max(period.end, first))
        } else if !throughouts.isEmpty {
            window = (throughouts.map(\.start).min()!, throughouts.map(\.end).max()!)
        } else if let open = opens.min() {
            window = (open, max(period.end, open))
        } else if frequency == .yearly, !subYear.isEmpty, currentYear || subYear.count == dated.count {
            window = (period.start, period.end)
        } else if !dated.isEmpty {
            window = (dated.map(\.start).min()!, dated.map(\.end).max()!)
        } else {
            window = (period.start, period.end)
        }

        var monthsOfYear: [Int] = []
        if frequency == .yearly, timesPerYear == nil {
            for item in subYear {
                let month = item.isPoint ? item.start.month : item.end.month
                if !monthsOfYear.contains(month) { monthsOfYear.append(month) }
            }
        }
        return Schedule(kind: .recurring, start: window.start, end: window.end, frequency: frequency,
                        monthsOfYear: monthsOfYear, weekday: recurrence.weekday, timesPerYear: timesPerYear,
                        dayOfMonth: dayOfMonth, note: note)
    }

    private func fromDated(_ dated: [Dated]) -> Schedule {
        if dated.allSatisfy(\.isPoint) {
            return dated.count == 1 ? .date(dated[0].start) : .dates(dated.map(\.start))
        }
        if dated.count == 1 { return .period(dated[0].start, dated[0].end) }
        let sorted = dated.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
        let touching = !sorted.contains(where: \.isPoint)
            && zip(sorted, sorted.dropFirst()).allSatisfy { $1.start == $0.end.adding(days: 1) }
        if touching { return .period(sorted[0].start, sorted[sorted.count - 1].end) }
        // Separate checkpoints; the window still starts where the earliest work starts.
        var schedule = Schedule.months(dated.map { YearMonth($0.isPoint ? $0.start : $0.end) })
        schedule.start = sorted[0].start
        schedule.end = sorted.map(\.end).max()
        return schedule
    }

    // MARK: - Period

    private mutating func checkPeriod(_ schedule: Schedule) {
        switch schedule.kind {
        case .unscheduled:
            return
        case .date, .dates:
            let outside = schedule.dates.filter { !period.contains($0) }
            if let first = outside.first, let last = outside.last {
                warnings.append(.outsidePeriod(first, last, period: period))
            }
        case .months:
            let outside = schedule.months.filter { $0.lastDay < period.start || $0.firstDay > period.end }
            if let first = outside.first, let last = outside.last {
                warnings.append(.outsidePeriod(first.firstDay, last.lastDay, period: period))
            }
        case .period, .throughout, .recurring:
            if let start = schedule.start, let end = schedule.end, start < period.start || end > period.end {
                warnings.append(.outsidePeriod(start, end, period: period))
            }
        }
    }
}

extension SpanShape {
    var isDay: Bool {
        if case .day = self { return true }
        return false
    }
}
