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
    static let echoScript = #"""
import sys
from websockets.sync.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus
url = sys.argv[1]
def check(name, condition):
    print(("ok " if condition else "FAIL ") + name, flush=True)
with connect(url, compression=None, max_size=None) as ws:
    ws.send("héllo 🌍"); check("text echo", ws.recv(timeout=5) == "héllo 🌍")
    ws.send(bytes(range(256)) * 200); check("binary echo", ws.recv(timeout=5) == bytes(range(256)) * 200)
    ws.send(["frag", "ment", "ed"]); check("fragmented echo", ws.recv(timeout=5) == "fragmented")
    check("ping answered", ws.ping(b"abc").wait(5))
    ws.close(4000, "bye"); check("close code echoed", ws.protocol.close_rcvd is not None and ws.protocol.close_rcvd.code == 4000)
with connect(url, compression=None, max_size=None) as ws:
    ws.send(b"x" * (70 * 1024))
    try:
        ws.recv(timeout=5); check("too big closes", False)
    except ConnectionClosed as closed:
        check("too big closes with 1009", closed.rcvd is not None and closed.rcvd.code == 1009)
try:
    connect(url.replace("/ws", "/nope"), compression=None, open_timeout=5); check("wrong path refused", False)
except InvalidStatus as refused:
    check("wrong path refused with 404", refused.response.status_code == 404)
"""#

    @Test func echoFragmentationPingAndCloseCodes() throws {
        let fixture = try GatewayFixture(handler: WebSocketEchoHandler())
        let result = try PythonWebSocketsClient.runScript(Self.echoScript, arguments: ["ws://127.0.0.1:\(fixture.port)/ws"])
        #expect(result.status == 0, "\(result.lines)")
        #expect(result.lines.filter { $0.hasPrefix("ok ") }.count == 7, "\(result.lines)")
        #expect(!result.lines.contains { $0.hasPrefix("FAIL") }, "\(result.lines)")
    }

    static let fanOutScript = #"""
import socket, sys, threading, json
from websockets.sync.client import connect
from websockets.exceptions import ConnectionClosed
url, port, fast_count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def open_socket(receive_buffer=None):
    sock = socket.socket()
    if receive_buffer:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
    sock.connect(("127.0.0.1", port))
    return sock
slow = connect(url, sock=open_socket(4096), compression=None, max_size=None, max_queue=1, ping_interval=None)
slow.send("join"); assert slow.recv(timeout=5) == "joined"
fast = []
for _ in range(fast_count):
    ws = connect(url, compression=None, max_size=None, ping_interval=None)
    ws.send("join"); assert ws.recv(timeout=5) == "joined"
    fast.append(ws)
counts = [0] * fast_count
def read_fast(index):
    ws = fast[index]
    while True:
        message = ws.recv(timeout=30)
        if message == "end":
            return
        counts[index] += 1
        if counts[index] % 8 == 0:
            ws.send("ack")
threads = [threading.Thread(target=read_fast, args=(i,)) for i in range(fast_count)]
for thread in threads: thread.start()
print("ready", flush=True)
for thread in threads: thread.join()
slow_code, slow_reason, slow_received = None, None, 0
try:
    while True:
        slow.recv(timeout=10); slow_received += 1
except ConnectionClosed as closed:
    slow_code = closed.rcvd.code if closed.rcvd else None
    slow_reason = closed.rcvd.reason if closed.rcvd else None
print(json.dumps({"fast": counts, "slow_code": slow_code, "slow_reason": slow_reason, "slow_received": slow_received}), flush=True)
for ws in fast: ws.close()
"""#

    @Test func slowConsumerIsCutOffWhileOthersKeepReceiving() throws {
        let handler = BroadcastHandler()
        let fixture = try GatewayFixture(handler: handler) { $0.maxOutboundBytes = 256 << 10 }
        let port = fixture.port
        let output = Locked<(status: Int32, lines: [String])?>(nil)
        let runner = Thread {
            let result = try? PythonWebSocketsClient.runScript(Self.fanOutScript,
                                                                arguments: ["ws://127.0.0.1:\(port)/ws", "\(port)", "10"])
            output.withLock { $0 = result ?? (-1, []) }
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
