import API
import Crypto
import HTTP
import Testing

@Suite struct TokenRoutesTests {
    static func forge(_ header: String, _ payload: String, key: [UInt8]) -> String {
        let input = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(payload.utf8))
        return input + "." + Base64URL.encode(HMACSHA256.authenticationCode(key: key, message: Array(input.utf8)))
    }

    @Test func badTokensGet401WithTheirCodeAndAdminNeedsTheRole() throws {
        let server = try TestServer()
        let client = try server.client()
        let registered = try client.post("/api/auth/register", json: #"{"username":"dave","password":"long enough"}"#)
        guard case .string(let token) = registered.json?["token"] else {
            Issue.record("no token: \(registered.bodyText)")
            return
        }
        let now = TestServer.epoch / 1000
        let key = server.secret.value
        let cases: [(String?, Int, String)] = [
            (nil, 401, "missing_token"),
            ("Basic abc", 401, "invalid_token"),
            ("Bearer not.a.token", 401, "invalid_token"),
            ("Bearer " + Self.forge(#"{"alg":"none"}"#, #"{"sub":"1","role":"admin","iat":\#(now),"exp":\#(now + 60),"jti":"x"}"#, key: key),
             401, "invalid_token"),
            ("Bearer " + Self.forge(#"{"alg":"HS256"}"#, #"{"sub":"1","role":"admin","iat":\#(now),"exp":\#(now + 60),"jti":"x"}"#,
                                    key: [UInt8](repeating: 1, count: 32)), 401, "invalid_token"),
            ("Bearer " + Self.forge(#"{"alg":"HS256"}"#, #"{"sub":"1","role":"player","iat":\#(now - 100),"exp":\#(now - 1),"jti":"x"}"#,
                                    key: key), 401, "token_expired"),
            ("Bearer " + Self.forge(#"{"alg":"HS256"}"#, #"{"sub":"1","role":"player","iat":\#(now),"nbf":\#(now + 100),"exp":\#(now + 200),"jti":"x"}"#,
                                    key: key), 401, "token_not_yet_valid"),
            ("Bearer " + Self.forge(#"{"alg":"HS256"}"#, #"{"sub":"999","role":"player","iat":\#(now),"exp":\#(now + 60),"jti":"x"}"#,
                                    key: key), 401, "invalid_token"),
        ]
        for (authorization, status, code) in cases {
            var headers: HTTPHeaders = [:]
            if let authorization { headers.set("authorization", authorization) }
            let response = try client.send(.get, "/api/me", headers: headers)
            #expect(response.status == status, "\(authorization ?? "none"): \(response.bodyText)")
            #expect(response.errorCode == code, "\(authorization ?? "none"): \(response.bodyText)")
            #expect(response.headers["www-authenticate"] == "Bearer")
        }
        let forbidden = try client.get("/api/admin/ledger", token: token)
        #expect(forbidden.status == 403)
        #expect(forbidden.errorCode == "forbidden")
        let admin = Self.forge(#"{"alg":"HS256","typ":"JWT"}"#,
                               #"{"sub":"1","role":"admin","iat":\#(now),"exp":\#(now + 60),"jti":"x"}"#, key: key)
        let summary = try client.get("/api/admin/ledger", token: admin)
        #expect(summary.status == 200, "\(summary.bodyText)")
        server.clock.advance(by: .seconds(3_601))
        let expired = try client.get("/api/me", token: token)
        #expect(expired.errorCode == "token_expired")
    }
}
