/// Reads an XLSX package part by part in a fixed order — package relationships, workbook
/// relationships, workbook (sheet list, date system), then lazily shared strings and styles —
/// and streams its sheets one row at a time.
public final class XLSXReader {
    public let path: String
    public let sheets: [SheetInfo]
    public let dateSystem: DateSystem
    private let archive: ZipArchive
    private let sheetParts: [String]
    private let sharedStringsPart: String?
    private let stylesPart: String?
    private var context: WorkbookContext?
    private let pool: StringPool?

    /// Opens the package and reads its sheet list.
    ///
    /// - Throws: `SpreadsheetError` — `.corrupt` for a damaged ZIP, `.ods` for an
    ///   OpenDocument file, `.partMissing` when there is no workbook, `.xmlDTD`,
    ///   `.xmlMalformed`, `.tooLarge`, `.suspiciousCompression`.
    /// - Parameter pool: Where cell texts come from, shared across the files a worker reads.
    public init(path: String, limits: ReadLimits = .default, pool: StringPool? = nil) throws {
        self.path = path
        self.pool = pool
        let archive = try ZipArchive(path: path, limits: limits)
        self.archive = archive

        if archive.contains("mimetype"),
           let mime = try? archive.readAll("mimetype"),
           String(decoding: mime, as: UTF8.self).hasPrefix("application/vnd.oasis.opendocument") {
            throw SpreadsheetError(.ods, file: path)
        }
        if archive.contains("EncryptionInfo") || archive.contains("EncryptedPackage") {
            throw SpreadsheetError(.encrypted, file: path)
        }
        if archive.contains("xl/workbook.bin") && !archive.contains("xl/workbook.xml") {
            throw SpreadsheetError(.xlsb, file: path)  // an Excel binary workbook
        }

        let packageRels = try XLSXReader.relationships(of: "", in: archive)
        let workbookPart = packageRels.target(typeSuffix: "officeDocument")
            .flatMap { archive.contains($0) ? $0 : nil } ?? "xl/workbook.xml"
        guard archive.contains(workbookPart) else {
            throw SpreadsheetError(.partMissing, file: path, part: workbookPart)
        }
        let workbookRels = try XLSXReader.relationships(of: workbookPart, in: archive)

        var scanner = XMLScanner(bytes: try archive.readAll(workbookPart), file: path, part: workbookPart)
        var sheets: [SheetInfo] = []
        var parts: [String] = []
        var date1904 = false
        var position = 0
        while true {
            let token = try scanner.next()
            if token == .end { break }
            guard token == .startTag else { continue }
            if scanner.nameIs("workbookPr") {
                let flag = scanner.attribute("date1904")?.lowercased()
                date1904 = flag == "1" || flag == "true"
            } else if scanner.nameIs("sheet") {
                guard let name = scanner.attribute("name") else { continue }
                let state = scanner.attribute("state") ?? "visible"
                let relationship = scanner.attribute("id").flatMap { workbookRels.relationship(id: $0) }
                // Some producers omit the relationship; fall back to the conventional name.
                let target = relationship?.target ?? "xl/worksheets/sheet\(position + 1).xml"
                // Chart, dialog and macro sheets are tabs too, with relationship types of
                // their own (`…/chartsheet`, `…/dialogsheet`, `…/xlMacrosheet`).
                let isWorksheet = relationship.map { $0.type.hasSuffix("/worksheet") || $0.type.isEmpty } ?? true
                sheets.append(SheetInfo(name: name, index: position, isVisible: state == "visible", isWorksheet: isWorksheet))
                parts.append(target)
                position += 1
            }
        }
        self.sheets = sheets
        self.sheetParts = parts
        self.dateSystem = date1904 ? .date1904 : .date1900
        self.sharedStringsPart = workbookRels.target(typeSuffix: "sharedStrings").flatMap { archive.contains($0) ? $0 : nil }
        self.stylesPart = workbookRels.target(typeSuffix: "styles").flatMap { archive.contains($0) ? $0 : nil }
    }

    private static func relationships(of part: String, in archive: ZipArchive) throws -> Relationships {
        let relsPart = part.isEmpty ? "_rels/.rels" : Relationships.partName(for: part)
        guard archive.contains(relsPart) else { return Relationships() }
        return try Relationships(bytes: try archive.readAll(relsPart), sourcePart: part, file: archive.path, part: relsPart)
    }

    /// Shared strings and styles, read once, on the first sheet opened.
    private func workbookContext() throws -> WorkbookContext {
        if let context { return context }
        var strings = SharedStringTable()
        if let part = sharedStringsPart {
            let stream = try archive.open(part)
            var scanner = XMLScanner(file: path, part: part, chunkSize: stream.scanChunkSize) { try stream.read(into: $0) }
            scanner.pool = pool
            strings = try SharedStrings.read(&scanner, limits: archive.limits)
        }
        var styles = Styles()
        if let part = stylesPart {
            var scanner = XMLScanner(bytes: try archive.readAll(part), file: path, part: part)
            styles = try Styles(&scanner)
        }
        let made = WorkbookContext(sharedStrings: strings, styles: styles, dateSystem: dateSystem, limits: archive.limits,
                                   pool: pool)
        context = made
        return made
    }

    /// The position of the selected sheet in `sheets`.
    public func sheetIndex(_ selector: SheetSelector) throws -> Int {
        try selector.index(in: sheets, file: path)
    }

    /// Starts streaming the selected sheet.
    public func rows(_ selector: SheetSelector = .first) throws -> any RowReader {
        let index = try sheetIndex(selector)
        let context = try workbookContext()
        let part = sheetParts[index]
        guard archive.contains(part) else { throw SpreadsheetError(.partMissing, file: path, part: part) }
        return SheetStream(stream: try archive.open(part), file: path, context: context)
    }
}
