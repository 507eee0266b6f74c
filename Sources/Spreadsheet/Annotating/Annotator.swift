/// How serious a diagnostic is: errors are filled red, warnings yellow.
public enum AnnotationSeverity: Sendable, Hashable {
    case error
    case warning
}

/// One diagnostic to show in the annotated copy of a submission.
public struct CellAnnotation: Sendable, Equatable {
    /// The sheet name as in the workbook (ignored for CSV input, which has one sheet).
    public var sheet: String
    /// The cell; `nil` for a file-level diagnostic (listed on the summary sheet only).
    public var address: CellAddress?
    public var severity: AnnotationSeverity
    /// A stable code, e.g. `status-invalid`.
    public var code: String
    /// The clerk's sentence, already localized by the caller.
    public var message: String
    /// The offending value, shown in the summary list.
    public var value: String?

    public init(sheet: String, address: CellAddress?, severity: AnnotationSeverity, code: String, message: String,
                value: String? = nil) {
        self.sheet = sheet
        self.address = address
        self.severity = severity
        self.code = code
        self.message = message
        self.value = value
    }
}

/// How the annotated copy is written.
public struct AnnotationOptions: Sendable {
    /// The name of the appended sheet that lists every diagnostic (made unique if taken).
    public var summarySheetName = "Проверка"
    /// The language of the summary sheet's headers and severity words.
    public var language: Language = .ru
    /// The author of the cell comments.
    public var author = "Svod"
    /// Caps applied while reading the source's parts (the reader's caps).
    public var limits: ReadLimits = .default

    public init(summarySheetName: String = "Проверка", language: Language = .ru, author: String = "Svod",
                limits: ReadLimits = .default) {
        self.summarySheetName = summarySheetName
        self.language = language
        self.author = author
        self.limits = limits
    }
}

/// Writes an annotated copy of a submitted workbook: the submitter's own package with flagged
/// cells filled (red for errors, yellow for warnings), a comment on each flagged cell, and a
/// summary sheet listing every diagnostic with links to the cells.
///
/// An XLSX source is edited as a package, not rebuilt from values: every part the annotation
/// does not touch is copied still compressed; `styles.xml` gains two fills and one cell format
/// per (original format, severity) pair — a copy of the original with only the fill replaced;
/// the flagged sheets are rewritten token by token, changing only the `s=` of flagged cells
/// (inserting cells that are not in the XML); comments and the legacy VML drawing that shows
/// them are added (or merged into the ones the sheet has); the summary sheet is appended to
/// the workbook. A CSV or `.xls` source becomes a new workbook of its values annotated the same
/// way. An ODS source is edited as a package too (`ODSAnnotator`): only `content.xml` is
/// rewritten. `plan(source:)` says which format the copy is.
///
/// The result is written to a temporary file next to `destination` and renamed over it, and is
/// byte-for-byte reproducible: every entry written carries the DOS time 1980-01-01 00:00.
///
/// Limits: a flagged sheet is rewritten in memory (about twice the part's inflated size, which
/// `ReadLimits` caps); a conditional format on a flagged cell may still paint over the fill;
/// modern Excel shows a threaded comment instead of the legacy note the text is appended to;
/// `docProps/app.xml` (sheet titles) is left as it was, which Excel and LibreOffice ignore.
public enum Annotator {
    /// Writes the annotated copy of `source` (XLSX, XLSM, ODS, XLS or CSV) to `destination`, in
    /// the format `plan(source:)` gives: XLSX or XLSM for OOXML, CSV and XLS sources, ODS for ODS.
    ///
    /// - Throws: `SpreadsheetError` — the reader's refusals for the source (`.encrypted`,
    ///   `.legacyXLS`, `.ods`, `.corrupt`, `.xmlDTD`, `.xmlMalformed`, `.tooLarge`, …) and
    ///   `.writeFailed` when the copy cannot be written.
    public static func annotate(source: String, destination: String, annotations: [CellAnnotation],
                                options: AnnotationOptions = .init()) throws {
        switch try FileSignature.sniff(path: source) {
        case .zip where ODFSignature.mediaType(path: source) != nil:
            try annotateODS(source: source, destination: destination, annotations: annotations, options: options)
        case .zip:
            do {
                try annotateWorkbook(source: source, destination: destination, annotations: annotations, options: options)
            } catch let error as SpreadsheetError where error.code == .ods {
                // An OpenDocument package whose `mimetype` is compressed or not first.
                try annotateODS(source: source, destination: destination, annotations: annotations, options: options)
            }
        case .text:
            try annotateCSV(source: source, destination: destination, annotations: annotations, options: options)
        case .ole:
            try annotateXLS(source: source, destination: destination, annotations: annotations, options: options)
        }
    }

