import Engine
import Foundation
import Game
import Jobs
import Locking
import Store
import Testing
import TestSupport

/// The operators' actions through the Engine services on a real WAL database: each action and its audit row commit
/// together, a refused action leaves no row (and no transfer), cancelling releases every escrow with `verify` clean,
/// suspension ends bids, orders and sessions, a top-up moves treasury gold through the ledger, and the trail refuses
/// UPDATE and DELETE.
@Suite struct AdminActionsTests {
    let fixture: EngineFixture
    let market: MarketService
    let players: PlayerService
    let admin: Player
    let actor: AdminActor

    init() throws {
        fixture = try EngineFixture(.marketMaker)
        market = fixture.market
        players = fixture.players
        admin = try fixture.register("operator", role: .admin, gold: 0)
        actor = AdminActor(adminID: admin.id, remoteAddress: "192.0.2.7:5000", requestID: "req-1",
                           traceID: "4bf92f3577b34da6a3ce929d0e0e4736")
    }

    func auditRows() throws -> [AdminAuditEntry] {
        try fixture.read { try AdminAudit.list(before: nil, limit: 100, in: $0) }
    }

    func transferCount() throws -> Int64 {
        try fixture.read { try $0.queryOne("SELECT count(*) AS n FROM transfers")?.int64("n") ?? 0 }
    }

    @Test func cancellingAnAuctionReleasesEveryEscrowTellsTheBiddersAndIsAuditedInTheSameCommand() throws {
        let auction = try fixture.create("blind", squares: try fixture.openSquares(1), seconds: 600)
        let ann = try fixture.register("ann")
        let bob = try fixture.register("bob")
        try fixture.bid(auction.id, ann, 120)
        try fixture.bid(auction.id, bob, 150)
        #expect(try fixture.escrow(ann) == 120 && fixture.escrow(bob) == 150)
        fixture.events.withLock { $0.removeAll() }
        let cancelled = try fixture.wait { players in
            fixture.auctions.cancelAuction(auctionID: auction.id, reason: "stuck square", by: actor, completion: players)
        }
        #expect(cancelled.auction.status == .cancelled)
        #expect(cancelled.bids.allSatisfy { $0.bid.status == .released })
        #expect(try fixture.escrow(ann) == 0 && fixture.escrow(bob) == 0)
        #expect(try fixture.failedChecks().isEmpty)
        let published = fixture.events.withLock { $0 }
        #expect(published.contains { $0.topic == "auction:\(auction.id)" && $0.type == "auction_cancelled" })
        #expect(published.contains { $0.topic == "player:\(ann.id)" && $0.type == "bid_released" })
        #expect(published.contains { $0.topic == "player:\(bob.id)" && $0.type == "bid_released" })
        let rows = try auditRows()
        #expect(rows.count == 1)
        let row = try #require(rows.first)
        #expect(row.action == "auction.cancel" && row.target == "auction:\(auction.id)" && row.adminID == admin.id)
        #expect(row.adminName == "operator" && row.remoteAddress == "192.0.2.7:5000" && row.requestID == "req-1")
        #expect(row.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(row.details["reason"] == .string("stuck square") && row.details["releasedBids"] == .integer(2))
        // The release transfers and the audit row are one commit: same writer command, same time.
        let releasedAt = try fixture.read { connection in
            try connection.queryOne("SELECT max(created_at) AS at FROM transfers WHERE reason = 'auction_release'")?.int64("at")
        }
        #expect(releasedAt == row.at)
    }

