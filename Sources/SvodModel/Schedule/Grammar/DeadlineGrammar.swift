// Why one long file: it is one recursive-descent grammar, one function per production, in the
// order of the EBNF below, so that the code reads as the grammar does.

import Spreadsheet

/// A recursive-descent parser from deadline tokens to deadline items.
///
/// The grammar, in EBNF over token kinds (quoted words stand for the keyword tokens the lexer
/// makes of them and of their synonyms):
///
///     deadline     = { item | skip } ;
///     skip         = separator | dash | "в" | year-marker | filler ;
///     item         = parts | note | recurrence | during | "постоянно" | whole-term | until | end-of
///                  | through | from | about | "далее" | current-year | "учебный год" | day-of-month | when ;
///     parts        = ordinal { ( "," | "и" ) ordinal } ( "квартал" | "полугодие" | "четверть" ) [ year ] ;
///     about        = "за" ( when | unit | [ "учебный" ] year-marker ) ;
///     note         = note-phrase { word | ( "," | "и" | dash ) word } ;
///     recurrence   = every [ weekday-spec ] | "каждый" ( unit | weekday | day-of-month )
///                  | [ "по" ] weekday | [ "не реже" ] [ count ] "раз" [ "в" ] unit ;
///     weekday-spec = [ "по" | "в" | "каждый" ] weekday ;
///     unit         = "месяц" | "неделя" | "день" | "полгода" | "квартал" | "полугодие" | year-marker ;
///     during       = "в течение" { filler } ( whole-term | [ "текущего" ] [ "учебного" ] year-marker
///                  | from | when | [ count ] unit ) ;
///     until        = "до" { filler } ( day-of-month | end-of | when ) ;
///     end-of       = "конец" { filler } ( whole-term | [ "текущего" ] [ "учебного" ] year-marker | when ) ;
///     through      = "по" when ;
///     from         = "с" ( day-number | when ) [ ( "по" | "до" | dash ) when ] ;
///     day-of-month = number "числа" [ ( "месяца" | "квартала" ) [ "," ] "следующего за отчетным" ] ;
///     current-year = "текущего" [ "учебного" ] [ year-marker ] ;
///     when         = day-number dash day-number month [ year ] | span [ dash span ] ;
///     span         = date [ year-marker ] | day-number month [ year ]
///                  | ordinal [ dash ordinal ] ( "квартал" | "полугодие" | "четверть" ) [ year | school-suffix ]
///                  | month [ [ "," ] year | school-suffix ] | season [ year ] | year-phrase ;
///     year         = number4 [ ( dash | "/" ) number ] [ "учебного" ] [ year-marker ] ;
///     school-suffix = "учебного" year-marker ;
///
/// Rules that fail restore the position, so the top level can record what it did not
/// understand as a fragment and go on.
struct DeadlineGrammar {
    /// A span or a range of spans, before the caller decides which it needs.
    enum SpanPhrase: Equatable {
        case single(SpanTerm)
        case range(SpanTerm, SpanTerm)

        var first: SpanTerm {
            switch self {
            case .single(let term), .range(let term, _): return term
            }
        }

        var last: SpanTerm {
            switch self {
            case .single(let term), .range(_, let term): return term
            }
        }
    }

    /// What the grammar read from a whole deadline.
    struct Result: Equatable {
        var items: [DeadlineItem] = []
        /// Source ranges of runs of tokens no rule accepted.
        var unparsed: [Range<Int>] = []
        /// Source ranges of date-shaped text that is no date ("31.02.2021").
        var invalidDates: [Range<Int>] = []
    }

    let tokens: [DeadlineToken]
    let source: [Character]
    /// The index of the next token to read.
    private(set) var position: Int

    /// Creates a parser.
    ///
    /// - Parameters:
    ///   - tokens: The tokens of the text.
    ///   - source: The text as characters, for item ranges.
    ///   - position: Where to start reading.
    init(tokens: [DeadlineToken], source: [Character], position: Int = 0) {
        self.tokens = tokens
        self.source = source
        self.position = position
    }

    // MARK: - Top level

