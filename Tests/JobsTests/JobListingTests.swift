import Jobs
import Testing

/// The text and JSON renderings `worldgame jobs` and `worldgame status` print for jobs and schedules.
@Suite struct JobListingTests {
    @Test func timesAreRFC3339InUTCWithMilliseconds() {
        #expect(JobListing.time(0) == "1970-01-01T00:00:00.000Z")
        #expect(JobListing.time(1_700_000_000_123) == "2023-11-14T22:13:20.123Z")
    }

    @Test func emptyListingsSaySo() throws {
        #expect(JobListing.table([]) == "no jobs\n")
        #expect(ScheduleListing.table([], indent: "  ") == "  no schedules\n")
        #expect(try ScheduleListing.json([]) == "[]")
    }

    @Test func aFreshScheduleIsListedWithItsCadenceAndNoRunYet() throws {
        let database = try JobsTestDatabase()
        let schedule = Schedule(name: "resources", kind: "scheduleResourceUpdates", cadence: .every(seconds: 300))
        try JobScheduler(queue: database.queue, schedules: [schedule], logger: database.logger).register()
        let entries = try database.read { try ScheduleOverview.all(in: $0) }.map(ScheduleListing.Entry.init)
        let table = ScheduleListing.table(entries)
        #expect(table.hasPrefix("NAME"))
        #expect(table.contains("resources") && table.contains("every 300s") && table.contains("never"))
        let json = try ScheduleListing.json(entries)
        #expect(json.contains(#""lastRunAt":null"#) && json.contains(#""name":"resources""#))
    }
}
