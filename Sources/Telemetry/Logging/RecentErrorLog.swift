import Foundation
import Locking

/// A log sink that passes every record on and keeps the newest error records in memory, for the operators' console
/// ("recent errors from the log") without reading log files back.
///
/// Any thread writes (the sink is called wherever a logger logs); the ring behind a `Locked` is held only to append
/// or copy. Bounded: at most `capacity` records, each message as logged (log messages are constant phrases and
/// fields never carry secrets, so nothing here needs redacting).
public final class RecentErrorLog: LogSink {
    /// One kept record.
    public struct Entry: Sendable, Equatable {
        /// Unix milliseconds.
        public var at: Int64
        public var message: String
        /// The record's `request_id` field, when it has one.
        public var requestID: String?
        /// The record's `error` field, when it has one (the failure's description).
        public var error: String?
    }

    public let capacity: Int
    private let next: any LogSink
    private let entries = Locked<[Entry]>([])

    /// - Parameters:
    ///   - next: where every record goes (the node's JSON lines on standard output).
    ///   - capacity: how many error records to keep.
    public init(wrapping next: any LogSink, capacity: Int = 20) {
        self.next = next
        self.capacity = max(1, capacity)
    }

    public func write(_ record: LogRecord) {
        next.write(record)
        guard record.level >= .error else { return }
        var entry = Entry(at: Int64((record.time.timeIntervalSince1970 * 1000).rounded(.down)), message: record.message)
        for (name, value) in record.fields {
            guard case .string(let text) = value else { continue }
            if name == "request_id" { entry.requestID = text }
            if name == "error" { entry.error = String(text.prefix(300)) }
        }
        let capacity = capacity
        entries.withLock { entries in
            entries.append(entry)
            if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
        }
    }

    /// Lines below `error` pass straight on (nothing is kept of them); an error line needs its record.
    public func write(encodedLine line: [UInt8], level: LogLevel) -> Bool {
        guard level < .error else { return false }
        return next.write(encodedLine: line, level: level)
    }

    /// The kept records, newest first.
    public var recent: [Entry] { entries.withLock { Array($0.reversed()) } }
}
