import Spreadsheet

/// An approved roadmap (дорожная карта): the schema every municipal report is checked against.
public struct Roadmap: Sendable, Equatable {
    /// The title as published, e.g. «Дорожная карта … в Приморском крае в 2021 году».
    public var title: String
    /// The region or municipality the roadmap belongs to, when known.
    public var region: String?
    /// The period the roadmap covers; months written without a year take theirs from it.
    public var period: RoadmapPeriod
    public var sections: [Section]
    public var measures: [Measure]
    /// Problems found while importing: unparsed deadlines, inferred years, skipped rows.
    public var warnings: [RoadmapWarning]

    public init(title: String, region: String? = nil, period: RoadmapPeriod, sections: [Section],
                measures: [Measure], warnings: [RoadmapWarning] = []) {
        self.title = title
        self.region = region
        self.period = period
        self.sections = sections
        self.measures = measures
        self.warnings = warnings
    }

    /// The measure with the given id.
    public func measure(id: String) -> Measure? { measures.first { $0.id == id } }
}

/// A section of the roadmap («Задача 1. …», «2. Адресная поддержка …»).
public struct Section: Sendable, Equatable {
    /// The section's number as printed, or its ordinal when unnumbered: `1`, `2`.
    public var id: String
    public var title: String

    public init(id: String, title: String) {
        self.id = id
        self.title = title
    }
}

/// One measure (мероприятие) of the roadmap.
public struct Measure: Sendable, Equatable {
    /// The measure's id: as numbered in the table (`1.2`), or `<section>.<n>` when the
    /// numbering is missing or restarts in each section.
    public var id: String
    /// The id of the section it belongs to.
    public var section: String
    public var title: String
    /// The deadline exactly as written («Март - июнь», «Ежемесячно»).
    public var deadlineText: String
    public var schedule: Schedule
    /// Responsible executors («Ответственный исполнитель»).
    public var responsible: String
    /// Expected result or indicator («Ожидаемый результат», «Региональный показатель»).
    public var expectedResult: String
    /// Where the measure starts in the source table (1-based row), for messages.
    public var sourceRow: Int?

    public init(id: String, section: String, title: String, deadlineText: String, schedule: Schedule,
                responsible: String, expectedResult: String, sourceRow: Int? = nil) {
        self.id = id
        self.section = section
        self.title = title
        self.deadlineText = deadlineText
        self.schedule = schedule
        self.responsible = responsible
        self.expectedResult = expectedResult
        self.sourceRow = sourceRow
    }
}
