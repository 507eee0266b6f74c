import Spreadsheet
import SvodModel

/// The table's columns: required ones present, unknown and duplicate ones flagged.
struct ColumnsCheck: ValidationCheck {
    static let codes: [DiagnosticCode] = [.columnMissing, .columnUnknown, .columnDuplicate]

    let schema: SubmissionSchema

    func check(_ submission: Submission, into sink: inout DiagnosticSink) {
        sink.emitter = Self.self
        let headerCell = CellAddress(row: submission.headerRow, column: 0)
        for column in schema.columns where submission.columns[column.id] == nil {
            let mandatory = column.required || column.role == .measureID || column.role == .status
                || schema.rules.contains { $0.require.contains(column.id) }
            guard mandatory else { continue }
            sink.add(.columnMissing, cell: headerCell, ["column": column.title])
        }
        for cell in submission.unknownColumns {
            sink.add(.columnUnknown, cell: cell.address, value: cell.value.text, ["header": cell.value.text])
        }
        for cell in submission.duplicateColumns {
            sink.add(.columnDuplicate, cell: cell.address, value: cell.value.text, ["header": cell.value.text])
        }
    }
}

// The codes of the table's columns.
extension DiagnosticCode {
    public static let columnMissing = DiagnosticCode(
        "column-missing", .error,
        title: .init(ru: "Нет обязательной колонки", en: "A required column is missing"),
        explanation: .init(
            ru: "В таблице нет колонки, которую требует форма отчета. Верните колонку с прежним заголовком (см. лист «Инструкция» формы).",
            en: "The table lacks a column the report form requires. Restore the column with its original header (see the form's «Инструкция» sheet)."),
        message: .init(
            ru: "В таблице нет колонки «{column}». Верните ее с этим заголовком.",
            en: "The table has no «{column}» column. Restore it with this header."))

    public static let columnUnknown = DiagnosticCode(
        "column-unknown", .warning,
        title: .init(ru: "Лишняя колонка", en: "An extra column"),
        explanation: .init(
            ru: "Колонка с таким заголовком не предусмотрена формой; ее данные не попадут в свод. Если это пояснения, перенесите их в «Комментарий».",
            en: "The form has no column with this header; its data will not reach the consolidation. Move explanations to «Комментарий»."),
        message: .init(
            ru: "Колонка «{header}» не предусмотрена формой; ее данные не будут учтены.",
            en: "The form has no column «{header}»; its data will not be used."))

    public static let columnDuplicate = DiagnosticCode(
        "column-duplicate", .error,
        title: .init(ru: "Колонка повторяется", en: "A column appears twice"),
        explanation: .init(
            ru: "Две колонки таблицы соответствуют одной колонке формы; непонятно, какую читать. Удалите лишнюю.",
            en: "Two table columns match one form column; it is unclear which to read. Delete the extra one."),
        message: .init(
            ru: "Колонка «{header}» повторяется; читается первая из них. Удалите лишнюю.",
            en: "The column «{header}» appears twice; the first is read. Delete the extra one."))
}
