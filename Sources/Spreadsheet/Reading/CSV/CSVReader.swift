#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a CSV file row by row, as a one-sheet spreadsheet.
///
/// The file is read whole (it is capped by `ReadLimits.maxCSVBytes`), decoded to UTF-8 once,
/// then split into records lazily by ``nextRow()``. The dialect is sniffed by
/// ``CSVDialectSniffer`` unless one is given; ``dialect`` records the one used.
///
/// What a row is:
///
/// - Every non-empty field becomes `.string` with its exact text: CSV has no types, so `12,5`
///   or `01.02.2025` stay text and the schema decides later. Nothing is trimmed.
/// - Empty fields are left out, so `Row.cells` is sparse, like an XLSX row.
/// - `Row.index` is the 0-based **record number**, counting records with no content too, so
///   the A1 address `B7` means field 2 of record 7. A record is a physical line unless a
///   quoted field spans lines; ``lastRowLine`` gives the physical line where a row starts.
/// - Records with no non-empty field (blank lines, `;;;`) are skipped.
///
/// The RFC 4180 rules and their lenient edges are documented on the internal `CSVTokenizer`.
/// CSV has no merged ranges.
public final class CSVReader: RowReader {
    /// The dialect actually used: the given one, or the sniffed one.
    public let dialect: CSVDialect
    /// The file as the user named it; every error carries it.
    public let name: String
    /// The caps this reader enforces.
    public let limits: ReadLimits
    /// CSV has no merged cells.
    public var mergedRanges: [CellRange] { [] }
    /// The 1-based physical line on which the row last returned by ``nextRow()`` starts
    /// (`0` before the first row). It differs from `Row.index + 1` once a quoted field has
    /// spanned lines; use it for `file.csv:LINE` locations.
    public private(set) var lastRowLine = 0

    private let text: [UInt8]
    /// Where field texts come from when set (see `StringPool`).
    public var pool: StringPool?
    private var tokenizer: CSVTokenizer
    private var recordIndex = 0
    private var cellCount = 0
    private var lastWidth = 8

    /// Opens a CSV file.
    ///
    /// - Parameters:
    ///   - path: The file's path, also used as its name in errors.
    ///   - limits: Caps on the file size and on rows, columns and cells.
    ///   - dialect: How to read the file; `nil` sniffs it.
    /// - Throws: `SpreadsheetError` with `file` set: `.fileUnreadable` when the file is missing
    ///   or is not a regular file, `.tooLarge` beyond `limits.maxCSVBytes`, `.csvEncoding`
    ///   when the encoding is not recognised.
    public convenience init(path: String, limits: ReadLimits = .default, dialect: CSVDialect? = nil) throws {
        let bytes = try FileBytes.contents(of: path, limit: limits.maxCSVBytes, what: "a CSV file")
        try self.init(data: bytes, name: path, limits: limits, dialect: dialect)
    }

    /// Reads CSV bytes already in memory.
    ///
    /// - Parameters:
    ///   - data: The file's bytes.
    ///   - name: The file's name for errors.
    ///   - limits: Caps on the size and on rows, columns and cells.
    ///   - dialect: How to read the bytes; `nil` sniffs it.
    /// - Throws: `SpreadsheetError` with `file` set to `name`: `.tooLarge` beyond
    ///   `limits.maxCSVBytes`, `.csvEncoding` when the bytes are not valid in the encoding.
    public init(data: [UInt8], name: String, limits: ReadLimits = .default, dialect: CSVDialect? = nil) throws {
        self.name = name
        self.limits = limits
        guard data.count <= limits.maxCSVBytes else {
            throw SpreadsheetError(
                .tooLarge, file: name,
                detail: "\(data.count) bytes, more than the limit of \(limits.maxCSVBytes) bytes for a CSV file")
        }
        let decoded: CSVTextDecoder.Text
        let used: CSVDialect
        do throws(SpreadsheetError) {
            if let dialect {
                decoded = try CSVTextDecoder.decode(data, as: dialect.encoding)
                used = dialect
            } else {
                let detection = try CSVDialectSniffer.detectEncoding(data)
                decoded = try CSVTextDecoder.decode(data, as: detection.encoding, validated: detection.validated)
                let delimiter = decoded.bytes.withUnsafeBufferPointer {
                    CSVDialectSniffer.sniffDelimiter(utf8: UnsafeBufferPointer(rebasing: $0[decoded.start...]))
                }
                used = CSVDialect(encoding: detection.encoding, delimiter: delimiter)
            }
        } catch {
            throw error.with(file: name)
        }
        self.text = decoded.bytes
        self.dialect = used
        self.tokenizer = CSVTokenizer(dialect: used, position: decoded.start)
    }

    /// The next record that has a non-empty field, or `nil` at the end of the file.
    ///
    /// - Throws: `SpreadsheetError(.sheetTooLarge)` when the row's index reaches
    ///   `limits.maxRows`, a field's index reaches `limits.maxColumns`, or the file's non-empty
    ///   fields exceed `limits.maxCells`; the detail names the record and line.
    public func nextRow() throws -> Row? {
        let limits = self.limits
        while true {
            let index = recordIndex
            let line = tokenizer.line
            var cells: [Cell] = []
            cells.reserveCapacity(lastWidth)
            var cellCount = self.cellCount
            let found = try text.withUnsafeBufferPointer { buffer in
                try tokenizer.nextRecord(in: buffer) { column, content in
                    if cells.isEmpty, index >= limits.maxRows {
                        throw self.tooLarge("record \(index + 1) (line \(line)) is beyond the limit of \(limits.maxRows) rows")
                    }
                    if column >= limits.maxColumns {
                        throw self.tooLarge(
                            "record \(index + 1) (line \(line)) has a value in column \(column + 1), beyond the limit of \(limits.maxColumns) columns")
                    }
                    cellCount += 1
                    if cellCount > limits.maxCells {
                        throw self.tooLarge("record \(index + 1) (line \(line)) goes beyond the limit of \(limits.maxCells) non-empty cells")
                    }
                    let string = self.pool.map { $0.string(content) } ?? String(decoding: content, as: UTF8.self)
                    cells.append(Cell(address: CellAddress(row: index, column: column), value: .string(string)))
                }
            }
            guard found else { return nil }
            recordIndex += 1
            self.cellCount = cellCount
            if cells.isEmpty { continue }
            lastWidth = cells.count
            lastRowLine = line
            return Row(index: index, cells: cells)
        }
    }

    private func tooLarge(_ detail: String) -> SpreadsheetError {
        SpreadsheetError(.sheetTooLarge, file: name, detail: detail)
    }
}