    /// Reads every item of the deadline, collecting what it cannot read.
    ///
    /// - Returns: The items in order, the unparsed fragments and the invalid dates.
    mutating func parse() -> Result {
        var result = Result()
        var pending: Range<Int>?
        // Where skipped words ("по итогам", "в") began, so that a fragment starts with them.
        var skippedWords: Int?
        while let token = tokens[safe: position] {
            if token.kind == .invalidDate {
                result.invalidDates.append(token.range)
                position += 1
            } else if Self.isSkippable(token.kind) {
                if case .keyword = token.kind {
                    skippedWords = skippedWords ?? token.range.lowerBound
                } else {
                    skippedWords = nil
                }
                position += 1
            } else if let items = attempt({ $0.parseEnumeratedParts() }) ?? parseItem().map({ [$0] }) {
                if let run = pending { result.unparsed.append(run) }
                pending = nil
                skippedWords = nil
                result.items.append(contentsOf: items)
            } else {
                pending = pending.map { $0.lowerBound..<token.range.upperBound }
                    ?? (skippedWords ?? token.range.lowerBound)..<token.range.upperBound
                skippedWords = nil
                position += 1
            }
        }
        if let run = pending { result.unparsed.append(run) }
        return result
    }

    private static func isSkippable(_ kind: DeadlineToken.Kind) -> Bool {
        switch kind {
        case .separator, .dash, .yearMarker, .keyword(.inPreposition), .keyword(.filler): return true
        default: return false
        }
    }

    private mutating func parseItem() -> DeadlineItem? {
        guard let kind = peek() else { return nil }
        let start = position
        switch kind {
        case .keyword(.note(let note)):
            return parseNote(note)
        case .keyword(.every(let unit)):
            advance()
            let weekday = attempt { $0.parseWeekdaySpec() }
            return item(from: start, .recurrence(Recurrence(unit: unit, count: 1, weekday: weekday)))
        case .keyword(.each):
            return attempt { $0.parseEach() }
        case .keyword(.atLeast), .keyword(.times):
            return attempt { $0.parseTimes() }
        case .number where peek(1) == .keyword(.times):
            return attempt { $0.parseTimes() }
        case .number where peek(1) == .keyword(.dayOfMonth):
            return attempt { $0.parseDayOfMonth(from: start) }
        case .weekday:
            return attempt { $0.parseWeekly(from: start) }
        case .keyword(.through) where peek(1).isWeekday:
            return attempt { $0.parseWeekly(from: start) }
        case .keyword(.during):
            return attempt { $0.parseDuring() }
        case .keyword(.always), .keyword(.wholeTerm):
            advance()
            return item(from: start, .throughout(.wholeTerm))
        case .keyword(.until):
            return attempt { $0.parseUntil() }
        case .keyword(.endOf):
            return attempt { grammar in
                grammar.advance()
                return grammar.parseEndTarget(from: start)
            }
        case .keyword(.through):
            return attempt { grammar in
                grammar.advance()
                return grammar.parseWhen().map { grammar.item(from: start, .by($0.last, endOf: true)) }
            }
        case .keyword(.from):
            return attempt { $0.parseFrom() }
        case .keyword(.thereafter):
            advance()
            return item(from: start, .thereafter)
        case .keyword(.about):
            return attempt { $0.parseAbout() }
        case .keyword(.current):
            advance()
            let school = accept(.keyword(.school))
            _ = accept(.yearMarker)
            return item(from: start, .currentYear(school: school))
        case .keyword(.school):
            // "учебный год" on its own: the roadmap's school year.
            return parseBareYear().map { item(from: start, .span($0)) }
        default:
            return attempt { grammar in
                grammar.parseWhen().map { phrase in
                    switch phrase {
                    case .single(let term): grammar.item(from: start, .span(term))
                    case .range(let first, let last): grammar.item(from: start, .range(first, last))
                    }
                }
            }
        }
    }

    // MARK: - Notes and repetitions

    /// note = note-phrase { word | ( "," | "и" | dash ) word }
    private mutating func parseNote(_ note: NoteKind) -> DeadlineItem {
        let start = position
        advance()
        while true {
            if case .word = peek() {
                advance()
            } else if peek() == .separator(.comma) || peek() == .separator(.and) || peek() == .dash,
                      case .word = peek(1) {
                advance()
                advance()
            } else {
                break
            }
        }
        return item(from: start, .note(note))
    }

    /// weekday-spec = [ "по" | "в" | "каждый" ] weekday
    private mutating func parseWeekdaySpec() -> Int? {
        if peek() == .keyword(.through) || peek() == .keyword(.inPreposition) || peek() == .keyword(.each) {
            advance()
        }
        guard case .weekday(let day) = peek() else { return nil }
        advance()
        return day
    }

