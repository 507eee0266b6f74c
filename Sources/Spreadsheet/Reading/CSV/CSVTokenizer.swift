/// Splits UTF-8 text into RFC 4180 records and fields, one record per call.
///
/// The tokenizer owns no text: each call gets the buffer and resumes at ``position``. It is
/// lenient in the ways Excel is:
///
/// - Records end at CRLF, LF or a lone CR.
/// - A field that starts with `"` is quoted: `""` inside it is one quote, and delimiters and
///   line breaks inside it are content. Line breaks inside quotes are normalised to LF (`\n`),
///   the way an Excel cell stores them, whatever the file's record terminator.
/// - Text after a closing quote, up to the next delimiter, is kept literally: `"ab"cd` is `abcd`.
/// - A quote in the middle of an unquoted field is an ordinary character: `12" экран`.
/// - A quote left open at the end of the file takes the rest of the file as its content.
/// - Whitespace is content; nothing is trimmed.
struct CSVTokenizer {
    let delimiter: UInt8
    let quote: UInt8
    /// The byte offset where the next record starts.
    var position: Int
    /// The 1-based physical line at ``position``, counting line breaks inside quotes too.
    var line = 1
    /// Holds a field's content when it differs from its bytes (doubled quotes, CR in quotes).
    private var scratch: [UInt8] = []

    init(dialect: CSVDialect, position: Int) {
        self.delimiter = UInt8(dialect.delimiter.value)
        self.quote = UInt8(dialect.quote.value)
        self.position = position
    }

    /// Reads the record at ``position`` and hands each non-empty field to `field`.
    ///
    /// - Parameters:
    ///   - text: The whole UTF-8 text.
    ///   - field: Called with the 0-based field index and the field's UTF-8 content (valid only
    ///     during the call), in field order, for non-empty fields only.
    /// - Returns: `false` at the end of the text, when there is no record left.
    /// - Throws: Whatever `field` throws; the position then stays at the record's start.
    mutating func nextRecord(
        in text: UnsafeBufferPointer<UInt8>,
        field: (_ column: Int, _ content: UnsafeBufferPointer<UInt8>) throws -> Void
    ) throws -> Bool {
        let cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        let delimiter = self.delimiter, quote = self.quote
        let end = text.count
        var index = position
        var line = self.line
        guard index < end else { return false }
        var column = 0
        while true {
            if index < end, text[index] == quote {
                // A quoted field: copy into scratch only when the content differs from the bytes.
                index += 1
                var segment = index
                var copied = false
                scratch.removeAll(keepingCapacity: true)
                while true {
                    index = Self.scan(text, from: index, for: quote)
                    guard index < end else { break }
                    let byte = text[index]
                    if byte == quote {
                        guard index + 1 < end, text[index + 1] == quote else { break }
                        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: text[segment ..< index + 1]))
                        index += 2
                        segment = index
                        copied = true
                    } else if byte == cr {
                        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: text[segment ..< index]))
                        scratch.append(lf)
                        index += 1
                        if index < end, text[index] == lf { index += 1 }
                        segment = index
                        copied = true
                        line += 1
                    } else {
                        // LF: content as it is.
                        line += 1
                        index += 1
                    }
                }
                let contentEnd = index
                if index < end { index += 1 }  // the closing quote
                let tail = index
                index = Self.scan(text, from: index, for: delimiter)
                if copied || index > tail {
                    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: text[segment ..< contentEnd]))
                    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: text[tail ..< index]))
                    if !scratch.isEmpty {
                        try scratch.withUnsafeBufferPointer { try field(column, $0) }
                    }
                } else if contentEnd > segment {
                    try field(column, UnsafeBufferPointer(rebasing: text[segment ..< contentEnd]))
                }
            } else {
                let start = index
                index = Self.scan(text, from: index, for: delimiter)
                if index > start {
                    try field(column, UnsafeBufferPointer(rebasing: text[start ..< index]))
                }
            }
            // After a field: a delimiter, a record terminator, or the end of the text.
            guard index < end else { break }
            let byte = text[index]
            index += 1
            if byte == delimiter {
                column += 1
                continue
            }
            if byte == cr, index < end, text[index] == lf { index += 1 }
            line += 1
            break
        }
        position = index
        self.line = line
        return true
    }

    /// The index of the first `stop`, CR or LF byte at or after `index`, or the text's end.
    ///
    /// Looks at eight bytes at a time: a word with no byte equal to `stop` and none below 0x0E
    /// (which covers CR and LF) is skipped whole (the classic "has zero byte" bit trick; the
    /// lowest flagged byte is always a true match, so flags are checked exactly from there).
    @inline(__always)
    static func scan(_ text: UnsafeBufferPointer<UInt8>, from index: Int, for stop: UInt8) -> Int {
        let cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        let end = text.count
        var index = index
        if let base = text.baseAddress {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            let stops = UInt64(stop) &* ones
            let belowCR = UInt64(0x0E) &* ones
            while index + 8 <= end {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                let other = word ^ stops
                let flags = ((other &- ones) & ~other | (word &- belowCR) & ~word) & highs
                if flags == 0 {
                    index += 8
                    continue
                }
                index += flags.trailingZeroBitCount >> 3
                let byte = base[index]
                if byte == stop || byte == cr || byte == lf { return index }
                index += 1
            }
        }
        while index < end {
            let byte = text[index]
            if byte == stop || byte == cr || byte == lf { return index }
            index += 1
        }
        return index
    }
}
