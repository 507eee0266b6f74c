#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads an OpenDocument spreadsheet (`.ods`, `.ots`): checks `mimetype`, refuses a package whose
/// manifest declares encryption, then reads `content.xml` once for the sheet list (names,
/// visibility) and the automatic styles it needs, and streams a sheet's rows from a second,
/// independent pass over the same part.
///
/// The same caps as XLSX apply: the ZIP limits of `ZipArchive`, DOCTYPE refusal and
/// well-formedness of `XMLScanner`, and `sheet-too-large` for rows, columns and cells that
/// repeats would really produce (empty repeats cost nothing).
final class ODSReader {
    let path: String
    let sheets: [SheetInfo]
    private let archive: ZipArchive
    private let styles: ODSStyles
    private let pool: StringPool?

    static let contentPart = "content.xml"
    static let manifestPart = "META-INF/manifest.xml"
    static let spreadsheetTypes = ["application/vnd.oasis.opendocument.spreadsheet",
                                   "application/vnd.oasis.opendocument.spreadsheet-template"]

    init(path: String, limits: ReadLimits = .default, pool: StringPool? = nil) throws {
        self.path = path
        self.pool = pool
        let archive = try ZipArchive(path: path, limits: limits)
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
        let stream = try archive.open(Self.contentPart)
        var scanner = XMLScanner(file: path, part: Self.contentPart, chunkSize: stream.scanChunkSize) { try stream.read(into: $0) }
        let (sheets, styles) = try Self.survey(&scanner)
        self.sheets = sheets
        self.styles = styles
    }

    /// The first bytes of a (small) entry as text, white space trimmed; never inflates more.
    private static func head(of part: String, in archive: ZipArchive, count: Int) throws -> String {
        let stream = try archive.open(part)
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let n = try bytes.withUnsafeMutableBytes { buffer in
                try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            }
            if n == 0 { break }
            filled += n
        }
        return String(decoding: bytes[0..<filled], as: UTF8.self).trimmingXMLSpace
    }

    /// One pass over `content.xml`: the automatic styles (which table styles hide a sheet, which
    /// cell styles show a time) and every sheet's name and visibility, in order.
    private static func survey(_ scanner: inout XMLScanner) throws -> ([SheetInfo], ODSStyles) {
        var styles = ODSStyles()
        var sheets: [(name: String?, style: String?, hidden: Bool)] = []
        var spreadsheetDepth = -1
        var inAutomaticStyles = false
        // The style being read: its name and family; a data style and whether it shows time.
        var styleName: String? = nil
        var styleFamily = ""
        var dataStyleName: String? = nil
        var dataStyleHasTime = false
        var inDataStyle = false
        while true {
            let token = try scanner.next()
            switch token {
            case .end:
                var infos: [SheetInfo] = []
                for (position, sheet) in sheets.enumerated() {
                    let hidden = sheet.hidden || sheet.style.map { styles.hiddenTableStyles.contains($0) } == true
                    infos.append(SheetInfo(name: sheet.name ?? "Sheet\(position + 1)", index: position, isVisible: !hidden))
                }
                return (infos, styles)
            case .startTag:
                let depth = scanner.isSelfClosing ? scanner.depth + 1 : scanner.depth
                if scanner.nameIs("table") {
                    if spreadsheetDepth >= 0, depth == spreadsheetDepth + 1 {
                        sheets.append((scanner.attribute("name"), scanner.attribute("style-name"),
                                       scanner.attribute("display")?.trimmingXMLSpace == "false"))
                    }
                } else if scanner.nameIs("spreadsheet") {
                    if spreadsheetDepth < 0, !scanner.isSelfClosing { spreadsheetDepth = depth }
                } else if scanner.nameIs("automatic-styles") {
                    inAutomaticStyles = !scanner.isSelfClosing
                } else if inAutomaticStyles {
                    if scanner.nameIs("style") {
                        styleName = scanner.attribute("name")
                        styleFamily = scanner.attribute("family") ?? ""
                        if styleFamily == "table-cell", let name = styleName, let data = scanner.attribute("data-style-name") {
                            styles.cellDataStyles[name] = data
                        }
                    } else if scanner.nameIs("table-properties") {
                        if styleFamily == "table", let name = styleName, scanner.attribute("display")?.trimmingXMLSpace == "false" {
                            styles.hiddenTableStyles.insert(name)
                        }
                    } else if scanner.nameIs("date-style") || scanner.nameIs("time-style") {
                        dataStyleName = scanner.attribute("name")
                        dataStyleHasTime = scanner.nameIs("time-style")
                        inDataStyle = !scanner.isSelfClosing
                        if !inDataStyle, let name = dataStyleName { styles.dataStyleShowsTime[name] = dataStyleHasTime }
                    } else if inDataStyle, scanner.nameIs("hours") || scanner.nameIs("minutes") || scanner.nameIs("seconds") {
                        dataStyleHasTime = true
                    }
                }
            case .endTag:
                if scanner.nameIs("automatic-styles") {
                    inAutomaticStyles = false
                } else if scanner.nameIs("spreadsheet"), scanner.depth + 1 == spreadsheetDepth {
                    spreadsheetDepth = -2  // tables after the spreadsheet body are not sheets
                } else if inDataStyle, scanner.nameIs("date-style") || scanner.nameIs("time-style") {
                    if let name = dataStyleName { styles.dataStyleShowsTime[name] = dataStyleHasTime }
                    inDataStyle = false
                } else if scanner.nameIs("style") {
                    styleName = nil
                    styleFamily = ""
                }
            case .text:
                continue
            }
        }
    }

    /// The position of the selected sheet in `sheets` (the same rules as for XLSX).
    func sheetIndex(_ selector: SheetSelector) throws -> Int {
        try selector.index(in: sheets, file: path)
    }

    /// Starts streaming the selected sheet (a fresh pass over `content.xml`).
    func rows(_ selector: SheetSelector = .first) throws -> any RowReader {
        let index = try sheetIndex(selector)
        return try ODSSheetStream(stream: try archive.open(Self.contentPart), file: path, sheet: index,
                                  styles: styles, limits: archive.limits, pool: pool)
    }
}

/// What the streaming pass needs from `office:automatic-styles`.
struct ODSStyles {
    /// Table styles whose `style:table-properties` say `table:display="false"`.
    var hiddenTableStyles: Set<String> = []
    /// Cell style name → its data style name.
    var cellDataStyles: [String: String] = [:]
    /// Date and time data styles → whether they show a time of day.
    var dataStyleShowsTime: [String: Bool] = [:]

    /// Whether a cell style shows a time of day: `nil` when the file does not say.
    func showsTime(cellStyle: String) -> Bool? {
        cellDataStyles[cellStyle].flatMap { dataStyleShowsTime[$0] }
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
