import API
import Game
import HTTP
import Foundation
import Synchronization
import Testing

@Suite struct AuthRoutesTests {
    @Test func registerLoginMeAndLandReads() throws {
        let server = try TestServer()
        let client = try server.client()
        let registered = try client.post("/api/auth/register", json: #"{"username":"Alice","password":"correct horse"}"#)
        #expect(registered.status == 201, "\(registered.bodyText)")
        #expect(registered.json?["player"]?["balances"]?["gold"] == .integer(1_000))
        #expect(registered.json?["player"]?["username"] == "Alice")
        let login = try client.post("/api/auth/login", json: #"{"username":"alice","password":"correct horse"}"#)
        #expect(login.status == 200, "\(login.bodyText)")
        guard case .string(let token) = login.json?["token"] else {
            Issue.record("no token in \(login.bodyText)")
            return
        }
        let me = try client.get("/api/me", token: token)
        #expect(me.status == 200)
        #expect(me.json?["username"] == "Alice")
        #expect(me.json?["escrow"]?["gold"] == .integer(0))
        let around = try client.get("/api/land-squares?minX=-2&minY=-2&maxX=1&maxY=1")
        #expect(around.status == 200)
        guard case .array(let squares) = around.json?["squares"] else {
            Issue.record("no squares")
            return
        }
        #expect(squares.count == 16)
        guard case .integer(let id) = squares.first?["id"] else { return }
        let one = try client.get("/api/land-squares/\(id)")
        #expect(one.status == 200)
        #expect(one.json == squares.first)
        let regions = try client.get("/api/regions")
        guard case .array(let list) = regions.json?["regions"] else {
            Issue.record("no regions")
            return
        }
        #expect(list.count == 16)
    }

    struct BadRequest: Sendable, CustomStringConvertible {
        var target: String
        var body: String
        var status: Int
        var code: String
        var contentType = "application/json"
        var description: String { "\(target) \(body.prefix(40)) -> \(status) \(code)" }
    }

    @Test(arguments: [
        BadRequest(target: "/api/auth/register", body: #"{"username":"bob"}"#, status: 400, code: "missing_field"),
        BadRequest(target: "/api/auth/register", body: #"{"password":"long enough"}"#, status: 400, code: "missing_field"),
        BadRequest(target: "/api/auth/register", body: #"{"username":"bob","password":"long enough","admin":true}"#,
                   status: 400, code: "unknown_field"),
        BadRequest(target: "/api/auth/register", body: #"{"username":5,"password":"long enough"}"#, status: 400,
                   code: "wrong_type"),
        BadRequest(target: "/api/auth/register", body: #"{"username":"bob","password":["x"]}"#, status: 400,
                   code: "wrong_type"),
        BadRequest(target: "/api/auth/register", body: #"{"username":"bob","password":"short"}"#, status: 400,
                   code: "invalid_length"),
        BadRequest(target: "/api/auth/register", body: #"{"username":"b o b","password":"long enough"}"#, status: 400,
                   code: "invalid_username"),
        BadRequest(target: "/api/auth/register",
                   body: #"{"username":"\#(String(repeating: "b", count: 65))","password":"long enough"}"#,
                   status: 400, code: "invalid_length"),
        BadRequest(target: "/api/auth/register", body: #"{"username":"bob","password":"long enough"}x"#, status: 400,
                   code: "invalid_json"),
        BadRequest(target: "/api/auth/register", body: #"{"username":"bob","username":"eve","password":"long enough"}"#,
                   status: 400, code: "invalid_json"),
        BadRequest(target: "/api/auth/register", body: "[]", status: 400, code: "invalid_body"),
        BadRequest(target: "/api/auth/register", body: "", status: 400, code: "invalid_json"),
        BadRequest(target: "/api/auth/register", body: #"{"username":"bob","password":"\#(String(repeating: "p", count: 20_000))"}"#,
                   status: 413, code: "payload_too_large"),
        BadRequest(target: "/api/auth/register", body: #"{"username":"bob","password":"long enough"}"#, status: 415,
                   code: "unsupported_media_type", contentType: "text/plain"),
        BadRequest(target: "/api/auth/register", body: #"{"username":"taken","password":"long enough"}"#, status: 409,
                   code: "username_taken"),
        BadRequest(target: "/api/auth/register", body: #"{"username":"TAKEN","password":"long enough"}"#, status: 409,
                   code: "username_taken"),
        BadRequest(target: "/api/auth/login", body: #"{"username":"taken","password":"wrong password"}"#, status: 401,
                   code: "invalid_credentials"),
        BadRequest(target: "/api/auth/login", body: #"{"username":"nobody","password":"whatever1"}"#, status: 401,
                   code: "invalid_credentials"),
        BadRequest(target: "/api/auth/login", body: #"{"username":"taken"}"#, status: 400, code: "missing_field"),
    ])
    func badInputGetsItsStatusAndChangesNothing(_ bad: BadRequest) throws {
        let server = try TestServer()
        let client = try server.client()
        let setup = try client.post("/api/auth/register", json: #"{"username":"taken","password":"long enough"}"#)
        #expect(setup.status == 201)
        let before = try server.rowCounts()
        let response = try client.send(.post, bad.target, headers: ["content-type": bad.contentType],
                                       body: Array(bad.body.utf8))
        #expect(response.status == bad.status, "\(response.bodyText)")
        #expect(response.errorCode == bad.code, "\(response.bodyText)")
        if case .string(let message) = response.json?["error"]?["message"] {
            #expect(!message.isEmpty)
            #expect(!message.contains("long enough"))
        } else {
            Issue.record("no error message in \(response.bodyText)")
        }
        #expect(try server.rowCounts() == before)
    }

    @Test func loginIsRateLimitedPerUsernameWithRetryAfter() throws {
        let server = try TestServer { configuration in
            configuration.loginUsernamePolicy = RateLimitPolicy(capacity: 3, refillInterval: .seconds(20))
        }
        let client = try server.client()
        _ = try client.post("/api/auth/register", json: #"{"username":"victim","password":"long enough"}"#)
        for _ in 0..<3 {
            let attempt = try client.post("/api/auth/login", json: #"{"username":"VICTIM","password":"guess1234"}"#)
            #expect(attempt.status == 401)
        }
        let limited = try client.post("/api/auth/login", json: #"{"username":"victim","password":"long enough"}"#)
        #expect(limited.status == 429)
        #expect(limited.errorCode == "rate_limited")
        #expect(limited.headers["retry-after"] == "20")
        server.clock.advance(by: .seconds(20))
        let allowed = try client.post("/api/auth/login", json: #"{"username":"victim","password":"long enough"}"#)
        #expect(allowed.status == 200)
    }

    @Test func fullHashingQueueAnswers503AndNothingChanges() throws {
        let server = try TestServer { configuration in
            configuration.hashingThreads = 1
            configuration.hashingQueueLimit = 1
        }
        let release = DispatchSemaphore(value: 0)
        let started = DispatchSemaphore(value: 0)
        try server.environment.hashingPool.enqueue {
            started.signal()
            release.wait()
        }
        started.wait()
        let drained = DispatchSemaphore(value: 0)
        try server.environment.hashingPool.enqueue { drained.signal() }
        let before = try server.rowCounts()
        let client = try server.client()
        let busy = try client.post("/api/auth/register", json: #"{"username":"erin","password":"long enough"}"#)
        #expect(busy.status == 503)
        #expect(busy.errorCode == "server_busy")
        #expect(busy.headers["retry-after"] == "1")
        #expect(try server.rowCounts() == before)
        release.signal()
        drained.wait()  // the queue is empty again (else a loaded machine still sees it full)
        let later = try client.post("/api/auth/register", json: #"{"username":"erin","password":"long enough"}"#)
        #expect(later.status == 201)
    }
}
