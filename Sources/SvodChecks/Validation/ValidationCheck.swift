import Spreadsheet

/// One check of a file against the model. Each check declares every code it can emit, next to
/// the check (`codes`; the codes themselves are declared in the check's file), and says who it
/// is before it emits (`sink.emitter = Self.self`), so that a test can hold every check to its
/// declaration and the declarations to the catalog (docs/diagnostics.md).
protocol ValidationCheck {
    /// Every code the check can emit.
    static var codes: [DiagnosticCode] { get }
}

/// What each check emitted, for the test that holds the checks to their declared codes; only
/// a test passes one to the validator.
final class CheckAudit {
    private(set) var emitted: [(check: any ValidationCheck.Type, code: DiagnosticCode)] = []

    func record(_ check: any ValidationCheck.Type, _ code: DiagnosticCode) {
        emitted.append((check, code))
    }
}
