import ClockTesting
import Engine
import Foundation
import Game
import Net
import Store
import Synchronization
import Telemetry
import TestSupport
import WebSocket
@testable import Realtime

/// A real gateway on 127.0.0.1: event loops, `WebSocketServer`, `RealtimeGateway`, a `RealtimeHub` listening on an
/// `EventBus`, and a real `Writer` (WAL file in a temporary directory) whose `afterCommit` actions publish.
///
/// Tokens understood by the fake verifier: `good-N` (player N, valid for an hour), `short-N` (expires 0.5 s after the
/// gateway's fixed clock), `late-N` (valid signature but `exp` already past on the gateway's clock), `expired`
/// (the verifier itself says expired); anything else is invalid.
final class RealtimeGatewayFixture {
    static let clock = ManualClock(milliseconds: 1_000_000_500)

    let directory: TemporaryDirectory
    let writer: Writer
    let bus = EventBus()
    let hub: RealtimeHub
    let metrics: RealtimeMetrics
    let gateway: RealtimeGateway
    let group: EventLoopGroup
    let server: WebSocketServer

    init(commands: (any RealtimeCommands)? = nil, loops: Int = 2, wrap: (RealtimeGateway) -> any WebSocketHandler = { $0 },
         configure: (inout RealtimeConfiguration) -> Void = { _ in },
         configureServer: (inout WebSocketServerConfiguration) -> Void = { _ in }) throws {
        directory = try TemporaryDirectory(prefix: "realtime")
        writer = try Writer(configuration: StoreConfiguration(path: directory.file("realtime.db")))
        try writer.performAndWait { transaction in
            try transaction.execute("CREATE TABLE bids(id INTEGER PRIMARY KEY, auction INTEGER, amount INTEGER)")
        }
        var configuration = RealtimeConfiguration()
        configuration.authenticationDeadline = .milliseconds(300)
        configure(&configuration)
        metrics = try RealtimeMetrics(registry: MetricsRegistry())
        hub = RealtimeHub(configuration: configuration, metrics: metrics)
        bus.subscribe(hub.publish)
        gateway = RealtimeGateway(configuration: configuration, hub: hub, verifier: Self.verify,
                                  commands: commands ?? FakeAuctionCommands(writer: writer, bus: bus),
                                  metrics: metrics, clock: Self.clock)
        var serverConfiguration = WebSocketServerConfiguration()
        serverConfiguration.port = 0
        configureServer(&serverConfiguration)
        group = try EventLoopGroup(loopCount: loops, threadNamePrefix: "rt-test")
        let metrics = self.metrics
        server = WebSocketServer(configuration: serverConfiguration, group: group, handler: wrap(gateway)) { metrics.record($0) }
        try server.start()
    }

    var url: String { "ws://127.0.0.1:\(server.localPort)/ws" }

    static let verify: TokenVerifier = { token in
        let parts = token.split(separator: "-")
        let expiresAt = clock.now.seconds
        if token == "expired" { return .failure(.expired(expiredAt: expiresAt - 10)) }
        guard parts.count == 2, let player = Int64(parts[1]) else { return .failure(.invalidToken(detail: "malformed")) }
        switch parts[0] {
        case "good": return .success(RealtimeIdentity(playerID: player, role: "player", expiresAt: expiresAt + 3_600))
        case "short": return .success(RealtimeIdentity(playerID: player, role: "player", expiresAt: expiresAt + 1))
        case "late": return .success(RealtimeIdentity(playerID: player, role: "player", expiresAt: expiresAt - 1))
        default: return .failure(.invalidToken(detail: "bad signature"))
        }
    }

    /// Publishes `events` from an `afterCommit` action of a real writer command, as the game modules do.
    func commitAndPublish(_ events: [DomainEvent]) throws {
        let bus = self.bus
        try writer.performAndWait { transaction in
            try transaction.run("INSERT INTO bids(auction, amount) VALUES (0, 0)", [])
            transaction.afterCommit { bus.publish(events) }
        }
    }

    deinit {
        _ = server.shutdown(deadline: .seconds(2))
        group.shutdown()
        writer.shutdown()
    }
}

/// Bids on the writer like the auctions module will: inserts a row, publishes `bid_placed` on `auction:{id}` and
/// `auctions` after the commit, and answers `{"bidId","amount"}`; amounts below 1 fail with 422 `invalid_amount`.
struct FakeAuctionCommands: RealtimeCommands {
    let writer: Writer
    let bus: EventBus

    func placeBid(playerID: Int64, auctionID: Int64, amount: Int64, requestID: String, traceparent: String?,
                  completion: @escaping @Sendable (Result<RealtimeCommandResult, RealtimeCommandError>) -> Void) {
        guard amount >= 1 else {
            completion(.failure(RealtimeCommandError(status: 422, code: "invalid_amount", message: "amount must be positive")))
            return
        }
        let bus = self.bus
        writer.submit({ transaction -> Int64 in
            try transaction.run("INSERT INTO bids(auction, amount) VALUES (?, ?)", [auctionID, amount])
            let bidID = transaction.lastInsertRowID
            let data = Array(#"{"auctionId":\#(auctionID),"bidId":\#(bidID),"playerId":\#(playerID),"amount":\#(amount)}"#.utf8)
            transaction.afterCommit {
                bus.publish([DomainEvent(topic: "auction:\(auctionID)", type: "bid_placed", dataJSON: data),
                              DomainEvent(topic: "auctions", type: "auction_updated", dataJSON: data)])
            }
            return bidID
        }, completion: { result in
            switch result {
            case .success(let bidID):
                completion(.success(RealtimeCommandResult(json: Array(#"{"bidId":\#(bidID),"amount":\#(amount)}"#.utf8))))
            case .failure(let error):
                completion(.failure(RealtimeCommandError(status: 500, code: "internal_error", message: "\(error)")))
            }
        })
    }
}

extension FakeAuctionCommands {
    /// Merges like the resources module: square 99 is someone else's (422 `not_owner`); otherwise a row is inserted,
    /// `square_updated` is published on each `square:{id}` after the commit, and the answer is `{"merge":{"squareIds"}}`.
    func merge(playerID: Int64, squareIDs: [Int64],
               completion: @escaping @Sendable (Result<RealtimeCommandResult, RealtimeCommandError>) -> Void) {
        guard !squareIDs.contains(99) else {
            completion(.failure(RealtimeCommandError(status: 422, code: "not_owner", message: "square 99 is not yours")))
            return
        }
        let bus = self.bus
        let list = squareIDs.map(String.init).joined(separator: ",")
        writer.submit({ transaction in
            try transaction.run("INSERT INTO bids(auction, amount) VALUES (0, 0)", [])
            let data = Array(#"{"squareIds":[\#(list)],"ownerId":\#(playerID)}"#.utf8)
            transaction.afterCommit {
                bus.publish(squareIDs.map { DomainEvent(topic: "square:\($0)", type: "square_updated", dataJSON: data) })
            }
        }, completion: { result in
            switch result {
            case .success:
                completion(.success(RealtimeCommandResult(json: Array(#"{"merge":{"squareIds":[\#(list)]}}"#.utf8))))
            case .failure(let error):
                completion(.failure(RealtimeCommandError(status: 500, code: "internal_error", message: "\(error)")))
            }
        })
    }
}

/// Waits until `condition` holds or `timeout` passes (for I/O done on other threads).
func eventually(timeout: Duration = .seconds(5), _ condition: () -> Bool) -> Bool {
    TestSupport.waitUntil(timeout, interval: .milliseconds(5), condition)
}
