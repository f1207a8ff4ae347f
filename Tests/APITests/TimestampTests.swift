import API
import Testing

@Suite struct TimestampTests {
    @Test(arguments: [
        (0, "1970-01-01T00:00:00.000Z"), (1_717_200_000_000, "2024-06-01T00:00:00.000Z"),
        (951_782_400_123, "2000-02-29T00:00:00.123Z"), (-1, "1969-12-31T23:59:59.999Z"),
        (4_102_444_799_000, "2099-12-31T23:59:59.000Z"),
    ] as [(Int64, String)])
    func formats(_ milliseconds: Int64, _ text: String) {
        #expect(Timestamp.rfc3339(milliseconds: milliseconds) == text)
    }
}
