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
    static let contentPart = "content.xml"
    static let stylesPart = "styles.xml"

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

        let grouped = AnnotationMarks(annotations, sheets: sheets)

        let summary = ODSSummaryTable(
            name: SheetName.safe(options.summarySheetName, avoiding: sheets, fallback: "Svod"),
            lines: grouped.summaryLines(reference: ODSSummaryTable.reference(sheet:cell:)), language: options.language)
        let rewritten = try ODSContentRewriter.rewrite(bytes: content, file: source, part: contentPart, marks: grouped.marks,
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
}
