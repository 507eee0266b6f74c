import Spreadsheet
import SvodModel

/// A row's measure title against the roadmap's title for its number: a different title means
/// the number is probably wrong.
struct TitleCheck: ValidationCheck {
    static let codes: [DiagnosticCode] = [.titleMismatch]

    let plan: ValidationPlan

    func check(_ row: SubmissionRow, measure position: Int, into sink: inout DiagnosticSink) {
        guard let titlePosition = plan.titlePosition, let cell = row.cells[titlePosition] else { return }
        let text = cell.value.text
        // The form's own text (the same bytes): no folding needed.
        if text.sameBytes(as: plan.measures[position].title) { return }
        guard !Self.sameTitle(TextCleaner.fold(text), plan.foldedTitles[position]) else { return }
        sink.emitter = Self.self
        let measure = plan.measures[position]
        sink.add(.titleMismatch, cell: cell.address, value: text, ["id": measure.id, "title": RowsCheck.short(measure.title)])
    }

    /// Titles match when equal after folding, or when one is a cut-off start of the other.
    static func sameTitle(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        let (short, long) = a.count < b.count ? (a, b) : (b, a)
        return short.count >= 20 && long.hasPrefix(short)
    }
}

extension DiagnosticCode {
    public static let titleMismatch = DiagnosticCode(
        "title-mismatch", .warning,
        title: .init(ru: "Название мероприятия не совпадает с дорожной картой", en: "The measure title differs from the roadmap"),
        explanation: .init(
            ru: "Название в строке отличается от названия мероприятия с этим номером в дорожной карте. Проверьте, что номер указан верно.",
            en: "The row's title differs from the roadmap's title for this number. Check that the number is right."),
        message: .init(
            ru: "Название не совпадает с мероприятием {id} дорожной карты («{title}»). Проверьте номер.",
            en: "The title differs from roadmap measure {id} («{title}»). Check the number."))
}
