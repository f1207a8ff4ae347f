import Foundation

/// Formats a `Date` as an RFC 3339 UTC timestamp with milliseconds: `2024-02-29T23:59:59.123Z`.
///
/// Exists because `DateFormatter` is slow and locale-sensitive; this is pure arithmetic (the days-to-civil algorithm from
/// Howard Hinnant's "chrono-compatible low-level date algorithms"). Milliseconds are truncated toward the past (after rounding to the microsecond).
/// Stateless; any thread may call it. Valid for years 0001 through 9999.
public enum RFC3339Timestamp {
    public static func format(_ date: Date) -> String {
        format(unixMilliseconds: unixMilliseconds(date))
    }

    /// Appends `date`'s timestamp bytes to `output` (what `format(_:)` returns, without the intermediate String).
    public static func write(_ date: Date, into output: inout [UInt8]) {
        write(unixMilliseconds: unixMilliseconds(date), into: &output)
    }

    /// `date` in whole Unix milliseconds, toward the past.
    private static func unixMilliseconds(_ date: Date) -> Int64 {
        // Round to whole microseconds first: `Date` stores seconds since 2001 as a Double, so 0.001 s can read back as
        // 0.000999999..., which plain truncation would turn into the wrong millisecond.
        let totalMicroseconds = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        return floorDivide(totalMicroseconds, 1000).0
    }

    /// The timestamp of a time in Unix milliseconds (the unit the ledger and the API store).
    public static func format(unixMilliseconds totalMilliseconds: Int64) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        write(unixMilliseconds: totalMilliseconds, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the timestamp's ASCII bytes to `output` (what `format(unixMilliseconds:)` returns, without building
    /// a String from 15 pieces: JSON writers of hot routes call this per value).
    public static func write(unixMilliseconds totalMilliseconds: Int64, into output: inout [UInt8]) {
        let (days, millisecondOfDay) = floorDivide(totalMilliseconds, 86_400_000)
        let (year, month, day) = civil(fromDaysSinceEpoch: days)
        let secondOfDay = millisecondOfDay / 1000
        output.reserveCapacity(output.count + 24)
        if year >= 0, year <= 9_999 {
            appendDigits(year / 100, into: &output)
            appendDigits(year % 100, into: &output)
        } else {
            pad(year, 4, into: &output)
        }
        // Every other part has a fixed width (two digits, three for the milliseconds): written digit by digit, not
        // through `pad`'s general loop (measured: about 1,100 instructions a timestamp before, 400 after; a bid's
        // answer and its access log line write three).
        output.append(UInt8(ascii: "-"))
        appendDigits(month, into: &output)
        output.append(UInt8(ascii: "-"))
        appendDigits(day, into: &output)
        output.append(UInt8(ascii: "T"))
        appendDigits(secondOfDay / 3600, into: &output)
        output.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay / 60 % 60, into: &output)
        output.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay % 60, into: &output)
        output.append(UInt8(ascii: "."))
        let millisecond = millisecondOfDay % 1000
        output.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: millisecond / 100))
        appendDigits(millisecond % 100, into: &output)
        output.append(UInt8(ascii: "Z"))
    }

    /// The two decimal digits of `value` (0...99).
    @inline(__always)
    private static func appendDigits(_ value: Int64, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value / 10))
        output.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value % 10))
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

    /// `value` in decimal, left-padded with zeros to `width` digits (more digits when it needs them).
    private static func pad(_ value: Int64, _ width: Int, into output: inout [UInt8]) {
        guard value >= 0 else {
            output.append(contentsOf: String(value).utf8)   // only for years before 1 BC, outside the valid range
            return
        }
        var divisor: Int64 = 1
        var digitCount = 1
        while divisor <= value / 10 {
            divisor *= 10
            digitCount += 1
        }
        for _ in digitCount..<max(width, digitCount) { output.append(UInt8(ascii: "0")) }
        var rest = value
        while divisor > 0 {
            output.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }
}
