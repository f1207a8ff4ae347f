import Testing
@testable import HTTP

/// Bodies: Content-Length, chunked (split across appends), trailers, and pipelined sequences.
@Suite struct HTTPRequestParserBodyTests {
    @Test func emitsHeadCompleteThenRequestForABody() throws {
        let outcome = ParserFeeding.whole("POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello".bytes)
        #expect(outcome.events.first == "head(continue: false)")
        #expect(outcome.requests.map { String(decoding: $0.body, as: UTF8.self) } == ["hello"])
    }

    @Test func waitsForTheWholeDeclaredBody() throws {
        var parser = HTTPRequestParser(limits: HTTPParserLimits())
        parser.append("POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\nabc".bytes)
        #expect(try parser.next() == .headComplete(expectsContinue: false))
        #expect(try parser.next() == nil)
        parser.append("def".bytes)
        guard case .request(let request)? = try parser.next() else {
            Issue.record("expected the request")
            return
        }
        #expect(request.body == "abcdef".bytes)
    }

    @Test func treatsIdenticalContentLengthsAsOne() throws {
        let input = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 3, 3\r\n\r\nabc"
        let outcome = ParserFeeding.whole(input.bytes)
        #expect(outcome.error == nil)
        #expect(outcome.requests.first?.body == "abc".bytes)
    }

    @Test func zeroContentLengthIsAPlainRequest() throws {
        let outcome = ParserFeeding.whole("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n".bytes)
        #expect(outcome.events.count == 1)
        #expect(outcome.requests.first?.body == [])
    }

    @Test func decodesChunkedBodiesAndDropsTrailers() throws {
        let input = "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\nA \r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n"
        let outcome = ParserFeeding.whole(input.bytes)
        let request = try #require(outcome.requests.first)
        #expect(request.body == "hello0123456789".bytes)
        #expect(request.headers["x-trailer"] == nil)
        #expect(outcome.events.first == "head(continue: false)")
    }

    @Test func decodesChunksSplitAcrossAppends() throws {
        var parser = HTTPRequestParser(limits: HTTPParserLimits())
        parser.append("POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1".bytes)
        #expect(try parser.next() == .headComplete(expectsContinue: false))
        for piece in ["0\r\n0123456", "789abcdef\r", "\n0", "\r\n", "\r\n"] {
            #expect(try parser.next() == nil)
            #expect(parser.isMidRequest)
            parser.append(piece.bytes)
        }
        guard case .request(let request)? = try parser.next() else {
            Issue.record("expected the request")
            return
        }
        #expect(request.body == "0123456789abcdef".bytes)
        #expect(!parser.isMidRequest)
    }

    @Test func parsesPipelinedRequestsInOrder() throws {
        let input = "GET /1 HTTP/1.1\r\nHost: x\r\n\r\n"
            + "POST /2 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
            + "PUT /3 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nde\r\n0\r\n\r\n"
            + "DELETE /4 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        let outcome = ParserFeeding.whole(input.bytes)
        #expect(outcome.error == nil)
        #expect(outcome.requests.map(\.path) == ["/1", "/2", "/3", "/4"])
        #expect(outcome.requests.map(\.method) == [.get, .post, .put, .delete])
        #expect(outcome.requests.map(\.body) == [[], "abc".bytes, "de".bytes, []])
        #expect(outcome.requests.map(\.keepAlive) == [true, true, true, false])
        #expect(ParserFeeding.byteByByte(input.bytes) == outcome)
    }

    @Test func handlesALargeBodyArrivingInPieces() throws {
        let body = [UInt8](repeating: 0x61, count: 200_000)
        var parser = HTTPRequestParser(limits: HTTPParserLimits())
        parser.append("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 200000\r\n\r\n".bytes)
        #expect(try parser.next() == .headComplete(expectsContinue: false))
        var offset = 0
        var result: HTTPRequest?
        while offset < body.count {
            parser.append(body[offset..<min(offset + 7_000, body.count)])
            offset += 7_000
            if case .request(let request)? = try parser.next() { result = request }
        }
        #expect(result?.body.count == 200_000)
    }
}
