import Testing
@testable import HTTP

@Suite struct HTTPClientResponseReaderTests {
    static let responses: [(name: String, wire: String, head: Bool, status: Int, body: String, closes: Bool)] = [
        ("content-length", "HTTP/1.1 200 OK\r\ncontent-length: 3\r\n\r\nabc", false, 200, "abc", false),
        ("chunked", "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n1;e\r\nc\r\n0\r\n\r\n", false, 201,
         "abc", false),
        ("continue then final", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\ncontent-length: 1\r\n\r\nx", false, 200,
         "x", false),
        ("HEAD ignores length", "HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\n", true, 200, "", false),
        ("204 has no body", "HTTP/1.1 204 No Content\r\ncontent-length: 5\r\n\r\n", false, 204, "", false),
        ("connection close", "HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 2\r\n\r\n{}", false, 400,
         "{}", true),
        ("HTTP/1.0 closes", "HTTP/1.0 200 OK\r\ncontent-length: 2\r\n\r\nok", false, 200, "ok", true),
        ("LF only", "HTTP/1.1 200 OK\ncontent-length: 2\n\nok", false, 200, "ok", false),
    ]

    @Test(arguments: responses)
    func readsResponsesInAnySplit(
        _ testCase: (name: String, wire: String, head: Bool, status: Int, body: String, closes: Bool)
    ) throws {
        for pieceSize in [1, 3, testCase.wire.utf8.count] {
            var reader = HTTPClientResponseReader()
            var result: HTTPClientResponseReader.Result?
            var bytes = Array(testCase.wire.utf8)[...]
            while result == nil, !bytes.isEmpty {
                reader.append(Array(bytes.prefix(pieceSize)))
                bytes = bytes.dropFirst(pieceSize)
                result = try reader.next(requestWasHead: testCase.head, atEndOfStream: false)
            }
            let read = try #require(result, "\(testCase.name) piece \(pieceSize)")
            #expect(read.response.status == testCase.status, "\(testCase.name)")
            #expect(read.response.bodyText == testCase.body, "\(testCase.name)")
            #expect(read.closesConnection == testCase.closes, "\(testCase.name)")
            #expect(reader.buffer.isEmpty, "\(testCase.name)")
        }
    }

    @Test func readsUnframedBodiesUntilClose() throws {
        var reader = HTTPClientResponseReader()
        reader.append(Array("HTTP/1.1 200 OK\r\n\r\npart one, ".utf8))
        #expect(try reader.next(requestWasHead: false, atEndOfStream: false) == nil)
        reader.append(Array("part two".utf8))
        let result = try #require(try reader.next(requestWasHead: false, atEndOfStream: true))
        #expect(result.response.bodyText == "part one, part two")
        #expect(result.closesConnection)
    }

    @Test(arguments: ["SSH-2.0-OpenSSH\r\n\r\n", "HTTP/1.1 2000 OK\r\n\r\n", "HTTP/2 200\r\n\r\n",
                      "HTTP/1.1 200 OK\r\ncontent-length: -1\r\n\r\n", "HTTP/1.1 200 OK\r\nno colon\r\n\r\n"])
    func rejectsMalformedResponses(_ wire: String) {
        var reader = HTTPClientResponseReader()
        reader.append(Array(wire.utf8))
        #expect(throws: (any Error).self) { try reader.next(requestWasHead: false, atEndOfStream: false) }
    }
}
