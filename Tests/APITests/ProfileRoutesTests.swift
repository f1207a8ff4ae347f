import API
import Game
import HTTP
import Store
import Testing

/// `POST /api/me/password` and `POST /api/me/sessions/revoke` on a real server over a real database:
/// a fresh token for the caller, every earlier token refused at once (401 token_revoked), login's validation, errors
/// and rate limits.
@Suite struct ProfileRoutesTests {
    private static func string(_ value: JSONValue) -> String? {
        if case .string(let text) = value { return text }
        return nil
    }

    /// Registers `name` and logs in twice more: three live sessions of one player.
    private static func sessions(_ client: HTTPClient, _ name: String, password: String = "first password") throws
        -> [String] {
        let credentials = #"{"username":"\#(name)","password":"\#(password)"}"#
        var tokens = [try #require(try client.post("/api/auth/register", json: credentials).json?["token"].flatMap(Self.string))]
        for _ in 0..<2 {
            tokens.append(try #require(try client.post("/api/auth/login", json: credentials).json?["token"].flatMap(Self.string)))
        }
        return tokens
    }

    @Test func changingThePasswordSignsEverySessionOutAndAnswersAFreshToken() throws {
        let server = try TestServer()
        let client = try server.client()
        let tokens = try Self.sessions(client, "carol")
        let changed = try client.post("/api/me/password", json: #"{"currentPassword":"first password","newPassword":"second password"}"#,
                                      token: tokens[1])
        #expect(changed.status == 200, "\(changed.bodyText)")
        let fresh = try #require(changed.json?["token"].flatMap(Self.string))
        #expect(changed.json?["player"]?["username"] == "carol")
        for token in tokens {
            let refused = try client.get("/api/me", token: token)
            #expect(refused.status == 401)
            #expect(refused.errorCode == "token_revoked")
            #expect(refused.headers["www-authenticate"] == "Bearer")
        }
        #expect(try client.get("/api/me", token: fresh).status == 200)
        let oldLogin = try client.post("/api/auth/login", json: #"{"username":"carol","password":"first password"}"#)
        #expect(oldLogin.errorCode == "invalid_credentials")
        let newLogin = try client.post("/api/auth/login", json: #"{"username":"carol","password":"second password"}"#)
        #expect(newLogin.status == 200)
        let newToken = try #require(newLogin.json?["token"].flatMap(Self.string))
        #expect(try client.get("/api/me", token: newToken).status == 200)
    }

    @Test func signingOutOtherSessionsKeepsOnlyTheFreshToken() throws {
        let server = try TestServer()
        let client = try server.client()
        let tokens = try Self.sessions(client, "dora")
        let other = try Self.sessions(client, "emil")
        let revoked = try client.send(.post, "/api/me/sessions/revoke", headers: ["authorization": "Bearer \(tokens[0])"])
        #expect(revoked.status == 200, "\(revoked.bodyText)")
        let fresh = try #require(revoked.json?["token"].flatMap(Self.string))
        for token in tokens { #expect(try client.get("/api/me", token: token).errorCode == "token_revoked") }
        #expect(try client.get("/api/me", token: fresh).status == 200)
        // Another player's sessions are untouched; an empty object body is accepted too.
        for token in other { #expect(try client.get("/api/me", token: token).status == 200) }
        let again = try client.post("/api/me/sessions/revoke", json: "{}", token: fresh)
        #expect(again.status == 200)
        #expect(try client.get("/api/me", token: fresh).errorCode == "token_revoked")
        let connection = try Connection(configuration: server.storeConfiguration, readOnly: true)
        defer { connection.close() }
        let generation = try Players.tokenGeneration(playerID: 1, in: connection)
        #expect(generation == 2)
    }

    @Test(arguments: [
        (#"{"currentPassword":"wrong password","newPassword":"second password"}"#, 401, "invalid_credentials"),
        (#"{"currentPassword":"first password","newPassword":"short"}"#, 400, "invalid_length"),
        (#"{"currentPassword":"first password"}"#, 400, "missing_field"),
        (#"{"currentPassword":"first password","newPassword":12345678}"#, 400, "wrong_type"),
        (#"{"currentPassword":"first password","newPassword":"second password","x":1}"#, 400, "unknown_field"),
        ("[]", 400, "invalid_body"),
    ] as [(String, Int, String)])
    func badPasswordChangesAreRefusedAndChangeNothing(_ body: String, _ status: Int, _ code: String) throws {
        let server = try TestServer()
        let client = try server.client()
        let tokens = try Self.sessions(client, "fred")
        let response = try client.post("/api/me/password", json: body, token: tokens[0])
        #expect(response.status == status, "\(response.bodyText)")
        #expect(response.errorCode == code)
        for token in tokens { #expect(try client.get("/api/me", token: token).status == 200) }
        let login = try client.post("/api/auth/login", json: #"{"username":"fred","password":"first password"}"#)
        #expect(login.status == 200)
    }

    @Test(arguments: ["/api/me/password", "/api/me/sessions/revoke"])
    func bothRoutesNeedAToken(_ path: String) throws {
        let server = try TestServer()
        let response = try server.client().post(path, json: "{}")
        #expect(response.status == 401)
        #expect(response.errorCode == "missing_token")
    }

    @Test func guessingTheCurrentPasswordIsRateLimitedLikeALogin() throws {
        let server = try TestServer()
        let client = try server.client()
        let token = try #require(try Self.sessions(client, "gina").first)
        var statuses: [Int] = []
        var retryAfter: String?
        for attempt in 0..<7 {
            let response = try client.post("/api/me/password",
                                           json: #"{"currentPassword":"guess \#(attempt)","newPassword":"second password"}"#,
                                           token: token)
            statuses.append(response.status)
            if response.status == 429 {
                retryAfter = response.headers["retry-after"]
                #expect(response.errorCode == "rate_limited")
            }
        }
        // Two logins of sessions() took two of the username bucket's five tokens.
        #expect(statuses == [401, 401, 401, 429, 429, 429, 429])
        #expect(Int(retryAfter ?? "") ?? 0 >= 1)
        let login = try client.post("/api/auth/login", json: #"{"username":"gina","password":"first password"}"#)
        #expect(login.status == 429)
        server.clock.advance(by: .seconds(60))
        let change = try client.post("/api/me/password", json: #"{"currentPassword":"first password","newPassword":"second password"}"#,
                                     token: token)
        #expect(change.status == 200, "\(change.bodyText)")
    }

    @Test func signingOutIsRateLimitedInItsOwnBuckets() throws {
        let server = try TestServer()
        let client = try server.client()
        var token = try #require(try Self.sessions(client, "hugo").first)
        var statuses: [Int] = []
        for _ in 0..<6 {
            let response = try client.post("/api/me/sessions/revoke", json: "{}", token: token)
            statuses.append(response.status)
            if let fresh = response.json?["token"].flatMap(Self.string) { token = fresh }
        }
        #expect(statuses == [200, 200, 200, 200, 200, 429])
        // Login's buckets are its own: two logins and five sign-outs leave logging in allowed.
        #expect(try client.post("/api/auth/login", json: #"{"username":"hugo","password":"first password"}"#).status == 200)
    }
}
