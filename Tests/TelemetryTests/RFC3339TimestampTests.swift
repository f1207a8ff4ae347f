import Foundation
import Testing
@testable import Telemetry

@Suite struct RFC3339TimestampTests {
    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00.000Z"),
        (0.9999, "1970-01-01T00:00:00.999Z"),
        (-0.001, "1969-12-31T23:59:59.999Z"),
        (951_782_400.0, "2000-02-29T00:00:00.000Z"),
        (1_709_251_199.5, "2024-02-29T23:59:59.500Z"),
        (1_700_000_000.123, "2023-11-14T22:13:20.123Z"),
        (4_102_444_800.0, "2100-01-01T00:00:00.000Z"),
        (253_402_300_799.0, "9999-12-31T23:59:59.000Z"),
    ])
    func formatsUTCWithMilliseconds(secondsSince1970: Double, expected: String) {
        #expect(RFC3339Timestamp.format(Date(timeIntervalSince1970: secondsSince1970)) == expected)
    }

    @Test func agreesWithISO8601DateFormatterOverManyInstants() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        var seconds = -2_000_000_000.0
        while seconds < 4_000_000_000 {
            let date = Date(timeIntervalSince1970: seconds.rounded(.down))
            #expect(RFC3339Timestamp.format(date) == formatter.string(from: date))
            seconds += 7_654_321.0
        }
    }

    @Test(arguments: [
        (-62_135_596_800_000 as Int64, "0001-01-01T00:00:00.000Z"),
        (-30_610_224_000_000, "1000-01-01T00:00:00.000Z"),
        (-59_011_459_200_001, "0099-12-31T23:59:59.999Z"),
        (1_735_689_600_007, "2025-01-01T00:00:00.007Z"),
        (1_735_689_600_070, "2025-01-01T00:00:00.070Z"),
        (1_735_689_600_700, "2025-01-01T00:00:00.700Z"),
        (-62_167_219_200_000, "0000-01-01T00:00:00.000Z"),
        // Outside the four-digit years the fixed-width digits give way to the general padding.
        (253_402_300_800_000, "10000-01-01T00:00:00.000Z"),
        (-62_198_755_200_000, "-1-01-01T00:00:00.000Z"),
    ])
    func writesPaddedBytesForMilliseconds(milliseconds: Int64, expected: String) {
        var bytes: [UInt8] = Array("x".utf8)
        RFC3339Timestamp.write(unixMilliseconds: milliseconds, into: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "x" + expected)
        #expect(RFC3339Timestamp.format(unixMilliseconds: milliseconds) == expected)
    }
}
