import Spreadsheet

/// Reads the free Russian text of a roadmap deadline into a ``Schedule``.
///
/// The text goes through three stages: a lexer (`DeadlineLexer`) makes tokens of numbers,
/// dates, month and weekday names, year markers, dashes, separators and keyword phrases; a
/// recursive-descent grammar (`DeadlineGrammar`) makes items of them — spans, ranges,
/// bounds, repetitions, notes; an interpreter settles missing years against the roadmap period
/// and decides the shape of the schedule. Parsing never fails: what cannot be read is named in
/// a `deadline-unparsed` warning and the rest is kept.
public enum DeadlineParser {
    /// Reads a deadline written as text.
    ///
    /// A month or day without a year takes its year from the text around it, then from the
    /// period (see ``RoadmapPeriod/year(forMonth:)``); recurring and throughout deadlines use
    /// the period as their window unless the text states one.
    ///
    /// - Parameters:
    ///   - text: The deadline cell, e.g. "Сентябрь-ноябрь 2021 г." or "Ежемесячно".
    ///   - period: The period of the roadmap the deadline belongs to.
    /// - Returns: The schedule and the warnings about it.
    public static func parse(_ text: String, period: RoadmapPeriod) -> DeadlineParse {
        let lexer = DeadlineLexer(text)
        let tokens = lexer.tokens()
        var grammar = DeadlineGrammar(tokens: tokens, source: lexer.source)
        let syntax = grammar.parse()
        var interpreter = DeadlineInterpreter(period: period, source: lexer.source)
        return interpreter.interpret(syntax, tokens: tokens, text: text)
    }

    /// Reads a deadline cell that holds a real date rather than text.
    ///
    /// The schedule is that date; a date outside the period is kept and warned about.
    ///
    /// - Parameters:
    ///   - date: The date in the cell.
    ///   - period: The period of the roadmap.
    /// - Returns: A `.date` schedule and, when the date is outside the period, a warning.
    public static func parse(date: CivilDate, period: RoadmapPeriod) -> DeadlineParse {
        let warnings: [DeadlineWarning] = period.contains(date) ? [] : [.outsidePeriod(date, date, period: period)]
        return DeadlineParse(schedule: .date(date), warnings: warnings)
    }
}
