import Testing
@testable import HTTP

@Suite struct HTTPRequestParserTests {
    static let simpleGet = "GET /api/x?y=1 HTTP/1.1\r\nHost: example\r\nAccept: */*\r\n\r\n"

    // MARK: - Malformed input

    static let malformed: [(name: String, input: String, error: HTTPParseError, status: Int)] = [
        ("space before colon", "GET / HTTP/1.1\r\nHost : x\r\n\r\n", .malformedHeader, 400),
        ("obs-fold", "GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n  more\r\n\r\n", .malformedHeader, 400),
        ("obs-fold tab", "GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n\tmore\r\n\r\n", .malformedHeader, 400),
        ("name not a token", "GET / HTTP/1.1\r\nHost: x\r\nBad(Name): 1\r\n\r\n", .malformedHeader, 400),
        ("empty name", "GET / HTTP/1.1\r\nHost: x\r\n: v\r\n\r\n", .malformedHeader, 400),
        ("no colon", "GET / HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n", .malformedHeader, 400),
        ("NUL in value", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u{0}b\r\n\r\n", .malformedHeader, 400),
        ("bare CR in value", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n", .malformedHeader, 400),
        ("DEL in value", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u{7F}\r\n\r\n", .malformedHeader, 400),
        ("bare CR in request line", "GET /\r HTTP/1.1\r\nHost: x\r\n\r\n", .malformedRequestLine, 400),
        ("duplicate Host", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", .malformedHeader, 400),
        ("missing Host", "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", .missingHost, 400),
        ("CL with letter", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1a\r\n\r\n", .invalidContentLength, 400),
        ("CL with sign", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +5\r\n\r\n", .invalidContentLength, 400),
        ("CL empty", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: \r\n\r\n", .invalidContentLength, 400),
        ("CL hex", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0x5\r\n\r\n", .invalidContentLength, 400),
        ("CL inner space", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1 2\r\n\r\n", .invalidContentLength, 400),
        ("CL differing fields", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
         .invalidContentLength, 400),
        ("CL differing list", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 6\r\n\r\n", .invalidContentLength, 400),
        ("CL overflow", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n",
         .invalidContentLength, 400),
        ("TE and CL", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
         .conflictingFraming, 400),
        ("TE gzip", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
         .unsupportedTransferEncoding("gzip"), 501),
        ("TE gzip, chunked", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
         .unsupportedTransferEncoding("gzip, chunked"), 501),
        ("TE chunked not final", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
         .unsupportedTransferEncoding("chunked, gzip"), 501),
        ("TE chunked twice", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, chunked\r\n\r\n",
         .malformedHeader, 400),
        ("TE in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", .malformedHeader, 400),
        ("HTTP/2.0", "GET / HTTP/2.0\r\nHost: x\r\n\r\n", .unsupportedVersion, 505),
        ("HTTP/1.2", "GET / HTTP/1.2\r\nHost: x\r\n\r\n", .unsupportedVersion, 505),
        ("HTTP/0.9", "GET / HTTP/0.9\r\nHost: x\r\n\r\n", .unsupportedVersion, 505),
        ("lower-case version", "GET / http/1.1\r\nHost: x\r\n\r\n", .malformedRequestLine, 400),
        ("two-digit version", "GET / HTTP/11.1\r\nHost: x\r\n\r\n", .malformedRequestLine, 400),
        ("missing version", "GET /\r\nHost: x\r\n\r\n", .malformedRequestLine, 400),
        ("trailing space", "GET / HTTP/1.1 \r\nHost: x\r\n\r\n", .malformedRequestLine, 400),
        ("double space", "GET  / HTTP/1.1\r\nHost: x\r\n\r\n", .malformedRequestLine, 400),
        ("method not a token", "GE(T / HTTP/1.1\r\nHost: x\r\n\r\n", .malformedRequestLine, 400),
        ("relative target", "GET api/x HTTP/1.1\r\nHost: x\r\n\r\n", .malformedRequestLine, 400),
        ("asterisk for GET", "GET * HTTP/1.1\r\nHost: x\r\n\r\n", .malformedRequestLine, 400),
        ("authority-form", "CONNECT example.com:443 HTTP/1.1\r\nHost: x\r\n\r\n", .malformedRequestLine, 400),
        ("DEL in target", "GET /a\u{7F} HTTP/1.1\r\nHost: x\r\n\r\n", .malformedRequestLine, 400),
        ("bad percent in query", "GET /a?x=%zz HTTP/1.1\r\nHost: x\r\n\r\n", .malformedRequestLine, 400),
        ("truncated percent", "GET /a?x=%4 HTTP/1.1\r\nHost: x\r\n\r\n", .malformedRequestLine, 400),
        ("percent at the end", "GET /a?x=1% HTTP/1.1\r\nHost: x\r\n\r\n", .malformedRequestLine, 400),
        ("percent in a key", "GET /a?%g1=1 HTTP/1.1\r\nHost: x\r\n\r\n", .malformedRequestLine, 400),
        ("decoded bytes not UTF-8", "GET /a?x=%FF HTTP/1.1\r\nHost: x\r\n\r\n", .malformedRequestLine, 400),
        ("chunk size not hex", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
         .malformedChunk, 400),
        ("chunk size empty", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n;ext\r\n",
         .malformedChunk, 400),
        ("chunk size trailing junk", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3x\r\n",
         .malformedChunk, 400),
        ("chunk data without CRLF", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX",
         .malformedChunk, 400),
        ("chunk data CR without LF", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\rX",
         .malformedChunk, 400),
        ("chunk extension control byte",
         "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3;a=\u{1}\r\n", .malformedChunk, 400),
        ("chunk extension too long",
         "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3;" + String(repeating: "e", count: 5_000),
         .malformedChunk, 400),
        ("malformed trailer",
         "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nnot a trailer\r\n\r\n",
         .malformedHeader, 400),
    ]

    @Test(arguments: malformed)
    func rejectsMalformedInput(_ testCase: (name: String, input: String, error: HTTPParseError, status: Int)) {
        let outcome = ParserFeeding.whole(testCase.input.bytes)
        #expect(outcome.error == testCase.error, "\(testCase.name)")
        #expect(outcome.error?.status.code == testCase.status, "\(testCase.name)")
        #expect(ParserFeeding.byteByByte(testCase.input.bytes) == outcome, "\(testCase.name)")
    }

    // MARK: - Limits

    static var smallLimits: HTTPParserLimits {
        var limits = HTTPParserLimits()
        limits.maxRequestLineBytes = 32
        limits.maxHeaderBytes = 64
        limits.maxHeaderCount = 3
        limits.maxBodyBytes = 10
        return limits
    }

    static let overLimit: [(name: String, input: String, error: HTTPParseError, status: Int)] = [
        ("request line 33 bytes", "GET /" + String(repeating: "a", count: 19) + " HTTP/1.1\r\nHost: x\r\n\r\n",
         .requestLineTooLong(limitBytes: 32), 414),
        ("header section over 64 bytes", "GET / HTTP/1.1\r\nHost: x\r\nX-Long: " + String(repeating: "v", count: 46)
            + "\r\n\r\n", .headersTooLarge(limitBytes: 64), 431),
        ("four headers", "GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", .tooManyHeaders(limit: 3), 431),
        ("declared body 11 bytes", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n",
         .bodyTooLarge(limitBytes: 10, declaredBytes: 11), 413),
        ("chunked body 11 bytes", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n5\r\n",
         .bodyTooLarge(limitBytes: 10, declaredBytes: nil), 413),
        ("huge chunk size", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffffffff\r\n",
         .bodyTooLarge(limitBytes: 10, declaredBytes: nil), 413),
        ("trailers over 64 bytes", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nT: "
            + String(repeating: "t", count: 70) + "\r\n\r\n", .headersTooLarge(limitBytes: 64), 431),
        ("four trailers", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n",
         .tooManyHeaders(limit: 3), 431),
    ]

    @Test(arguments: overLimit)
    func enforcesLimits(_ testCase: (name: String, input: String, error: HTTPParseError, status: Int)) {
        let outcome = ParserFeeding.whole(testCase.input.bytes, limits: Self.smallLimits)
        #expect(outcome.error == testCase.error, "\(testCase.name)")
        #expect(outcome.error?.status.code == testCase.status, "\(testCase.name)")
        #expect(ParserFeeding.byteByByte(testCase.input.bytes, limits: Self.smallLimits) == outcome, "\(testCase.name)")
    }

    static let atLimit: [(name: String, input: String)] = [
        ("request line of exactly 32 bytes", "GET /" + String(repeating: "a", count: 18) + " HTTP/1.1\r\nHost: x\r\n\r\n"),
        ("three headers", "GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\n\r\n"),
        ("header section of exactly 64 bytes", "GET / HTTP/1.1\r\nHost: x\r\nX-Long: " + String(repeating: "v", count: 45)
            + "\r\n\r\n"),
        ("body of exactly 10 bytes", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789"),
        ("chunked body of exactly 10 bytes",
         "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\n5\r\nfghij\r\n0\r\n\r\n"),
    ]

    @Test(arguments: atLimit)
    func acceptsInputAtTheLimit(_ testCase: (name: String, input: String)) {
        let outcome = ParserFeeding.whole(testCase.input.bytes, limits: Self.smallLimits)
        #expect(outcome.error == nil, "\(testCase.name)")
        #expect(outcome.requests.count == 1, "\(testCase.name)")
    }

    @Test func rejectsLongRequestLineBeforeItEnds() throws {
        var parser = HTTPRequestParser(limits: Self.smallLimits)
        parser.append(("GET /" + String(repeating: "a", count: 27)).bytes)  // 32 bytes, no line end yet
        #expect(try parser.next() == nil)
        parser.append("aa".bytes)
        #expect(throws: HTTPParseError.requestLineTooLong(limitBytes: 32)) { try parser.next() }
    }

    @Test func rejectsLargeHeaderSectionBeforeItEnds() throws {
        var parser = HTTPRequestParser(limits: Self.smallLimits)
        parser.append(("GET / HTTP/1.1\r\nX: " + String(repeating: "v", count: 70)).bytes)
        #expect(throws: HTTPParseError.headersTooLarge(limitBytes: 64)) { try parser.next() }
    }

    @Test func rejectsDeclaredBodyBeforeItArrives() throws {
        var parser = HTTPRequestParser(limits: HTTPParserLimits())
        parser.append("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10485760\r\n\r\n".bytes)
        #expect(throws: HTTPParseError.bodyTooLarge(limitBytes: 1_048_576, declaredBytes: 10_485_760)) {
            try parser.next()
        }
    }

    @Test func staysPoisonedAfterAnError() throws {
        var parser = HTTPRequestParser(limits: HTTPParserLimits())
        parser.append("GET / HTTP/3.0\r\nHost: x\r\n\r\n".bytes)
        #expect(throws: HTTPParseError.unsupportedVersion) { try parser.next() }
        parser.append(Self.simpleGet.bytes)
        #expect(throws: HTTPParseError.unsupportedVersion) { try parser.next() }
        #expect(!parser.hasBufferedBytes)
        #expect(!parser.isMidRequest)
    }

    @Test func takeBufferedBytesHandsOverWhatFollowsARequest() throws {
        var parser = HTTPRequestParser(limits: HTTPParserLimits())
        parser.append(Array("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n\r\n".utf8) + [0x81, 0x80, 1, 2])
        guard case .request(let request) = try parser.next() else {
            Issue.record("no request")
            return
        }
        #expect(request.path == "/ws")
        #expect(parser.takeBufferedBytes() == [0x81, 0x80, 1, 2])
        #expect(!parser.hasBufferedBytes)
        #expect(try parser.next() == nil)
    }
}

