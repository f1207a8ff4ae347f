import HTTP
import Testing
import WebSocket

@Suite struct WebSocketHandshakeTests {
    static let validHeaders: [(String, String)] = [
        ("Host", "127.0.0.1:4001"), ("Upgrade", "websocket"), ("Connection", "Upgrade"),
        ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="), ("Sec-WebSocket-Version", "13"),
    ]

    static func request(method: HTTPMethod = .get, target: String = "/ws", version: HTTPVersion = .http1_1,
                        replacing changes: [(String, String?)] = [], body: [UInt8] = []) -> HTTPRequest {
        var headers = HTTPHeaders()
        for (name, value) in validHeaders {
            if let change = changes.first(where: { $0.0.lowercased() == name.lowercased() }) {
                if let replacement = change.1 { headers.add(name, replacement) }
            } else {
                headers.add(name, value)
            }
        }
        for (name, value) in changes where !validHeaders.contains(where: { $0.0.lowercased() == name.lowercased() }) {
            if let value { headers.add(name, value) }
        }
        return HTTPRequest(method: method, target: target, version: version, headers: headers, body: body)
    }

    @Test func acceptKeyMatchesTheRFCExample() {
        #expect(WebSocketHandshake.acceptKey(for: "dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }

    @Test func validRequestYieldsTheAcceptKey() throws {
        let accept = try WebSocketHandshake.validate(Self.request(), path: "/ws", allowedOrigins: [])
        #expect(accept == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }

    @Test(arguments: [
        [("Connection", Optional("keep-alive, Upgrade"))],
        [("Upgrade", "WebSocket")],
        [("Connection", "upgrade")],
        [("Origin", "https://anything.example")],
    ])
    func acceptsLegalVariants(changes: [(String, String?)]) throws {
        _ = try WebSocketHandshake.validate(Self.request(replacing: changes), path: "/ws", allowedOrigins: [])
    }

    /// Requests that break one rule, and the status and code of the refusal.
    static let refusals: [(request: HTTPRequest, status: Int, code: String)] = [
        (request(target: "/other"), 404, "not_found"),
        (request(target: "/ws/extra"), 404, "not_found"),
        (request(method: .post), 405, "method_not_allowed"),
        (request(version: .http1_0), 400, "http_version_not_supported"),
        (request(replacing: [("Upgrade", nil)]), 426, "upgrade_required"),
        (request(replacing: [("Upgrade", "h2c")]), 426, "upgrade_required"),
        (request(replacing: [("Connection", "keep-alive")]), 400, "missing_connection_upgrade"),
        (request(replacing: [("Connection", nil)]), 400, "missing_connection_upgrade"),
        (request(replacing: [("Sec-WebSocket-Version", "8")]), 426, "unsupported_websocket_version"),
        (request(replacing: [("Sec-WebSocket-Version", nil)]), 426, "unsupported_websocket_version"),
        (request(replacing: [("Sec-WebSocket-Key", nil)]), 400, "invalid_websocket_key"),
        (request(replacing: [("Sec-WebSocket-Key", "dGhlIHNhbXBsZQ==")]), 400, "invalid_websocket_key"),  // 10 bytes
        (request(replacing: [("Sec-WebSocket-Key", "not base64!")]), 400, "invalid_websocket_key"),
        (request(body: [1]), 400, "unexpected_body"),
    ]

    @Test(arguments: refusals.indices)
    func refusesBrokenRequests(index: Int) {
        let refusal = Self.refusals[index]
        do {
            _ = try WebSocketHandshake.validate(refusal.request, path: "/ws", allowedOrigins: [])
            Issue.record("request \(index) was accepted")
        } catch {
            #expect(error.status.code == refusal.status)
            #expect(error.code == refusal.code)
            #expect(error.response.bodyText.contains("\"code\":\"\(refusal.code)\""))
        }
    }

    @Test func versionRefusalAdvertisesVersion13() {
        #expect(throws: WebSocketHandshakeError.unsupportedVersion(received: "8")) {
            try WebSocketHandshake.validate(Self.request(replacing: [("Sec-WebSocket-Version", "8")]), path: "/ws",
                                            allowedOrigins: [])
        }
        let response = WebSocketHandshakeError.unsupportedVersion(received: "8").response
        #expect(response.status.code == 426)
        #expect(response.headers["sec-websocket-version"] == "13")
    }

    @Test(arguments: [
        (Optional("https://game.example"), true),
        ("https://evil.example", false),
        (nil, false),
    ])
    func originAllowList(origin: String?, isAllowed: Bool) {
        let changes: [(String, String?)] = origin.map { [("Origin", $0)] } ?? []
        let request = Self.request(replacing: changes)
        let result = Result { () throws(WebSocketHandshakeError) in
            try WebSocketHandshake.validate(request, path: "/ws", allowedOrigins: ["https://game.example"])
        }
        switch result {
        case .success: #expect(isAllowed)
        case .failure(let error):
            #expect(!isAllowed)
            #expect(error == .originNotAllowed(origin: origin))
            #expect(error.status.code == 403)
        }
    }

    @Test func switchingProtocolsResponseIsExact() {
        let bytes = WebSocketHandshake.switchingProtocolsResponse(acceptKey: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        #expect(String(decoding: bytes, as: UTF8.self) == "HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\n"
            + "connection: Upgrade\r\nsec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")
    }
}
