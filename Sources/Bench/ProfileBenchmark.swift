import Foundation
import HTTP
import Telemetry

/// `worldgame bench profile --kind squares|areas|bid|order --count N`: a driver for callgrind, to see where the
/// instructions of one request go. `squares` repeats one 100-square area (the per-loop area cache answers all but the
/// first), `areas` asks for a different 10 x 10 area of the demo world every time (every request misses the cache and
/// runs the query). `order` alternates two traders' limit orders of one wheat at one price (a sell that rests, then a
/// buy that fills it), so half the orders rest and half match. `bid-replicated` and `order-replicated` are the same
/// requests on a node whose writer records every batch for replication, as a primary's does. `bid-realtime` and
/// `order-realtime` feed the node's event bus to a realtime hub, as a node's gateway has it (no socket subscribes).
/// `bid-noop` sends the bid's requests to a node whose only route on the bid's path answers 201 with a real bid's
/// response body and does nothing else: the client's and the event loop's share of a bid without the bid.
/// Issues N requests of one kind, one after another on one keep-alive connection from a client thread of this
/// process, to the in-process API server over 127.0.0.1, and prints the wall time per request.
///
/// Instructions per request come from two runs under `valgrind --tool=callgrind` with different N: the difference
/// of the two totals divided by the difference of N cancels the set-up (world generation, migrations, threads).
/// `scripts/profile` does exactly that and splits server from client with the inclusive cost of the event loop.
/// Runs on the calling thread; the server runs on `loops` event loops (use 1 under callgrind). The server records
/// every request in the node's metrics and access log (written to `/dev/null`), as the node's API listener does.
struct ProfileBenchmark {
    var kind: String   // "squares", "areas", "bid" or "order", the last two with an optional suffix (below)
    var count: Int
    var loopCount: Int

    /// The request without the `-replicated` suffix (which gives the writer a primary's replication recorder) or the
    /// `-realtime` suffix (which feeds the node's bus to a realtime hub).
    private var baseKind: Substring {
        if isReplicated { return kind.dropLast(Self.replicatedSuffix.count) }
        return hasRealtime ? kind.dropLast(Self.realtimeSuffix.count) : kind[...]
    }
    private var isReplicated: Bool { kind.hasSuffix(Self.replicatedSuffix) }
    private var hasRealtime: Bool { kind.hasSuffix(Self.realtimeSuffix) }
    static let replicatedSuffix = "-replicated"
    static let realtimeSuffix = "-realtime"
    /// Every request the profile can repeat (`--kind`).
    static let kinds = [
        "squares", "areas", "bid", "order", "bid-replicated", "order-replicated", "bid-realtime", "order-realtime",
        noOpBidKind, writerKind, ceilingKind,
    ]
    /// `bench writes`'s command through the Writer with 64 submitters, and in transactions of 64 without it (no HTTP,
    /// no node: see `WritesBenchmark.profile`).
    static let writerKind = "writer-x64"
    static let noOpBidKind = "bid-noop"
    static let ceilingKind = "ceiling-64"

    func run() throws -> String {
        if kind == Self.writerKind || kind == Self.ceilingKind {
            return try WritesBenchmark.profile(kind: kind, count: count, loopCount: loopCount)
        }
        let noOpBidResponse = kind == Self.noOpBidKind ? try Self.bidResponseBody(loopCount: loopCount) : nil
        let node = try BenchAPINode(loopCount: loopCount, withAuctions: baseKind == "bid" || noOpBidResponse != nil,
                                    withMarket: baseKind == "order", withRecorder: isReplicated,
                                    recordsRequests: true, withRealtime: hasRealtime, noOpBidResponse: noOpBidResponse)
        defer { node.shutdown() }
        let client = try HTTPClient(host: "127.0.0.1", port: node.server.localPort)
        defer { client.close() }
        let began = ContinuousClock.now
        for index in 0..<count {
            let response: HTTPClientResponse
            if node.traders.count == 2 {
                let isSell = index % 2 == 0
                let body = #"{"resource":"wheat","side":"\#(isSell ? "sell" : "buy")","price":100,"quantity":1}"#
                response = try client.send(.post, "/api/marketplace/orders",
                                           headers: ["content-type": "application/json",
                                                     "authorization": "Bearer \(node.traders[index % 2])"],
                                           body: Array(body.utf8))
            } else if let bidder = node.bidder {
                response = try client.send(.post, "/api/auctions/\(bidder.auctionID)/bid",
                                           headers: ["content-type": "application/json", "authorization": "Bearer \(bidder.token)"],
                                           body: Array(#"{"amount":\#(index + 1)}"#.utf8))
            } else if baseKind == "areas" {
                response = try client.send(.get, Self.areaPath(index))
            } else {
                response = try client.send(.get, BenchAPINode.hundredSquaresPath)
            }
            guard (200...201).contains(response.status) else {
                throw BenchmarkError.requestsFailed(count: 1, firstStatus: response.status)
            }
        }
        let elapsed = ContinuousClock.now - began
        let what = switch baseKind {
        case "bid": "POST /api/auctions/{id}/bid"
        case "bid-noop": "POST /api/auctions/{id}/bid to a no-op route"
        case "order": "POST /api/marketplace/orders"
        case "areas": "GET 100 squares, new area"
        default: "GET 100 squares"
        }
        return "bench profile: \(count) x \(what) in "
            + String(format: "%.3f s, %.1f us per request", elapsed.seconds, elapsed.seconds * 1e6 / Double(max(count, 1)))
    }

    /// The body of a real bid's 201 response, from a node of its own (shut down before the profile's node starts).
    static func bidResponseBody(loopCount: Int) throws -> [UInt8] {
        let node = try BenchAPINode(loopCount: loopCount, withAuctions: true)
        defer { node.shutdown() }
        guard let bidder = node.bidder else { throw BenchmarkError.requestsFailed(count: 1, firstStatus: 0) }
        let client = try HTTPClient(host: "127.0.0.1", port: node.server.localPort)
        defer { client.close() }
        let response = try client.send(.post, "/api/auctions/\(bidder.auctionID)/bid",
                                       headers: ["content-type": "application/json",
                                                 "authorization": "Bearer \(bidder.token)"],
                                       body: Array(#"{"amount":1}"#.utf8))
        guard response.status == 201 else {
            throw BenchmarkError.requestsFailed(count: 1, firstStatus: response.status)
        }
        return response.body
    }

    /// The `index`th 10 x 10 area: walks the 55 x 55 corners whose area lies inside the demo world's 64 x 64
    /// squares (-32...31), so consecutive requests never repeat an area before 3,025 of them.
    static func areaPath(_ index: Int) -> String {
        let x = -32 + index % 55
        let y = -32 + (index / 55) % 55
        return "/api/land-squares?minX=\(x)&minY=\(y)&maxX=\(x + 9)&maxY=\(y + 9)"
    }
}
