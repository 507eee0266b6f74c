#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The formats Svod reads.
public enum SpreadsheetFormat: String, Sendable {
    case xlsx
    case csv
    /// OpenDocument spreadsheet (`.ods`, `.ots`): LibreOffice, МойОфис, Р7-Офис.
    case ods
    /// Excel 97–2003 (BIFF8 in an OLE compound file).
    case xls
}

/// Any spreadsheet a municipality may send, opened by content (not by trusting the name):
/// XLSX, ODS and CSV are read; legacy `.xls`, encrypted workbooks and OpenDocument files that are
/// not spreadsheets are refused with a reason.
public final class SpreadsheetDocument {
    public let path: String
    public let format: SpreadsheetFormat
    /// The sheets in tab order; a CSV file has one, named after the file.
    public let sheets: [SheetInfo]
    /// How a CSV file was read (encoding, delimiter); `nil` for XLSX.
    public let csvDialect: CSVDialect?
    private let xlsx: XLSXReader?
    private let ods: ODSReader?
    // XLS: begin
    private var xls: XLSReader?
    // XLS: end
    private let limits: ReadLimits
    private let pool: StringPool?
    /// The CSV reader that sniffed the file, handed out by the first `rows()` (the file is read
    /// and transcoded once); later calls start a fresh one.
    private var unreadCSV: CSVReader?

    /// Opens a file, deciding its format from its first bytes and then its extension.
    ///
    /// - Parameter pool: Where XLSX cell texts come from; a worker reading many files made from
    ///   one form passes the same pool to each.
    public static func open(path: String, limits: ReadLimits = .default, pool: StringPool? = nil) throws -> SpreadsheetDocument {
        try SpreadsheetDocument(path: path, limits: limits, pool: pool)
    }

    private init(path: String, limits: ReadLimits, pool: StringPool?) throws {
        self.path = path
        self.limits = limits
        self.pool = pool
        let kind = try FileSignature.sniff(path: path)
        switch kind {
        case .zip:
            csvDialect = nil
            // ODS: an OpenDocument package (its `mimetype` entry first and stored, or found by the
            // XLSX reader's own check when a producer compressed or moved it).
            var odf = ODFSignature.mediaType(path: path) != nil
            var xlsxReader: XLSXReader? = nil
            if !odf {
                do {
                    xlsxReader = try XLSXReader(path: path, limits: limits, pool: pool)
                } catch let error as SpreadsheetError where error.code == .ods {
                    odf = true
                }
            }
            if let xlsxReader {
                xlsx = xlsxReader
                ods = nil
                format = .xlsx
                sheets = xlsxReader.sheets
            } else {
                let reader = try ODSReader(path: path, limits: limits, pool: pool)
                ods = reader
                xlsx = nil
                format = .ods
                sheets = reader.sheets
            }
        // XLS: begin
        case .ole:
            let reader: XLSReader
            do {
                reader = try XLSReader(path: path, limits: limits)
            } catch let error as SpreadsheetError where error.code == .corrupt && FileSignature.containsEncryptionInfo(path: path) {
                throw SpreadsheetError(.encrypted, file: path)
            }
            xls = reader
            xlsx = nil
            ods = nil
            format = .xls
            sheets = reader.sheets
            csvDialect = nil
        // XLS: end
        case .text:
            let reader = try CSVReader(path: path, limits: limits)
            reader.pool = pool
            unreadCSV = reader
            xlsx = nil
            ods = nil
            format = .csv
            sheets = [SheetInfo(name: FileSignature.stem(of: path), index: 0)]
            csvDialect = reader.dialect
        }
    }

    /// The date system of an XLSX workbook (1900 for CSV).
    public var dateSystem: DateSystem { xlsx?.dateSystem ?? xls?.dateSystem ?? .date1900 }

