import Testing
@testable import HTTP

/// Valid heads: request line forms, headers, query decoding, persistence, and split-independence.
@Suite struct HTTPRequestParserHeadTests {
    static let streams: [(name: String, input: String)] = [
        ("simple GET", "GET /api/x?y=1 HTTP/1.1\r\nHost: example\r\nAccept: */*\r\n\r\n"),
        ("LF only", "GET / HTTP/1.1\nHost: x\n\n"),
        ("POST with body", "POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"),
        ("chunked", "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nT: v\r\n\r\n"),
        ("pipelined", "GET /1 HTTP/1.1\r\nHost: x\r\n\r\nPOST /2 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabcGET /3 HTTP/1.0\r\n\r\n"),
        ("expect continue", "PUT /u HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nok"),
        ("malformed after valid", "GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost : x\r\n\r\n"),
        ("over limit after valid", "GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /" + String(repeating: "a", count: 9_000) + " HTTP/1.1\r\n"),
    ]

    @Test(arguments: streams)
    func anySplitGivesTheSameEvents(_ stream: (name: String, input: String)) {
        let whole = ParserFeeding.whole(stream.input.bytes)
        #expect(!whole.events.isEmpty, "\(stream.name)")
        #expect(ParserFeeding.byteByByte(stream.input.bytes) == whole, "\(stream.name)")
        for seed in UInt64(1)...8 {
            #expect(ParserFeeding.randomChunks(stream.input.bytes, seed: seed) == whole, "\(stream.name) seed \(seed)")
        }
    }

    @Test func parsesASimpleGet() throws {
        let outcome = ParserFeeding.whole("GET /api/x?y=1 HTTP/1.1\r\nHost: example\r\nX-Padded:   v  \r\n\r\n".bytes)
        let request = try #require(outcome.requests.first)
        #expect(outcome.events.count == 1)  // no headComplete for a request without a body
        #expect(request.method == .get)
        #expect(request.target == "/api/x?y=1")
        #expect(request.path == "/api/x")
        #expect(request.queryValue("y") == "1")
        #expect(request.version == .http1_1)
        #expect(request.headers["host"] == "example")
        #expect(request.headers["x-padded"] == "v")
        #expect(request.body.isEmpty)
        #expect(request.keepAlive)
    }

    static let targets: [(target: String, path: String, query: [String: String])] = [
        ("/s?q=a%20b+c&q=second&empty&x=%E2%82%AC", "/s", ["q": "a b c", "empty": "", "x": "€"]),
        ("/a%2Fb?k%3D=v%26", "/a%2Fb", ["k=": "v&"]),
        ("/?", "/", [:]),
        ("/p?&&a=1&", "/p", ["a": "1"]),
        ("/api/land-squares?minX=-5&minY=-5&maxX=4&maxY=4", "/api/land-squares",
         ["minX": "-5", "minY": "-5", "maxX": "4", "maxY": "4"]),
        ("/q?a=1&a=2&=empty-key&b==c&c=%41%42", "/q", ["a": "1", "": "empty-key", "b": "=c", "c": "AB"]),
        ("http://example.com/abs/path?z=9", "/abs/path", ["z": "9"]),
        ("https://example.com", "/", [:]),
        ("HTTP://example.com:8080?z=1", "/", ["z": "1"]),
    ]

    @Test(arguments: targets)
    func splitsAndDecodesTargets(_ testCase: (target: String, path: String, query: [String: String])) throws {
        let outcome = ParserFeeding.whole("GET \(testCase.target) HTTP/1.1\r\nHost: x\r\n\r\n".bytes)
        let request = try #require(outcome.requests.first)
        #expect(request.target == testCase.target)
        #expect(request.path == testCase.path)
        #expect(request.query == testCase.query)
    }

    @Test func acceptsAsteriskFormForOptions() throws {
        let outcome = ParserFeeding.whole("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n".bytes)
        let request = try #require(outcome.requests.first)
        #expect(request.method == .options)
        #expect(request.path == "*")
    }

