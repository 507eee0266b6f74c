/// Which epoch a workbook counts its date serials from.
public enum DateSystem: Sendable, Equatable {
    /// Serial 1 is 1900-01-01, and serial 60 is the fictitious 1900-02-29 that Lotus 1-2-3
    /// introduced and Excel kept.
    case date1900
    /// Serial 0 is 1904-01-01 (old Mac Excel, `<workbookPr date1904="1"/>`).
    case date1904
}

/// Conversion between Excel serial numbers and civil dates, used by both reader and writer.
public enum ExcelDate {
    /// Days from 1970-01-01 to the epoch's day zero.
    private static let epoch1900 = CivilDate(year: 1899, month: 12, day: 30).daysSinceEpoch
    private static let epoch1904 = CivilDate(year: 1904, month: 1, day: 1).daysSinceEpoch

    /// The date-time of an Excel serial, rounded to the nearest second.
    ///
    /// - Returns: `nil` for negative serials or ones past 9999-12-31.
    public static func dateTime(serial: Double, system: DateSystem) -> CivilDateTime? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        var totalSeconds = Int((serial * 86400).rounded())
        var days = totalSeconds / 86400
        totalSeconds -= days * 86400
        switch system {
        case .date1904:
            days += epoch1904
        case .date1900:
            // Serials below 61 precede the fictitious 29 Feb 1900: shift them by one day.
            // Serial 60 itself has no real date; it reads as 1900-02-28, as calamine does.
            if days < 61 { days += 1 }
            if days == 61, serial < 61 { days = 60 }
            days += epoch1900
        }
        let date = CivilDate(daysSinceEpoch: days)
        return CivilDateTime(date: date, hour: totalSeconds / 3600, minute: totalSeconds % 3600 / 60, second: totalSeconds % 60)
    }

    /// The Excel serial of a civil date-time.
    public static func serial(of dateTime: CivilDateTime, system: DateSystem = .date1900) -> Double {
        serial(of: dateTime.date, system: system)
            + Double(dateTime.hour * 3600 + dateTime.minute * 60 + dateTime.second) / 86400
    }

    /// The Excel serial of a civil date.
    public static func serial(of date: CivilDate, system: DateSystem = .date1900) -> Double {
        let days = date.daysSinceEpoch
        switch system {
        case .date1904:
            return Double(days - epoch1904)
        case .date1900:
            var serial = days - epoch1900
            if serial < 61 { serial -= 1 }
            return Double(serial)
        }
    }
}
