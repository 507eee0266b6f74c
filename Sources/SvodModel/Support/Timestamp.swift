import Foundation
import Spreadsheet

/// Instants as users see them: ISO 8601 in the region's time zone with its offset
/// (`2021-04-12T10:15:00+10:00`), and parsed from what an operator types for `--as-of`.
public enum Timestamp {
    public static func iso(_ instant: Date, zone: String) -> String {
        let timeZone = TimeZone(identifier: zone) ?? TimeZone(identifier: "UTC")!
        let offset = timeZone.secondsFromGMT(for: instant)
        let local = CivilDateTime(secondsSinceEpoch: Int(instant.timeIntervalSince1970.rounded(.down)) + offset)
        let sign = offset < 0 ? "-" : "+"
        let hours = abs(offset) / 3600
        let minutes = abs(offset) % 3600 / 60
        return local.iso + sign + (hours < 10 ? "0" : "") + String(hours) + ":" + (minutes < 10 ? "0" : "") + String(minutes)
    }

    /// `YYYY-MM-DD` (end of that day), `YYYY-MM-DDTHH:MM[:SS]` in the region's zone, or with
    /// `Z` / `±HH:MM` / `±HHMM`.
    ///
    /// Scanned by hand: a receipt manifest holds a line per file, tens of thousands at national scale.
    public static func parse(_ text: String, zone: String) -> Date? {
        let trimmed = text.trimmed
        if let date = CivilDate(iso: trimmed) {
            return instant(CivilDateTime(date: date, hour: 23, minute: 59, second: 59), zone: zone)
        }
        let bytes = Array(trimmed.utf8)
        var position = 10
        func digits(_ count: Int) -> Int? {
            guard position + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[position..<(position + count)] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            position += count
            return value
        }
        func skip(_ byte: UInt8) -> Bool {
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
            return true
        }
        guard bytes.count >= 16, let date = CivilDate(iso: String(decoding: bytes[0..<10], as: UTF8.self)),
              skip(UInt8(ascii: "T")) || skip(UInt8(ascii: " ")),
              let hour = digits(2), skip(UInt8(ascii: ":")), let minute = digits(2), hour < 24, minute < 60 else { return nil }
        var second = 0
        if skip(UInt8(ascii: ":")) {
            guard let value = digits(2) else { return nil }
            second = value
        }
        let local = CivilDateTime(date: date, hour: hour, minute: minute, second: min(second, 59))
        if position == bytes.count { return instant(local, zone: zone) }
        if skip(UInt8(ascii: "Z")) {
            return position == bytes.count ? Date(timeIntervalSince1970: TimeInterval(local.secondsSinceEpoch)) : nil
        }
        let sign: Int
        if skip(UInt8(ascii: "+")) { sign = 1 } else if skip(UInt8(ascii: "-")) { sign = -1 } else { return nil }
        guard let h = digits(2) else { return nil }
        _ = skip(UInt8(ascii: ":"))
        guard let m = digits(2), position == bytes.count else { return nil }
        let offset = (h * 3600 + m * 60) * sign
        return Date(timeIntervalSince1970: TimeInterval(local.secondsSinceEpoch - offset))
    }

    /// The instant of a wall-clock time in a zone.
    public static func instant(_ local: CivilDateTime, zone: String) -> Date {
        let timeZone = TimeZone(identifier: zone) ?? TimeZone(identifier: "UTC")!
        let guess = Date(timeIntervalSince1970: TimeInterval(local.secondsSinceEpoch))
        let offset = timeZone.secondsFromGMT(for: guess.addingTimeInterval(TimeInterval(-timeZone.secondsFromGMT(for: guess))))
        return Date(timeIntervalSince1970: TimeInterval(local.secondsSinceEpoch - offset))
    }
}
