/// Incremental reader of HTTP/1.x responses for `HTTPClient` (RFC 9112 §6.3 framing, client side).
///
/// Owned by one client on its caller's thread. Lenient where a test client may be (bare LF lines), strict about
/// framing. Interim 1xx responses other than 101 are skipped.
struct HTTPClientResponseReader {
    /// A response plus whether the connection must be closed after it.
    struct Result {
        var response: HTTPClientResponse
        var closesConnection: Bool
    }

    /// Largest accepted response head and body (a test client, not a download tool).
    static let maxHeadBytes = 1 << 16
    static let maxBodyBytes = 1 << 26

    private(set) var buffer: [UInt8] = []

    mutating func append(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
    }

    mutating func reset() {
        buffer.removeAll()
    }

    /// The next complete response, or nil if more bytes are needed.
    /// - Parameters:
    ///   - requestWasHead: the response has no body whatever its headers say.
    ///   - atEndOfStream: the server closed; a response without framing ends here.
    mutating func next(requestWasHead: Bool, atEndOfStream: Bool) throws(HTTPClientError) -> Result? {
        while true {
            guard let head = try parseHead() else {
                if buffer.count > Self.maxHeadBytes { throw .malformedResponse("response head over \(Self.maxHeadBytes) bytes") }
                return nil
            }
            if (100..<200).contains(head.status), head.status != 101 {
                buffer.removeSubrange(0..<head.bodyStart)  // interim response, e.g. 100 Continue
                continue
            }
            let noBody = requestWasHead || head.status == 204 || head.status == 304 || (100..<200).contains(head.status)
            guard let (body, end, readToClose) = try framedBody(head, noBody: noBody, atEndOfStream: atEndOfStream)
            else { return nil }
            buffer.removeSubrange(0..<end)
            let closes = readToClose || head.headers.hasToken("close", in: "connection")
                || (head.isHTTP10 && !head.headers.hasToken("keep-alive", in: "connection"))
            return Result(response: HTTPClientResponse(status: head.status, headers: head.headers, body: body),
                          closesConnection: closes)
        }
    }

    /// A parsed status line and header section.
    private struct Head {
        var status: Int
        var isHTTP10: Bool
        var headers: HTTPHeaders
        var bodyStart: Int
    }

    private func parseHead() throws(HTTPClientError) -> Head? {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        while let lineFeed = buffer[start...].firstIndex(of: 0x0A) {
            var line = buffer[start..<lineFeed]
            if line.last == 0x0D { line = line.dropLast() }
            start = lineFeed + 1
            if line.isEmpty {
                guard let statusLine = lines.first else { throw .malformedResponse("empty status line") }
                let (status, isHTTP10) = try Self.parseStatusLine(statusLine)
                var headers = HTTPHeaders()
                for field in lines.dropFirst() {
                    guard let colon = field.firstIndex(of: UInt8(ascii: ":")) else {
                        throw .malformedResponse("header line without colon")
                    }
                    headers.add(String(decoding: field[..<colon], as: UTF8.self),
                                String(decoding: HTTPHeaders.trimmingWhitespace(field[(colon + 1)...]), as: UTF8.self))
                }
                return Head(status: status, isHTTP10: isHTTP10, headers: headers, bodyStart: start)
            }
            lines.append(line)
        }
        return nil
    }

    private static func parseStatusLine(_ line: ArraySlice<UInt8>) throws(HTTPClientError) -> (Int, Bool) {
        let text = String(decoding: line, as: UTF8.self)
        let parts = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0] == "HTTP/1.1" || parts[0] == "HTTP/1.0", parts[1].count == 3,
              let status = Int(parts[1])
        else { throw .malformedResponse("bad status line '\(text.prefix(100))'") }
        return (status, parts[0] == "HTTP/1.0")
    }

    /// The body and the index just past it, or nil when more bytes are needed.
    private func framedBody(
        _ head: Head, noBody: Bool, atEndOfStream: Bool
    ) throws(HTTPClientError) -> (body: [UInt8], end: Int, readToClose: Bool)? {
        let start = head.bodyStart
        if noBody { return ([], start, false) }
        if head.headers.hasToken("chunked", in: "transfer-encoding") {
            return try decodeChunked(from: start).map { ($0.body, $0.end, false) }
        }
        if let value = head.headers["content-length"] {
            guard let length = Int(value), length >= 0, length <= Self.maxBodyBytes else {
                throw .malformedResponse("bad content-length '\(value)'")
            }
            guard buffer.count - start >= length else { return nil }
            return (Array(buffer[start..<start + length]), start + length, false)
        }
        guard atEndOfStream else { return nil }
        return (Array(buffer[start...]), buffer.count, true)
    }

    private func decodeChunked(from start: Int) throws(HTTPClientError) -> (body: [UInt8], end: Int)? {
        var body: [UInt8] = []
        var index = start
        while true {
            guard let lineFeed = buffer[index...].firstIndex(of: 0x0A) else { return nil }
            var size = 0
            var cursor = index
            while cursor < lineFeed, let digit = HTTPRequestTarget.hexValue(buffer[cursor]) {
                size = size * 16 + Int(digit)
                guard size <= Self.maxBodyBytes - body.count else { throw .malformedResponse("chunked body too large") }
                cursor += 1
            }
            guard cursor > index else { throw .malformedResponse("bad chunk size line") }
            index = lineFeed + 1
            if size == 0 { break }
            guard buffer.count - index >= size + 2 else { return nil }
            body.append(contentsOf: buffer[index..<index + size])
            index += size
            if buffer[index] == 0x0D { index += 1 }
            guard buffer[index] == 0x0A else { throw .malformedResponse("missing CRLF after chunk data") }
            index += 1
        }
        while true {  // trailer fields up to the empty line
            guard let lineFeed = buffer[index...].firstIndex(of: 0x0A) else { return nil }
            let isEmpty = lineFeed == index || (lineFeed == index + 1 && buffer[index] == 0x0D)
            index = lineFeed + 1
            if isEmpty { return (body, index) }
        }
    }
}
