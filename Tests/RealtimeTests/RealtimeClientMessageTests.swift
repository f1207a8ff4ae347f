import Testing
@testable import Realtime

@Suite struct RealtimeClientMessageTests {
    @Test(arguments: [
        (#"{"type":"auth","token":"abc"}"#, RealtimeClientMessage.auth(token: "abc")),
        (#"{"type":"subscribe","topics":["auctions","square:1"]}"#, .subscribe(topics: ["auctions", "square:1"])),
        (#"{"type":"unsubscribe","topics":[]}"#, .unsubscribe(topics: [])),
        (#"{"type":"resume","topic":"auction:1","fromSeq":17}"#, .resume(topic: "auction:1", fromSeq: 17)),
        (#"{"type":"bid","auctionId":5,"amount":1200,"requestId":"r-1","extra":true}"#,
         .bid(auctionID: 5, amount: 1200, requestID: "r-1", traceparent: nil)),
        (#"{"type":"bid","auctionId":5,"amount":1,"requestId":"r-2","traceparent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"}"#,
         .bid(auctionID: 5, amount: 1, requestID: "r-2",
              traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")),
        (#"{"type":"merge","squareIds":[3,4],"requestId":"m-1"}"#, .merge(squareIDs: [3, 4], requestID: "m-1")),
        (#"{"type":"ping"}"#, .ping),
    ])
    func parsesValidMessages(text: String, expected: RealtimeClientMessage) throws {
        #expect(try RealtimeClientMessage.parse(text) == expected)
    }

    @Test(arguments: [
        ("not json", "invalid_json"), ("", "invalid_json"), ("[1,2]", "invalid_body"), ("42", "invalid_body"),
        ("{}", "missing_field"), (#"{"type":7}"#, "wrong_type"), (#"{"type":"dance"}"#, "unknown_type"),
        (#"{"type":"subscribe"}"#, "missing_field"), (#"{"type":"subscribe","topics":"auctions"}"#, "wrong_type"),
        (#"{"type":"subscribe","topics":[1]}"#, "wrong_type"),
        (#"{"type":"bid","auctionId":"5","amount":1,"requestId":"r"}"#, "wrong_type"),
        (#"{"type":"bid","auctionId":5,"amount":1.5,"requestId":"r"}"#, "wrong_type"),
        (#"{"type":"bid","auctionId":5,"amount":1e30,"requestId":"r"}"#, "out_of_range"),
        (#"{"type":"bid","auctionId":5,"amount":99999999999999999999,"requestId":"r"}"#, "out_of_range"),
        (#"{"type":"bid","auctionId":-1e30,"amount":1,"requestId":"r"}"#, "out_of_range"),
        (#"{"type":"bid","auctionId":5,"amount":1,"requestId":""}"#, "invalid_length"),
        (#"{"type":"bid","auctionId":5,"amount":1}"#, "missing_field"),
        (#"{"type":"resume","topic":"auctions","fromSeq":-1}"#, "out_of_range"),
        (#"{"type":"auth","token":null}"#, "wrong_type"),
        (#"{"type":"merge","requestId":"m"}"#, "missing_field"),
        (#"{"type":"merge","squareIds":[1,2]}"#, "missing_field"),
        (#"{"type":"merge","squareIds":"1,2","requestId":"m"}"#, "wrong_type"),
        (#"{"type":"merge","squareIds":[],"requestId":"m"}"#, "out_of_range"),
        (#"{"type":"merge","squareIds":[1,-2],"requestId":"m"}"#, "wrong_type"),
        (#"{"type":"merge","squareIds":[1,0],"requestId":"m"}"#, "wrong_type"),
        (#"{"type":"merge","squareIds":[1,2.5],"requestId":"m"}"#, "wrong_type"),
        (#"{"type":"merge","squareIds":[1,"2"],"requestId":"m"}"#, "wrong_type"),
        (#"{"type":"merge","squareIds":[1,null],"requestId":"m"}"#, "wrong_type"),
        (#"{"type":"merge","squareIds":[1,2],"requestId":""}"#, "invalid_length"),
    ])
    func refusesInvalidMessages(text: String, code: String) {
        do {
            _ = try RealtimeClientMessage.parse(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.code == code, "\(text): \(error)")
            #expect(!error.message.isEmpty)
        }
    }

    @Test func boundsTopicsPerMessage() {
        let topics = (1...5).map { "\"square:\($0)\"" }.joined(separator: ",")
        let limits = RealtimeClientMessage.Limits(maxTopicsPerMessage: 4)
        #expect(throws: RealtimeMessageError.tooManyTopics(limit: 4, requested: 5)) {
            try RealtimeClientMessage.parse(#"{"type":"subscribe","topics":[\#(topics)]}"#, limits: limits)
        }
    }

    @Test func boundsSquaresPerMergeBeforeCheckingTheirType() {
        let limits = RealtimeClientMessage.Limits(maxMergeSquares: 3)
        #expect(throws: RealtimeMessageError.outOfRange(field: "squareIds")) {
            try RealtimeClientMessage.parse(#"{"type":"merge","squareIds":[1,2,3,"x"],"requestId":"m"}"#, limits: limits)
        }
        #expect(throws: Never.self) {
            try RealtimeClientMessage.parse(#"{"type":"merge","squareIds":[1,2,3],"requestId":"m"}"#, limits: limits)
        }
    }

    @Test func findsTheRequestIDOfABrokenMessage() {
        #expect(RealtimeClientMessage.requestID(of: #"{"type":"bid","requestId":"r9","amount":"x"}"#) == "r9")
        #expect(RealtimeClientMessage.requestID(of: #"{"type":"bid","requestId":9}"#) == nil)
        #expect(RealtimeClientMessage.requestID(of: "garbage") == nil)
    }
}
