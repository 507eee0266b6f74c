/// The escapes of ECMA-376's `ST_Xstring` (Part 1, §22.9.2.19): a character XML cannot carry,
/// such as a carriage return or a control character, is written `_xHHHH_`, its UTF-16 code unit
/// in four hex digits (either case); `_x005F_` is an underscore, so `_x005F_x000D_` is the
/// literal text `_x000D_`. Excel writes `строка_x000D_\nстрока` for a cell holding CR LF.
enum XString {
    /// The text with every `_xHHHH_` decoded, left to right. A surrogate pair written as two
    /// escapes becomes its character; a lone surrogate, or anything that is not exactly `_x`,
    /// four hex digits and `_`, is kept as written.
    static func decode(_ text: String) -> String {
        // The usual case, no `_x` at all: the string is returned as it is, without a copy.
        guard mayHoldEscape(text.utf8) else { return text }
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var changed = false
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "_"), let unit = unit(bytes, at: i) {
                if (0xD800..<0xDC00).contains(unit), let low = self.unit(bytes, at: i + 7), (0xDC00..<0xE000).contains(low) {
                    append(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00), to: &out)
                    i += 14
                    changed = true
                    continue
                }
                if !(0xD800..<0xE000).contains(unit) {
                    append(unit, to: &out)
                    i += 7
                    changed = true
                    continue
                }
            }
            out.append(bytes[i])
            i += 1
        }
        return changed ? String(decoding: out, as: UTF8.self) : text
    }

    private static func mayHoldEscape(_ utf8: String.UTF8View) -> Bool {
        var previous: UInt8 = 0
        for byte in utf8 {
            if byte == UInt8(ascii: "x"), previous == UInt8(ascii: "_") { return true }
            previous = byte
        }
        return false
    }

    /// The code unit of an escape starting at `i`: `_x`, four hex digits, `_`.
    private static func unit(_ bytes: [UInt8], at i: Int) -> UInt32? {
        guard i + 7 <= bytes.count, bytes[i] == UInt8(ascii: "_"), bytes[i + 1] == UInt8(ascii: "x"),
              bytes[i + 6] == UInt8(ascii: "_") else { return nil }
        var value: UInt32 = 0
        for byte in bytes[(i + 2)..<(i + 6)] {
            switch byte {
            case 0x30...0x39: value = value << 4 | UInt32(byte - 0x30)
            case 0x41...0x46: value = value << 4 | UInt32(byte - 0x41 + 10)
            case 0x61...0x66: value = value << 4 | UInt32(byte - 0x61 + 10)
            default: return nil
            }
        }
        return value
    }

    private static func append(_ value: UInt32, to out: inout [UInt8]) {
        guard let scalar = Unicode.Scalar(value) else { return }
        UTF8.encode(scalar) { out.append($0) }
    }
}
