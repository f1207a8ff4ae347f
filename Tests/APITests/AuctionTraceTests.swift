import Foundation
import HTTP
import Telemetry
import Testing

/// A W3C trace id sent with a bid follows it into the stored bid and the settlement job's log lines.
@Suite struct AuctionTraceTests {
    static let traceID = "0af7651916cd43dd8448eb211c80319c"

    @Test func aBidsTraceIDReachesTheSettlementLogLines() throws {
        let fixture = try TestServer(.manyLogins)
        let admin = try fixture.player("operator", admin: true)
        let alice = try fixture.player("alice")
        let square = try fixture.openSquares(1)[0]
        let auctionID = try fixture.startAuction(admin: admin.token, type: "blind", squares: [square], seconds: 60)
        let client = try fixture.client()
        defer { client.close() }
        let headers: HTTPHeaders = ["authorization": "Bearer \(alice.token)", "content-type": "application/json",
                                    "traceparent": "00-\(Self.traceID)-b7ad6b7169203331-01"]
        let response = try client.send(.post, "/api/auctions/\(auctionID)/bid", headers: headers,
                                        body: Array(#"{"amount":25}"#.utf8))
        #expect(response.status == 201)
        let stored = try fixture.read { connection in
            try connection.queryOne("SELECT trace_id FROM auction_bids WHERE auction_id = ?", [auctionID])?
                .optionalString("trace_id")
        }
        #expect(stored == Self.traceID)

        try fixture.runJobs(at: TestServer.epoch + 61_000)
        let settledLines = fixture.logSink.records.filter { $0.message == "auction bid settled" }
        #expect(settledLines.count == 1)
        let fields = settledLines.first?.fields ?? []
        #expect(fields.contains { $0.0 == "bid_trace_id" && $0.1 == .string(Self.traceID) })
        #expect(fields.contains { $0.0 == "outcome" && $0.1 == .string("won") })
        #expect(!fields.contains { $0.0 == "amount" })
    }

    @Test func theAdminRequestsTraceIsLoggedByTheSettlementJob() throws {
        let fixture = try TestServer(.manyLogins)
        let admin = try fixture.player("operator", admin: true)
        let square = try fixture.openSquares(1)[0]
        let client = try fixture.client()
        defer { client.close() }
        let headers: HTTPHeaders = ["authorization": "Bearer \(admin.token)", "content-type": "application/json",
                                    "traceparent": "00-\(Self.traceID)-b7ad6b7169203331-01"]
        let body = #"{"landSquares":[\#(square)],"auctionType":"open","durationSeconds":30,"reservePrice":0}"#
        #expect(try client.send(.post, "/api/admin/auctions", headers: headers, body: Array(body.utf8)).status == 201)
        try fixture.runJobs(at: TestServer.epoch + 31_000)
        let jobLines = fixture.logSink.records.filter { $0.message == "auction settled" }
        #expect(jobLines.count == 1)
        #expect(jobLines.first?.fields.contains { $0.0 == "trace_id" && $0.1 == .string(Self.traceID) } == true)
    }

    @Test func aBidWithoutTraceparentGetsAFreshTraceID() throws {
        let fixture = try TestServer(.manyLogins)
        let admin = try fixture.player("operator", admin: true)
        let alice = try fixture.player("alice")
        let auctionID = try fixture.startAuction(admin: admin.token, type: "open", squares: try fixture.openSquares(1),
                                                 seconds: 60)
        let client = try fixture.client()
        defer { client.close() }
        let headers: HTTPHeaders = ["authorization": "Bearer \(alice.token)", "content-type": "application/json",
                                    "traceparent": "garbage"]
        #expect(try client.send(.post, "/api/auctions/\(auctionID)/bid", headers: headers,
                                body: Array(#"{"amount":5}"#.utf8)).status == 201)
        let stored = try fixture.read { connection in
            try connection.queryOne("SELECT trace_id FROM auction_bids WHERE auction_id = ?", [auctionID])?
                .optionalString("trace_id")
        }
        let traceID = try #require(stored)
        #expect(traceID.count == 32 && traceID != String(repeating: "0", count: 32))
        #expect(traceID.allSatisfy { $0.isHexDigit && !$0.isUppercase })
    }
}
