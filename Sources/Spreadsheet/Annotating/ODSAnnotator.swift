/// The annotated copy of an OpenDocument spreadsheet, as an OpenDocument spreadsheet: the
/// clerk's own package with only `content.xml` rewritten (`ODSContentRewriter`). Every other
/// entry — `mimetype` (still first and stored as it was), `styles.xml`, `meta.xml`,
/// `settings.xml`, the manifest, pictures — is copied as it is, still compressed.
///
/// Flagged cells get a new automatic style with the fill (red for errors, yellow for warnings,
/// the colours of the XLSX copy) and an `office:annotation` holding the diagnostics; a
/// «Проверка» table listing every diagnostic is appended.
///
/// Written as the XLSX copy is: to a temporary file next to the destination, renamed over it,
/// the rewritten entry stamped 1980-01-01 00:00, so the same input gives the same bytes.
///
/// Limits: a template (`.ots`) stays a template inside (its `mimetype` is copied, not rewritten:
/// `mimetype` must stay stored, and `ZipEditor` deflates what it writes); a package whose
/// producer compressed or moved `mimetype` keeps it so (the reader and LibreOffice accept it);
/// the summary's header row is not frozen (a view setting of `settings.xml`).
enum ODSAnnotator {
    /// What one flagged cell receives.
    struct Mark {
        var severity: AnnotationSeverity
        var items: [CellAnnotation]
    }

    static let contentPart = "content.xml"
    static let stylesPart = "styles.xml"

    static func isPlaceable(_ address: CellAddress) -> Bool {
        address.row >= 0 && address.row < SheetWriter.maxRows && address.column >= 0 && address.column < SheetWriter.maxColumns
    }

    static func annotate(source: String, destination: String, annotations: [CellAnnotation],
                         options: AnnotationOptions) throws {
        // The reader's refusals first (encryption, DTDs, malformed XML, caps): every sheet is
        // read through, so the copy is refused exactly when reading is.
        let document = try SpreadsheetDocument.open(path: source, limits: options.limits)
        for sheet in document.sheets {
            let rows = try document.rows(.position(sheet.index + 1))
            while try rows.nextRow() != nil {}
        }
        let sheets = document.sheets.map(\.name)
        let archive = try ZipArchive(path: source, limits: options.limits)
        let content = try archive.readAll(contentPart)
        var common = ODSCommonStyles()
        if archive.contains(stylesPart), let bytes = try? archive.readAll(stylesPart) {
            common = ODSCommonStyles(bytes: bytes, file: source)
        }

        // Which sheet each annotation belongs to (as the XLSX copy decides it).
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
            guard let index, let address = annotation.address, isPlaceable(address) else { continue }
            if var mark = marks[index][address] {
                if annotation.severity == .error { mark.severity = .error }
                mark.items.append(annotation)
                marks[index][address] = mark
            } else {
                marks[index][address] = Mark(severity: annotation.severity, items: [annotation])
            }
        }

        let summary = ODSSummaryTable(
            name: SheetName.safe(options.summarySheetName, avoiding: sheets, fallback: "Svod"),
            lines: summaryLines(annotations, resolved: resolved, sheets: sheets), language: options.language)
        let rewritten = try ODSContentRewriter.rewrite(bytes: content, file: source, part: contentPart, marks: marks,
                                                       common: common, summary: summary, options: options)

        // Edit a copy next to the destination, then move it into place.
        let temporary = AnnotationFiles.temporaryPath(for: destination)
        try AnnotationFiles.copy(source, to: temporary, errorFile: destination)
        do {
            let editor = try ZipEditor(path: temporary, file: destination)
            try editor.write(contentPart, data: rewritten)
            try editor.close()
            try AnnotationFiles.commit(temporary, to: destination)
        } catch {
            AnnotationFiles.remove(temporary)
            throw error
        }
    }

    /// The summary's rows in the XLSX copy's order: file-level diagnostics first, then by sheet
    /// (unknown sheets last), row, column, and the order given.
    static func summaryLines(_ annotations: [CellAnnotation], resolved: [Int?], sheets: [String]) -> [SummarySheet.Line] {
        var order: [Int] = Array(annotations.indices)
        order.sort { a, b in
            func key(_ i: Int) -> (Int, Int, Int, Int, Int) {
                let annotation = annotations[i]
                let sheet = resolved[i] ?? sheets.count
                guard let address = annotation.address else { return (0, sheet, 0, 0, i) }
                return (1, sheet, address.row, address.column, i)
            }
            return key(a) < key(b)
        }
        return order.map { i -> SummarySheet.Line in
            let annotation = annotations[i]
            let sheetName = resolved[i].map { sheets[$0] } ?? annotation.sheet
            var location: String? = nil
            if resolved[i] != nil, let address = annotation.address, isPlaceable(address) {
                location = ODSSummaryTable.reference(sheet: sheetName, cell: address)
            }
            return SummarySheet.Line(code: annotation.code, severity: annotation.severity, sheet: sheetName,
                                     cell: annotation.address?.a1, location: location, value: annotation.value,
                                     message: annotation.message)
        }
    }
}
