import Testing
@testable import Realtime

@Suite struct RealtimeTopicTests {
    @Test(arguments: [
        ("square:12", RealtimeTopic.square(12)), ("region:3", .region(3)), ("auction:99", .auction(99)),
        ("auctions", .auctions), ("market:wheat", .market("wheat")), ("market:oil", .market("oil")),
        ("market:ore", .market("ore")), ("market:land", .market("land")), ("player:me", .player(42)),
        ("player:42", .player(42)),
    ])
    func parsesValidTopics(name: String, expected: RealtimeTopic) throws {
        #expect(try RealtimeTopic.parse(name, requesterID: 42) == expected)
    }

    @Test(arguments: ["", "square", "square:", "square:0", "square:-1", "square:01", "square:1x", "square:+1",
                      "market:gold", "auction:99999999999999999999", "unknown:1", "auctions:1", "player:",
                      String(repeating: "a", count: 100)])
    func refusesMalformedTopics(name: String) {
        #expect(throws: RealtimeTopicError.invalidTopic(name: name)) { try RealtimeTopic.parse(name, requesterID: 42) }
    }

    @Test func anotherPlayersTopicIsForbidden() {
        #expect(throws: RealtimeTopicError.forbidden(name: "player:7")) { try RealtimeTopic.parse("player:7", requesterID: 42) }
        #expect(RealtimeTopicError.forbidden(name: "player:7").code == "forbidden")
    }

    /// The hub keys a published event by its bus name: every bus name that parses must be its topic's `key`.
    @Test(arguments: ["square:12", "region:3", "auction:99", "auctions", "market:wheat", "market:land", "player:42",
                      "player:+42", "player:042", "square:1\u{301}", "square\u{301}:1", "square:\u{301}1",
                      "market:whe\u{61}t", "auction:9223372036854775807", "auction:9223372036854775808",
                      "player:me", "square:٥", "", "auctions "])
    func aBusNameThatParsesIsItsKey(name: String) {
        guard let topic = RealtimeTopic(busName: name) else { return }
        #expect(topic.key == name)
    }

    /// The hub reads ASCII bus names from their bytes: the same topic (or none) as the `String` parse, for every
    /// combination of kinds, separators and arguments, names over 64 bytes and non-ASCII names.
    @Test func busNamesReadFromBytesAsTheStringParseReadsThem() {
        let kinds = ["square", "region", "auction", "auctions", "market", "player", "Square", "x", ""]
        let separators = [":", "::", "", " :"]
        let arguments = ["1", "42", "0", "01", "+1", "-1", "wheat", "oil", "ore", "land", "gold", "Wheat", "me", "",
                         "9223372036854775807", "9223372036854775808", "99999999999999999999", "1x", " 1", "1:2",
                         String(repeating: "7", count: 60)]
        var names = ["auctions", "auctions:", "square:1\u{301}", "square\u{301}:1", "square:٥", "market:whe\u{301}at"]
        for kind in kinds {
            for separator in separators {
                for argument in arguments { names.append(kind + separator + argument) }
            }
        }
        for name in names {
            let parsed = try? RealtimeTopic.parse(name, requesterID: nil)
            #expect(RealtimeTopic(busName: name) == parsed, "\(name)")
            let reading = RealtimeTopic.readASCII(busName: name)
            if name.utf8.allSatisfy({ $0 < 0x80 }) {
                #expect(reading == (parsed.map { .topic($0) } ?? .invalid), "\(name)")
            } else {
                #expect(reading == .notASCII, "\(name)")
            }
        }
    }

    @Test func busNamesAndClientNames() {
        #expect(RealtimeTopic(busName: "player:42") == .player(42))
        #expect(RealtimeTopic(busName: "player:me") == nil, "the bus never names player:me")
        #expect(RealtimeTopic(busName: "ledger:1") == nil)
        #expect(RealtimeTopic.player(42).key == "player:42")
        #expect(RealtimeTopic.player(42).clientName == "player:me")
        #expect(RealtimeTopic.market("ore").clientName == "market:ore")
        #expect(RealtimeTopic(busName: "market:land") == .market("land"), "listing events reach the gateway")
    }
}
