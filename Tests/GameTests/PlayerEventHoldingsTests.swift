@testable import Game
import Testing

/// `PlayerEventHoldings`: the holdings member appended to a player's own event data, and nothing else touched.
@Suite struct PlayerEventHoldingsTests {
    static let holdings = #"{"balances":{"gold":5},"escrow":{"gold":1}}"#

    @Test(arguments: [
        (#"{}"#, #"{"holdings":{"balances":{"gold":5},"escrow":{"gold":1}}}"#),
        (#"{ }"#, #"{ "holdings":{"balances":{"gold":5},"escrow":{"gold":1}}}"#),
        (#"{"a":1}"#, #"{"a":1,"holdings":{"balances":{"gold":5},"escrow":{"gold":1}}}"#),
        (#"{"a":{"b":2}} "#, #"{"a":{"b":2},"holdings":{"balances":{"gold":5},"escrow":{"gold":1}}}"#),
        (#"[1]"#, #"[1]"#),
        (#""#, #""#),
    ])
    func mergesIntoObjectsOnly(_ example: (input: String, expected: String)) {
        let merged = PlayerEventHoldings.merged(Array(example.input.utf8), holdings: Array(Self.holdings.utf8))
        #expect(String(decoding: merged, as: UTF8.self) == example.expected)
    }

    @Test(arguments: [("player:7", Int64(7)), ("player:me", nil), ("player:0", nil), ("auctions", nil),
                      ("square:7", nil), ("player:-3", nil)])
    func onlyPlayerTopicsAreAnnotated(_ example: (topic: String, playerID: Int64?)) {
        #expect(PlayerEventHoldings.playerID(topic: example.topic) == example.playerID)
    }

    @Test func annotatesEachPlayersOwnEventsWithTheirLedgerHoldings() throws {
        let database = try GameDatabase(seed: 1)
        let alice = try database.register("alice", gold: 700)
        let bob = try database.register("bob", gold: 20)
        let events = [
            DomainEvent(topic: "player:\(alice.id)", type: "x", dataJSON: Array(#"{"n":1}"#.utf8)),
            DomainEvent(topic: "auctions", type: "y", dataJSON: Array(#"{"n":2}"#.utf8)),
            DomainEvent(topic: "player:\(bob.id)", type: "z", dataJSON: Array("{}".utf8)),
        ]
        let annotated = try database.read { try PlayerEventHoldings.annotate(events, in: $0) }
        #expect(String(decoding: annotated[0].dataJSON, as: UTF8.self)
            == #"{"n":1,"holdings":{"balances":{"gold":700,"oil":0,"ore":0,"wheat":0},"escrow":{"gold":0,"oil":0,"ore":0,"wheat":0}}}"#)
        #expect(annotated[1] == events[1])
        #expect(String(decoding: annotated[2].dataJSON, as: UTF8.self).contains(#""balances":{"gold":20,"#))
    }

    @Test func oneReadGivesWhatLedgerHoldingsGivesForEachPlayer() throws {
        let fixture = try AuctionFixture()
        let (alice, bob) = (try fixture.database.register("alice"), try fixture.database.register("bob", gold: 55))
        let auction = try fixture.create("blind", squares: try fixture.openSquares(1))
        try fixture.bid(auction, alice, 321)
        let (batch, single) = try fixture.database.read { connection in
            (try PlayerEventHoldings.holdings(of: [alice.id, bob.id, 9_999], in: connection),
             try [alice.id, bob.id].map { try Ledger.holdings(playerID: $0, in: connection) })
        }
        #expect(batch[alice.id] == single[0] && batch[bob.id] == single[1] && batch[9_999] == nil)
        #expect(batch[alice.id]?.escrow[.gold] == 321)
        // One or two players are read one statement each (no temporary tables): the same holdings.
        let (one, two) = try fixture.database.read { connection in
            (try PlayerEventHoldings.holdings(of: [alice.id], in: connection),
             try PlayerEventHoldings.holdings(of: [alice.id, bob.id], in: connection))
        }
        #expect(one == [alice.id: single[0]] && two == [alice.id: single[0], bob.id: single[1]])
    }
}