    /// [ "по" ] weekday: "по вторникам".
    private mutating func parseWeekly(from start: Int) -> DeadlineItem? {
        parseWeekdaySpec().map { item(from: start, .recurrence(Recurrence(unit: .week, count: 1, weekday: $0))) }
    }

    /// "каждый" ( unit | weekday )
    private mutating func parseEach() -> DeadlineItem? {
        let start = position
        advance()
        if peek(1) == .keyword(.dayOfMonth) {
            return parseDayOfMonth(from: start)
        }
        if case .weekday(let day) = peek() {
            advance()
            return item(from: start, .recurrence(Recurrence(unit: .week, count: 1, weekday: day)))
        }
        guard let unit = parseUnit() else { return nil }
        return item(from: start, .recurrence(Recurrence(unit: unit, count: 1)))
    }

    /// [ "не реже" ] [ count ] "раз" [ "в" ] unit
    private mutating func parseTimes() -> DeadlineItem? {
        let start = position
        _ = accept(.keyword(.atLeast))
        var count = 1
        if case .number(let value, _) = peek() {
            advance()
            count = value
        }
        guard accept(.keyword(.times)) else { return nil }
        _ = accept(.keyword(.inPreposition))
        guard count > 0, let unit = parseUnit() else { return nil }
        return item(from: start, .recurrence(Recurrence(unit: unit, count: count)))
    }

    private mutating func parseUnit() -> RecurrenceUnit? {
        let unit: RecurrenceUnit
        switch peek() {
        case .keyword(.unit(let value))?: unit = value
        case .yearMarker?: unit = .year
        case .keyword(.quarter)?: unit = .quarter
        case .keyword(.half)?: unit = .halfYear
        default: return nil
        }
        advance()
        return unit
    }

    /// day-of-month = number "числа" [ ( "месяца" | "квартала" ) [ "," ] "следующего за отчетным" ]
    private mutating func parseDayOfMonth(from start: Int) -> DeadlineItem? {
        guard case .number(let day, _) = peek(), (1...31).contains(day), peek(1) == .keyword(.dayOfMonth) else { return nil }
        advance()
        advance()
        var following = false
        if peek() == .keyword(.unit(.month)) || peek() == .keyword(.quarter) {
            let saved = position
            advance()
            _ = accept(.separator(.comma))
            following = accept(.keyword(.followingReporting))
            if !following { position = saved + 1 }
        }
        return item(from: start, .dayOfMonth(day, followingMonth: following))
    }

    /// ordinal { ( "," | "и" ) ordinal } ( "квартал" | "полугодие" | "четверть" ) [ year ]:
    /// "I и III квартал", "1, 2 полугодие" — one span per ordinal, sharing the unit and year.
    private mutating func parseEnumeratedParts() -> [DeadlineItem]? {
        var numbers: [(value: Int, range: Range<Int>)] = []
        while let value = peek()?.ordinalValue, peek(1) == .separator(.comma) || peek(1) == .separator(.and) {
            numbers.append((value, tokens[position].range))
            advance()
            advance()
        }
        guard !numbers.isEmpty, let value = peek()?.ordinalValue, case .single(let last)? = parsePart(value) else { return nil }
        let shape: (Int) -> SpanShape? = { n in
            switch last.shape {
            case .quarter: (1...4).contains(n) ? .quarter(n) : nil
            case .half(_, let school): (1...2).contains(n) ? .half(n, school: school) : nil
            case .term: (1...4).contains(n) ? .term(n) : nil
            default: nil
            }
        }
        var items: [DeadlineItem] = []
        for number in numbers {
            guard let partShape = shape(number.value) else { return nil }
            items.append(DeadlineItem(kind: .span(SpanTerm(shape: partShape, year: last.year, range: number.range)), range: number.range))
        }
        return items + [DeadlineItem(kind: .span(last), range: last.range)]
    }

    /// about = "за" ( when | unit | [ "учебный" ] year-marker )
    private mutating func parseAbout() -> DeadlineItem? {
        let start = position
        advance()
        if let phrase = attempt({ $0.parseWhen() }) {
            return item(from: start, .about(phrase.first, phrase.last))
        }
        _ = accept(.keyword(.current))
        _ = accept(.keyword(.school))
        _ = accept(.keyword(.wholeTerm))
        guard parseUnit() != nil || position > start + 1 else { return nil }
        return item(from: start, .aboutUnit)
    }

    // MARK: - Bounds

