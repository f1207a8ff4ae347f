import Foundation
@testable import Game
import Store
import Testing

@Suite struct ListingsTests {
    static let configuration = MarketConfiguration()

    /// One row of the declining-price table: the schedule, the time since listing, and the expected price.
    struct PriceCase: Sendable, CustomStringConvertible {
        var start: Int64, floor: Int64, declineMilliseconds: Int64, elapsed: Int64, expected: Int64
        var description: String { "\(start)->\(floor) over \(declineMilliseconds) ms at +\(elapsed) ms" }
    }

    @Test(arguments: [
        PriceCase(start: 1_000, floor: 400, declineMilliseconds: 60_000, elapsed: 0, expected: 1_000),
        PriceCase(start: 1_000, floor: 400, declineMilliseconds: 60_000, elapsed: -5_000, expected: 1_000),
        PriceCase(start: 1_000, floor: 400, declineMilliseconds: 60_000, elapsed: 1, expected: 1_000),
        PriceCase(start: 1_000, floor: 400, declineMilliseconds: 60_000, elapsed: 30_000, expected: 700),
        PriceCase(start: 1_000, floor: 400, declineMilliseconds: 60_000, elapsed: 59_999, expected: 401),
        PriceCase(start: 1_000, floor: 400, declineMilliseconds: 60_000, elapsed: 60_000, expected: 400),
        PriceCase(start: 1_000, floor: 400, declineMilliseconds: 60_000, elapsed: 86_400_000, expected: 400),
        PriceCase(start: 1_000_000_000, floor: 1, declineMilliseconds: 2_592_000_000, elapsed: 2_591_999_999, expected: 2),
        PriceCase(start: 500, floor: 500, declineMilliseconds: 0, elapsed: 10_000, expected: 500),
    ])
    func decliningPriceFollowsTheDocumentedFormula(_ example: PriceCase) throws {
        let database = try GameDatabase(seed: 1)
        let seller = try database.register("seller")
        try database.giveSquare(1, to: seller.id)
        let pricing: ListingPricing = example.declineMilliseconds == 0
            ? .fixed(price: example.start)
            : .declining(startPrice: example.start, floorPrice: example.floor,
                         durationSeconds: example.declineMilliseconds / 1000)
        var longer = Self.configuration
        longer.maxDeclineSeconds = 2_592_000
        let configuration = longer
        let listing = try database.writer.performAndWait { transaction in
            try Listings.create(squareID: 1, sellerID: seller.id, pricing: pricing, configuration: configuration,
                                now: GameDatabase.epoch, in: transaction).listing
        }
        #expect(listing.price(at: GameDatabase.epoch + example.elapsed) == example.expected)
    }

