import Codecs
import Foundation

/// Renderings of the persisted schedules for `worldgame jobs schedules` and `worldgame status`: a text table with
/// times in RFC 3339 UTC, or JSON objects (`Entry`).
///
/// Stateless; runs on the calling thread.
public enum ScheduleListing {
    /// One schedule in `--json` output. Times are RFC 3339 UTC strings; absent values are `null`.
    public struct Entry: Encodable, Equatable, Sendable {
        public var name: String
        public var kind: String
        public var cadence: String
        public var nextRunAt: String
        public var lastRunAt: String?
        public var lastOutcome: String
        public var lastJobID: Int64?
        public var lastError: String?

        public init(_ schedule: ScheduleOverview) {
            name = schedule.name
            kind = schedule.kind
            cadence = schedule.cadence.description
            nextRunAt = JobListing.time(schedule.nextRunAt)
            lastRunAt = ScheduleListing.lastRunTime(schedule).map(JobListing.time)
            lastOutcome = schedule.lastOutcome
            lastJobID = schedule.lastRun?.id
            lastError = schedule.lastRun?.lastError
        }

        enum CodingKeys: String, CodingKey {
            case name, kind, cadence, nextRunAt, lastRunAt, lastOutcome, lastJobID = "lastJobId", lastError
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(kind, forKey: .kind)
            try container.encode(cadence, forKey: .cadence)
            try container.encode(nextRunAt, forKey: .nextRunAt)
            try container.encode(lastRunAt, forKey: .lastRunAt)
            try container.encode(lastOutcome, forKey: .lastOutcome)
            try container.encode(lastJobID, forKey: .lastJobID)
            try container.encode(lastError, forKey: .lastError)
        }
    }

    /// When the last run happened: its job's finish time, else its last update (still running or retrying), else
    /// when the scheduler enqueued it (its job row was purged).
    public static func lastRunTime(_ schedule: ScheduleOverview) -> Int64? {
        guard let job = schedule.lastRun else { return schedule.lastEnqueuedAt }
        return job.finishedAt ?? job.updatedAt
    }

    /// `NAME  CADENCE  NEXT RUN  LAST RUN  LAST OUTCOME` lines, each after `indent`, or `no schedules` when the table
    /// is empty (a data dir whose primary never started).
    public static func table(_ entries: [Entry], indent: String = "") -> String {
        guard !entries.isEmpty else { return indent + "no schedules\n" }
        let rows = [["NAME", "CADENCE", "NEXT RUN", "LAST RUN", "LAST OUTCOME"]] + entries.map { entry in
            var outcome = entry.lastOutcome
            if let jobID = entry.lastJobID {
                outcome += " (job \(jobID)"
                if let error = entry.lastError, entry.lastOutcome != "done" { outcome += ": " + firstLine(error) }
                outcome += ")"
            }
            return [entry.name, entry.cadence, entry.nextRunAt, entry.lastRunAt ?? "-", outcome]
        }
        var widths = [Int](repeating: 0, count: 4)
        for row in rows {
            for column in 0..<4 { widths[column] = max(widths[column], row[column].count) }
        }
        return rows.map { row in
            indent + (0..<4).map { row[$0].padding(toLength: widths[$0] + 2, withPad: " ", startingAt: 0) }.joined()
                + row[4] + "\n"
        }.joined()
    }

    /// The schedules as a JSON array (sorted keys), for `jobs schedules --json`.
    public static func json(_ entries: [Entry]) throws -> String {
        String(decoding: try JSONCoding.encode(entries), as: UTF8.self)
    }

    private static func firstLine(_ text: String) -> String {
        String(text.prefix { $0 != "\n" }.prefix(80))
    }
}
