import API
import Codecs
import Foundation
import Game
import HTTP
import Locking
import Store
import Testing
import TestSupport

/// SIGKILLs the real binary during a burst of blind bids and again around settlement, restarts it, and checks that
/// every acknowledged bid is stored, settlement paid exactly once and `worldgame verify`'s checks pass.
@Suite struct AuctionCrashTests {
    struct Node {
        let child: ChildProcess
        let port: Int
    }

    static func start(_ dataDirectory: String, _ directory: TemporaryDirectory, _ run: Int) throws -> Node {
        let child = try ChildProcess(
            executable: BuiltProducts.worldgame,
            arguments: ["serve", "--data-dir", dataDirectory, "--api-port", "0", "--ws-port", "0", "--internal-port", "0", "--loops", "2", "--workers", "2",
                        "--password-iterations", "1000"],
            stderrPath: directory.file("serve-\(run).stderr"))
        let ports = try #require(child.waitForServedPorts(), "node did not start: \(child.outputLines.suffix(3))")
        return Node(child: child, port: ports.api)
    }

    static func token(_ port: Int, _ username: String, register: Bool) throws -> (id: Int64, token: String) {
        let client = try HTTPClient(host: "127.0.0.1", port: port)
        defer { client.close() }
        let body = Array(#"{"username":"\#(username)","password":"correct-horse"}"#.utf8)
        let response = try client.send(.post, register ? "/api/auth/register" : "/api/auth/login",
                                       headers: ["content-type": "application/json"], body: body)
        let json = try #require(try? JSONParser.parse(response.body), "\(response.bodyText)")
        guard case .string(let token)? = json["token"], case .integer(let id)? = json["player"]?["id"] else {
            throw CrashTestError.unexpected(response.bodyText)
        }
        return (id, token)
    }

    static func post(_ port: Int, _ path: String, _ body: String, token: String) throws -> HTTPClientResponse {
        let client = try HTTPClient(host: "127.0.0.1", port: port)
        defer { client.close() }
        return try client.send(.post, path, headers: ["content-type": "application/json", "authorization": "Bearer \(token)"],
                               body: Array(body.utf8))
    }

    @Test(.timeLimit(.minutes(1)))
    func killedDuringBidsAndSettlementLosesNothingAndPaysOnce() throws {
        let directory = try TemporaryDirectory(prefix: "auction-crash")
        let dataDirectory = directory.file("data")
        let database = StoreConfiguration(path: dataDirectory + "/worldgame.db")
        var node = try Self.start(dataDirectory, directory, 0)
        let bidders = try (0..<4).map { try Self.token(node.port, "bidder\($0)", register: true) }
        let admin = try Self.token(node.port, "operator", register: true)
        let writable = try Connection(configuration: database, readOnly: false)
        try writable.run("UPDATE players SET role = 'admin' WHERE id = ?", [admin.id])
        let square = try #require(try writable.queryOne("SELECT id FROM land_squares WHERE is_locked = 0 LIMIT 1")?.int64("id"))
        writable.close()
        let adminToken = try Self.token(node.port, "operator", register: false).token
        let created = try Self.post(node.port, "/api/admin/auctions",
                                    #"{"landSquares":[\#(square)],"auctionType":"blind","durationSeconds":5,"reservePrice":0}"#,
                                    token: adminToken)
        let createdAt = ContinuousClock.now
        guard case .integer(let auctionID)? = (try? JSONParser.parse(created.body))?["id"] else {
            throw CrashTestError.unexpected(created.bodyText)
        }
        let acknowledged = Locked<[(bidID: Int64, amount: Int64)]>([])
        let port = node.port
        let burstEnded = DispatchSemaphore(value: 0)
        let burst = Thread {
            defer { burstEnded.signal() }
            DispatchQueue.concurrentPerform(iterations: bidders.count) { index in
                for amount in Int64(1)...900 {
                    guard let response = try? Self.post(port, "/api/auctions/\(auctionID)/bid", #"{"amount":\#(amount)}"#,
                                                         token: bidders[index].token),
                          response.status == 201,
                          case .integer(let bidID)? = (try? JSONParser.parse(response.body))?["bid"]?["id"] else { return }
                    acknowledged.withLock { $0.append((bidID, amount)) }
                }
            }
        }
        burst.start()
        // Kill once the burst has real acknowledgements (polled: under a sanitizer 400 ms gave only 8).
        _ = waitUntil(.seconds(4)) { acknowledged.withLock { $0.count } >= 40 }
        node.child.send(signal: SIGKILL)
        node.child.waitForExit()
        // Every bidder stops at its first failed request: once the burst has ended, `acknowledged` is final.
        #expect(burstEnded.wait(timeout: .now() + 30) == .success, "the burst did not end after the kill")
        let acked = acknowledged.withLock { $0 }
        #expect(acked.count > 10, "the burst was too short to mean anything")

        node = try Self.start(dataDirectory, directory, 1)
        let reader = try Connection(configuration: database, readOnly: true)
        for bid in acked {
            let stored = try reader.queryOne("SELECT amount FROM auction_bids WHERE id = ?", [bid.bidID])?.int64("amount")
            #expect(stored == bid.amount, "acknowledged bid \(bid.bidID) lost")
        }
        #expect(try Self.failedChecks(reader).isEmpty)

        // Time passes on purpose here: the auction must reach its end (5 s after creation) so that the second kill
        // lands at a random point of its settlement, not to wait for another thread.
        let untilEnd = Duration.seconds(5) - (ContinuousClock.now - createdAt)
        if untilEnd > .zero { usleep(UInt32(untilEnd.components.seconds * 1_000_000 + untilEnd.components.attoseconds / 1_000_000_000_000)) }
        usleep(UInt32.random(in: 0..<1_000_000))
        node.child.send(signal: SIGKILL)
        node.child.waitForExit()
        let fix = try Connection(configuration: database, readOnly: false)
        // The killed process's lease would expire after 60 s; skip that wait by expiring it now.
        try fix.run("UPDATE jobs SET lease_expires_at = 0 WHERE state = 'running'")
        fix.close()
        node = try Self.start(dataDirectory, directory, 2)
        defer { node.child.send(signal: SIGTERM); node.child.waitForExit() }
        var status = ""
        let completed = waitUntil(.seconds(20), interval: .milliseconds(100)) {
            status = try reader.queryOne("SELECT status FROM auctions WHERE id = ?", [auctionID])?.string("status") ?? ""
            return status == "completed"
        }
        #expect(completed, "auction status \(status)")
        let payments = try reader.queryOne(
            "SELECT count(*) AS n FROM transfers WHERE reference = ? AND reason = 'auction_payment'", ["auction:\(auctionID)"])
        #expect(try payments?.int64("n") == 1)
        let winner = try reader.queryOne("SELECT winner_id FROM auctions WHERE id = ?", [auctionID])?.optionalInt64("winner_id")
        let owner = try reader.queryOne("SELECT owner_id FROM land_squares WHERE id = ?", [square])?.optionalInt64("owner_id")
        #expect(winner != nil && owner == winner)
        #expect(try Self.failedChecks(reader).isEmpty)
        reader.close()
    }

    static func failedChecks(_ connection: Connection) throws -> [String] {
        try connection.execute("BEGIN")
        defer { try? connection.execute("COMMIT") }
        return try LedgerAudit.run(in: connection).filter { !$0.passed }.map { "\($0.name): \($0.violations)" }
    }
}

enum CrashTestError: Error {
    case unexpected(String)
}
