import Foundation

/// Formats a `Date` as an RFC 3339 UTC timestamp with milliseconds: `2024-02-29T23:59:59.123Z`.
///
/// Exists because `DateFormatter` is slow and locale-sensitive; this is pure arithmetic (the days-to-civil algorithm from
/// Howard Hinnant's "chrono-compatible low-level date algorithms"). Milliseconds are truncated toward the past (after rounding to the microsecond).
/// Stateless; any thread may call it. Valid for years 0001 through 9999.
public enum RFC3339Timestamp {
    public static func format(_ date: Date) -> String {
        // Round to whole microseconds first: `Date` stores seconds since 2001 as a Double, so 0.001 s can read back as
        // 0.000999999..., which plain truncation would turn into the wrong millisecond.
        let totalMicroseconds = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        let (totalMilliseconds, _) = floorDivide(totalMicroseconds, 1000)
        return format(unixMilliseconds: totalMilliseconds)
    }

    /// The timestamp of a time in Unix milliseconds (the unit the ledger and the API store).
    public static func format(unixMilliseconds totalMilliseconds: Int64) -> String {
        let (days, millisecondOfDay) = floorDivide(totalMilliseconds, 86_400_000)
        let (year, month, day) = civil(fromDaysSinceEpoch: days)
        let secondOfDay = millisecondOfDay / 1000
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
            + "T" + pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
            + "." + pad(millisecondOfDay % 1000, 3) + "Z"
    }

    /// Quotient and non-negative remainder.
    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let remainder = value % divisor
        return remainder < 0 ? (value / divisor - 1, remainder + divisor) : (value / divisor, remainder)
    }

    /// Proleptic Gregorian (year, month, day) for a day count from 1970-01-01.
    private static func civil(fromDaysSinceEpoch days: Int64) -> (Int64, Int64, Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