    /// Starts streaming a sheet's rows.
    public func rows(_ selector: SheetSelector = .first) throws -> any RowReader {
        if let xlsx { return try xlsx.rows(selector) }
        if let ods { return try ods.rows(selector) }
        if let xls { return try xls.rows(selector) }  // XLS
        try checkCSVSheet(selector)
        if let reader = unreadCSV {
            unreadCSV = nil
            return reader
        }
        let reader = try CSVReader(path: path, limits: limits, dialect: csvDialect)
        reader.pool = pool
        return reader
    }

    /// The selected sheet's info.
    public func sheet(_ selector: SheetSelector) throws -> SheetInfo {
        if let xlsx { return sheets[try xlsx.sheetIndex(selector)] }
        if let ods { return sheets[try ods.sheetIndex(selector)] }
        if let xls { return sheets[try xls.sheetIndex(selector)] }  // XLS
        try checkCSVSheet(selector)
        return sheets[0]
    }

    /// A CSV file has one sheet: the first, or the one named after the file.
    private func checkCSVSheet(_ selector: SheetSelector) throws {
        switch selector {
        case .first, .position(1): break
        case .name(let name) where name == sheets[0].name: break
        default: throw SpreadsheetError(.sheetNotFound, file: path, part: selector.description)
        }
    }
}

/// Decides what a file is from its first bytes.
enum FileSignature {
    enum Kind {
        case zip
        case text
        /// An OLE compound file: an Excel 97–2003 workbook, or an encrypted OOXML package.
        case ole
    }

    private static let ole: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    static func sniff(path: String) throws -> Kind {
        guard let handle = fopen(path, "rb") else {
            throw SpreadsheetError(.fileUnreadable, file: path, detail: String(cString: strerror(errno)))
        }
        defer { fclose(handle) }
        var head = [UInt8](repeating: 0, count: 8)
        let count = fread(&head, 1, 8, handle)
        let ext = fileExtension(path)
        if count >= 4, head[0] == 0x50, head[1] == 0x4B, head[2] == 0x03 || head[2] == 0x05, head[3] == 0x04 || head[3] == 0x06 {
            return .zip
        }
        if count == 8, head == ole {
            // Both .xls and password-protected OOXML are OLE compound files; the reader tells
            // them apart by the directory (a "Workbook" or an "EncryptionInfo" stream).
            return .ole
        }
        switch ext {
        case "xls":
            throw SpreadsheetError(.legacyXLS, file: path)  // often HTML or SpreadsheetML saved as .xls
        case "xlsx", "xlsm", "xltx", "ods", "ots":
            throw SpreadsheetError(.corrupt, file: path, detail: "the file is not a ZIP package")
        case "csv", "txt", "tsv", "tab":
            return .text
        default:
            throw SpreadsheetError(.unknownFormat, file: path)
        }
    }

    /// Whether an OLE file names an "EncryptionInfo" stream (UTF-16LE) anywhere: the fallback
    /// when its directory cannot be read.
    static func containsEncryptionInfo(path: String) -> Bool {
        guard let handle = fopen(path, "rb") else { return false }
        defer { fclose(handle) }
        return containsEncryptionInfo(handle)
    }

    private static func containsEncryptionInfo(_ handle: UnsafeMutablePointer<FILE>) -> Bool {
        let needle: [UInt8] = Array("EncryptionInfo".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        fseek(handle, 0, SEEK_SET)
        var window: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var scanned = 0
        while scanned < 64 * 1024 * 1024 {
            let n = fread(&chunk, 1, chunk.count, handle)
            if n <= 0 { break }
            scanned += n
            window = Array(window.suffix(needle.count - 1)) + chunk[0..<n]
            if window.count >= needle.count {
                for start in 0...(window.count - needle.count) where window[start] == needle[0] {
                    if window[start..<start + needle.count].elementsEqual(needle) { return true }
                }
            }
        }
        return false
    }

    static func fileExtension(_ path: String) -> String {
        let name = path.fileName
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }

    static func stem(of path: String) -> String {
        let name = path.fileName
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }
}
