import Foundation
import Spreadsheet
import SvodModel
import SvodChecks

/// A validated file and the moment the ministry received it.
public struct ReceivedReport: Sendable {
    public var report: FileReport
    public var receivedAt: Date

    public init(report: FileReport, receivedAt: Date) {
        self.report = report
        self.receivedAt = receivedAt
    }
}

/// Whether a reporter's report for the period arrived in time.
public enum Timeliness: String, Sendable, CaseIterable {
    case onTime = "on_time"
    case late
    /// Not received yet, and the due moment is still ahead: «ожидается (срок DD.MM)».
    case awaited
    case missing

    public func name(_ language: Language) -> String {
        switch (self, language) {
        case (.onTime, .ru): return "в срок"
        case (.late, .ru): return "с опозданием"
        case (.missing, .ru): return "не представлен"
        case (.awaited, .ru): return "ожидается"
        case (.onTime, _): return "on time"
        case (.late, _): return "late"
        case (.awaited, _): return "awaited"
        case (.missing, _): return "missing"
        }
    }
}

/// Where a measure stands by schedule in the reporting month.
public enum ScheduleState: String, Sendable, CaseIterable {
    /// A checkpoint falls in this month.
    case dueThisMonth = "due_this_month"
    /// Its window covers this month, with no checkpoint in it.
    case ongoing
    /// Its window has not started yet.
    case notStarted = "not_started"
    /// Its last checkpoint is behind.
    case pastCheckpoint = "past_checkpoint"
    /// No dates can be read from its deadline.
    case unscheduled

    /// The state's name in a period of a cadence («срок в этом периоде» for a quarter).
    public func name(_ language: Language, cadence: Cadence) -> String {
        guard self == .dueThisMonth, cadence != .month else { return name(language) }
        return language == .ru ? "срок в этом периоде" : "due this period"
    }

    public func name(_ language: Language) -> String {
        switch (self, language) {
        case (.dueThisMonth, .ru): return "срок в этом месяце"
        case (.ongoing, .ru): return "выполняется по графику"
        case (.notStarted, .ru): return "еще не начато по графику"
        case (.pastCheckpoint, .ru): return "срок прошел"
        case (.unscheduled, .ru): return "без срока"
        case (.dueThisMonth, _): return "due this month"
        case (.ongoing, _): return "ongoing"
        case (.notStarted, _): return "not started by schedule"
        case (.pastCheckpoint, _): return "past its checkpoint"
        case (.unscheduled, _): return "unscheduled"
        }
    }
}

/// One municipality × measure cell of the matrix: the status carried forward to the period.
public struct MatrixCell: Sendable, Equatable {
    /// The latest status reported for the measure in a valid report for this month or earlier.
    public var status: String?
    /// The period of the report that status came from.
    public var reportedIn: ReportPeriod?
    public var overdue: Bool
    /// Whether the measure applies to the reporter this period; the matrix shows «—» where not.
    /// (Beside `overdue`, so that the two flags share one word of the cell.)
    public var applies: Bool = true
    public var reason: String?
    public var indicator: Double?
    public var completionDate: CivilDate?
    public var actualResult: String?
}

/// Summary figures of an indicator column over municipalities.
public struct IndicatorStats: Sendable, Equatable {
    public var count: Int
    public var sum: Double
    public var minimum: Double
    public var maximum: Double
    public var mean: Double { count == 0 ? 0 : sum / Double(count) }
}

/// A share computed from a numerator and a denominator column (`share_group` in the schema).
public struct ShareFigure: Sendable, Equatable {
    public var group: String
    public var numeratorTitle: String
    public var denominatorTitle: String
    public var numerator: Double
    public var denominator: Double
    /// How many reporters' rows are summed.
    public var reporters: Int = 0
    /// Σ numerators ÷ Σ denominators (numerators above their denominators are refused by validation).
    public var share: Double? { denominator == 0 ? nil : numerator / denominator }
}

/// The consolidated figures for one municipality.
public struct MunicipalityLine: Sendable {
    public var municipality: Reporter
    public var timeliness: Timeliness
    /// The winning (latest valid) report for the period.
    public var receivedAt: Date?
    public var file: String?
    public var daysLate: Int
    /// Files for the period that were received but invalid.
    public var rejectedFiles: Int
    /// Done ÷ (its measures whose window has started by the end of the period, minus those
    /// reported «Не требуется»).
    public var completionShare: Double
    public var overdue: Int
    /// How many measures apply to the reporter this period.
    public var measuresOwed: Int = 0
}

/// The consolidated figures for one measure.
public struct MeasureLine: Sendable {
    public var measure: Measure
    public var state: ScheduleState
    public var dueThisMonth: Bool { state == .dueThisMonth }
    /// Municipalities by carried-forward status, in the schema's order; `nil` key = no data.
    public var statusCounts: [(status: String?, count: Int)]
    public var overdue: Int
    public var completionShare: Double
    public var indicator: IndicatorStats?
    /// Numerator/denominator shares of this measure's rows.
    public var shares: [ShareFigure]
    /// Whom the measure applies to.
    public var applicability: Applicability = .everyone
    /// How many reporters owe it this period.
    public var owing: Int = 0
}

/// One file received for the period, as the register lists it.
public struct RegisterLine: Sendable {
    public var municipality: Reporter?
    public var file: String
    public var receivedAt: Date
    public var daysLate: Int
    public var valid: Bool
    /// A later valid file for the same municipality and month replaced this one.
    public var superseded: Bool
    public var errors: Int
    public var warnings: Int
}

/// An overdue measure in a municipality, with who is responsible and the reason given.
public struct OverdueLine: Sendable {
    public var measure: Measure
    public var municipality: Reporter
    public var status: String?
    public var reason: String?
}

/// Everything the regional workbook and its JSON show for one report period.
public struct Consolidation: Sendable {
    public var region: String
    public var roadmapTitle: String
    public var period: ReportPeriod
    public var asOf: Date
    public var due: ReportDue
    public var timeZone: String
    public var statuses: [String]
    /// What each status means (the schema's), for what the workbook shows of it.
    public var statusMeanings: SubmissionSchema.StatusMeanings
    /// Who reports: municipalities or schools (the workbook's headings say which).
    public var reporterKind: ReporterKind = .municipality
    public var municipalities: [MunicipalityLine]
    public var measures: [MeasureLine]
    /// `matrix[measure][municipality]`, in the order of `measures` and `municipalities`.
    public var matrix: [[MatrixCell]]
    public var overdue: [OverdueLine]
    public var register: [RegisterLine]
    /// Diagnostics of the files received for the period.
    public var diagnostics: [Diagnostic]

    public var onTimeCount: Int { municipalities.filter { $0.timeliness == .onTime }.count }
    public var lateCount: Int { municipalities.filter { $0.timeliness == .late }.count }
    public var missingCount: Int { municipalities.filter { $0.timeliness == .missing }.count }
    public var awaitedCount: Int { municipalities.filter { $0.timeliness == .awaited }.count }
    public var overdueCount: Int { overdue.count }
}