    @Test func aRefusedActionLeavesNoAuditRowAndMovesNothing() throws {
        let auction = try fixture.create("open", squares: try fixture.openSquares(1), seconds: 600)
        _ = try fixture.wait { fixture.auctions.cancelAuction(auctionID: auction.id, reason: "first", by: actor, completion: $0) }
        let transfersBefore = try transferCount()
        #expect(throws: AdminError.auctionNotActive(auctionID: auction.id, status: "cancelled")) {
            _ = try fixture.wait { fixture.auctions.cancelAuction(auctionID: auction.id, reason: "again", by: actor, completion: $0) }
        }
        #expect(throws: AuctionError.auctionNotFound(auctionID: 999_999)) {
            _ = try fixture.wait { fixture.auctions.cancelAuction(auctionID: 999_999, reason: "none", by: actor, completion: $0) }
        }
        // A fresh world's treasury holds nothing: the top-up is refused, with no transfer and no row.
        #expect(throws: AdminError.treasuryShort(asset: "gold", available: 0, requested: 80)) {
            _ = try fixture.wait { market.topUpMarketMaker(.wheat, quantity: 10, by: actor, completion: $0) }
        }
        #expect(throws: JobsError.jobNotFound(id: 424_242)) {
            _ = try fixture.wait { fixture.auctions.queue.retry(jobID: 424_242, by: actor, completion: $0) }
        }
        #expect(try transferCount() == transfersBefore)
        #expect(try auditRows().map(\.action) == ["auction.cancel"])
    }

    @Test func aTopUpIsPaidByTheTreasuryThroughTheLedger() throws {
        let now = fixture.clock.now.rawValue
        try fixture.writer.performAndWait { transaction in
            let mint = try Ledger.systemAccount(.mint, .gold, in: transaction)
            let treasury = try Ledger.systemAccount(.treasury, .gold, in: transaction)
            _ = try Ledger.transfer(TransferRequest(asset: .gold, fromAccountID: mint.id, toAccountID: treasury.id,
                                                    amount: 10_000, reason: .adjustment, reference: "test"),
                                    now: now, in: transaction)
        }
        let before = try fixture.read { try market.marketMakerOverview(in: $0) }
        let wheatBefore = try #require(before.resources.first { $0.resource == .wheat }).stock
        let after = try fixture.wait { market.topUpMarketMaker(.wheat, quantity: 100, by: actor, completion: $0) }
        // The maker buys at 8 gold a unit: the treasury pays 800 to the mint, which issues 100 wheat to the maker.
        #expect(after.treasuryGold == 10_000 - 800)
        #expect(try #require(after.resources.first { $0.resource == .wheat }).stock == wheatBefore + 100)
        let gold = try fixture.wait { market.topUpMarketMaker(.gold, quantity: 1_000, by: actor, completion: $0) }
        #expect(gold.treasuryGold == 10_000 - 800 - 1_000 && gold.gold == before.gold + 1_000)
        let reasons = try fixture.read { connection in
            try connection.query("SELECT asset, amount FROM transfers WHERE reason = 'market_maker_top_up' ORDER BY id")
                .map { "\(try $0.string("asset")) \(try $0.int64("amount"))" }
        }
        #expect(reasons == ["gold 800", "wheat 100", "gold 1000"])
        #expect(try fixture.failedChecks().isEmpty)
        #expect(try auditRows().map(\.action) == ["market_maker.top_up", "market_maker.top_up"])
    }

    @Test func suspensionCancelsBidsAndOrdersRaisesTheGenerationAndIsUndoneByReinstatement() throws {
        let auction = try fixture.create("open", squares: try fixture.openSquares(1), seconds: 600)
        let cat = try fixture.register("cat")
        try fixture.bid(auction.id, cat, 200)
        _ = try fixture.wait { completion in
            market.placeOrder(OrderRequest(playerID: cat.id, resource: .wheat, side: .buy, price: 5, quantity: 10)) {
                completion($0.mapError { $0 as any Error })
            }
        }
        #expect(try fixture.escrow(cat) == 250)
        fixture.events.withLock { $0.removeAll() }
        let suspension = try fixture.wait {
            players.suspend(playerID: cat.id, reason: "botting", by: actor, auctions: fixture.auctions, market: market,
                            completion: $0)
        }
        #expect(suspension.releasedBids == 1 && suspension.cancelledOrders == 1)
        #expect(suspension.player.isSuspended && suspension.player.suspendedReason == "botting")
        #expect(suspension.player.escrow == 0 && suspension.player.gold == 1_000)
        #expect(try fixture.failedChecks().isEmpty)
        let state = try fixture.read { try Players.sessionState(playerID: cat.id, in: $0) }
        #expect(state?.isSuspended == true && state?.tokenGeneration == 1)
        let published = fixture.events.withLock { $0 }
        #expect(published.contains { $0.topic == "player:\(cat.id)" && $0.type == PlayerSuspensionEvents.suspendedType })
        #expect(published.contains { $0.topic == "player:\(cat.id)" && $0.type == "bid_released" })
        #expect(throws: AdminError.alreadySuspended(playerID: cat.id)) {
            _ = try fixture.wait {
                players.suspend(playerID: cat.id, reason: "again", by: actor, auctions: fixture.auctions, market: market,
                                completion: $0)
            }
        }
        #expect(throws: AdminError.cannotSuspend(playerID: admin.id, reason: "operators cannot be suspended")) {
            _ = try fixture.wait {
                players.suspend(playerID: admin.id, reason: "oops", by: actor, auctions: fixture.auctions, market: market,
                                completion: $0)
            }
        }
        let reinstated = try fixture.wait { players.reinstate(playerID: cat.id, by: actor, completion: $0) }
        #expect(!reinstated.isSuspended && reinstated.suspendedReason == nil)
        let after = try fixture.read { try Players.sessionState(playerID: cat.id, in: $0) }
        #expect(after?.isSuspended == false && after?.tokenGeneration == 1, "tokens from before stay revoked")
        #expect(try auditRows().map(\.action) == ["player.reinstate", "player.suspend"])
    }

    @Test func jobRetryAndCancelAreAudited() throws {
        let auction = try fixture.create("open", squares: try fixture.openSquares(1), seconds: 600)
        let settlement = try #require(try fixture.jobs(kind: AuctionService.settleKind).first { $0.payload.contains("\(auction.id)") })
        let cancelled = try fixture.wait { fixture.auctions.queue.cancel(jobID: settlement.id, by: actor, completion: $0) }
        #expect(cancelled.state == .dead)
        let retried = try fixture.wait { fixture.auctions.queue.retry(jobID: settlement.id, by: actor, completion: $0) }
        #expect(retried.state == .pending)
        #expect(try auditRows().map(\.target) == ["job:\(settlement.id)", "job:\(settlement.id)"])
    }

    @Test func theAuditTrailRefusesUpdateAndDelete() throws {
        let now = fixture.clock.now.rawValue
        let actor = actor
        let id = try fixture.writer.performAndWait { transaction in
            try AdminAudit.record(.auctionCreate, target: "auction:1", by: actor, now: now, in: transaction)
        }
        #expect(throws: StoreError.self) {
            try fixture.writer.performAndWait { transaction in
                try transaction.run("UPDATE admin_audit SET action = 'job.retry' WHERE id = ?", [id])
            }
        }
        #expect(throws: StoreError.self) {
            try fixture.writer.performAndWait { transaction in try transaction.run("DELETE FROM admin_audit") }
        }
        #expect(try auditRows().map(\.action) == ["auction.create"])
    }
}
