import Dispatch
import Foundation
import HTTP
import Locking
import Synchronization
import TestSupport

/// Random game operations against a primary over HTTP from several threads: market buy and sell orders at random
/// prices, cancellations of one's own orders, and bids on open auctions. Rejections (422, 409) are part of the mix.
struct RandomGameLoad {
    let port: Int
    let tokens: [String]

    func run(operations: Int, threads: Int) throws {
        let remaining = Atomic<Int>(operations)
        let failures = Locked<[String]>([])
        let group = DispatchGroup()
        for thread in 0..<threads {
            group.enter()
            Thread { [self] in
                defer { group.leave() }
                var generator = SplitMix64(seed: UInt64(thread + 1) * 0x9E37_79B9)
                do {
                    let client = try HTTPClient(host: "127.0.0.1", port: port)
                    defer { client.close() }
                    var orderIDs: [String: [Int]] = [:]
                    while remaining.subtract(1, ordering: .relaxed).newValue >= 0 {
                        try step(client, &generator, &orderIDs)
                    }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }.start()
        }
        group.wait()
        if let first = failures.withLock({ $0.first }) { throw LoadFailure.transport(first) }
    }

    private func step(_ client: HTTPClient, _ generator: inout SplitMix64, _ orderIDs: inout [String: [Int]]) throws {
        let token = tokens[Int(generator.next() % UInt64(tokens.count))]
        let headers: HTTPHeaders = ["authorization": "Bearer \(token)", "content-type": "application/json"]
        let roll = generator.next() % 10
        let resource = ["wheat", "oil", "ore"][Int(generator.next() % 3)]
        let response: HTTPClientResponse
        if roll < 6 {
            let side = roll < 4 ? "buy" : "sell"
            let body = #"{"resource":"\#(resource)","side":"\#(side)","quantity":\#(1 + generator.next() % 5),"price":\#(5 + generator.next() % 20)}"#
            response = try client.send(.post, "/api/marketplace/orders", headers: headers, body: Array(body.utf8))
            if let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
               let order = object["order"] as? [String: Any] ?? Optional(object), let id = order["id"] as? Int {
                orderIDs[token, default: []].append(id)
            }
        } else if roll < 8, var mine = orderIDs[token], !mine.isEmpty {
            let id = mine.remove(at: Int(generator.next() % UInt64(mine.count)))
            orderIDs[token] = mine
            response = try client.send(.delete, "/api/marketplace/orders/\(id)", headers: headers)
        } else {
            let auctionID = 1 + generator.next() % 40
            let body = #"{"amount":\#(1 + generator.next() % 60)}"#
            response = try client.send(.post, "/api/auctions/\(auctionID)/bid", headers: headers, body: Array(body.utf8))
        }
        guard response.status < 500 else { throw LoadFailure.serverError(status: response.status, body: response.bodyText) }
    }
}

enum LoadFailure: Error {
    case transport(String)
    case serverError(status: Int, body: String)
}