    // MARK: XLS

    /// An Excel 97–2003 source becomes a new workbook, as a CSV one does: every worksheet under
    /// its own name, its values typed as read (no formatting is carried over), then annotated.
    private static func annotateXLS(source: String, destination: String, annotations: [CellAnnotation],
                                    options: AnnotationOptions) throws {
        let reader = try XLSReader(path: source, limits: options.limits)
        let temporary = AnnotationFiles.temporaryPath(for: destination, suffix: ".xlsx")
        defer { AnnotationFiles.remove(temporary) }
        let writer = try XLSXWriter(path: temporary, options: XLSXWriter.Options(
            creationDate: csvCreationDate, constantMemory: true, author: options.author))
        var renamed: [String: String] = [:]
        for info in reader.sheets {
            let name = XLSXWriter.safeSheetName(info.name, avoiding: Array(renamed.values), fallback: "Лист\(info.index + 1)")
            renamed[info.name] = name
            let sheet = try writer.addSheet(name: name)
            let rows = try reader.rows(.position(info.index + 1))
            var widths: [Int: Int] = [:]
            while let row = try rows.nextRow() {
                for cell in row.cells {
                    var value = cell.value
                    if case .string(let text) = value, text.count > 32_767 { value = .string(String(text.prefix(32_767))) }
                    try sheet.write(value, at: cell.address)
                    let longest = value.text.split(separator: "\n").map(\.count).max() ?? 0
                    widths[cell.address.column] = max(widths[cell.address.column] ?? 0, longest)
                }
            }
            for column in widths.keys.sorted() {
                try sheet.setColumn(width: Double(min(max((widths[column] ?? 0) + 2, 8), 60)), first: column)
            }
        }
        try writer.close()
        let onSheets = annotations.map { annotation -> CellAnnotation in
            var copy = annotation
            copy.sheet = renamed[annotation.sheet] ?? annotation.sheet
            return copy
        }
        try annotateWorkbook(source: temporary, destination: destination, annotations: onSheets, options: options)
    }

    // MARK: CSV

    /// The fixed creation date of workbooks made from CSV, so output is reproducible.
    static let csvCreationDate = CivilDateTime(date: CivilDate(year: 2000, month: 1, day: 1), hour: 0, minute: 0, second: 0)

    private static func annotateCSV(source: String, destination: String, annotations: [CellAnnotation],
                                    options: AnnotationOptions) throws {
        let reader = try CSVReader(path: source, limits: options.limits)
        let sheetName = XLSXWriter.safeSheetName(FileSignature.stem(of: source), fallback: "CSV")
        let temporary = AnnotationFiles.temporaryPath(for: destination, suffix: ".xlsx")
        defer { AnnotationFiles.remove(temporary) }
        let writer = try XLSXWriter(path: temporary, options: XLSXWriter.Options(
            creationDate: csvCreationDate, constantMemory: true, author: options.author))
        let sheet = try writer.addSheet(name: sheetName)
        var widths: [Int: Int] = [:]
        while let row = try reader.nextRow() {
            for cell in row.cells {
                var text = cell.value.text
                if text.count > 32_767 { text = String(text.prefix(32_767)) }
                try sheet.write(.string(text), at: cell.address)
                let longest = text.split(separator: "\n").map(\.count).max() ?? 0
                widths[cell.address.column] = max(widths[cell.address.column] ?? 0, longest)
            }
        }
        for column in widths.keys.sorted() {
            try sheet.setColumn(width: Double(min(max(widths[column]! + 2, 8), 60)), first: column)
        }
        try writer.close()
        let onSheet = annotations.map { annotation -> CellAnnotation in
            var copy = annotation
            copy.sheet = sheetName
            return copy
        }
        try annotateWorkbook(source: temporary, destination: destination, annotations: onSheet, options: options)
    }

    // MARK: ODS

