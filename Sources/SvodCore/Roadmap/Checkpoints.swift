extension Measure {
    /// Whether a checkpoint of the measure that calls for an explanation has passed by the end of
    /// `period`: a one-off deadline (date, dates, period, months, throughout) in or before the
    /// month. A recurring measure («Ежемесячно») is ongoing work: «Выполняется» is its normal
    /// state, so for this rule its checkpoint passes only when its window has ended.
    /// Unscheduled measures have none.
    public func checkpointPassed(by period: YearMonth) -> Bool {
        switch schedule.kind {
        case .unscheduled:
            return false
        case .recurring:
            guard let end = schedule.end else { return false }
            return YearMonth(end) <= period
        default:
            return schedule.dueMonths().contains { $0 <= period }
        }
    }
}
