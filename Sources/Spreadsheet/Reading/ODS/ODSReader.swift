#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads an OpenDocument spreadsheet (`.ods`, `.ots`): checks `mimetype`, refuses a package whose
/// manifest declares encryption, reads the data styles of `styles.xml`, then makes one pass
/// over `content.xml` for the sheet list (names, visibility), the automatic styles, and every
/// sheet's rows.
///
/// LibreOffice's `content.xml` is large (some 1,700 bytes a row of ten cells: 350 MB for
/// 200,000 rows), and inflating it is most of the cost of reading it, so it is inflated once:
/// the rows met in that pass are kept in a compact form (``ODSSheetStore``, a few dozen bytes a
/// row) while they fit a budget tied to the file's size; a sheet past the budget is streamed
/// from a second pass when it is read. Large parts are inflated on a helper thread while the
/// scanner works (``ODSPrefetchingSource``).
///
/// The same caps as XLSX apply: the ZIP limits of `ZipArchive`, DOCTYPE refusal and
/// well-formedness of `XMLScanner`, and `sheet-too-large` for rows, columns and cells that
/// repeats would really produce (empty repeats cost nothing), thrown when the rows are read.
final class ODSReader {
    let path: String
    let sheets: [SheetInfo]
    private let archive: ODSArchive
    private let styles: ODSStyleLookup
    private let pool: StringPool?
    /// Per sheet, its rows as kept from the pass that opened the workbook; `nil` for one to be
    /// streamed again.
    private let stores: [ODSSheetStore?]

    static let contentPart = "content.xml"
    static let stylesPart = "styles.xml"
    static let manifestPart = "META-INF/manifest.xml"
    static let spreadsheetTypes = ["application/vnd.oasis.opendocument.spreadsheet",
                                   "application/vnd.oasis.opendocument.spreadsheet-template"]
    /// Kept sheets take at most this many bytes, or the file's size when that is larger.
    static let minimumStoreBudget = 8 << 20

    /// - Parameters:
    ///   - storeBudget: Bytes the kept sheets may take (by default the file's size, at least
    ///     ``minimumStoreBudget``); 0 keeps none, so every sheet is streamed again when read.
    ///   - prefetchThreshold: Parts inflating to this many bytes or more are inflated on a helper
    ///     thread (``ODSArchive/defaultPrefetchThreshold`` by default).
    init(path: String, limits: ReadLimits = .default, pool: StringPool? = nil, storeBudget: Int? = nil,
         prefetchThreshold: Int = ODSArchive.defaultPrefetchThreshold) throws {
        self.path = path
        self.pool = pool
        let archive = ODSArchive(try ZipArchive(path: path, limits: limits), prefetchThreshold: prefetchThreshold)
        self.archive = archive

        guard archive.contains("mimetype") else { throw SpreadsheetError(.partMissing, file: path, part: "mimetype") }
        let mime = try Self.head(of: "mimetype", in: archive, count: 256)
        guard Self.spreadsheetTypes.contains(mime) else {
            throw SpreadsheetError(.ods, file: path, part: "mimetype", detail: "an OpenDocument package of type \(mime), not a spreadsheet")
        }
        if archive.contains(Self.manifestPart) {
            var scanner = XMLScanner(bytes: try archive.readAll(Self.manifestPart), file: path, part: Self.manifestPart)
            while true {
                let token = try scanner.next()
                if token == .end { break }
                if token == .startTag, scanner.nameIs("encryption-data") {
                    throw SpreadsheetError(.encrypted, file: path, part: Self.manifestPart,
                                           detail: "the OpenDocument manifest declares encrypted parts")
                }
            }
        }
        guard archive.contains(Self.contentPart) else { throw SpreadsheetError(.partMissing, file: path, part: Self.contentPart) }
        var styles = ODSStyles()
        if archive.contains(Self.stylesPart) {
            var scanner = try archive.scanner(for: Self.stylesPart, file: path)
            try ODSStyles.collect(from: &scanner.scanner, into: &styles)
        }
        var content = try archive.scanner(for: Self.contentPart, file: path)
        content.scanner.pool = pool
        var budget = Self.minimumStoreBudget
        var info = stat()
        if stat(path, &info) == 0 { budget = max(budget, Int(info.st_size)) }
        if let storeBudget { budget = storeBudget }
        let survey = try Self.survey(&content.scanner, styles: styles, limits: limits, pool: pool, budget: budget)
        self.sheets = survey.sheets
        self.styles = survey.lookup
        self.stores = survey.stores
    }

    /// The first bytes of a (small) entry as text, white space trimmed; never inflates more.
    private static func head(of part: String, in archive: ODSArchive, count: Int) throws -> String {
        let bytes = try archive.head(of: part, count: count)
        return String(decoding: bytes, as: UTF8.self).trimmingXMLSpace
    }

    private struct Survey {
        var sheets: [SheetInfo]
        var lookup: ODSStyleLookup
        var stores: [ODSSheetStore?]
    }

