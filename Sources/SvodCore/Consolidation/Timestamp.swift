import Foundation

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

    /// Compiled once: building a regex literal costs more than matching it.
    nonisolated(unsafe) private static let pattern = /(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:?\d{2})?/

    /// `YYYY-MM-DD` (end of that day), `YYYY-MM-DDTHH:MM[:SS]` in the region's zone, or with
    /// `Z` / `±HH:MM`.
    public static func parse(_ text: String, zone: String) -> Date? {
        let trimmed = text.trimmed
        if let date = CivilDate(iso: trimmed) {
            return instant(CivilDateTime(date: date, hour: 23, minute: 59, second: 59), zone: zone)
        }
        guard let match = trimmed.wholeMatch(of: Self.pattern),
              let date = CivilDate(iso: match.output.1), let hour = Int(match.output.2), let minute = Int(match.output.3),
              hour < 24, minute < 60 else { return nil }
        let second = match.output.4.flatMap { Int($0) } ?? 0
        let local = CivilDateTime(date: date, hour: hour, minute: minute, second: min(second, 59))
        guard let suffix = match.output.5 else { return instant(local, zone: zone) }
        if suffix == "Z" { return Date(timeIntervalSince1970: TimeInterval(local.secondsSinceEpoch)) }
        let digits = suffix.filter(\.isNumber)
        guard digits.count == 4, let h = Int(digits.prefix(2)), let m = Int(digits.suffix(2)) else { return nil }
        let offset = (h * 3600 + m * 60) * (suffix.hasPrefix("-") ? -1 : 1)
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
