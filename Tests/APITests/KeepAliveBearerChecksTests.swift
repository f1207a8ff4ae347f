import API
import HTTP
import Testing

/// Every request of ONE keep-alive connection gets every bearer check, however often the same header came before
/// (what a per-connection shortcut must keep): a revoke from elsewhere, expiry on the clock, a forged token of the same
/// length, a switch to another player's token and back, a refused spelling of the same token.
@Suite struct KeepAliveBearerChecksTests {
    private static func string(_ value: JSONValue?) -> String? {
        if case .string(let text)? = value { return text }
        return nil
    }

    private static func register(_ client: HTTPClient, _ name: String) throws -> String {
        let credentials = #"{"username":"\#(name)","password":"first password"}"#
        return try #require(Self.string(try client.post("/api/auth/register", json: credentials).json?["token"]))
    }

    @Test func aRepeatedHeaderIsCheckedOnEveryRequest() throws {
        let server = try TestServer()
        let connection = try server.client()
        let elsewhere = try server.client()
        let hana = try Self.register(elsewhere, "hana")
        let ivan = try Self.register(elsewhere, "ivan")

        for _ in 0..<3 { #expect(try connection.get("/api/me", token: hana).json?["username"] == "hana") }
        // Another player's token on the same connection, then back: each request answers for its own header.
        #expect(try connection.get("/api/me", token: ivan).json?["username"] == "ivan")
        #expect(try connection.get("/api/me", token: hana).json?["username"] == "hana")

        // A forged token of the same length (one signature character changed) right after the real one.
        var forged = Array(hana.utf8)
        forged[forged.count - 2] = forged[forged.count - 2] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        let forgedAnswer = try connection.get("/api/me", token: String(decoding: forged, as: UTF8.self))
        #expect(forgedAnswer.status == 401 && forgedAnswer.errorCode == "invalid_token", "\(forgedAnswer.bodyText)")
        #expect(try connection.get("/api/me", token: hana).status == 200)

        // The same token under a spelling the header rules refuse.
        let lowercase = try connection.send(.get, "/api/me", headers: ["authorization": "bearer\(hana)"])
        #expect(lowercase.status == 401 && lowercase.errorCode == "invalid_token", "\(lowercase.bodyText)")

        // Revoked over another connection: the remembered header is refused at once.
        #expect(try connection.get("/api/me", token: hana).status == 200)
        let revoked = try elsewhere.post("/api/me/sessions/revoke", json: "{}", token: hana)
        #expect(revoked.status == 200, "\(revoked.bodyText)")
        let refused = try connection.get("/api/me", token: hana)
        #expect(refused.status == 401 && refused.errorCode == "token_revoked", "\(refused.bodyText)")
        let fresh = try #require(Self.string(revoked.json?["token"]))
        #expect(try connection.get("/api/me", token: fresh).json?["username"] == "hana")

        // Expiry: the remembered header stops working when the clock passes `exp`.
        server.clock.advance(by: .seconds(3_601))
        let expired = try connection.get("/api/me", token: fresh)
        #expect(expired.status == 401 && expired.errorCode == "token_expired", "\(expired.bodyText)")
    }
}
