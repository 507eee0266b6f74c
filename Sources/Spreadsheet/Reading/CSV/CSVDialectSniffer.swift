/// Guesses a CSV file's dialect — encoding and delimiter — from its bytes.
///
/// Sniffing is kept apart from `CSVReader`, which only applies a dialect. The rules:
///
/// - **Encoding.** A byte-order mark decides first (`EF BB BF` UTF-8, `FF FE` UTF-16LE,
///   `FE FF` UTF-16BE). Otherwise text that is well-formed UTF-8 is UTF-8, and anything else is
///   Windows-1251, the Russian Windows code page. A file whose first 64 KiB are more than 1 %
///   NUL or other control bytes is refused (UTF-16 without a BOM, or not text at all), and so
///   is one with the byte `0x98`, which Windows-1251 leaves unassigned. KOI8-R and CP866 are
///   not recognised: they would read as Windows-1251 mojibake.
/// - **Delimiter.** On the first 20 non-empty logical lines (quoted newlines do not end a
///   line), count `;`, tab and `,` outside quotes. The winner is the candidate whose most
///   common non-zero per-line count occurs on the most lines; then the one present on the most
///   lines; then `;`, tab, `,` in that order (Russian Excel writes `;`, and a decimal comma
///   such as `12,5` must not win over it). A file with none of them is one column: `;`.
public enum CSVDialectSniffer {
    /// How many non-empty lines the delimiter vote looks at.
    public static let delimiterSampleLines = 20
    /// How many bytes the delimiter vote looks at, at most.
    static let delimiterSampleBytes = 1 << 20
    /// How many bytes the control-byte check looks at.
    static let controlSampleBytes = 64 * 1024

    /// The whole dialect of a file's bytes.
    ///
    /// - Throws: `SpreadsheetError(.csvEncoding)` when the encoding is not recognised.
    public static func sniff(_ bytes: [UInt8]) throws -> CSVDialect {
        let detection = try detectEncoding(bytes)
        let text = try CSVTextDecoder.decode(bytes, as: detection.encoding, validated: detection.validated)
        let delimiter = text.bytes.withUnsafeBufferPointer {
            sniffDelimiter(utf8: UnsafeBufferPointer(rebasing: $0[text.start...]))
        }
        return CSVDialect(encoding: detection.encoding, delimiter: delimiter)
    }

    /// The encoding of a file's bytes; see the type's discussion for the rules.
    ///
    /// - Throws: `SpreadsheetError(.csvEncoding)` for control-heavy data, or for bytes that are
    ///   neither UTF-8 nor Windows-1251.
    public static func sniffEncoding(_ bytes: [UInt8]) throws -> CSVDialect.TextEncoding {
        try detectEncoding(bytes).encoding
    }

    /// The encoding, and whether the bytes were already checked to be well-formed in it.
    static func detectEncoding(_ bytes: [UInt8]) throws(SpreadsheetError) -> (encoding: CSVDialect.TextEncoding, validated: Bool) {
        if CSVTextDecoder.hasPrefix(bytes, [0xEF, 0xBB, 0xBF]) { return (.utf8BOM, false) }
        if CSVTextDecoder.hasPrefix(bytes, [0xFF, 0xFE]) { return (.utf16LE, false) }
        if CSVTextDecoder.hasPrefix(bytes, [0xFE, 0xFF]) { return (.utf16BE, false) }
        try checkControlBytes(bytes)
        let invalid = bytes.withUnsafeBufferPointer { CSVTextDecoder.firstInvalidUTF8($0) }
        if invalid == nil { return (.utf8, true) }
        // Windows-1251 assigns every byte but 0x98; decoding reports that one with its offset.
        return (.windows1251, false)
    }

    /// Refuses data whose start is more than 1 % NUL or C0 control bytes (other than TAB, LF,
    /// CR, FF and the DOS end-of-file mark SUB).
    private static func checkControlBytes(_ bytes: [UInt8]) throws(SpreadsheetError) {
        let sample = bytes.prefix(controlSampleBytes)
        // Counted by parity: UTF-16 puts its high bytes (0x00 for ASCII, 0x04 for Cyrillic) on
        // odd offsets in little-endian text and on even offsets in big-endian text.
        var even = 0
        var odd = 0
        for (offset, byte) in sample.enumerated() where byte < 0x20 {
            switch byte {
            case 0x09, 0x0A, 0x0C, 0x0D, 0x1A: continue
            default: if offset % 2 == 0 { even += 1 } else { odd += 1 }
            }
        }
        let controls = even + odd
        guard controls * 100 > sample.count else { return }
        var detail = "\(controls) of the first \(sample.count) bytes are NUL or control characters"
        if odd * 4 > sample.count, odd > even * 4 {
            detail += "; the file looks like UTF-16LE without a byte-order mark"
        } else if even * 4 > sample.count, even > odd * 4 {
            detail += "; the file looks like UTF-16BE without a byte-order mark"
        } else {
            detail += "; the file does not look like text"
        }
        throw SpreadsheetError(.csvEncoding, detail: detail)
    }

    /// The delimiter of UTF-8 text; see the type's discussion for the vote.
    public static func sniffDelimiter(utf8 text: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar {
        let candidates = CSVDialect.sniffedDelimiters.map { UInt8($0.value) }
        let quote = UInt8(ascii: "\"")
        let cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        let end = min(text.count, delimiterSampleBytes)
        var lines: [[Int]] = []
        var counts = [Int](repeating: 0, count: candidates.count)
        var lineHasContent = false
        var atFieldStart = true
        var index = 0
        while index < end, lines.count < delimiterSampleLines {
            let byte = text[index]
            if byte == quote, atFieldStart {
                // Skip a quoted section: delimiters and newlines inside it do not count.
                index += 1
                while index < end {
                    if text[index] == quote {
                        if index + 1 < end, text[index + 1] == quote { index += 2; continue }
                        break
                    }
                    index += 1
                }
                index += 1
                atFieldStart = false
                lineHasContent = true
                continue
            }
            if byte == cr || byte == lf {
                if lineHasContent { lines.append(counts) }
                counts = [Int](repeating: 0, count: candidates.count)
                lineHasContent = false
                atFieldStart = true
                if byte == cr, index + 1 < end, text[index + 1] == lf { index += 1 }
                index += 1
                continue
            }
            lineHasContent = true
            if let which = candidates.firstIndex(of: byte) {
                counts[which] += 1
                atFieldStart = true
            } else {
                atFieldStart = false
            }
            index += 1
        }
        // The last line counts if it ended with the text, or if it is all there is.
        if lineHasContent, lines.count < delimiterSampleLines, index >= text.count || lines.isEmpty {
            lines.append(counts)
        }

        var best: (consistent: Int, present: Int, which: Int)?
        for which in candidates.indices {
            var frequency: [Int: Int] = [:]
            var present = 0
            for line in lines where line[which] > 0 {
                frequency[line[which], default: 0] += 1
                present += 1
            }
            guard let consistent = frequency.values.max() else { continue }
            if let current = best, (current.consistent, current.present) >= (consistent, present) { continue }
            best = (consistent, present, which)
        }
        return CSVDialect.sniffedDelimiters[best?.which ?? 0]
    }
}
