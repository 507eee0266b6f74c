#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Values from bytes

/// ODF dates as `office:date-value` carries them, read straight from bytes: `2021-01-15` and
/// `2021-01-15T10:30:00[.fff]` here, anything else by ``ISODateTime``.
enum ODFDate {
    static func trim(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0
        var end = bytes.count
        @inline(__always) func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    static func parse(_ raw: UnsafeBufferPointer<UInt8>) -> CivilDateTime? {
        let bytes = raw
        @inline(__always) func digits(_ start: Int, _ count: Int) -> Int? {
            var value = 0
            for i in start..<start + count {
                let byte = bytes[i]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        let n = bytes.count
        if n >= 10, bytes[4] == 0x2D, bytes[7] == 0x2D, let year = digits(0, 4), let month = digits(5, 2), let day = digits(8, 2) {
            if n == 10 {
                guard let date = CivilDate(validYear: year, month: month, day: day) else { return nil }
                return CivilDateTime(date: date)
            }
            if n >= 19, bytes[10] == UInt8(ascii: "T"), bytes[13] == 0x3A, bytes[16] == 0x3A,
               let hour = digits(11, 2), let minute = digits(14, 2), let second = digits(17, 2), hour < 24, minute < 60, second < 61 {
                var rest = 19
                if rest < n, bytes[rest] == 0x2E {
                    rest += 1
                    while rest < n, bytes[rest] >= 0x30, bytes[rest] <= 0x39 { rest += 1 }
                }
                if rest == n {
                    guard let date = CivilDate(validYear: year, month: month, day: day) else { return nil }
                    return CivilDateTime(date: date, hour: hour, minute: minute, second: min(second, 59))
                }
            }
        }
        return ISODateTime.parse(String(decoding: bytes, as: UTF8.self).trimmingXMLSpace)
    }
}

/// ODF durations as `office:time-value` carries them (`PT12H30M00S`, `-PT1H`, `P1DT2H`).
enum ODFDuration {
    /// The duration in seconds, or `nil` when the text is no duration with a fixed length.
    static func seconds(_ raw: UnsafeBufferPointer<UInt8>) -> Double? {
        var bytes = ODFDate.trim(raw)[...]
        var negative = false
        if bytes.first == UInt8(ascii: "-") {
            negative = true
            bytes = bytes.dropFirst()
        }
        guard bytes.first == UInt8(ascii: "P"), bytes.count > 1, bytes.count <= 64 else { return nil }
        bytes = bytes.dropFirst()
        var seconds = 0.0
        var inTime = false
        var number: [UInt8] = []
        var any = false
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: ","):
                number.append(byte == UInt8(ascii: ",") ? UInt8(ascii: ".") : byte)
            case UInt8(ascii: "T"):
                guard number.isEmpty, !inTime else { return nil }
                inTime = true
            default:
                guard !number.isEmpty, let value = Double(String(decoding: number, as: UTF8.self)), value.isFinite else { return nil }
                number = []
                any = true
                switch (byte, inTime) {
                case (UInt8(ascii: "D"), false): seconds += value * 86400
                case (UInt8(ascii: "W"), false): seconds += value * 7 * 86400
                case (UInt8(ascii: "Y"), false), (UInt8(ascii: "M"), false):
                    guard value == 0 else { return nil }  // years and months have no fixed length
                case (UInt8(ascii: "H"), true): seconds += value * 3600
                case (UInt8(ascii: "M"), true): seconds += value * 60
                case (UInt8(ascii: "S"), true): seconds += value
                default: return nil
                }
            }
        }
        guard any, number.isEmpty, seconds.isFinite else { return nil }
        return negative ? -seconds : seconds
    }

    static func seconds(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { seconds($0) }
    }
}