    /// during = "в течение" { filler } ( whole-term | [ "текущего" ] [ "учебного" ] year-marker | from | when | [ count ] unit )
    private mutating func parseDuring() -> DeadlineItem? {
        let start = position
        advance()
        while accept(.keyword(.filler)) {}
        if accept(.keyword(.wholeTerm)) {
            return item(from: start, .throughout(.wholeTerm))
        }
        if let year = parseBareYear() {
            return item(from: start, .throughout(.span(year)))
        }
        if peek() == .keyword(.from), var bounded = attempt({ $0.parseFrom() }) {
            // "в период с 1 по 10 марта"
            bounded.range = tokens[start].range.lowerBound..<bounded.range.upperBound
            return bounded
        }
        guard let phrase = attempt({ $0.parseWhen() }) else {
            // "в течение месяца", "в течение 10 дней": a duration from some event, not a date.
            if case .number(_, let digits) = peek(), digits < 4, peek(1).isRecurrenceUnit {
                advance()
            }
            return parseUnit() != nil ? item(from: start, .relative) : nil
        }
        switch phrase {
        case .single(let term) where term.shape.isYear:
            return item(from: start, .throughout(.span(term)))
        case .range(let first, let last) where first.shape.isYear && last.shape.isYear:
            return item(from: start, .throughout(.range(first, last)))
        case .single(let term):
            return item(from: start, .span(term))
        case .range(let first, let last):
            return item(from: start, .range(first, last))
        }
    }

    /// [ "текущего" ] [ "учебного" ] year-marker: "the year", with no number.
    private mutating func parseBareYear() -> SpanTerm? {
        let saved = position
        let first = tokens[safe: position]?.range.lowerBound ?? 0
        _ = accept(.keyword(.current))
        let school = accept(.keyword(.school))
        guard accept(.yearMarker) || (school && position > saved) else {
            position = saved
            return nil
        }
        return SpanTerm(shape: .year(school: school), year: nil, range: first..<previousEnd)
    }

    /// until = "до" { filler } ( day-of-month | end-of | when )
    private mutating func parseUntil() -> DeadlineItem? {
        let start = position
        advance()
        while accept(.keyword(.filler)) {}
        if peek(1) == .keyword(.dayOfMonth) {
            return parseDayOfMonth(from: start)
        }
        if accept(.keyword(.endOf)) {
            return parseEndTarget(from: start)
        }
        guard let phrase = parseWhen() else { return nil }
        switch phrase {
        case .single(let term): return item(from: start, .by(term, endOf: false))
        case .range(_, let last): return item(from: start, .by(last, endOf: true))
        }
    }

    /// What follows "конец": the whole term, "the year", or a span.
    private mutating func parseEndTarget(from start: Int) -> DeadlineItem? {
        while accept(.keyword(.filler)) {}
        if accept(.keyword(.wholeTerm)) {
            return item(from: start, .by(nil, endOf: true))
        }
        if let year = parseBareYear() {
            return item(from: start, .by(year, endOf: true))
        }
        return parseWhen().map { item(from: start, .by($0.last, endOf: true)) }
    }

    /// from = "с" ( day-number | when ) [ ( "по" | "до" | dash ) when ]
    private mutating func parseFrom() -> DeadlineItem? {
        let start = position
        advance()
        var bareDay: (day: Int, range: Range<Int>)?
        var first: SpanTerm?
        if case .number(let day, let digits) = peek(), digits <= 2, (1...31).contains(day), peek(1).isRangeConnector {
            bareDay = (day, tokens[position].range)
            advance()
        } else if let phrase = parseWhen() {
            if case .range(let a, let b) = phrase { return item(from: start, .range(a, b)) }
            first = phrase.first
        } else {
            return nil
        }
        let beforeConnector = position
        if let connector = peek(), connector.isRangeConnector {
            advance()
            if let end = parseWhen()?.last {
                if let bareDay {
                    guard case .day(_, let month) = end.shape else { return nil }
                    first = SpanTerm(shape: .day(day: bareDay.day, month: month), year: end.year, range: bareDay.range)
                }
                return first.map { item(from: start, .range($0, end)) }
            }
            position = beforeConnector
        }
        return first.map { item(from: start, .openFrom($0)) }
    }

    // MARK: - Spans

