import Spreadsheet
import SvodModel

/// A share's part is at most its whole: of the two columns a schema's `share_group` ties
/// together, the numerator (`share: numerator`) cannot exceed the denominator
/// (`share: denominator`) on one row. Only the numbers the value check took are compared, so a
/// value it refused (not a number, out of range) is reported once, by it.
struct ShareCheck: ValidationCheck {
    static let codes: [DiagnosticCode] = [.shareNumeratorExceedsDenominator]

    let plan: ValidationPlan
    /// Schema column position → the table's column index (nil when the table lacks it).
    let positions: [Int?]

    /// Checks the row's shares against the numbers of its entry (`ReportEntry.numbers`).
    func check(_ row: SubmissionRow, numbers: [String: Double], into sink: inout DiagnosticSink) {
        for share in plan.shares {
            let (numeratorColumn, denominatorColumn) = (plan.columns[share.numerator], plan.columns[share.denominator])
            guard let index = positions[share.numerator], let numerator = numbers[numeratorColumn.id],
                  let denominator = numbers[denominatorColumn.id], numerator > denominator else { continue }
            sink.emitter = Self.self
            sink.add(.shareNumeratorExceedsDenominator, cell: CellAddress(row: row.index, column: index),
                     value: row.cells[share.numerator]?.value.text, [
                        "numerator": CellValue.format(number: numerator), "denominator": CellValue.format(number: denominator),
                        "column": numeratorColumn.title, "denominatorColumn": denominatorColumn.title,
                     ])
        }
    }
}

// The code of a share whose part exceeds its whole.
extension DiagnosticCode {
    public static let shareNumeratorExceedsDenominator = DiagnosticCode(
        "share-numerator-exceeds-denominator", .error,
        title: .init(ru: "Числитель доли больше знаменателя", en: "A share's numerator exceeds its denominator"),
        explanation: .init(
            ru: "Схема отчета связывает две колонки в долю (share_group): числитель (share: numerator) — часть, знаменатель (share: denominator) — целое, например «Охвачено обучающихся» из «Всего обучающихся». Часть не может быть больше целого. Отмечена ячейка числителя; проверьте оба числа в строке.",
            en: "The report schema ties two columns into a share (share_group): the numerator (share: numerator) is the part, the denominator (share: denominator) the whole, e.g. «Охвачено обучающихся» out of «Всего обучающихся». The part cannot exceed the whole. The numerator's cell is marked; check both numbers of the row."),
        message: .init(
            ru: "Числитель доли ({numerator}) больше знаменателя ({denominator}): в доле не может быть больше, чем всего. Проверьте «{column}» и «{denominatorColumn}».",
            en: "The share's numerator ({numerator}) is greater than its denominator ({denominator}): a share cannot hold more than the whole. Check «{column}» and «{denominatorColumn}»."))
}
