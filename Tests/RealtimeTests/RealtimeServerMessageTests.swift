import Foundation
import Testing
@testable import Realtime

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