    @Test func listingLocksBuyMovesGoldFeeAndOwnershipOnce() throws {
        let database = try GameDatabase(seed: 1)
        let seller = try database.register("seller", gold: 0)
        let buyer = try database.register("buyer", gold: 1_000)
        let rival = try database.register("rival", gold: 1_000)
        try database.giveSquare(7, to: seller.id)
        let listing = try database.writer.performAndWait { transaction in
            try Listings.create(squareID: 7, sellerID: seller.id, pricing: .fixed(price: 800),
                                configuration: Self.configuration, now: GameDatabase.epoch, in: transaction).listing
        }
        #expect(try database.read { try World.square(id: 7, in: $0).isLocked })
        try expectRefused(database, .squareLocked(squareID: 7)) { transaction in
            _ = try Listings.create(squareID: 7, sellerID: seller.id, pricing: .fixed(price: 5),
                                    configuration: Self.configuration, now: GameDatabase.epoch, in: transaction)
        }
        try expectRefused(database, .ownListing(listingID: listing.id)) { transaction in
            _ = try Listings.buy(listingID: listing.id, buyerID: seller.id, configuration: Self.configuration,
                                 now: GameDatabase.epoch, in: transaction)
        }
        try expectRefused(database, .notListingOwner(listingID: listing.id, playerID: buyer.id)) { transaction in
            _ = try Listings.cancel(listingID: listing.id, playerID: buyer.id, now: GameDatabase.epoch, in: transaction)
        }
        let sold = try database.writer.performAndWait { transaction in
            try Listings.buy(listingID: listing.id, buyerID: buyer.id, configuration: Self.configuration,
                             now: GameDatabase.epoch + 5, in: transaction).listing
        }
        #expect(sold.status == .sold && sold.soldPrice == 800 && sold.fee == 8 && sold.buyerID == buyer.id)
        try database.expectSquareObjectsCurrent("listing, then sale")
        try expectRefused(database, .listingNotActive(listingID: listing.id, status: .sold)) { transaction in
            _ = try Listings.buy(listingID: listing.id, buyerID: rival.id, configuration: Self.configuration,
                                 now: GameDatabase.epoch + 6, in: transaction)
        }
        let square = try database.read { try World.square(id: 7, in: $0) }
        #expect(square.ownerID == buyer.id && !square.isLocked)
        let balances = try database.read { connection in
            [try Ledger.holdings(playerID: seller.id, in: connection).available[.gold],
             try Ledger.holdings(playerID: buyer.id, in: connection).available[.gold],
             try Ledger.systemAccount(.fees, .gold, in: connection).balance]
        }
        #expect(balances == [792, 200, 8])
        #expect(try database.marketViolations().isEmpty)
    }

    @Test func cancelAndExpiryUnlockTheSquare() throws {
        let database = try GameDatabase(seed: 1)
        let seller = try database.register("seller")
        try database.giveSquare(3, to: seller.id)
        try database.giveSquare(4, to: seller.id)
        let (first, second) = try database.writer.performAndWait { transaction in
            let first = try Listings.create(squareID: 3, sellerID: seller.id, pricing: .fixed(price: 10),
                                            configuration: Self.configuration, now: GameDatabase.epoch, in: transaction)
            let second = try Listings.create(
                squareID: 4, sellerID: seller.id, pricing: .declining(startPrice: 90, floorPrice: 10, durationSeconds: 60),
                configuration: Self.configuration, now: GameDatabase.epoch, in: transaction)
            return (first.listing, second.listing)
        }
        let cancelled = try database.writer.performAndWait { transaction in
            try Listings.cancel(listingID: first.id, playerID: seller.id, now: GameDatabase.epoch, in: transaction)
        }
        #expect(cancelled.listing.status == .cancelled && cancelled.events.count == 3)
        #expect(cancelled.events.map(\.topic) == ["market:land", "square:3", "player:\(seller.id)"])
        #expect(try database.read { try World.square(id: 3, in: $0).isLocked } == false)
        let early = try database.writer.performAndWait { transaction in
            try Listings.expire(now: second.expiresAt - 1, limit: 10, in: transaction)
        }
        #expect(early.isEmpty)
        let expired = try database.writer.performAndWait { transaction in
            try Listings.expire(now: second.expiresAt, limit: 10, in: transaction)
        }
        #expect(expired.map(\.listing.status) == [.expired])
        #expect(expired.flatMap(\.events).contains { $0.topic == "player:\(seller.id)" && $0.type == "listing_closed" })
        #expect(try database.read { try World.square(id: 4, in: $0).isLocked } == false)
        #expect(try database.marketViolations().isEmpty)
    }

    /// Runs `body` in a writer command, expects `expected`, and checks nothing changed.
    func expectRefused(_ database: GameDatabase, _ expected: MarketError,
                       _ body: @escaping @Sendable (Transaction) throws -> Void) throws {
        let before = try database.marketFingerprint()
        do {
            try database.writer.performAndWait { transaction in try body(transaction) }
            Issue.record("expected \(expected)")
        } catch let error as MarketError {
            #expect(error == expected)
        }
        #expect(try database.marketFingerprint() == before)
    }
}
