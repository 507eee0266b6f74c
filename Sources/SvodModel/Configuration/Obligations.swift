import Spreadsheet

/// Whom a measure asks for a report.
public enum Applicability: Sendable, Equatable, CustomStringConvertible {
    /// Every reporter in the registry.
    case everyone
    /// The region (or the pipeline's owner) itself: nobody reports on it, nobody is counted for it.
    case region
    /// The reporters in any of these groups (e.g. the "500+" risk groups).
    case groups([String])
    /// These reporters, by code.
    case reporters([String])

    public var description: String {
        switch self {
        case .everyone: return "everyone"
        case .region: return "region"
        case .groups(let groups): return "groups: " + groups.joined(separator: ", ")
        case .reporters(let codes): return "reporters: " + codes.joined(separator: ", ")
        }
    }

    /// Whether a reporter must report on a measure with this applicability.
    public func applies(to reporter: Reporter) -> Bool {
        switch self {
        case .everyone: return true
        case .region: return false
        case .groups(let groups): return reporter.groups.contains { groups.contains($0) }
        case .reporters(let codes): return codes.contains(reporter.code)
        }
    }
}

/// A pipeline's change to some measures: whom they apply to and how often they are reported.
public struct MeasureOverride: Sendable, Equatable {
    /// The measures by id; empty when ``section`` names them.
    public var ids: [String]
    /// A whole section by its id.
    public var section: String?
    public var applicability: Applicability?
    /// A cadence coarser than the pipeline's: the measure is on the report of the period that
    /// closes one of its own periods (a quarterly measure on the March, June, … monthly reports).
    public var cadence: Cadence?
    /// Where it is written, for messages.
    public var line: Int?

    public init(ids: [String], section: String? = nil, applicability: Applicability? = nil, cadence: Cadence? = nil, line: Int? = nil) {
        self.ids = ids
        self.section = section
        self.applicability = applicability
        self.cadence = cadence
        self.line = line
    }
}

/// Who must report what, by when: the declared data every stage reads.
///
/// The cadence and due rule live in the ``ReportingCalendar``; this holds the rest — from which
/// period collection starts, and for every measure whom it applies to and whether it is on a
/// period's report. A measure whose responsible executors are only the region's own bodies
/// (the ministry, the institute for the development of education, the assessment centre) is
/// the region's by default: it is on nobody's form and counted against nobody.
public struct Obligations: Sendable, Equatable {
    /// The first period collected; earlier periods are never published, templated or counted.
    public var collectFrom: ReportPeriod?
    /// Whom each measure applies to, in roadmap order.
    public var applicability: [Applicability]
    /// Each measure's own cadence when coarser than the pipeline's, in roadmap order.
    public var cadences: [Cadence?]
    /// Why each measure applies as it does: `default`, `regional-default` (its executors) or `pipeline`.
    public var sources: [String]

    /// The words that name the region's own bodies by default (folded, matched as parts of words).
    public static let defaultOwnBodies = [
        "министерств", "институт развития образования", "иро", "цоко", "центр оценки качества", "региональный центр",
    ]
    /// The words that name reporters in a responsible-executors cell, so that a measure naming
    /// any of them is the reporters' (folded; whole words, or word starts when ending in `*`).
    public static let defaultReporterWords = [
        "моуо", "муниципальн*", "оо", "оу", "оомр", "образовательн*", "школ*", "шнор", "омсу", "руководител*", "органы местного самоуправления",
    ]

    /// Applicability for every measure of everyone, every measure on every report.
    public static func everyone(measures count: Int) -> Obligations {
        Obligations(collectFrom: nil, applicability: Array(repeating: .everyone, count: count),
                    cadences: Array(repeating: nil, count: count), sources: Array(repeating: "default", count: count))
    }

    public init(collectFrom: ReportPeriod?, applicability: [Applicability], cadences: [Cadence?], sources: [String]) {
        self.collectFrom = collectFrom
        self.applicability = applicability
        self.cadences = cadences
        self.sources = sources
    }