    /// when = day-number dash day-number month [ year ] | span [ dash span ]
    mutating func parseWhen() -> SpanPhrase? {
        if case .number(let day, let digits) = peek(), digits <= 2, (1...31).contains(day), peek(1) == .dash,
           case .number(_, let endDigits) = peek(2), endDigits <= 2, case .month = peek(3) {
            let dayRange = tokens[position].range
            let saved = position
            advance()
            advance()
            if case .single(let end)? = parseSpan(), case .day(_, let month) = end.shape {
                return .range(SpanTerm(shape: .day(day: day, month: month), year: end.year, range: dayRange), end)
            }
            position = saved
        }
        guard let first = parseSpan() else { return nil }
        if case .single(let term) = first, peek() == .dash {
            let saved = position
            advance()
            if let second = parseSpan() {
                return .range(term, second.last)
            }
            position = saved
        }
        return first
    }

    /// span = date | day-number month [ year ] | ordinal … "квартал" | month [ year ] | season [ year ] | year-phrase
    private mutating func parseSpan() -> SpanPhrase? {
        guard let kind = peek() else { return nil }
        let startToken = tokens[position]
        switch kind {
        case .date(let day, let month, let year):
            advance()
            var spec = year.map(YearSpec.calendar)
            if spec == nil { spec = parseTrailingYear(afterComma: false) }
            _ = accept(.yearMarker)
            return .single(SpanTerm(shape: .day(day: day, month: month), year: spec, range: startToken.range.lowerBound..<previousEnd))
        case .number(let day, let digits) where digits <= 2 && (1...31).contains(day) && peek(1).isMonth:
            guard case .month(let month)? = peek(1) else { return nil }
            advance()
            advance()
            let spec = parseTrailingYear(afterComma: false)
            return .single(SpanTerm(shape: .day(day: day, month: month), year: spec, range: startToken.range.lowerBound..<previousEnd))
        case .ordinal(let first):
            return parsePart(first)
        case .number(let first, let digits) where digits <= 2 && (1...4).contains(first):
            return parsePart(first)
        case .month(let month):
            advance()
            let spec = parseTrailingYear(afterComma: true)
            if spec == nil { _ = parseSchoolSuffix() }
            return .single(SpanTerm(shape: .month(month), year: spec, range: startToken.range.lowerBound..<previousEnd))
        case .season(let month):
            advance()
            let spec = parseTrailingYear(afterComma: true)
            return .single(SpanTerm(shape: .season(month), year: spec, range: startToken.range.lowerBound..<previousEnd))
        case .number(_, 4):
            switch parseYearSpec(allowRange: true) {
            case .single(let spec)?:
                let school = if case .school = spec { true } else { false }
                return .single(SpanTerm(shape: .year(school: school), year: spec, range: startToken.range.lowerBound..<previousEnd))
            case .range(let first, let last)?:
                let range = startToken.range.lowerBound..<previousEnd
                return .range(SpanTerm(shape: .year(school: false), year: .calendar(first), range: range),
                              SpanTerm(shape: .year(school: false), year: .calendar(last), range: range))
            case nil:
                return nil
            }
        default:
            return nil
        }
    }

    /// ordinal [ dash ordinal ] ( "квартал" | "полугодие" | "четверть" ) [ year | school-suffix ]
    private mutating func parsePart(_ first: Int) -> SpanPhrase? {
        let startRange = tokens[position].range
        advance()
        var last = first
        if peek() == .dash, let value = peek(1)?.ordinalValue {
            advance()
            advance()
            last = value
        }
        let make: (Int, Bool) -> SpanShape?
        switch peek() {
        case .keyword(.quarter)?: make = { n, _ in (1...4).contains(n) ? .quarter(n) : nil }
        case .keyword(.half)?: make = { n, school in (1...2).contains(n) ? .half(n, school: school) : nil }
        case .keyword(.term)?: make = { n, _ in (1...4).contains(n) ? .term(n) : nil }
        default: return nil
        }
        advance()
        let spec = parseTrailingYear(afterComma: false)
        var school = false
        if case .school? = spec { school = true }
        if spec == nil, parseSchoolSuffix() { school = true }
        if case .calendar? = spec { school = false }
        if spec == nil, !school, peek() == .keyword(.current) {
            // "текущего учебного года" stays for the current-year rule; the half is a school one.
            if peek(1) == .keyword(.school) { school = true }
        }
        let range = startRange.lowerBound..<previousEnd
        guard let firstShape = make(first, school), let lastShape = make(last, school) else { return nil }
        if first == last { return .single(SpanTerm(shape: firstShape, year: spec, range: range)) }
        return .range(SpanTerm(shape: firstShape, year: spec, range: range), SpanTerm(shape: lastShape, year: spec, range: range))
    }

