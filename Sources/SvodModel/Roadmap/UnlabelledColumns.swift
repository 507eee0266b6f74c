import Spreadsheet

/// Extra columns without a header whose cells repeat their neighbours' text, as a table copied
/// from a PDF, or a page laid out differently, has on a page. Found before the table is walked:
/// their repeating cells are dropped, so that the text does not enter titles or other fields a
/// second time, and each such column is named in one warning per page. A cell of such a column
/// that does not repeat a neighbour is kept (it may be a section title typed there).
struct UnlabelledColumns {
    /// The rows without the repeating cells.
    private(set) var rows: [Row] = []
    private(set) var warnings: [RoadmapWarning] = []

    init(rows input: [Row], layout: TableLayout, merged: [CellRange]) {
        let known = Set(layout.columns.values)
        let header = input.first { $0.index == layout.headerRow }
        /// A column is labelled when a header row has text in it or a merged header cell covers it.
        func labelled(_ column: Int, by headerRow: Row?) -> Bool {
            guard let headerRow else { return false }
            if !TextCleaner.clean(headerRow[column].text).isEmpty { return true }
            let address = CellAddress(row: headerRow.index, column: column)
            return merged.contains { $0.contains(address) }
        }

        // The ignored cells by column and page, in the order they were first met.
        var groups: [(column: Int, page: Int, cells: [CellAddress])] = []
        var page = 0
        var pageHeader: Row?
        for row in input {
            guard row.index > layout.headerRow else {
                rows.append(row)
                continue
            }
            if layout.isRepeatedHeader(row) {
                page += 1
                pageHeader = row
                rows.append(row)
                continue
            }
            let texts = row.cells.map { TextCleaner.fold(TextCleaner.clean($0.value.text)) }
            var kept: [Cell] = []
            for (position, cell) in row.cells.enumerated() {
                let column = cell.address.column
                let candidate = !known.contains(column) && !texts[position].isEmpty
                    && !labelled(column, by: header) && !labelled(column, by: pageHeader)
                guard candidate, Self.repeatsNeighbour(position, texts) else {
                    kept.append(cell)
                    continue
                }
                if let group = groups.firstIndex(where: { $0.column == column && $0.page == page }) {
                    groups[group].cells.append(cell.address)
                } else {
                    groups.append((column, page, [cell.address]))
                }
            }
            rows.append(Row(index: row.index, cells: kept))
        }

        for group in groups {
            let first = group.cells[0], last = group.cells[group.cells.count - 1]
            let arguments: MessageArguments = [
                "column": CellAddress.columnName(group.column), "first": first.row + 1, "last": last.row + 1,
            ]
            let code = DiagnosticCode.roadmapColumnUnlabelledIgnored
            let message = first.row == last.row ? code.message(variant: "one", arguments) : code.message(arguments)
            warnings.append(RoadmapWarning(measure: nil, code: code, message: message, cell: first))
        }
    }

    /// Whether the cell at `position` has the text of the nearest non-empty cell on its left or
    /// on its right.
    static func repeatsNeighbour(_ position: Int, _ texts: [String]) -> Bool {
        let left = texts[..<position].last { !$0.isEmpty }
        let right = texts[(position + 1)...].first { !$0.isEmpty }
        return texts[position] == left || texts[position] == right
    }
}