    /// Works out every measure's obligations from the roadmap, the pipeline's overrides and the words.
    ///
    /// - Parameters:
    ///   - roadmap: The roadmap.
    ///   - overrides: The pipeline's `measures` entries, applied in order (a later one wins). An
    ///     entry naming a section leaves the section's regional measures (by their executors) the
    ///     region's; an entry naming measures by id applies to them whatever their executors.
    ///   - ownBodies: Words naming the region's own bodies.
    ///   - reporterWords: Words naming reporters.
    ///   - collectFrom: The first period collected.
    public init(roadmap: Roadmap, overrides: [MeasureOverride], ownBodies: [String], reporterWords: [String],
                collectFrom: ReportPeriod?) {
        self.collectFrom = collectFrom
        applicability = []
        sources = []
        cadences = Array(repeating: nil, count: roadmap.measures.count)
        for measure in roadmap.measures {
            if Self.isRegional(responsible: measure.responsible, ownBodies: ownBodies, reporterWords: reporterWords) {
                applicability.append(.region)
                sources.append("regional-default")
            } else {
                applicability.append(.everyone)
                sources.append("default")
            }
        }
        for override in overrides {
            for (index, measure) in roadmap.measures.enumerated()
            where override.ids.contains(measure.id) || override.section.map({ $0 == measure.section }) == true {
                if let applies = override.applicability {
                    // A section addressed to some reporters addresses the reporters' measures in
                    // it: those only the region's own bodies carry out stay the region's (a
                    // measure named by id is moved whatever its executors).
                    let named = override.ids.contains(measure.id)
                    if !named && sources[index] == "regional-default" && applies != .region { continue }
                    applicability[index] = applies
                    sources[index] = "pipeline"
                }
                if let cadence = override.cadence { cadences[index] = cadence }
            }
        }
    }

    /// Whether a responsible-executors text names only the region's own bodies.
    ///
    /// It must name at least one own body and no reporter («ГАУ ДПО ПК ИРО» is regional; «МОУО,
    /// ОО» and «ГАУ ДПО ПК ИРО, специалисты МОУО» are the reporters'). An empty text is the
    /// reporters'.
    public static func isRegional(responsible: String, ownBodies: [String], reporterWords: [String]) -> Bool {
        let folded = TextCleaner.fold(responsible)
        guard !folded.isEmpty else { return false }
        let words = folded.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        func mentions(_ pattern: String) -> Bool {
            let key = TextCleaner.fold(pattern.hasSuffix("*") ? String(pattern.dropLast()) : pattern)
            guard !key.isEmpty else { return false }
            if key.contains(" ") { return folded.contains(key) }
            if pattern.hasSuffix("*") { return words.contains { $0.hasPrefix(key) } }
            return words.contains(key)
        }
        func mentionsBody(_ body: String) -> Bool {
            let key = TextCleaner.fold(body)
            guard !key.isEmpty else { return false }
            // A body's words are stems: «министерств» matches «министерство», «иро» is a whole word.
            if key.count <= 4 && !key.contains(" ") { return words.contains(key) }
            return folded.contains(key)
        }
        return ownBodies.contains(where: mentionsBody) && !reporterWords.contains(where: mentions)
    }

    /// Whether a measure is on a reporter's report for a period.
    ///
    /// - Parameters:
    ///   - index: The measure's position in the roadmap.
    ///   - reporter: The reporter.
    ///   - period: The report period.
    public func applies(_ index: Int, to reporter: Reporter, in period: ReportPeriod) -> Bool {
        applicability[index].applies(to: reporter) && isReported(index, in: period)
    }

    /// What every reporter owes in a period, worked out once: the measures everyone owes (by
    /// position), and those that depend on the reporter (a group's or named reporters').
    public struct PeriodPlan: Sendable {
        /// Per measure: owed by every reporter (everyone's measures reported on this period).
        public let common: [Bool]
        /// The measures whose applicability is asked per reporter.
        public let perReporter: [Int]
    }

    /// The plan of a period; see ``owed(by:in:)``.
    public func plan(for period: ReportPeriod) -> PeriodPlan {
        var common = [Bool](repeating: false, count: applicability.count)
        var perReporter: [Int] = []
        for index in applicability.indices where isReported(index, in: period) {
            switch applicability[index] {
            case .everyone: common[index] = true
            case .region: break
            case .groups, .reporters: perReporter.append(index)
            }
        }
        return PeriodPlan(common: common, perReporter: perReporter)
    }

    /// For every measure in roadmap order, whether a reporter owes it in a period.
    public func owed(by reporter: Reporter, in plan: PeriodPlan) -> [Bool] {
        var owed = plan.common
        for index in plan.perReporter { owed[index] = applicability[index].applies(to: reporter) }
        return owed
    }

    /// For every measure in roadmap order, whether a reporter owes it in a period (a file's check).
    public func owed(by reporter: Reporter, in period: ReportPeriod) -> [Bool] {
        owed(by: reporter, in: plan(for: period))
    }

    /// Whether a measure is reported on in a period at all: always, unless its own cadence is
    /// coarser and none of its periods closes in this one.
    public func isReported(_ index: Int, in period: ReportPeriod) -> Bool {
        guard let cadence = cadences[index], cadence > period.cadence else { return true }
        return ReportPeriod(cadence, containing: period.last).last == period.last
    }

    /// Whether a period is collected: not before ``collectFrom``.
    public func isCollected(_ period: ReportPeriod) -> Bool {
        collectFrom.map { period.last >= $0.first } ?? true
    }
}
