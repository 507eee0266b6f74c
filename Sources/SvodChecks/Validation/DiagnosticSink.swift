import Spreadsheet
import SvodModel

/// Collects the diagnostics of one file, keeping at most `cap` of them: the first ones in
/// Svod's order (problems with the whole file first, in the order found; then by cell — row,
/// then column — then by code, then in the order found), and counting every one.
///
/// Which diagnostics are kept does not depend on the order they arrive in: the kept ones are a
/// max-heap under that order, so a diagnostic that sorts after all of them is only counted (its
/// message is never built), and one that sorts before the last kept one replaces it. Rows
/// stream in sheet order, so after the cap is reached later rows cost a comparison each; the
/// file-level problems found at the end (`report-empty`, `measure-missing`) sort first and
/// still displace cell-level ones. The result is exactly the first `cap` diagnostics of the
/// uncapped, sorted list.
struct DiagnosticSink: ValidationCheck {
    /// The note that some diagnostics were left out is the sink's own.
    static let codes: [DiagnosticCode] = [.diagnosticsTruncated]

    let file: String
    var sheet: String?
    let cap: Int
    /// The check now emitting (each check sets it before it emits), for `audit`.
    var emitter: any ValidationCheck.Type = Validator.self
    /// Where a test collects who emitted what; nil outside that test.
    let audit: CheckAudit?
    /// The kept diagnostics: a max-heap by `precedes` (the root sorts last) once full; the
    /// order is restored by `sorted()`.
    private var kept: [Kept] = []
    /// Every problem found, by severity, kept or not.
    private(set) var errors = 0
    private(set) var warnings = 0
    /// Problems found but not kept, by severity.
    private var omittedErrors = 0
    private var omittedWarnings = 0
    /// Emission order, the last tie-breaker.
    private var sequence = 0

    private struct Kept {
        var sequence: Int
        var diagnostic: Diagnostic
    }

    init(file: String, cap: Int = Validator.maxDiagnosticsPerFile, audit: CheckAudit? = nil) {
        self.file = file
        self.cap = cap
        self.audit = audit
    }

    /// Every problem found so far, kept or not.
    var total: Int { errors + warnings }

    /// Records a problem: the code, its message variant (nil for the usual sentence), where, the
    /// value found and the values for the message's placeholders. The value and the message are
    /// built only when the diagnostic is kept.
    mutating func add(_ code: DiagnosticCode, variant: String? = nil, cell: CellAddress? = nil,
                      value: @autoclosure () -> String? = nil, _ arguments: @autoclosure () -> MessageArguments = [:]) {
        audit?.record(emitter, code)
        let severity = code.severity
        if severity == .error { errors += 1 } else { warnings += 1 }
        let order = sequence
        sequence += 1
        if kept.count < cap {
            kept.append(Kept(sequence: order, diagnostic: make(code, variant, cell: cell, value: value(), arguments())))
            siftUp(kept.count - 1)
            return
        }
        // Full: keep it only when it sorts before the last one kept, which it then replaces.
        guard let last = kept.first, Self.precedes(code, cell, order, last) else {
            omit(severity)
            return
        }
        omit(last.diagnostic.severity)
        kept[0] = Kept(sequence: order, diagnostic: make(code, variant, cell: cell, value: value(), arguments()))
        siftDown(0)
    }

    private func make(_ code: DiagnosticCode, _ variant: String?, cell: CellAddress?, value: String?,
                      _ arguments: MessageArguments) -> Diagnostic {
        let message = variant.map { code.message(variant: $0, arguments) } ?? code.message(arguments)
        return Diagnostic(code, file: file, sheet: cell == nil ? nil : sheet, cell: cell, value: value, message: message)
    }

    private mutating func omit(_ severity: Severity) {
        if severity == .error { omittedErrors += 1 } else { omittedWarnings += 1 }
    }

    /// Svod's order: file-level problems first, in the order found; then by cell (row, then
    /// column), then by code, then in the order found.
    private static func precedes(_ code: DiagnosticCode, _ cell: CellAddress?, _ sequence: Int, _ other: Kept) -> Bool {
        switch (cell, other.diagnostic.cell) {
        case (nil, nil): return sequence < other.sequence
        case (nil, _): return true
        case (_, nil): return false
        case let (p?, q?):
            if p != q { return p < q }
            let (x, y) = (code.rawValue, other.diagnostic.code.rawValue)
            return x != y ? x < y : sequence < other.sequence
        }
    }

    private static func precedes(_ a: Kept, _ b: Kept) -> Bool {
        precedes(a.diagnostic.code, a.diagnostic.cell, a.sequence, b)
    }

    /// Restores the heap after an append: the root is the kept diagnostic that sorts last.
    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.precedes(kept[parent], kept[child]) else { return }
            kept.swapAt(parent, child)
            child = parent
        }
    }

    /// Restores the heap after the root was replaced.
    private mutating func siftDown(_ start: Int) {
        var parent = start
        let count = kept.count
        while true {
            let left = 2 * parent + 1
            guard left < count else { return }
            let right = left + 1
            var latest = left
            if right < count && Self.precedes(kept[left], kept[right]) { latest = right }
            guard Self.precedes(kept[parent], kept[latest]) else { return }
            kept.swapAt(parent, latest)
            parent = latest
        }
    }

    /// The kept diagnostics in Svod's order, followed by a `diagnostics-truncated` note when
    /// some were left out.
    func sorted() -> [Diagnostic] {
        var list = kept.sorted(by: Self.precedes).map(\.diagnostic)
        let shown = list.count
        if shown < total {
            audit?.record(Self.self, .diagnosticsTruncated)
            list.append(make(.diagnosticsTruncated, nil, cell: nil, value: nil,
                             ["shown": shown, "total": total, "errors": errors, "warnings": warnings]))
        }
        return list
    }

    /// The verdict on the file.
    func report(path: String, municipality: Reporter?, period: ReportPeriod?, submission: Submission?,
                entries: [ReportEntry]) -> FileReport {
        FileReport(path: path, file: file, municipality: municipality, period: period, diagnostics: sorted(),
                   submission: submission, entries: entries, omittedErrors: omittedErrors, omittedWarnings: omittedWarnings)
    }
}

extension DiagnosticCode {
    public static let diagnosticsTruncated = DiagnosticCode(
        "diagnostics-truncated", .warning,
        title: .init(ru: "Показаны не все замечания", en: "Not every problem is listed"),
        explanation: .init(
            ru: "В файле больше \(Validator.maxDiagnosticsPerFile) замечаний: перечислены первые \(Validator.maxDiagnosticsPerFile) по порядку ячеек, сообщение называет общее число. Число ошибок и предупреждений файла и решение о приеме учитывают все замечания. Обычно это значит, что в форму вставлена чужая таблица или сдвинуты колонки. Исправьте первые замечания и проверьте файл снова.",
            en: "The file has more than \(Validator.maxDiagnosticsPerFile) problems: the first \(Validator.maxDiagnosticsPerFile) in cell order are listed, and the message gives the total. The file's error and warning counts and its verdict count every problem. Usually another table was pasted into the form or its columns were shifted. Fix the first problems and check the file again."),
        message: .init(
            ru: "Показаны первые {shown} замечаний из {total} (ошибок: {errors}, предупреждений: {warnings}). Исправьте их и проверьте файл снова.",
            en: "The first {shown} of {total} problems are shown ({errors} errors, {warnings} warnings). Fix them and check the file again."))
}
