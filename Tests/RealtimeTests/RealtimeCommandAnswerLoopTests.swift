import Foundation
import Net
import Synchronization
import Testing
import TestSupport
@testable import Realtime

/// A command that completes on another thread (as the writer does) with `RealtimeCommandResult(building:)` has its
/// answer encoded on the connection's event loop, and the client gets exactly those bytes under `data`.
@Suite(.enabled(if: PythonWebSocketsClient.isAvailable,
                "python3 with the websockets package is unavailable (venv under ~/.cache/worldgame-venv)"))
struct RealtimeCommandAnswerLoopTests {
    /// Completes every bid from a fresh thread with a result whose recipe records where it ran.
    final class OffLoopCommands: RealtimeCommands {
        /// How many times the recipe ran, and how many of those on an event loop's thread.
        let builds = Mutex<(total: Int, onLoop: Int)>((0, 0))
        /// The gateway's loops (set once the fixture is up, before any command arrives).
        let loops = Mutex<[EventLoop]>([])

        func placeBid(playerID: Int64, auctionID: Int64, amount: Int64, requestID: String, traceparent: String?,
                      completion: @escaping @Sendable (Result<RealtimeCommandResult, RealtimeCommandError>) -> Void) {
            let thread = Thread { [self] in
                completion(.success(RealtimeCommandResult(building: { [self] in
                    let isOnLoop = loops.withLock { $0.contains { $0.inEventLoop } }
                    builds.withLock { $0.total += 1; if isOnLoop { $0.onLoop += 1 } }
                    return Array(#"{"auctionId":\#(auctionID),"amount":\#(amount)}"#.utf8)
                })))
            }
            thread.start()
        }

        func merge(playerID: Int64, squareIDs: [Int64],
                   completion: @escaping @Sendable (Result<RealtimeCommandResult, RealtimeCommandError>) -> Void) {
            completion(.failure(RealtimeCommandError(status: 503, code: "not_available", message: "no merges here")))
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func aResultCompletedOffTheLoopIsEncodedOnTheLoop() throws {
        let commands = OffLoopCommands()
        let fixture = try RealtimeGatewayFixture(commands: commands)
        commands.loops.withLock { $0 = fixture.group.loops }
        let answer = try PythonWebSocketsClient.sendCommand(
            url: fixture.url + "?token=good-7", #"{"type":"bid","auctionId":12,"amount":345,"requestId":"loop-1"}"#)
        #expect(answer.contains(#""type":"result""#), "\(answer)")
        #expect(answer.contains(#""requestId":"loop-1""#), "\(answer)")
        #expect(answer.contains(#""data":{"auctionId":12,"amount":345}"#), "\(answer)")
        let builds = commands.builds.withLock { $0 }
        #expect(builds.total == 1 && builds.onLoop == 1, "\(builds)")
    }
}