    @Test func keepsUnknownMethodTokens() throws {
        let outcome = ParserFeeding.whole("PROPFIND / HTTP/1.1\r\nHost: x\r\n\r\n".bytes)
        #expect(try #require(outcome.requests.first).method == HTTPMethod(rawValue: "PROPFIND"))
    }

    static let persistence: [(version: String, connection: String?, keepAlive: Bool)] = [
        ("HTTP/1.1", nil, true),
        ("HTTP/1.1", "close", false),
        ("HTTP/1.1", "Keep-Alive, CLOSE", false),
        ("HTTP/1.1", "keep-alive", true),
        ("HTTP/1.0", nil, false),
        ("HTTP/1.0", "keep-alive", true),
        ("HTTP/1.0", "Keep-Alive", true),
        ("HTTP/1.0", "close", false),
    ]

    @Test(arguments: persistence)
    func decidesKeepAlive(_ testCase: (version: String, connection: String?, keepAlive: Bool)) throws {
        let connection = testCase.connection.map { "Connection: \($0)\r\n" } ?? ""
        let input = "GET / \(testCase.version)\r\nHost: x\r\n\(connection)\r\n"
        let request = try #require(ParserFeeding.whole(input.bytes).requests.first)
        #expect(request.keepAlive == testCase.keepAlive)
    }

    @Test func acceptsHTTP10WithoutHost() throws {
        let request = try #require(ParserFeeding.whole("GET / HTTP/1.0\r\n\r\n".bytes).requests.first)
        #expect(request.version == .http1_0)
    }

    @Test func skipsEmptyLinesBeforeTheRequestLine() throws {
        let outcome = ParserFeeding.whole("\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n".bytes)
        #expect(outcome.error == nil)
        #expect(outcome.requests.count == 1)
    }

    @Test func keepsDuplicateHeadersInOrder() throws {
        let input = "GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\nx-a: 2\r\nX-B: 3\r\n\r\n"
        let request = try #require(ParserFeeding.whole(input.bytes).requests.first)
        #expect(request.headers.values("X-A") == ["1", "2"])
        #expect(request.headers.map(\.name) == ["Host", "X-A", "x-a", "X-B"])
    }

    @Test(arguments: [("Expect: 100-continue\r\n", true), ("Expect: 100-Continue\r\n", true), ("", false)])
    func reportsExpectContinue(_ testCase: (header: String, expected: Bool)) {
        let input = "POST / HTTP/1.1\r\nHost: x\r\n\(testCase.header)Content-Length: 2\r\n\r\n"
        var parser = HTTPRequestParser(limits: HTTPParserLimits())
        parser.append(input.bytes)
        guard case .headComplete(let expectsContinue)? = try? parser.next() else {
            Issue.record("expected headComplete")
            return
        }
        #expect(expectsContinue == testCase.expected)
        #expect((try? parser.next()) == nil)
        #expect(parser.isMidRequest)
    }

    @Test func tracksMidRequestState() throws {
        var parser = HTTPRequestParser(limits: HTTPParserLimits())
        #expect(!parser.isMidRequest)
        #expect(!parser.hasBufferedBytes)
        parser.append("GET / HT".bytes)
        #expect(try parser.next() == nil)
        #expect(parser.isMidRequest)
        parser.append("TP/1.1\r\nHost: x\r\n\r\nGET /next".bytes)
        guard case .request? = try parser.next() else {
            Issue.record("expected a request")
            return
        }
        #expect(parser.hasBufferedBytes)
        #expect(parser.isMidRequest)
        #expect(try parser.next() == nil)
        parser.append(" HTTP/1.1\r\nHost: x\r\n\r\n".bytes)
        guard case .request(let second)? = try parser.next() else {
            Issue.record("expected the second request")
            return
        }
        #expect(second.path == "/next")
        #expect(!parser.hasBufferedBytes)
        #expect(!parser.isMidRequest)
    }
}
