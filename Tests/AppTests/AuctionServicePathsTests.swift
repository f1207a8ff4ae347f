@testable import App
import Clocks
import API
import Engine
import Foundation
import Game
import HTTP
import Jobs
import Locking
import Realtime
import Store
import Telemetry
import Testing
import TestSupport

/// A whole node in-process: a REST bid and a WebSocket `bid` command reach the same `AuctionService.placeBid` and
/// answer the same statuses, codes and messages; the service enqueues its settlements on the node's one job queue,
/// whose job system settles them.
@Suite struct AuctionServicePathsTests {
    /// A running node with a bidder, and the socket's commands built over the node's services as the gateway's are.
    final class Fixture {
        let directory: TemporaryDirectory
        let logSink = InMemoryLogSink()
        let node: Node
        let api: HTTPClient
        let services: DomainServices
        let commands: SocketCommands
        let bidderToken: String
        let bidderID: Int64

        init() throws {
            directory = try TemporaryDirectory(prefix: "auction-paths")
            node = try Node.started(in: directory, ["--loops", "1", "--workers", "1", "--demo-auctions", "0",
                                                    "--password-iterations", "1000", "--log-level", "debug"],
                                       logSink: logSink)
            api = try HTTPClient(host: "127.0.0.1", port: node.apiPort)
            services = try #require(node.domainServices)
            commands = SocketCommands(auctions: services.auctions, land: services.land, logger: node.logger,
                                      replicationNode: node.replication?.node)
            let registered = try SocketBidTraceTests.post(api, "/api/auth/register",
                                                          #"{"username":"bidder","password":"long enough pw"}"#)
            let body = try JSONSerialization.jsonObject(with: Data(registered.body)) as? [String: Any]
            bidderToken = try #require(body?["token"] as? String, "\(registered.bodyText)")
            bidderID = Int64(try #require((body?["player"] as? [String: Any])?["id"] as? Int))
        }

        deinit {
            api.close()
            node.stop(deadline: .seconds(2))
        }

        /// An auction of one free square created through the node's service, ending `seconds` from now.
        func createAuction(type: String, seconds: Int64, reserve: Int64) throws -> Auction {
            let square = try SocketBidTraceTests.withDatabase(DataDirectory.databasePath(in: directory.path)) { connection in
                try connection.queryOne("""
                    SELECT id FROM land_squares WHERE is_locked = 0 AND owner_id IS NULL
                    AND id NOT IN (SELECT square_id FROM auction_squares) LIMIT 1
                    """)?.int64("id")
            }
            let now = SystemClock().now.rawValue
            let request = NewAuction(auctionType: type, landSquares: [try #require(square)], startTime: now,
                                     endTime: now + seconds * 1000, reservePrice: reserve)
            return try Self.wait { completion in self.services.auctions.createAuction(request, completion: completion) }
                .get()
        }

        /// The REST bid's status, code and message (the code "created" for a 201).
        func restBid(auctionID: Int64, amount: String) throws -> Answer {
            let response = try SocketBidTraceTests.post(api, "/api/auctions/\(auctionID)/bid", #"{"amount":\#(amount)}"#,
                                                        token: bidderToken)
            guard response.status != 201 else { return Answer(status: 201, code: "created", message: "") }
            let body = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
            let error = try #require(body?["error"] as? [String: Any], "\(response.bodyText)")
            return Answer(status: response.status, code: try #require(error["code"] as? String),
                          message: try #require(error["message"] as? String))
        }

        /// The socket command's status, code and message (the code "created" for a result).
        func socketBid(auctionID: Int64, amount: Int64) throws -> Answer {
            let result = Self.wait { completion in
                self.commands.placeBid(playerID: self.bidderID, auctionID: auctionID, amount: amount, requestID: "r1",
                                       traceparent: nil, completion: completion)
            }
            switch result {
            case .success: return Answer(status: 201, code: "created", message: "")
            case .failure(let error): return Answer(status: error.status, code: error.code, message: error.message)
            }
        }

        /// How many bids the service accepted (its "auction bid accepted" log line, at debug level).
        var acceptedBids: Int { logSink.records.filter { $0.message == "auction bid accepted" }.count }

        static func wait<T: Sendable, E: Error>(_ call: (@escaping @Sendable (Result<T, E>) -> Void) -> Void) -> Result<T, E> {
            let box = Locked<Result<T, E>?>(nil)
            let done = DispatchSemaphore(value: 0)
            call { result in
                box.withLock { $0 = result }
                done.signal()
            }
            done.wait()
            return box.withLock { $0 }!
        }
    }

    /// A bid's answer as either path reports it.
    struct Answer: Equatable, CustomStringConvertible {
        var status: Int
        var code: String
        var message: String

        var description: String { "\(status) \(code): \(message)" }
    }

    @Test(.timeLimit(.minutes(2)))
    func aRESTBidAndASocketBidGiveTheSameAnswers() throws {
        let fixture = try Fixture()
        let auction = try fixture.createAuction(type: "open", seconds: 600, reserve: 50)
        let cases: [(auctionID: Int64, amount: Int64, code: String)] = [
            (auction.id, 0, "out_of_range"),
            (auction.id, AuctionService.bidAmounts.upperBound + 1, "out_of_range"),
            (auction.id, -5, "out_of_range"),
            (999_999, 100, "auction_not_found"),
            (auction.id, 10, "bid_too_low"),
        ]
        for (auctionID, amount, code) in cases {
            let rest = try fixture.restBid(auctionID: auctionID, amount: String(amount))
            let socket = try fixture.socketBid(auctionID: auctionID, amount: amount)
            #expect(rest == socket, "auction \(auctionID), amount \(amount)")
            #expect(rest.code == code, "\(rest)")
        }
        #expect(fixture.acceptedBids == 0)

        #expect(try fixture.restBid(auctionID: auction.id, amount: "100").code == "created")
        #expect(try fixture.socketBid(auctionID: auction.id, amount: 300).code == "created")
        #expect(fixture.acceptedBids == 2, "both bids were accepted by the service")
    }

    @Test(.timeLimit(.minutes(2)))
    func theServiceEnqueuesSettlementsOnTheNodesOneJobQueue() throws {
        let fixture = try Fixture()
        let jobSystem = try #require(fixture.node.primary?.jobSystem)
        #expect(jobSystem.queue === fixture.services.jobQueue)
        #expect(fixture.services.auctions.queue === fixture.services.jobQueue)

        let auction = try fixture.createAuction(type: "open", seconds: 1, reserve: 0)
        let database = DataDirectory.databasePath(in: fixture.directory.path)
        let deadline = ContinuousClock.now + .seconds(30)
        var status: String?
        repeat {
            status = try SocketBidTraceTests.withDatabase(database) { connection in
                try connection.queryOne("SELECT status FROM auctions WHERE id = ?", [auction.id])?.string("status")
            }
            if status != AuctionStatus.inProgress.rawValue { break }
            Thread.sleep(forTimeInterval: 0.05)
        } while ContinuousClock.now < deadline
        #expect(status == AuctionStatus.completed.rawValue, "the node's job system settled the auction")
        let jobs = try SocketBidTraceTests.withDatabase(database) { connection in
            try JobTable.list(state: nil, kind: AuctionService.settleKind, limit: 10, in: connection)
        }
        #expect(jobs.map(\.state) == [.done])
    }
}
