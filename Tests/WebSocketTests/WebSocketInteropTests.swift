import Foundation
import Locking
import Net
import Testing
import TestSupport
@testable import WebSocket

/// End-to-end checks with the Python `websockets` client against a real gateway on 127.0.0.1.
@Suite(.enabled(if: PythonWebSocketsClient.isAvailable,
                "python3 with the websockets package is unavailable (venv under ~/.cache/worldgame-venv)"))
struct WebSocketInteropTests {
    @Test func echoFragmentationPingAndCloseCodes() throws {
        let fixture = try GatewayFixture(handler: WebSocketEchoHandler())
        let result = try PythonWebSocketsClient.runFixture("ws_echo_checks.py", arguments: ["ws://127.0.0.1:\(fixture.port)/ws"])
        #expect(result.passed(checks: 7), "\(result.lines)")
    }

    @Test func slowConsumerIsCutOffWhileOthersKeepReceiving() throws {
        let handler = BroadcastHandler()
        let fixture = try GatewayFixture(handler: handler) { $0.maxOutboundBytes = 256 << 10 }
        let port = fixture.port
        let output = Locked<PythonWebSocketsClient.FixtureRun?>(nil)
        let runner = Thread {
            let result = try? PythonWebSocketsClient.runFixture("ws_fan_out.py",
                                                                arguments: ["ws://127.0.0.1:\(port)/ws", "\(port)", "10"])
            output.withLock { $0 = result ?? PythonWebSocketsClient.FixtureRun(status: -1, lines: []) }
        }
        runner.start()
        #expect(eventually(timeout: .seconds(30)) { handler.memberCount == 11 })
        // 8 MiB per connection: far above the slow client's socket buffers and its 256 KiB outbound cap. The
        // publisher keeps pace with the fast clients (they ack every 8 messages; at most 12 unacked = 192 KiB),
        // as a server does with clients that keep up, so only the client that stopped reading falls behind.
        let message = WebSocketOutboundMessage(text: String(repeating: "e", count: 16_384))
        let messageCount = 512
        for index in 0..<messageCount {
            #expect(eventually(timeout: .seconds(20)) { handler.slowestFastAck * 8 >= index - 12 })
            handler.broadcast(message)
        }
        handler.broadcast(WebSocketOutboundMessage(text: "end"))
        #expect(eventually(timeout: .seconds(60)) { output.withLock { $0 } != nil })
        let result = try #require(output.withLock { $0 })
        #expect(result.status == 0, "\(result.lines)")
        let summary = try #require(result.lines.last.flatMap { $0.data(using: .utf8) })
        let report = try JSONDecoder().decode(FanOutReport.self, from: summary)
        #expect(report.fast == [Int](repeating: messageCount, count: 10), "every fast client got every message")
        #expect(report.slowCode == 1008)
        #expect(report.slowReason?.contains("slow consumer") == true)
        #expect(report.slowReceived < messageCount, "slow client received \(report.slowReceived)")
        #expect(fixture.metrics.count(.slowConsumerDisconnected) == 1)
    }

    /// The JSON line the fan-out script prints.
    struct FanOutReport: Decodable {
        var fast: [Int]
        var slowCode: Int?
        var slowReason: String?
        var slowReceived: Int

        enum CodingKeys: String, CodingKey {
            case fast
            case slowCode = "slow_code"
            case slowReason = "slow_reason"
            case slowReceived = "slow_received"
        }
    }
}

/// Keeps every connection that sent "join" and broadcasts to them from the test thread; counts "ack"s. The first
/// to join is the slow client; the others are the fast ones.
final class BroadcastHandler: WebSocketHandler {
    private let members = Locked<[WebSocketConnection]>([])
    private let acks = Locked<[UInt64: Int]>([:])

    var memberCount: Int { members.withLock { $0.count } }

    /// The fewest acks any fast client has sent.
    var slowestFastAck: Int {
        let fast = members.withLock { $0.dropFirst().map(\.id) }
        return acks.withLock { counts in fast.map { counts[$0] ?? 0 }.min() ?? 0 }
    }

    func onText(_ connection: WebSocketConnection, text: String) {
        if text == "ack" {
            acks.withLock { $0[connection.id, default: 0] += 1 }
            return
        }
        guard text == "join" else { return }
        connection.send(text: "joined")
        members.withLock { $0.append(connection) }
    }

    func broadcast(_ message: WebSocketOutboundMessage) {
        for member in members.withLock({ $0 }) { member.send(message) }
    }
}
