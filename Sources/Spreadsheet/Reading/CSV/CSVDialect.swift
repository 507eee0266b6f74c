/// How a CSV file is written: its text encoding, its delimiter and its quote character.
///
/// The dialect says how to read a file, never what it must contain (that is the schema's job).
/// `CSVReader.dialect` records the dialect actually used, so a report or the ledger can say
/// "read as windows-1251, `;`".
public struct CSVDialect: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The text encodings Svod recognises in CSV files.
    public enum TextEncoding: String, Sendable, Hashable, CaseIterable {
        /// UTF-8 with no byte-order mark (LibreOffice, most tools).
        case utf8 = "utf-8"
        /// UTF-8 starting with the byte-order mark `EF BB BF` (Excel's "CSV UTF-8").
        case utf8BOM = "utf-8-bom"
        /// The Russian Windows code page (Excel's plain "CSV" on a Russian Windows).
        case windows1251 = "windows-1251"
        /// UTF-16 little-endian starting with `FF FE` (Excel's "Unicode text").
        case utf16LE = "utf-16le"
        /// UTF-16 big-endian starting with `FE FF`.
        case utf16BE = "utf-16be"
    }

    /// The delimiters the sniffer chooses from, in order of preference on a tie:
    /// `;` (what Russian Excel writes), tab, `,`.
    public static let sniffedDelimiters: [Unicode.Scalar] = [";", "\t", ","]

    /// The text encoding of the file's bytes.
    public let encoding: TextEncoding
    /// The field delimiter: `;`, `,` or tab.
    public let delimiter: Unicode.Scalar
    /// The quote character; always `"` (RFC 4180).
    public let quote: Unicode.Scalar

    /// Creates a dialect.
    ///
    /// - Parameters:
    ///   - encoding: The text encoding of the file.
    ///   - delimiter: The field delimiter. Any ASCII character other than `"`, CR and LF works;
    ///     Svod itself only sniffs `;`, `,` and tab. Passing anything else is a programming
    ///     error (validate user input against ``sniffedDelimiters`` first).
    public init(encoding: TextEncoding = .utf8, delimiter: Unicode.Scalar = ";") {
        precondition(
            delimiter.isASCII && delimiter != "\"" && delimiter != "\r" && delimiter != "\n",
            "a CSV delimiter must be an ASCII character other than the quote, CR and LF")
        self.encoding = encoding
        self.delimiter = delimiter
        self.quote = "\""
    }

    /// The delimiter as a word for reports: `semicolon`, `comma`, `tab`, or the character itself.
    public var delimiterName: String {
        switch delimiter {
        case ";": return "semicolon"
        case ",": return "comma"
        case "\t": return "tab"
        default: return String(Character(delimiter))
        }
    }

    /// E.g. `windows-1251, semicolon`.
    public var description: String { "\(encoding.rawValue), \(delimiterName)" }
}