    /// [ "," ] year, consumed only when a year is really there.
    private mutating func parseTrailingYear(afterComma: Bool) -> YearSpec? {
        attempt { grammar in
            if afterComma { _ = grammar.accept(.separator(.comma)) }
            guard case .single(let spec)? = grammar.parseYearSpec(allowRange: false) else { return nil }
            return spec
        }
    }

    /// school-suffix = "учебного" year-marker, with no number: "полугодие учебного года".
    private mutating func parseSchoolSuffix() -> Bool {
        guard peek() == .keyword(.school), peek(1) == .yearMarker else { return false }
        advance()
        advance()
        return true
    }

    /// year = number4 [ ( dash | "/" ) number ] [ "учебного" ] [ year-marker ]
    ///
    /// A pair written with a slash, or followed by "учебный год", is a school year named by its
    /// first year; "2020-21" expands the second year within the century. Other pairs are ranges
    /// of calendar years when `allowRange` is true; otherwise the dash is left for the caller.
    ///
    /// - Parameter allowRange: Whether "2021 - 2024" may be read as a range of years.
    /// - Returns: The year phrase, or `nil` (position unchanged) when no year starts here.
    mutating func parseYearSpec(allowRange: Bool) -> YearPhrase? {
        guard case .number(let first, 4)? = peek(), (1900...2100).contains(first) else { return nil }
        advance()
        let afterFirst = position
        if let separator = peek(), separator == .dash || separator == .separator(.slash),
           case .number(let raw, let digits)? = peek(1), digits == 2 || digits == 4 {
            let second = digits == 2 ? first / 100 * 100 + raw : raw
            if second > first, second - first <= 20 {
                advance()
                advance()
                let school = accept(.keyword(.school))
                _ = accept(.yearMarker)
                if school || (separator == .separator(.slash) && second == first + 1) {
                    return .single(.school(first))
                }
                if allowRange { return .range(first, second) }
                position = afterFirst
            }
        }
        // "2023 учебный год" names no school year; it is read as the calendar year.
        _ = accept(.keyword(.school))
        _ = accept(.yearMarker)
        return .single(.calendar(first))
    }

    // MARK: - Cursor

    private func peek(_ offset: Int = 0) -> DeadlineToken.Kind? {
        tokens[safe: position + offset]?.kind
    }

    private mutating func advance() {
        position += 1
    }

    private mutating func accept(_ kind: DeadlineToken.Kind) -> Bool {
        guard peek() == kind else { return false }
        advance()
        return true
    }

    /// The end of the last token read.
    private var previousEnd: Int {
        position > 0 ? tokens[position - 1].range.upperBound : 0
    }

    private func item(from startToken: Int, _ kind: DeadlineItem.Kind) -> DeadlineItem {
        let lower = tokens[safe: startToken]?.range.lowerBound ?? previousEnd
        return DeadlineItem(kind: kind, range: lower..<max(lower, previousEnd))
    }

    /// Runs a rule; when it fails, puts the position back where it was.
    private mutating func attempt<T>(_ rule: (inout DeadlineGrammar) -> T?) -> T? {
        let saved = position
        if let result = rule(&self) { return result }
        position = saved
        return nil
    }
}

extension Optional where Wrapped == DeadlineToken.Kind {
    var isWeekday: Bool {
        if case .weekday? = self { return true }
        return false
    }

    var isMonth: Bool {
        if case .month? = self { return true }
        return false
    }

    var isRecurrenceUnit: Bool {
        switch self {
        case .keyword(.unit)?, .keyword(.quarter)?, .keyword(.half)?, .yearMarker?: return true
        default: return false
        }
    }
}

extension DeadlineToken.Kind {
    /// Whether the token joins the two ends of a range: "по", "до", a dash.
    var isRangeConnector: Bool {
        self == .keyword(.through) || self == .keyword(.until) || self == .dash
    }

    /// The value of an ordinal or a small number ("II", "2", "второе").
    var ordinalValue: Int? {
        switch self {
        case .ordinal(let value): return value
        case .number(let value, let digits) where digits <= 2: return value
        default: return nil
        }
    }
}

extension Optional where Wrapped == DeadlineToken.Kind {
    var isRangeConnector: Bool { self?.isRangeConnector ?? false }
}

extension SpanShape {
    var isYear: Bool {
        if case .year = self { return true }
        return false
    }
}

fileprivate extension Array {
    subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
