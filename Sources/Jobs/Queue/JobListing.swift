import Clocks
import Foundation

/// Text renderings of jobs for `worldgame jobs`: times in RFC 3339 UTC.
public enum JobListing {
    public static func table(_ jobs: [Job]) -> String {
        guard !jobs.isEmpty else { return "no jobs\n" }
        var text = "ID".padding(toLength: 10, withPad: " ", startingAt: 0) + "STATE    " + "ATTEMPTS  "
            + "RUN AT                    " + "KIND\n"
        for job in jobs {
            text += String(job.id).padding(toLength: 10, withPad: " ", startingAt: 0)
                + job.state.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)
                + "\(job.attempts)/\(job.maxAttempts)".padding(toLength: 10, withPad: " ", startingAt: 0)
                + time(job.runAt).padding(toLength: 26, withPad: " ", startingAt: 0)
                + job.kind + (job.lastError.map { "  (last error: \(firstLine($0)))" } ?? "") + "\n"
        }
        return text
    }

    public static func details(_ job: Job) -> String {
        let fields: [(String, String?)] = [
            ("id", String(job.id)), ("kind", job.kind), ("state", job.state.rawValue), ("priority", String(job.priority)),
            ("attempts", "\(job.attempts) of \(job.maxAttempts)"), ("run_at", time(job.runAt)),
            ("lease_owner", job.leaseOwner), ("lease_expires_at", job.leaseExpiresAt.map(time)),
            ("dedupe_key", job.dedupeKey), ("created_at", time(job.createdAt)), ("updated_at", time(job.updatedAt)),
            ("finished_at", job.finishedAt.map(time)), ("last_error", job.lastError), ("payload", job.payload),
        ]
        return fields.map { "\($0.0): \($0.1 ?? "-")\n" }.joined()
    }

    public static func time(_ milliseconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: UnixMilliseconds(milliseconds).date)
    }

    private static func firstLine(_ text: String) -> String {
        String(text.prefix { $0 != "\n" }.prefix(80))
    }
}
