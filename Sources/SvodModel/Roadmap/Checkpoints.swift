extension Measure {
    /// Whether a checkpoint of the measure that calls for an explanation has passed by the end of
    /// `period`: a one-off deadline (date, period, throughout) in or before the month. A measure
    /// with several checkpoints (recurring «Ежемесячно», several dates or months) is work under
    /// way until its last one: «Выполняется» is its normal state, so its checkpoint counts as
    /// passed only when the last one has. Unscheduled measures have none.
    public func checkpointPassed(by period: YearMonth) -> Bool {
        switch schedule.kind {
        case .unscheduled:
            return false
        case .recurring, .dates, .months:
            if schedule.kind == .recurring, let end = schedule.end { return YearMonth(end) <= period }
            return schedule.dueMonths().last.map { $0 <= period } ?? false
        default:
            return schedule.dueMonths().contains { $0 <= period }
        }
    }

    /// Whether the measure has several checkpoints, so that being under way between them is on track.
    public var hasRepeatedCheckpoints: Bool {
        schedule.kind == .recurring || schedule.kind == .dates || schedule.kind == .months
    }
}

extension Measure {
    /// Whether the measure's result is a share indicator («Доля ОО, …», «Доля обучающихся …»):
    /// its form row takes the schema's numerator and denominator columns (`share`), and the
    /// consolidation sums them into Σ numerators ÷ Σ denominators.
    public var hasShareIndicator: Bool {
        let folded = TextCleaner.fold(expectedResult)
        return folded.hasPrefix("доля") || folded.contains(" доля ") || folded.contains("\nдоля")
    }
}