    /// An ODS report comes back as an ODS: the clerk's own package with only `content.xml`
    /// rewritten — flagged cells filled and annotated (`office:annotation`), the «Проверка»
    /// table appended (see `ODSAnnotator`).
    private static func annotateODS(source: String, destination: String, annotations: [CellAnnotation],
                                    options: AnnotationOptions) throws {
        try ODSAnnotator.annotate(source: source, destination: destination, annotations: annotations, options: options)
    }

    // MARK: XLSX

    /// Part names in use (compared ignoring case), handing out new ones.
    private struct PartNames {
        var used: Set<String>

        mutating func allocate(_ stem: String, from number: Int, _ suffix: String) -> String {
            var n = max(number, 1)
            while used.contains("\(stem)\(n)\(suffix)".lowercased()) { n += 1 }
            let name = "\(stem)\(n)\(suffix)"
            used.insert(name.lowercased())
            return name
        }
    }

    static func commentText(_ items: [CellAnnotation], language: Language) -> String {
        items.map { "\(SummarySheet.word($0.severity, language)) [\($0.code)]: \($0.message)" }.joined(separator: "\n")
    }

    private static func annotateWorkbook(source: String, destination: String, annotations: [CellAnnotation],
                                         options: AnnotationOptions) throws {
        // The reader's refusals first (OpenDocument, encryption, missing workbook, DTDs, caps):
        // every sheet is read through, so the copy is refused exactly when reading is.
        let reader = try XLSXReader(path: source, limits: options.limits)
        for position in reader.sheets.indices {
            let rows = try reader.rows(.position(position + 1))
            while try rows.nextRow() != nil {}
        }
        let archive = try ZipArchive(path: source, limits: options.limits)
        let package = try OOXMLPackage(archive: archive)
        let namespaces = package.namespaces
        let workbookPart = package.workbookPart
        var workbookRelationships = try RelationshipsEditor(of: workbookPart, in: archive)
        let workbook = try WorkbookEditor(partName: workbookPart, archive: archive, relationships: workbookRelationships)
        var contentTypes = try ContentTypesEditor(archive: archive)
        var names = PartNames(used: Set(archive.entryNames.map(ZipArchive.partKey)))
        let workbookFolder = PartEditing.folder(of: workbookPart)
        let base = workbookFolder.isEmpty ? "" : workbookFolder + "/"

        let existingStyles = workbookRelationships.target(typeSuffix: "styles").flatMap { archive.contains($0) ? $0 : nil }
        let stylesPart = existingStyles ?? names.allocate(base + "styles", from: 1, ".xml")
        let styles = try StylesEditor(partName: stylesPart, bytes: try existingStyles.map { try archive.readAll($0) },
                                      file: source, namespace: namespaces.spreadsheet)

        let grouped = AnnotationMarks(annotations, sheets: workbook.sheets.map(\.name))
        let marks = grouped.marks

        var outputs: [(name: String, data: [UInt8])] = []
        var usedBlocks = Set<Int>()
        for name in archive.entryNames where name.lowercased().hasSuffix(".vml") {
            usedBlocks.formUnion(VMLDrawing.idBlocks(in: try archive.readAll(name)))
        }
        func nextBlock() -> Int {
            var block = 1
            while usedBlocks.contains(block) { block += 1 }
            usedBlocks.insert(block)
            return block
        }

        for (index, sheet) in workbook.sheets.enumerated() where !marks[index].isEmpty {
            guard archive.contains(sheet.part) else { throw SpreadsheetError(.partMissing, file: source, part: sheet.part) }
            let sheetMarks = marks[index]
            let targets = sheetMarks.keys.sorted()
            var relationships = try RelationshipsEditor(of: sheet.part, in: archive)
            let drawingId = relationships.reserveId()
            let rewritten = try SheetRewriter.rewrite(
                bytes: try archive.readAll(sheet.part), file: source, part: sheet.part, targets: targets,
                style: { current, address in styles.style(for: current, severity: sheetMarks[address]!.severity) },
                legacyDrawingId: drawingId, relationshipsNamespace: namespaces.relationships)
            outputs.append((sheet.part, rewritten.bytes))

            // Comments: merged into the sheet's own part, or a new part.
            let notes = targets.map { CommentsPart.Note(address: $0, text: commentText(sheetMarks[$0]!.items, language: options.language)) }
            let comments: CommentsPart.Result
            if let existing = relationships.target(typeSuffix: "comments"), archive.contains(existing) {
                comments = try CommentsPart.merge(existing: try archive.readAll(existing), notes: notes, author: options.author,
                                                  file: source, part: existing)
                outputs.append((existing, comments.bytes))
                contentTypes.addOverride(part: existing, contentType: ContentTypesEditor.comments)
            } else {
                let part = names.allocate(base + "comments", from: index + 1, ".xml")
                comments = CommentsPart.make(notes: notes, author: options.author, namespace: namespaces.spreadsheet)
                outputs.append((part, comments.bytes))
                relationships.add(type: namespaces.relationshipType("comments"), target: part)
                contentTypes.addOverride(part: part, contentType: ContentTypesEditor.comments)
            }

            // The VML drawing that makes Excel show the comments.
            func addDrawingType(_ part: String) {
                if part.lowercased().hasSuffix(".vml") {
                    contentTypes.addDefault(extension: "vml", contentType: ContentTypesEditor.vml)
                } else {
                    contentTypes.addOverride(part: part, contentType: ContentTypesEditor.vml)
                }
            }
            if let existingId = rewritten.existingLegacyDrawing {
                if let part = relationships.target(id: existingId), archive.contains(part) {
                    if let appended = VMLDrawing.appending(cells: comments.newCells, to: try archive.readAll(part)) {
                        outputs.append((part, appended))
                    }
                } else {
                    // The sheet refers to a drawing that is not there: supply one.
                    let part = relationships.target(id: existingId)
                        ?? names.allocate(base + "drawings/vmlDrawing", from: index + 1, ".vml")
                    names.used.insert(part.lowercased())
                    outputs.append((part, VMLDrawing.make(cells: comments.allCells, block: nextBlock())))
                    if relationships.target(id: existingId) == nil {
                        relationships.add(type: namespaces.relationshipType("vmlDrawing"), target: part, id: existingId)
                    }
                    addDrawingType(part)
                }
            } else {
                let part = names.allocate(base + "drawings/vmlDrawing", from: index + 1, ".vml")
                outputs.append((part, VMLDrawing.make(cells: comments.allCells, block: nextBlock())))
                relationships.add(type: namespaces.relationshipType("vmlDrawing"), target: part, id: drawingId)
                addDrawingType(part)
            }
            if relationships.isModified {
                outputs.append((relationships.partName, try relationships.serialized()))
                contentTypes.addDefault(extension: "rels", contentType: ContentTypesEditor.relationships)
            }
        }

        // The summary sheet.
        let lines = grouped.summaryLines(reference: SummarySheet.location(sheet:cell:))
        let summaryName = SheetName.safe(options.summarySheetName, avoiding: workbook.sheets.map(\.name), fallback: "Svod")
        let summaryPart = names.allocate(base + "worksheets/sheet", from: workbook.sheets.count + 1, ".xml")
        outputs.append((summaryPart, SummarySheet.make(lines: lines, styles: styles.summaryStyles(), language: options.language,
                                                        namespaces: namespaces)))
        let summaryId = workbookRelationships.add(type: namespaces.relationshipType("worksheet"), target: summaryPart)
        contentTypes.addOverride(part: summaryPart, contentType: ContentTypesEditor.worksheet)
        outputs.append((workbookPart, try workbook.appendingSheet(name: summaryName, relationshipId: summaryId,
                                                                                relationshipsNamespace: namespaces.relationships)))

        if styles.isNew {
            workbookRelationships.add(type: namespaces.relationshipType("styles"), target: stylesPart)
            contentTypes.addOverride(part: stylesPart, contentType: ContentTypesEditor.styles)
        }
        if let type = package.copyContentType { contentTypes.setOverride(part: workbookPart, contentType: type) }
        outputs.append((stylesPart, try styles.serialized()))
        outputs.append((workbookRelationships.partName, try workbookRelationships.serialized()))
        outputs.append((ContentTypesEditor.partName, try contentTypes.serialized()))

        // Edit a copy next to the destination, then move it into place.
        let temporary = AnnotationFiles.temporaryPath(for: destination)
        try AnnotationFiles.copy(source, to: temporary, errorFile: destination)
        do {
            let editor = try ZipEditor(path: temporary, file: destination)
            for output in outputs { try editor.write(output.name, data: output.data) }
            try editor.close()
            try AnnotationFiles.commit(temporary, to: destination)
        } catch {
            AnnotationFiles.remove(temporary)
            throw error
        }
    }
}
