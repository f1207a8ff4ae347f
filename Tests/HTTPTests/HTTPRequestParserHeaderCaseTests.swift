import Testing
@testable import HTTP

/// The header fields the parser itself acts on (Host, Content-Length, Transfer-Encoding, Connection, Expect) are
/// found in any case and spacing, once each, and any split of a pipelined stream parses the same.
@Suite struct HTTPRequestParserHeaderCaseTests {
    static let bidBody = #"{"amount":12}"#

    /// Two bid-like requests back to back, then a GET, as a keep-alive client pipelines them.
    static let pipelined = "POST /api/auctions/7/bid HTTP/1.1\r\nHost: 127.0.0.1:4000\r\n"
        + "content-type: application/json\r\n"
        + "authorization: Bearer aaa.bbb.ccc\r\ncontent-length: \(bidBody.utf8.count)\r\n\r\n\(bidBody)"
        + "POST /api/auctions/7/bid HTTP/1.1\r\nHOST: x\r\nCONTENT-LENGTH:\t\(bidBody.utf8.count) \r\n"
        + "Connection: keep-alive\r\nX-Request-Id: abc-1\r\n\r\n\(bidBody)"
        + "GET /health HTTP/1.1\r\nhOsT: y\r\ntraceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\r\n"
        + "CONNECTION: Close\r\n\r\n"

    @Test func pipelinedRequestsParseTheSameAtEverySplit() {
        let bytes = Self.pipelined.bytes
        let whole = ParserFeeding.whole(bytes)
        #expect(whole.error == nil)
        #expect(whole.requests.count == 3)
        #expect(whole.requests.map(\.body) == [Self.bidBody.bytes, Self.bidBody.bytes, []])
        #expect(whole.requests.map(\.keepAlive) == [true, true, false])
        #expect(whole.requests[1].headers[.xRequestID] == "abc-1")
        #expect(whole.requests[2].headers["TRACEPARENT"]?.hasPrefix("00-0af7") == true)
        for split in 1..<bytes.count {
            #expect(ParserFeeding.feed(bytes, pieces: [split]) == whole, "split at \(split)")
        }
        #expect(ParserFeeding.byteByByte(bytes) == whole)
    }

    static let accepted: [(name: String, input: String, body: String, keepAlive: Bool)] = [
        ("upper-case Content-Length", "POST / HTTP/1.1\r\nHost: x\r\nCONTENT-LENGTH: 3\r\n\r\nabc", "abc", true),
        ("mixed-case, tab and spaces", "POST / HTTP/1.1\r\nhost: x\r\nContent-length:\t 3 \t\r\n\r\nabc", "abc", true),
        ("duplicate equal lengths in two cases",
         "POST / HTTP/1.1\r\nHost: x\r\ncontent-length: 3\r\nCONTENT-LENGTH: 3\r\n\r\nabc", "abc", true),
        ("a list of equal lengths", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3 , 3\r\n\r\nabc", "abc", true),
        ("upper-case chunked", "POST / HTTP/1.1\r\nHost: x\r\nTRANSFER-ENCODING: CHUNKED\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
         "abc", true),
        ("Connection close in capitals", "GET / HTTP/1.1\r\nHost: x\r\nCONNECTION: CLOSE\r\n\r\n", "", false),
        ("close in a second Connection field",
         "GET / HTTP/1.1\r\nHost: x\r\nConnection: x\r\nconnection: close\r\n\r\n", "", false),
        ("HTTP/1.0 keep-alive in any case", "GET / HTTP/1.0\r\nCONNECTION: Keep-Alive\r\n\r\n", "", true),
        ("HTTP/1.0 without keep-alive", "GET / HTTP/1.0\r\n\r\n", "", false),
        ("a name one letter off Content-Length is no length", "GET / HTTP/1.1\r\nHost: x\r\nContent-Lengtx: 3\r\n\r\n",
         "", true),
    ]

    @Test(arguments: accepted)
    func findsTheFieldsItActsOnInAnyCase(_ testCase: (name: String, input: String, body: String, keepAlive: Bool)) {
        let outcome = ParserFeeding.whole(testCase.input.bytes)
        #expect(outcome.error == nil, "\(testCase.name)")
        #expect(outcome.requests.first?.body == testCase.body.bytes, "\(testCase.name)")
        #expect(outcome.requests.first?.keepAlive == testCase.keepAlive, "\(testCase.name)")
        #expect(ParserFeeding.byteByByte(testCase.input.bytes) == outcome, "\(testCase.name)")
    }

    static let refused: [(name: String, input: String, error: HTTPParseError)] = [
        ("two Hosts in two cases", "GET / HTTP/1.1\r\nHost: a\r\nHOST: b\r\n\r\n", .malformedHeader),
        ("no Host, a near miss", "GET / HTTP/1.1\r\nHosts: a\r\n\r\n", .missingHost),
        ("differing lengths in two cases",
         "POST / HTTP/1.1\r\nHost: x\r\ncontent-length: 3\r\nContent-LENGTH: 4\r\n\r\n", .invalidContentLength),
        ("TE and CL in odd cases",
         "POST / HTTP/1.1\r\nHost: x\r\ncontent-LENGTH: 3\r\nTransfer-encoding: chunked\r\n\r\n", .conflictingFraming),
        ("TE in two fields",
         "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\nTRANSFER-ENCODING: chunked\r\n\r\n",
         .unsupportedTransferEncoding("gzip, chunked")),
        ("whitespace before a known name's colon", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length : 3\r\n\r\nabc",
         .malformedHeader),
        ("leading whitespace on a known name", "POST / HTTP/1.1\r\nHost: x\r\n Content-Length: 3\r\n\r\nabc",
         .malformedHeader),
    ]

    @Test(arguments: refused)
    func refusesTheSameWhateverTheCase(_ testCase: (name: String, input: String, error: HTTPParseError)) {
        let outcome = ParserFeeding.whole(testCase.input.bytes)
        #expect(outcome.error == testCase.error, "\(testCase.name)")
        #expect(ParserFeeding.byteByByte(testCase.input.bytes) == outcome, "\(testCase.name)")
    }

    @Test func expectContinueInAnyCase() throws {
        let outcome = ParserFeeding.whole(
            "POST / HTTP/1.1\r\nHost: x\r\nEXPECT: 100-CONTINUE\r\nContent-Length: 1\r\n\r\na".bytes)
        #expect(outcome.events.first == "head(continue: true)")
    }
}