    /// The one pass over `content.xml`: the automatic styles (which table styles hide a sheet,
    /// which cell styles show a date or a time), every sheet's name and visibility in order, and
    /// every sheet's rows while they fit `budget` bytes in all.
    private static func survey(_ scanner: inout XMLScanner, styles: ODSStyles, limits: ReadLimits, pool: StringPool?,
                               budget: Int) throws -> Survey {
        var styles = styles
        var collector = ODSStyleCollector()
        var lookup: ODSStyleLookup? = nil
        var sheets: [(name: String?, style: String?, hidden: Bool)] = []
        var stores: [ODSSheetStore?] = []
        var spreadsheetDepth = -1
        var inAutomaticStyles = false
        var budgetLeft = budget
        while true {
            let token = try scanner.next()
            switch token {
            case .end:
                var infos: [SheetInfo] = []
                for (position, sheet) in sheets.enumerated() {
                    let hidden = sheet.hidden || sheet.style.map { styles.hiddenTableStyles.contains($0) } == true
                    infos.append(SheetInfo(name: sheet.name ?? "Sheet\(position + 1)", index: position, isVisible: !hidden))
                }
                return Survey(sheets: infos, lookup: lookup ?? styles.lookup(), stores: stores)
            case .startTag:
                let depth = scanner.isSelfClosing ? scanner.depth + 1 : scanner.depth
                if inAutomaticStyles {
                    collector.take(token, &scanner, into: &styles)
                } else if scanner.nameIs("table") {
                    guard spreadsheetDepth >= 0, depth == spreadsheetDepth + 1 else { continue }
                    sheets.append((scanner.attribute("name"), scanner.attribute("style-name"),
                                   scanner.attribute("display")?.trimmingXMLSpace == "false"))
                    if lookup == nil { lookup = styles.lookup() }
                    if scanner.isSelfClosing {
                        stores.append(ODSSheetStore.empty())
                        continue
                    }
                    if budgetLeft <= 0 {
                        try ODSTableDecoder.skipTable(&scanner, tableDepth: depth)
                        stores.append(nil)
                        continue
                    }
                    let store = try keep(table: &scanner, depth: depth, lookup: lookup!, limits: limits, pool: pool, budget: budgetLeft)
                    if let store { budgetLeft -= store.byteCount + store.strings.count * 64 }
                    stores.append(store)
                } else if scanner.nameIs("spreadsheet") {
                    if spreadsheetDepth < 0, !scanner.isSelfClosing { spreadsheetDepth = depth }
                } else if scanner.nameIs("automatic-styles") {
                    inAutomaticStyles = !scanner.isSelfClosing
                }
            case .endTag:
                if scanner.nameIs("automatic-styles") {
                    inAutomaticStyles = false
                } else if inAutomaticStyles {
                    collector.take(token, &scanner, into: &styles)
                } else if scanner.nameIs("spreadsheet"), scanner.depth + 1 == spreadsheetDepth {
                    spreadsheetDepth = -2  // tables after the spreadsheet body are not sheets
                }
            case .text:
                continue
            }
        }
    }

    /// Decodes one sheet's rows from the scanner (just past its start tag) to its end tag: the
    /// kept sheet, or `nil` when it does not fit `budget` (the rest is passed over).
    private static func keep(table scanner: inout XMLScanner, depth: Int, lookup: ODSStyleLookup, limits: ReadLimits,
                             pool: StringPool?, budget: Int) throws -> ODSSheetStore? {
        var decoder = ODSTableDecoder(limits: limits, styles: lookup, file: scanner.file, part: scanner.part, tableDepth: depth)
        var writer = ODSSheetStoreWriter(budget: max(budget, 0), pool: pool)
        do {
            while let (index, repeats) = try decoder.nextRow(&scanner, into: &writer) {
                writer.endRow(index: index, repeats: repeats)
                if writer.overBudget {
                    try ODSTableDecoder.skipTable(&scanner, tableDepth: depth)
                    return nil
                }
            }
        } catch let error as SpreadsheetError where error.code == .sheetTooLarge {
            // A cap the rows reach: thrown when they are read, after the rows before it.
            try ODSTableDecoder.skipTable(&scanner, tableDepth: depth)
            return writer.store(mergedRanges: decoder.mergedRanges, error: error)
        }
        if writer.overBudget { return nil }
        return writer.store(mergedRanges: decoder.mergedRanges, error: nil)
    }

    /// The position of the selected sheet in `sheets` (the same rules as for XLSX).
    func sheetIndex(_ selector: SheetSelector) throws -> Int {
        try selector.index(in: sheets, file: path)
    }

    /// Starts reading the selected sheet: its kept rows, or a fresh pass over `content.xml`.
    func rows(_ selector: SheetSelector = .first) throws -> any RowReader {
        let index = try sheetIndex(selector)
        if let store = stores[index] { return ODSStoredSheetReader(store: store) }
        let content = try archive.scanner(for: Self.contentPart, file: path)
        var scanner = content.scanner
        scanner.pool = pool
        return ODSSheetStream(scanner: scanner, source: content.source, sheet: index, styles: styles,
                              limits: archive.limits, pool: pool)
    }
}

/// Recognises an OpenDocument package from its first bytes: ODF requires `mimetype` to be the
/// first entry, stored uncompressed, so its content stands at a fixed place in the file.
enum ODFSignature {
    /// The media type of an ODF package whose first entry is a stored `mimetype`, else `nil`.
    static func mediaType(path: String) -> String? {
        guard let handle = fopen(path, "rb") else { return nil }
        defer { fclose(handle) }
        var head = [UInt8](repeating: 0, count: 30 + 8 + 256 + 128)
        let count = fread(&head, 1, head.count, handle)
        guard count >= 38, head[0] == 0x50, head[1] == 0x4B, head[2] == 0x03, head[3] == 0x04 else { return nil }
        func le16(_ i: Int) -> Int { Int(head[i]) | Int(head[i + 1]) << 8 }
        let method = le16(8)
        let nameLength = le16(26)
        let extraLength = le16(28)
        let size = le16(18) | le16(20) << 16
        guard method == 0, nameLength == 8, head[30..<38].elementsEqual("mimetype".utf8) else { return nil }
        let start = 38 + extraLength
        guard size > 0, size <= 128, start + size <= count else { return nil }
        let text = String(decoding: head[start..<start + size], as: UTF8.self)
        return text.hasPrefix("application/vnd.oasis.opendocument") ? text : nil
    }
}
