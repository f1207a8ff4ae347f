@testable import Game
import Store
import Testing
import TestSupport

/// `PlayerEventHoldings.annotate` gives, byte for byte, what its first form (kept below as `Reference`: sets and
/// dictionaries, `hasPrefix` and `Int64(Substring)` on the topic, the object copied then extended) gave, for random
/// events of every topic kind, odd topics (signs, leading zeros, overflow, non-ASCII), odd data (escapes, big and
/// negative integers, whitespace, non-objects), with and without the command's `LedgerAccounts`.
@Suite struct PlayerEventHoldingsBytesTests {
    /// The first form of the changed parts, as it was before the byte-level rewrite.
    enum Reference {
        static func playerID(topic: String) -> Int64? {
            guard topic.hasPrefix("player:") else { return nil }
            return Int64(topic.dropFirst("player:".count)).flatMap { $0 > 0 ? $0 : nil }
        }

        static func merged(_ object: [UInt8], holdings: [UInt8]) -> [UInt8] {
            guard let last = object.lastIndex(where: { !isWhitespace($0) }), object[last] == UInt8(ascii: "}"),
                  object.first == UInt8(ascii: "{") else { return object }
            let isEmpty = object[1..<last].allSatisfy(isWhitespace)
            var result = Array(object[..<last])
            result.append(contentsOf: Array((isEmpty ? #""holdings":"# : #","holdings":"#).utf8))
            result.append(contentsOf: holdings)
            result.append(UInt8(ascii: "}"))
            return result
        }

        static func json(_ balances: PlayerEventHoldings.Balances) -> [UInt8] {
            func appendAmounts(_ amounts: ArraySlice<Int64>, to bytes: inout [UInt8]) {
                for (offset, amount) in amounts.enumerated() {
                    if offset > 0 { bytes.append(UInt8(ascii: ",")) }
                    bytes.append(contentsOf: PlayerEventHoldings.assetKeys[offset].key)
                    bytes.append(contentsOf: String(amount).utf8)
                }
            }
            let count = PlayerEventHoldings.assetKeys.count
            var bytes: [UInt8] = []
            bytes.append(contentsOf: #"{"balances":{"#.utf8)
            appendAmounts(balances.amounts[..<count], to: &bytes)
            bytes.append(contentsOf: #"},"escrow":{"#.utf8)
            appendAmounts(balances.amounts[count...], to: &bytes)
            bytes.append(contentsOf: "}}".utf8)
            return bytes
        }

        static func annotate(_ events: [DomainEvent], accounts: LedgerAccounts?,
                             in database: any SQLExecutor) throws -> [DomainEvent] {
            var players = Set(events.compactMap { playerID(topic: $0.topic) })
            guard !players.isEmpty else { return events }
            var known: [Int64: PlayerEventHoldings.Balances] = [:]
            if let accounts {
                for playerID in players {
                    guard let balances = accounts.balances(of: playerID) else { continue }
                    known[playerID] = balances
                    players.remove(playerID)
                }
            }
            let balances = players.isEmpty ? known : try PlayerEventHoldings.balances(of: players, in: database)
                .merging(known) { read, _ in read }
            var annotated = events
            for index in annotated.indices {
                guard let playerID = playerID(topic: annotated[index].topic) else { continue }
                let holdings = json(balances[playerID] ?? PlayerEventHoldings.Balances())
                annotated[index].dataJSON = merged(annotated[index].dataJSON, holdings: holdings)
            }
            return annotated
        }

        private static func isWhitespace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
        }
    }

    static let oddTopics = [
        "player:+7", "player:007", "player:-3", "player:0", "player:", "player:+", "player:-", "player:me",
        "player:9223372036854775807", "player:9223372036854775808", "player:99999999999999999999",
        "player:-9223372036854775808", "player: 5", "player:5 ", "player:5x", "Player:5", "player5", "player::5",
        "player:\u{301}5", "player:5\u{301}", "plαyer:5", "player:٥", "player:５", "", "auctions",
    ]

    static let oddData = [
        "{}", "{ }", " {}", "{}\n", "{\t\r\n}", "[1]", "", "{", "}", "null", "\"x\"",
        #"{"a":"\"quoted\" \\ back\u0001\n","b":-9223372036854775808,"c":9223372036854775807}"#,
        #"{"nested":{"x":[1,{"y":{}}]},"ü":"日本 🎉"} "#,
        #"{"amount":-1,"big":123456789012345678901234567890,"f":1.5e-7}"#,
    ]

    /// Random events: topics of every kind (the test's players, a player without accounts, odd player topics and
    /// every other topic kind), data either odd or a random object.
    static func randomEvents(_ generator: inout SplitMix64, players: [Int64]) -> [DomainEvent] {
        let kinds = ["bid_placed", "bid_accepted", "order_updated", "trade_executed", "resources_produced", "x\"y"]
        return (0..<Int.random(in: 0...7, using: &generator)).map { _ in
            let topic: String
            switch Int.random(in: 0..<6, using: &generator) {
            case 0, 1: topic = "player:\(players.randomElement(using: &generator) ?? 1)"
            case 2: topic = "player:\(Int64.random(in: 1...Int64.max, using: &generator))"
            case 3: topic = oddTopics.randomElement(using: &generator) ?? ""
            default:
                topic = ["auctions", "auction:\(Int.random(in: 1...99, using: &generator))", "square:3", "region:1",
                         "market:wheat", "market:land"].randomElement(using: &generator) ?? ""
            }
            let data: String
            if Bool.random(using: &generator) {
                data = oddData.randomElement(using: &generator) ?? "{}"
            } else {
                let members = (0..<Int.random(in: 0...4, using: &generator)).map { index in
                    #""k\#(index)":\#(Int64.random(in: Int64.min...Int64.max, using: &generator))"#
                }
                data = "{" + members.joined(separator: ",") + "}"
            }
            return DomainEvent(topic: topic, type: kinds.randomElement(using: &generator) ?? "x",
                               dataJSON: Array(data.utf8))
        }
    }

    @Test(arguments: ["player:+7", "player:007", "player:-3", "player:0", "player:9223372036854775807",
                      "player:9223372036854775808", "player:\u{301}5", "player:5\u{301}", "player:٥", "player:５",
                      "player:", "player:+", "plαyer:5", "player: 5"])
    func playerIDsAsTheSubstringParseGaveThem(_ topic: String) {
        #expect(PlayerEventHoldings.playerID(topic: topic) == Reference.playerID(topic: topic))
    }

    @Test(arguments: oddData)
    func mergedBytesAsBefore(_ data: String) {
        let holdings = Array(#"{"balances":{"gold":-5},"escrow":{}}"#.utf8)
        #expect(PlayerEventHoldings.merged(Array(data.utf8), holdings: holdings)
            == Reference.merged(Array(data.utf8), holdings: holdings))
    }

    @Test func holdingsBytesAsBefore() {
        var generator = SplitMix64(seed: 5)
        let odd: [Int64] = [0, 1, -1, 9, 10, Int64.max, Int64.min, 1_000_000_000_000]
        for _ in 0..<200 {
            var balances = PlayerEventHoldings.Balances()
            for slot in balances.amounts.indices {
                balances.amounts[slot] = Bool.random(using: &generator)
                    ? odd.randomElement(using: &generator) ?? 0 : Int64.random(in: Int64.min...Int64.max, using: &generator)
            }
            #expect(PlayerEventHoldings.json(balances) == Reference.json(balances), "\(balances.amounts)")
        }
    }

    @Test func randomEventsAnnotatedAsBefore() throws {
        let database = try GameDatabase(seed: 1, isDemo: false)
        let alice = try database.register("alice", gold: 9_000)
        let bob = try database.register("bob", gold: 12)
        let carol = try database.register("carol", gold: 0)
        // 9_999 has no accounts; 7 is what "+7" and "007" name.
        let players = [alice.id, bob.id, carol.id, 9_999, 7]
        var generator = SplitMix64(seed: 23)
        var compared = 0
        for round in 0..<300 {
            let events = Self.randomEvents(&generator, players: players)
            let (annotated, reference) = try database.writer.performAndWait { transaction in
                // Half the rounds with the command's accounts holding alice (and bob) after a move, as a bid's and a
                // trade's publication has them; the others read every player.
                var accounts: LedgerAccounts?
                if round % 2 == 0 {
                    let cache = LedgerAccounts(in: transaction)
                    try cache.move(Int64(round % 5 + 1), .gold, from: .player(alice.id, .available),
                                   to: .player(round % 4 == 0 ? bob.id : alice.id, .escrow), reason: .adjustment,
                                   reference: nil, now: GameDatabase.epoch)
                    accounts = cache
                }
                return (try PlayerEventHoldings.annotate(events, accounts: accounts, in: transaction),
                        try Reference.annotate(events, accounts: accounts, in: transaction))
            }
            #expect(annotated == reference, "round \(round): \(events)")
            compared += annotated.count
        }
        #expect(compared > 500)
    }

    /// A resource run's chunk: hundreds of owners in one publication (the memo's dictionary), the same bytes.
    @Test func hundredsOfOwnersAnnotatedAsBefore() throws {
        let database = try GameDatabase(seed: 1, isDemo: false)
        let registered = try (0..<20).map { try database.register("owner\($0)", gold: Int64($0) * 1_000) }
        let owners = registered.map(\.id) + (1_000...1_300).map(Int64.init)
        let events = (owners + owners.reversed()).map { owner in
            DomainEvent(topic: "player:\(owner)", type: "resources_produced", dataJSON: Array(#"{"wheat":3}"#.utf8))
        }
        let (annotated, reference) = try database.read { connection in
            (try PlayerEventHoldings.annotate(events, in: connection), try Reference.annotate(events, accounts: nil,
                                                                                               in: connection))
        }
        #expect(annotated == reference)
        #expect(String(decoding: annotated[5].dataJSON, as: UTF8.self).contains(#""gold":5000"#))
    }
}
