/// Turns a CSV file's bytes into validated UTF-8 once, so the RFC 4180 reader only ever scans
/// UTF-8 bytes.
///
/// UTF-8 input is not copied: the decoded text is the input array and an offset past the BOM.
enum CSVTextDecoder {
    /// Validated UTF-8 text: `bytes[start...]`.
    struct Text {
        var bytes: [UInt8]
        var start: Int
    }

    /// Decodes `bytes` as `encoding` into UTF-8. A byte-order mark matching the encoding's
    /// family is skipped even when the encoding was given without one.
    ///
    /// - Parameter validated: `true` when the sniffer has already found the bytes well-formed
    ///   UTF-8, so the check is not repeated.
    /// - Throws: `SpreadsheetError(.csvEncoding)` naming the byte offset and line of the first
    ///   byte that is invalid in the encoding.
    static func decode(
        _ bytes: [UInt8], as encoding: CSVDialect.TextEncoding, validated: Bool = false
    ) throws(SpreadsheetError) -> Text {
        switch encoding {
        case .utf8, .utf8BOM:
            let start = hasPrefix(bytes, [0xEF, 0xBB, 0xBF]) ? 3 : 0
            if validated { return Text(bytes: bytes, start: start) }
            let invalid = bytes.withUnsafeBufferPointer { firstInvalidUTF8(UnsafeBufferPointer(rebasing: $0[start...])) }
            if let invalid {
                throw invalidByte(bytes, at: start + invalid, encoding: "UTF-8")
            }
            return Text(bytes: bytes, start: start)
        case .windows1251:
            let result = bytes.withUnsafeBufferPointer { Windows1251.decodeToUTF8($0) }
            switch result {
            case .success(let utf8): return Text(bytes: utf8, start: 0)
            case .failure(let failure): throw invalidByte(bytes, at: failure.offset, encoding: "Windows-1251")
            }
        case .utf16LE, .utf16BE:
            let bigEndian = encoding == .utf16BE
            let start = hasPrefix(bytes, bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) ? 2 : 0
            let result = bytes.withUnsafeBufferPointer {
                utf16ToUTF8(UnsafeBufferPointer(rebasing: $0[start...]), bigEndian: bigEndian)
            }
            switch result {
            case .success(let utf8): return Text(bytes: utf8, start: 0)
            case .failure(let failure):
                throw SpreadsheetError(
                    .csvEncoding,
                    detail: "\(failure.reason) at byte \(start + failure.offset) of the \(encoding.rawValue) text")
            }
        }
    }

    static func hasPrefix(_ bytes: [UInt8], _ prefix: [UInt8]) -> Bool {
        bytes.count >= prefix.count && bytes[0 ..< prefix.count].elementsEqual(prefix)
    }

    private static func invalidByte(_ bytes: [UInt8], at offset: Int, encoding: String) -> SpreadsheetError {
        let byte = String(bytes[offset], radix: 16, uppercase: true)
        let line = bytes[..<offset].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        return SpreadsheetError(
            .csvEncoding,
            detail: "byte 0x\(byte.count == 1 ? "0" + byte : byte) at offset \(offset) (line \(line)) is not valid \(encoding)")
    }

    /// The offset of the first byte that breaks UTF-8 well-formedness (Unicode table 3-7),
    /// or `nil` if all of `input` is well-formed UTF-8.
    static func firstInvalidUTF8(_ input: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = input.baseAddress else { return nil }
        let count = input.count
        var index = 0
        while index < count {
            let lead = base[index]
            if lead < 0x80 {
                index += 1
                // ASCII fast path, eight bytes at a time.
                while index + 8 <= count,
                      UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    index += 8
                }
                continue
            }
            if lead >= 0xC2, lead <= 0xDF {
                // Two-byte sequences (Cyrillic) are the common case in Russian text.
                guard index + 1 < count, base[index + 1] & 0xC0 == 0x80 else { return index }
                index += 2
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xE0: length = 3; low = 0xA0
            case 0xE1 ... 0xEC, 0xEE ... 0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1 ... 0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return index
            }
            guard index + length <= count else { return index }
            let second = base[index + 1]
            guard second >= low, second <= high else { return index }
            var next = 2
            while next < length {
                guard base[index + next] & 0xC0 == 0x80 else { return index }
                next += 1
            }
            index += length
        }
        return nil
    }

    struct UTF16Failure: Error {
        var offset: Int
        var reason: String
    }

    /// Transcodes UTF-16 (without its BOM) to UTF-8.
    static func utf16ToUTF8(_ input: UnsafeBufferPointer<UInt8>, bigEndian: Bool) -> Result<[UInt8], UTF16Failure> {
        let count = input.count
        guard count % 2 == 0 else {
            return .failure(UTF16Failure(offset: count - 1, reason: "an odd number of bytes"))
        }
        var output: [UInt8] = []
        output.reserveCapacity(count / 2 * 3 / 2 + 16)
        @inline(__always) func unit(_ at: Int) -> UInt32 {
            let a = UInt32(input[at]), b = UInt32(input[at + 1])
            return bigEndian ? a << 8 | b : b << 8 | a
        }
        var index = 0
        while index < count {
            var value = unit(index)
            if value < 0x80 {
                output.append(UInt8(value))
                index += 2
                continue
            }
            if value >= 0xD800 && value <= 0xDFFF {
                guard value <= 0xDBFF, index + 4 <= count else {
                    return .failure(UTF16Failure(offset: index, reason: "an unpaired surrogate"))
                }
                let trail = unit(index + 2)
                guard trail >= 0xDC00 && trail <= 0xDFFF else {
                    return .failure(UTF16Failure(offset: index, reason: "an unpaired surrogate"))
                }
                value = 0x10000 + ((value - 0xD800) << 10) + (trail - 0xDC00)
                output.append(UInt8(0xF0 | value >> 18))
                output.append(UInt8(0x80 | (value >> 12) & 0x3F))
                output.append(UInt8(0x80 | (value >> 6) & 0x3F))
                output.append(UInt8(0x80 | value & 0x3F))
                index += 4
                continue
            }
            if value < 0x800 {
                output.append(UInt8(0xC0 | value >> 6))
                output.append(UInt8(0x80 | value & 0x3F))
            } else {
                output.append(UInt8(0xE0 | value >> 12))
                output.append(UInt8(0x80 | (value >> 6) & 0x3F))
                output.append(UInt8(0x80 | value & 0x3F))
            }
            index += 2
        }
        return .success(output)
    }
}
