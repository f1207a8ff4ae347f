import Jobs
import Testing

@Suite struct ScheduleCadenceTests {
    /// 2025-01-01T00:00:00Z.
    static let midnight: Int64 = 1_735_689_600_000
    static let minute: Int64 = 60_000
    static let hour: Int64 = 3_600_000
    static let day: Int64 = 86_400_000

    @Test(arguments: [
        (ScheduleCadence.every(seconds: 300), midnight, midnight + 5 * minute),
        (.every(seconds: 300), midnight + 1, midnight + 5 * minute),
        (.every(seconds: 300), midnight + 5 * minute - 1, midnight + 5 * minute),
        (.every(seconds: 300), midnight + 5 * minute, midnight + 10 * minute),
        (.every(seconds: 3600), midnight + 90 * minute, midnight + 2 * hour),
        (.dailyAt(hour: 0, minute: 0), midnight, midnight + day),
        (.dailyAt(hour: 0, minute: 0), midnight - 1, midnight),
        (.dailyAt(hour: 13, minute: 30), midnight, midnight + 13 * hour + 30 * minute),
        (.dailyAt(hour: 13, minute: 30), midnight + 14 * hour, midnight + day + 13 * hour + 30 * minute),
        (.dailyAt(hour: 23, minute: 59), midnight + 23 * hour + 59 * minute, midnight + day + 23 * hour + 59 * minute),
        (.every(seconds: 300), -1, 0),
    ])
    func nextRunIsStrictlyAfter(cadence: ScheduleCadence, time: Int64, expected: Int64) {
        #expect(cadence.nextRun(after: time) == expected)
    }

    @Test(arguments: [("00:00", 0, 0), ("09:05", 9, 5), ("23:59", 23, 59)])
    func dailyTimesParse(text: String, hour: Int, minute: Int) throws {
        #expect(try ScheduleCadence.daily(text, schedule: "s") == .dailyAt(hour: hour, minute: minute))
    }

    @Test(arguments: ["24:00", "12:60", "9:05", "09:5", "0905", "", "ab:cd", "-1:00", "12:00:00", "１２:００"])
    func badDailyTimesAreRejected(text: String) {
        #expect(throws: JobsError.dailyTimeInvalid(schedule: "s", text: text)) {
            try ScheduleCadence.daily(text, schedule: "s")
        }
    }
}
