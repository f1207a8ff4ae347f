import Foundation
import Testing
import TestSupport
@testable import Realtime

/// End-to-end checks of the gateway with the Python `websockets` client over 127.0.0.1: authentication failures and
/// the `exp` timer, message validation, bids and merges over the socket with their events in commit order, resume and
/// resync.
@Suite(.enabled(if: PythonWebSocketsClient.isAvailable,
                "python3 with the websockets package is unavailable (venv under ~/.cache/worldgame-venv)"))
struct RealtimeGatewayInteropTests {
    @Test func authenticationValidationBidsEventsAndResume() throws {
        let fixture = try RealtimeGatewayFixture(configure: {
            $0.windowEventCount = 16
            $0.maxCommandsInFlightPerConnection = 32
        })
        let result = try PythonWebSocketsClient.runFixture("realtime_gateway_checks.py", arguments: [fixture.url])
        #expect(result.passed(checks: 33), "\(result.lines)")
        #expect(eventually { fixture.gateway.sessionCount == 0 })
        #expect(fixture.metrics.subscriptions.value == 0, "closed connections released their subscriptions")
        #expect(fixture.metrics.eventsSent.value >= 45)
        #expect(eventually { fixture.metrics.connections.value == 0 })
    }

    @Test func mergesAnswerTheRouteCodesAndPublishSquareEvents() throws {
        let fixture = try RealtimeGatewayFixture()
        let result = try PythonWebSocketsClient.runFixture("realtime_merge.py", arguments: [fixture.url])
        #expect(result.passed(checks: 9), "\(result.lines)")
        #expect(eventually { fixture.gateway.sessionCount == 0 })
    }
}
