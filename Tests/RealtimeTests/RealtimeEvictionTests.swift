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
    @Test func aNeverAuthenticatedConnectionMakesRoomForANewClient() throws {
        let fixture = try RealtimeGatewayFixture(loops: 1, configure: { $0.authenticationDeadline = .seconds(30) },
                                                 configureServer: { $0.maxConnections = 2 })
        let result = try PythonWebSocketsClient.runFixture("realtime_eviction.py", arguments: [fixture.url])
        #expect(result.passed(checks: 6), "\(result.lines)")
        #expect(fixture.server.evictedConnectionCount == 1)
        #expect(fixture.metrics.evictions.value == 1)
    }
}
