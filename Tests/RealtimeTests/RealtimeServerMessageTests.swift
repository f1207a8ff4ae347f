import Foundation
import Testing
@testable import Realtime
import WebSocket

@Suite struct RealtimeServerMessageTests {
    private func object(_ message: RealtimeServerMessage) throws -> [String: Any] {
        let parsed = try JSONSerialization.jsonObject(with: Data(message.text.utf8))
        return try #require(parsed as? [String: Any])
    }

    @Test func eventSplicesItsDataAndEscapesStrings() throws {
        let message = RealtimeServerMessage.event(topic: "auction:1", seq: 3, event: "bid_\"placed\"\n",
                                                  dataJSON: Array(#"{"amount":5}"#.utf8))
        let json = try object(message)
        #expect(json["type"] as? String == "event")
        #expect(json["topic"] as? String == "auction:1")
        #expect(json["seq"] as? Int == 3)
        #expect(json["event"] as? String == "bid_\"placed\"\n")
        #expect((json["data"] as? [String: Any])?["amount"] as? Int == 5)
        #expect(try object(.event(topic: "t", seq: 1, event: "e", dataJSON: [])).keys.contains("data"))
    }

    /// An event's frame is written as bytes (`eventPayload`): the same bytes as the frame of its `text`, for odd
    /// strings (escapes, controls, non-ASCII), big and negative seqs, and data that is blank, invalid UTF-8 or not
    /// an object.
    @Test func eventFramesAreTheBytesOfTheirText() {
        let strings = ["auction:1", "player:me", "", "x\"y\\z\u{1}\u{1F}\n\r\t", "日本 🎉", "e\u{301}", "/</"]
        let data: [[UInt8]] = [
            [], Array("  \n".utf8), Array("{}".utf8), Array(#"{"a":-9223372036854775808,"b":"\"ü\""}"#.utf8),
            Array("[1] ".utf8), [0x7B, 0xFF, 0xC3, 0x7D], [0xE6, 0x97],
            Array(#"{"x":"\#(String(repeating: "x", count: 200))"}"#.utf8),
        ]
        var count = 0
        for topic in strings {
            for event in strings {
                for dataJSON in data {
                    for seq in [Int64.min, -1, 0, 7, 1 << 40, Int64.max] {
                        let message = RealtimeServerMessage.event(topic: topic, seq: seq, event: event, dataJSON: dataJSON)
                        #expect(message.outbound == WebSocketOutboundMessage(text: message.text),
                                "\(topic) \(seq) \(event) \(dataJSON.prefix(8))")
                        count += 1
                    }
                }
            }
        }
        #expect(count == 7 * 7 * 8 * 6)
        let large = RealtimeServerMessage.event(topic: "auctions", seq: 1, event: "e",
                                                dataJSON: Array(#"{"x":"\#(String(repeating: "é", count: 40_000))"}"#.utf8))
        #expect(large.outbound == WebSocketOutboundMessage(text: large.text))
    }

    @Test(arguments: [
        RealtimeServerMessage.authenticated(playerID: 4, expiresAt: 99),
        .subscribed(topics: [("auctions", 4), ("player:me", 0)]), .subscribed(topics: []),
        .unsubscribed(topics: ["square:1"]), .result(requestID: "r\u{1}", resultJSON: Array(#"{"ok":true}"#.utf8)),
        .error(requestID: nil, code: "forbidden", message: "no \\ way"), .error(requestID: "r", code: "c", message: "m"),
        .resync(topic: "auctions", latestSeq: 900), .pong,
    ])
    func everyMessageIsAJSONObjectWithAType(message: RealtimeServerMessage) throws {
        let json = try object(message)
        #expect(json["type"] is String)
    }

    @Test func resultAndErrorCarryTheRequestID() throws {
        let result = try object(.result(requestID: "r-7", resultJSON: Array(#"{"bidId":3}"#.utf8)))
        #expect(result["requestId"] as? String == "r-7")
        #expect((result["data"] as? [String: Any])?["bidId"] as? Int == 3)
        let error = try object(.error(requestID: "r-8", code: "auction_closed", message: "closed"))
        #expect(error["requestId"] as? String == "r-8")
        #expect(error["code"] as? String == "auction_closed")
        #expect(try object(.error(requestID: nil, code: "x", message: "y"))["requestId"] == nil)
    }
}
