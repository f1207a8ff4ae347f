import Foundation
import HTTP
import Locking
@testable import Monitoring
@testable import Telemetry
import TestSupport
import Testing

/// The access log line written straight as bytes is, byte for byte, the line the record of the same fields gives,
/// and a sink that needs records still gets them.
@Suite struct RequestLogTests {
    /// A sink that takes encoded lines and keeps them.
    private final class LineSink: LogSink {
        let lines = Locked<[[UInt8]]>([])
        let records = Locked<[LogRecord]>([])
        func write(_ record: LogRecord) { records.withLock { $0.append(record) } }
        func write(encodedLine line: [UInt8], level: LogLevel) -> Bool {
            lines.withLock { $0.append(line) }
            return true
        }
    }

    static let records: [HTTPRequestRecord] = [
        HTTPRequestRecord(method: "POST", path: "/api/auctions/7/bid", routePattern: "/api/auctions/{auctionId}/bid",
                          status: 201, duration: .microseconds(1_234), requestID: "4bf92f3577b34da6",
                          remoteAddress: "127.0.0.1:5000", traceID: "0af7651916cd43dd8448eb211c80319c"),
        HTTPRequestRecord(method: "GET", path: "/health", routePattern: "/health", status: 200, duration: .zero,
                          requestID: "r", remoteAddress: "[::1]:1"),
        HTTPRequestRecord(method: "-", path: "-", routePattern: "unmatched", status: 400, duration: .seconds(3),
                          requestID: "x", remoteAddress: "", traceID: ""),
        HTTPRequestRecord(method: "GET", path: "/a\"b\\c\u{1}\u{8}\u{c}\n\t\u{7f}/\u{e9}\u{2028}/%22",
                          routePattern: "unmatched", status: 404, duration: .nanoseconds(1),
                          requestID: "id-with.dots_and-dashes",
                          remoteAddress: "10.0.0.1:9"),
        HTTPRequestRecord(method: "PROPFIND", path: "/", routePattern: "unmatched", status: 405,
                          duration: .nanoseconds(999_999_999_999), requestID: String(repeating: "a", count: 128),
                          remoteAddress: "1.2.3.4:5"),
    ]

    /// The line after its time field (the two lines are written at different instants).
    private static func afterTime(_ line: [UInt8]) -> [UInt8] {
        let prefix = Array(#"{"time":""#.utf8)
        #expect(Array(line.prefix(prefix.count)) == prefix)
        return Array(line.dropFirst(prefix.count + 24))
    }

    @Test(arguments: records)
    func linesAreTheRecordsBytes(record: HTTPRequestRecord) throws {
        let sink = LineSink()
        let logger = Logger(label: "worldgame", level: .debug, sink: sink)
        RequestLog.write(record, to: logger)
        let line = try #require(sink.lines.withLock { $0 }.first)
        #expect(sink.records.withLock { $0 }.isEmpty)
        let expected = JSONLineEncoder.encode(LogRecord(
            time: Date(), level: RequestLog.level(of: record), label: "worldgame", message: "http request",
            fields: RequestLog.fields(of: record)))
        #expect(Self.afterTime(line) == Self.afterTime(expected),
                "\(String(decoding: line, as: UTF8.self)) vs \(String(decoding: expected, as: UTF8.self))")
        let time = String(decoding: line.dropFirst(9).prefix(24), as: UTF8.self)
        #expect(time.count == 24 && time.hasSuffix("Z"))
        #expect(line.last == UInt8(ascii: "\n"))
    }

    @Test func aSinkThatNeedsRecordsGetsTheRecord() throws {
        let sink = InMemoryLogSink()
        RequestLog.write(Self.records[0], to: Logger(label: "worldgame", level: .info, sink: sink))
        let record = try #require(sink.records.first)
        #expect(record.level == .info)
        #expect(record.message == "http request")
        #expect(record.fields.map(\.0)
            == ["request_id", "trace_id", "method", "path", "route", "status", "duration_ms"])
        #expect(record.fields.map(\.1) == RequestLog.fields(of: Self.records[0]).map(\.1))
    }

    @Test func aLoggerWithContextWritesTheRecord() throws {
        let sink = LineSink()
        let logger = Logger(label: "worldgame", level: .info, sink: sink).with([("node", "a")])
        RequestLog.write(Self.records[0], to: logger)
        #expect(sink.lines.withLock { $0 }.isEmpty)
        let record = try #require(sink.records.withLock { $0 }.first)
        #expect(record.fields.first?.0 == "node")
        #expect(record.fields.count == 8)
    }

    @Test func probesLogAtDebugAndNothingBelowTheLevel() {
        let sink = LineSink()
        RequestLog.write(Self.records[1], to: Logger(label: "worldgame", level: .info, sink: sink))
        #expect(sink.lines.withLock { $0 }.isEmpty)
        RequestLog.write(Self.records[1], to: Logger(label: "worldgame", level: .debug, sink: sink))
        #expect(sink.lines.withLock { $0 }.count == 1)
    }

    @Test func theNodesErrorRingPassesLinesOnButKeepsErrorRecords() throws {
        let lines = LineSink()
        let ring = RecentErrorLog(wrapping: lines)
        #expect(ring.write(encodedLine: [1], level: .info))
        #expect(lines.lines.withLock { $0 } == [[1]])
        #expect(!ring.write(encodedLine: [2], level: .error))
        #expect(lines.lines.withLock { $0 }.count == 1)
        #expect(!RecentErrorLog(wrapping: InMemoryLogSink()).write(encodedLine: [3], level: .info))
    }
}
