import Foundation
import Game
import HTTP
import Locking
import Testing
import TestSupport
import WebSocket
@testable import Realtime

/// A slow consumer on the gateway is cut off with 1008 while 100 other subscribers of the same topic receive every
/// event, with the Python `websockets` client over 127.0.0.1.
@Suite(.enabled(if: PythonWebSocketsClient.isAvailable,
                "python3 with the websockets package is unavailable (venv under ~/.cache/worldgame-venv)"))
struct RealtimeSlowConsumerTests {
    /// What the script prints last.
    struct Report: Decodable {
        var fast: [Int]
        var in_order: Bool
        var max_delay: Double
        var slow_code: Int?
        var slow_reason: String?
        var slow_received: Int
    }

    @Test func slowConsumerIsCutOffWhileOneHundredOthersKeepReceiving() throws {
        let pings = PingCounter()
        let fixture = try RealtimeGatewayFixture(wrap: { pings.wrapping($0) }, configureServer: { $0.maxOutboundBytes = 256 << 10 })
        let url = fixture.url
        let port = fixture.server.localPort
        let output = Locked<PythonWebSocketsClient.FixtureRun?>(nil)
        let runner = Thread {
            let result = try? PythonWebSocketsClient.runFixture("realtime_slow_consumer.py", arguments: [url, "\(port)", "100"])
            output.withLock { $0 = result ?? PythonWebSocketsClient.FixtureRun(status: -1, lines: []) }
        }
        runner.start()
        #expect(eventually(timeout: .seconds(40)) { fixture.metrics.subscriptions.value == 102 })
        // The shared topic carries 256 small events; the slow client also subscribed to square:1, which gets 128
        // events of 64 KiB (8 MiB: beyond its socket buffers and its 256 KiB cap) interleaved. The publisher keeps
        // pace with the fast clients (a ping every 8 events), as a server does with clients that keep up.
        let bulk = Array(("{\"pad\":\"" + String(repeating: "e", count: 65_000) + "\"}").utf8)
        let count = 256
        for index in 0..<count {
            #expect(eventually(timeout: .seconds(20)) { pings.slowestFast * 8 >= index - 16 })
            let data = Array(#"{"sentAt":\#(Date().timeIntervalSince1970)}"#.utf8)
            var events = [DomainEvent(topic: "auctions", type: "auction_updated", dataJSON: data)]
            if index % 2 == 0 { events.append(DomainEvent(topic: "square:1", type: "square_updated", dataJSON: bulk)) }
            fixture.bus.publish(events)
        }
        fixture.bus.publish([DomainEvent(topic: "auctions", type: "end", dataJSON: Array(#"{"sentAt":0}"#.utf8))])
        #expect(eventually(timeout: .seconds(60)) { output.withLock { $0 } != nil })
        let result = try #require(output.withLock { $0 })
        #expect(result.status == 0, "\(result.lines.suffix(3))")
        let last = try #require(result.lines.last.flatMap { $0.data(using: .utf8) })
        let report = try JSONDecoder().decode(Report.self, from: last)
        #expect(report.fast == [Int](repeating: count, count: 100), "every fast client got every event")
        #expect(report.in_order, "seqs arrived in order without gaps")
        #expect(report.max_delay < 2, "fast clients kept receiving in time (worst \(report.max_delay) s)")
        #expect(report.slow_code == 1008)
        #expect(report.slow_reason?.contains("slow consumer") == true)
        #expect(report.slow_received < count + count / 2)
        #expect(fixture.metrics.slowConsumerDisconnects.value == 1)
        #expect(fixture.metrics.eventsDropped.value > 0)
    }
}

/// Wraps the gateway to count each connection's pings (the fast clients' acknowledgements); `good-1` is the slow one.
final class PingCounter: Sendable {
    private let counts = Locked<[UInt64: Int]>([:])
    private let slowID = Locked<UInt64?>(nil)

    func wrapping(_ gateway: RealtimeGateway) -> any WebSocketHandler { Handler(inner: gateway, counter: self) }

    /// The fewest pings sent by any fast client (0 until all 100 pinged once).
    var slowestFast: Int {
        let slow = slowID.withLock { $0 }
        return counts.withLock { counts in
            let fast = counts.filter { $0.key != slow }.map(\.value)
            return fast.count < 100 ? 0 : fast.min() ?? 0
        }
    }

    private struct Handler: WebSocketHandler {
        let inner: RealtimeGateway
        let counter: PingCounter

        func onOpen(_ connection: WebSocketConnection, request: HTTPRequest) -> WebSocketOpenDecision {
            if request.queryValue("token") == "good-1" { counter.slowID.withLock { $0 = connection.id } }
            return inner.onOpen(connection, request: request)
        }

        func onText(_ connection: WebSocketConnection, text: String) {
            if text == #"{"type":"ping"}"# { counter.counts.withLock { $0[connection.id, default: 0] += 1 } }
            inner.onText(connection, text: text)
        }

        func onClose(_ connection: WebSocketConnection, code: WebSocketCloseCode, reason: String) {
            inner.onClose(connection, code: code, reason: reason)
        }
    }
}
