import API
import HTTP

/// Auctions of a test server: started through the routes an operator or an owner uses, settled by running the
/// queue's due jobs at a chosen time.
extension TestServer {
    /// Starts an auction through `POST /api/admin/auctions`; returns its id.
    func startAuction(admin: String, type: String, squares: [Int64], seconds: Int, reserve: Int64 = 0) throws -> Int64 {
        let squareList = squares.map(String.init).joined(separator: ",")
        return try createAuction("/api/admin/auctions", token: admin, json: #"{"landSquares":[\#(squareList)],"#
            + #""auctionType":"\#(type)","durationSeconds":\#(seconds),"reservePrice":\#(reserve)}"#)
    }

    /// Puts `square` up through the owner's `POST /api/land-squares/{id}/auctions`; returns the auction's id.
    func startOwnerAuction(token: String, square: Int64, type: String, seconds: Int, reserve: Int64 = 0) throws -> Int64 {
        try createAuction("/api/land-squares/\(square)/auctions", token: token, json: #"{"auctionType":"\#(type)","#
            + #""durationSeconds":\#(seconds),"reservePrice":\#(reserve)}"#)
    }

    /// Moves the clock to `milliseconds` and runs every due job.
    func runJobs(at milliseconds: Int64) throws {
        clock.set(milliseconds: milliseconds)
        while try runner.runDueJobs() > 0 {}
    }

    private func createAuction(_ target: String, token: String, json: String) throws -> Int64 {
        let client = try client()
        defer { client.close() }
        let response = try client.post(target, json: json, token: token)
        guard response.status == 201, case .integer(let id)? = response.json?["id"] else {
            throw TestFailure("\(target): \(response.status) \(response.bodyText)")
        }
        return id
    }
}
