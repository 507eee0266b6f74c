/// The annotations of one copy, grouped as every format's annotator needs them: the mark each
/// flagged cell receives, by sheet; which sheet each annotation belongs to; and the summary's
/// lines in Svod's order. The XLSX and ODS annotators share it, so both copies flag the same
/// cells and list the same lines.
struct AnnotationMarks {
    /// What one flagged cell receives: the worst severity, and every annotation on it.
    struct Mark {
        var severity: AnnotationSeverity
        var items: [CellAnnotation]
    }

    let annotations: [CellAnnotation]
    let sheets: [String]
    /// `marks[sheet][cell]`, in the order of `sheets`.
    let marks: [[CellAddress: Mark]]
    /// The sheet each annotation belongs to (`nil`: a file-level one, or a sheet not found).
    let resolved: [Int?]

    /// Whether a cell is inside the largest sheet a workbook can hold (so it can be marked).
    static func isPlaceable(_ address: CellAddress) -> Bool {
        address.row >= 0 && address.row < SheetWriter.maxRows && address.column >= 0 && address.column < SheetWriter.maxColumns
    }

    /// Groups `annotations` over the workbook's `sheets`: a sheet is matched by its exact name,
    /// else ignoring case and surrounding spaces.
    init(_ annotations: [CellAnnotation], sheets: [String]) {
        self.annotations = annotations
        self.sheets = sheets
        func sheetIndex(_ name: String) -> Int? {
            if let exact = sheets.firstIndex(of: name) { return exact }
            let folded = name.lowercased().trimmingXMLSpace
            return sheets.firstIndex { $0.lowercased().trimmingXMLSpace == folded }
        }
        var marks = Array(repeating: [CellAddress: Mark](), count: sheets.count)
        var resolved: [Int?] = []
        for annotation in annotations {
            let index = sheetIndex(annotation.sheet)
            resolved.append(index)
            guard let index, let address = annotation.address, Self.isPlaceable(address) else { continue }
            if var mark = marks[index][address] {
                if annotation.severity == .error { mark.severity = .error }
                mark.items.append(annotation)
                marks[index][address] = mark
            } else {
                marks[index][address] = Mark(severity: annotation.severity, items: [annotation])
            }
        }
        self.marks = marks
        self.resolved = resolved
    }

    /// The summary's rows: file-level diagnostics first, then by sheet (unknown sheets last),
    /// row, column, and the order given; `reference` makes a flagged cell's link in the copy's
    /// own syntax (`'Отчет'!B7`, `#'Отчет'.B7`).
    func summaryLines(reference: (String, CellAddress) -> String) -> [SummarySheet.Line] {
        var order: [Int] = Array(annotations.indices)
        order.sort { a, b in
            func key(_ i: Int) -> (Int, Int, Int, Int, Int) {
                let sheet = resolved[i] ?? sheets.count
                guard let address = annotations[i].address else { return (0, sheet, 0, 0, i) }
                return (1, sheet, address.row, address.column, i)
            }
            return key(a) < key(b)
        }
        return order.map { i -> SummarySheet.Line in
            let annotation = annotations[i]
            let sheetName = resolved[i].map { sheets[$0] } ?? annotation.sheet
            var location: String? = nil
            if resolved[i] != nil, let address = annotation.address, Self.isPlaceable(address) {
                location = reference(sheetName, address)
            }
            return SummarySheet.Line(code: annotation.code, severity: annotation.severity, sheet: sheetName,
                                     cell: annotation.address?.a1, location: location, value: annotation.value,
                                     message: annotation.message)
        }
    }
}
