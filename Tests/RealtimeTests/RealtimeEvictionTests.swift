import Foundation
import Testing
import TestSupport
@testable import Realtime

/// The gateway at its connection cap, with the Python `websockets` client: a connection that never authenticated is
/// closed with 1013 to admit a new client, which then subscribes, bids and receives its event, while the
/// authenticated connection stays. One loop (eviction is per loop), cap 2.
@Suite(.enabled(if: PythonWebSocketsClient.isAvailable,
                "python3 with the websockets package is unavailable (venv under ~/.cache/worldgame-venv)"))
struct RealtimeEvictionTests {
    static let script = #"""
import sys, json
from websockets.sync.client import connect
from websockets.exceptions import ConnectionClosed
url = sys.argv[1]
def check(name, condition, detail=""):
    print(("ok " if condition else "FAIL ") + name + ("" if condition else " " + repr(detail)), flush=True)
def open_ws(suffix=""):
    return connect(url + suffix, compression=None, open_timeout=5, ping_interval=None)
def receive(ws, timeout=5):
    return json.loads(ws.recv(timeout=timeout))
authenticated = open_ws("?token=good-1")
check("first connection authenticated", receive(authenticated)["type"] == "authenticated")
silent = open_ws()
newcomer = open_ws("?token=good-3")
check("newcomer admitted at the cap", receive(newcomer)["type"] == "authenticated")
try:
    silent.recv(timeout=5); check("silent connection evicted", False)
except ConnectionClosed as closed:
    check("silent connection evicted with 1013", closed.rcvd is not None and closed.rcvd.code == 1013
          and "not authenticated" in closed.rcvd.reason, closed.rcvd)
newcomer.send(json.dumps({"type": "subscribe", "topics": ["auctions"]}))
check("newcomer subscribed", receive(newcomer)["type"] == "subscribed")
newcomer.send(json.dumps({"type": "bid", "auctionId": 7, "amount": 5, "requestId": "b1"}))
types = sorted(receive(newcomer)["type"] for _ in range(2))
check("newcomer served: bid result and its event", types == ["event", "result"], types)
authenticated.send(json.dumps({"type": "ping"}))
check("authenticated connection kept", receive(authenticated)["type"] == "pong")
"""#

    @Test func aNeverAuthenticatedConnectionMakesRoomForANewClient() throws {
        let fixture = try RealtimeGatewayFixture(loops: 1, configure: { $0.authenticationDeadline = .seconds(30) },
                                                 configureServer: { $0.maxConnections = 2 })
        let result = try PythonWebSocketsClient.runScript(Self.script, arguments: [fixture.url])
        let failures = result.lines.filter { !$0.hasPrefix("ok ") }
        #expect(result.status == 0, "\(result.lines)")
        #expect(failures.isEmpty, "\(failures)")
        #expect(result.lines.filter { $0.hasPrefix("ok ") }.count == 6, "\(result.lines)")
        #expect(fixture.server.evictedConnectionCount == 1)
        #expect(fixture.metrics.evictions.value == 1)
    }
}
