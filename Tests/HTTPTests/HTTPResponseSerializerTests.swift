import Foundation
import Testing
@testable import HTTP

@Suite struct HTTPResponseSerializerTests {
    static let date = "Sun, 06 Nov 1994 08:49:37 GMT"

    static func serialize(_ response: HTTPResponse, keepAlive: Bool = true, head: Bool = false) -> String {
        String(decoding: HTTPResponseSerializer.serialize(response, keepAlive: keepAlive, isHeadRequest: head, date: date),
               as: UTF8.self)
    }

    static let cases: [(name: String, response: HTTPResponse, keepAlive: Bool, head: Bool, expected: String)] = [
        ("200 text", .text("hi"), true, false,
         "HTTP/1.1 200 OK\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: 2\r\ndate: \(date)\r\n\r\nhi"),
        ("connection close", .text("hi"), false, false,
         "HTTP/1.1 200 OK\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: 2\r\ndate: \(date)\r\n"
            + "connection: close\r\n\r\nhi"),
        ("HEAD keeps length, drops body", .text("hello"), true, true,
         "HTTP/1.1 200 OK\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: 5\r\ndate: \(date)\r\n\r\n"),
        ("204 no length no body", HTTPResponse(status: .noContent, body: "x".bytes), true, false,
         "HTTP/1.1 204 No Content\r\ndate: \(date)\r\n\r\n"),
        ("304 no length no body", HTTPResponse(status: .notModified, headers: ["etag": "\"1\""]), true, false,
         "HTTP/1.1 304 Not Modified\r\netag: \"1\"\r\ndate: \(date)\r\n\r\n"),
        ("101 upgrade", HTTPResponse(status: .switchingProtocols, headers: ["upgrade": "websocket", "connection": "Upgrade"]),
         true, false, "HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: Upgrade\r\ndate: \(date)\r\n\r\n"),
        ("empty 404", HTTPResponse(status: .notFound), true, false,
         "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\ndate: \(date)\r\n\r\n"),
        ("handler content-length replaced",
         HTTPResponse(status: .ok, headers: ["Content-Length": "99", "Transfer-Encoding": "chunked"], body: "abc".bytes),
         true, false, "HTTP/1.1 200 OK\r\ncontent-length: 3\r\ndate: \(date)\r\n\r\nabc"),
        ("handler date kept", HTTPResponse(status: .ok, headers: ["Date": "x"]), true, false,
         "HTTP/1.1 200 OK\r\nDate: x\r\ncontent-length: 0\r\n\r\n"),
        ("handler connection replaced when closing", HTTPResponse(status: .ok, headers: ["Connection": "keep-alive"]), false,
         false, "HTTP/1.1 200 OK\r\ncontent-length: 0\r\ndate: \(date)\r\nconnection: close\r\n\r\n"),
        ("CR LF in header value neutralised", HTTPResponse(status: .ok, headers: ["x-echo": "a\r\nSet-Cookie: b"]), true,
         false, "HTTP/1.1 200 OK\r\nx-echo: a  Set-Cookie: b\r\ncontent-length: 0\r\ndate: \(date)\r\n\r\n"),
        ("CR LF NUL in reason phrase neutralised",
         HTTPResponse(status: HTTPStatus(code: 299, reasonPhrase: "Odd\r\nX-Injected: 1\u{0}")), true, false,
         "HTTP/1.1 299 Odd  X-Injected: 1 \r\ncontent-length: 0\r\ndate: \(date)\r\n\r\n"),
        ("non-ASCII reason phrase and header value kept as UTF-8",
         HTTPResponse(status: HTTPStatus(code: 200, reasonPhrase: "Très bien ✓"), headers: ["x-note": "café"]), true,
         false, "HTTP/1.1 200 Très bien ✓\r\nx-note: café\r\ncontent-length: 0\r\ndate: \(date)\r\n\r\n"),
    ]

    @Test(arguments: cases)
    func writesExactBytes(_ testCase: (name: String, response: HTTPResponse, keepAlive: Bool, head: Bool, expected: String)) {
        #expect(Self.serialize(testCase.response, keepAlive: testCase.keepAlive, head: testCase.head) == testCase.expected,
                "\(testCase.name)")
    }

    static let dates: [(seconds: Double, expected: String)] = [
        (784_111_777, "Sun, 06 Nov 1994 08:49:37 GMT"),
        (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
        (951_782_400, "Tue, 29 Feb 2000 00:00:00 GMT"),
        (1_700_000_000.9, "Tue, 14 Nov 2023 22:13:20 GMT"),
        (4_102_444_799, "Thu, 31 Dec 2099 23:59:59 GMT"),
        (-1, "Wed, 31 Dec 1969 23:59:59 GMT"),
    ]

    @Test(arguments: dates)
    func formatsIMFFixdate(_ testCase: (seconds: Double, expected: String)) {
        #expect(HTTPResponseSerializer.httpDate(Date(timeIntervalSince1970: testCase.seconds)) == testCase.expected)
    }

    @Test func roundTripsThroughTheParserFraming() throws {
        // The serialized bytes of a JSON response parse back as exactly one message with the same body length.
        let bytes = HTTPResponseSerializer.serialize(.json(["k": "v"]), keepAlive: true, isHeadRequest: false,
                                                     date: Self.date)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasSuffix("\r\n\r\n{\"k\":\"v\"}"))
        #expect(text.contains("content-length: 9\r\n"))
    }
}
