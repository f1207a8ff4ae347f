import Foundation
import HTTP
import Locking
import Net
import Replication
import TestSupport
import Testing

/// The one-release rule between real processes on 127.0.0.1: a real primary refuses standbys that are older (or say
/// nothing: release 0.5.0) or too new before a record or snapshot leaves, and a real standby refuses a primary it must
/// not follow, before it writes anything, saying so in its log, `/ready` and `status`.
@Suite(.serialized) struct VersionHandshakeProcessTests {
    static let secretHeader: HTTPHeaders = ["authorization": "Bearer pair-secret-0123456789abcdef"]

    static func headers(release: String?, protocolVersion: Int = NodeVersion.currentProtocol) -> HTTPHeaders {
        var headers = secretHeader
        if let release {
            NodeVersion(release: release, schemaVersion: 14, protocolVersion: protocolVersion).add(to: &headers)
        }
        return headers
    }

    @Test(.timeLimit(.minutes(3))) func primaryRefusesOlderAndTooNewStandbysBeforeSendingAnything() throws {
        let pair = try ReplicationPair()
        defer { pair.stop() }
        try pair.startPrimary()
        _ = try ReplicationProcessTests.register("versioned_player", port: pair.primaryPort)
        let client = try HTTPClient(host: "127.0.0.1", port: pair.primaryInternalPort)
        defer { client.close() }
        let current = ReleaseVersion.current
        let refused: [(String, HTTPHeaders)] = [
            ("no version headers (release 0.5.0)", Self.headers(release: nil)),
            ("an older release", Self.headers(release: "0.\(current.minor - 1).9")),
            ("two releases newer", Self.headers(release: "0.\(current.minor + 2).0")),
            ("an unknown protocol", Self.headers(release: current.description, protocolVersion: 9)),
        ]
        for (name, headers) in refused {
            for (method, target) in [(HTTPMethod.get, "/replication/records?after=0&wait_ms=0"),
                                     (.post, "/replication/snapshots"),
                                     (.get, "/replication/snapshots/0123456789abcdef?offset=0&length=16")] {
                let answer = try client.send(method, target, headers: headers)
                #expect(answer.status == 409 && answer.bodyText.contains(#""code":"version_incompatible""#),
                        "\(name) \(target): \(answer.status) \(answer.bodyText)")
                #expect(answer.bodyText.contains("release \(current)") && answer.bodyText.contains("upgrade the standby first"),
                        "names the primary's release and the upgrade path: \(answer.bodyText)")
                #expect(answer.body.count < 2_000, "no records in a refusal")
                #expect(answer.headers[NodeVersion.releaseHeader] == current.description)
            }
        }
        let snapshots = pair.primaryDataDir + "/replication-snapshots"
        let taken = (try? FileManager.default.contentsOfDirectory(atPath: snapshots)) ?? []
        #expect(taken.isEmpty, "no snapshot was taken for a refused standby: \(taken)")
        for release in [current.description, "0.\(current.minor + 1).0"] {
            let answer = try client.send(.get, "/replication/records?after=0&wait_ms=0", headers: Self.headers(release: release))
            #expect(answer.status == 200 && !answer.body.isEmpty, "a standby at \(release) follows: \(answer.status)")
        }
        let status = try ReplicationPair.status(port: pair.primaryInternalPort)
        let version = status["version"] as? [String: Any]
        #expect(version?["release"] as? String == current.description)
        #expect(version?["protocolVersion"] as? Int == NodeVersion.currentProtocol)
        #expect((status["peerVersion"] as? [String: Any])?["release"] as? String == "0.\(current.minor + 1).0")
    }

    @Test(.timeLimit(.minutes(3))) func emptyStandbyRefusesAPrimaryTwoReleasesOlderAndWritesNothing() throws {
        let fake = try FakePrimary(release: "0.\(ReleaseVersion.current.minor - 2).0")
        defer { fake.stop() }
        let pair = try ReplicationPair()
        defer { pair.stop() }
        let standby = try pair.startStandby(peer: "http://127.0.0.1:\(fake.port)")
        #expect(standby.waitForExit() != 0)
        pair.standby = nil
        let stderr = (try? String(contentsOfFile: pair.directory.file("standby.stderr"), encoding: .utf8)) ?? ""
        let everything = stderr + standby.outputLines.joined(separator: "\n")
        #expect(everything.contains("replication refused") && everything.contains("release \(fake.release)")
                && everything.contains("release \(ReleaseVersion.current)"), "names both releases: \(everything.suffix(800))")
        #expect(fake.requests == ["POST /replication/snapshots"], "no range was fetched: \(fake.requests)")
        let leftovers = ((try? FileManager.default.contentsOfDirectory(atPath: pair.standbyDataDir)) ?? [])
            .filter { $0.contains("bootstrap") }
        #expect(leftovers.isEmpty)
    }

    @Test(.timeLimit(.minutes(4))) func runningStandbyRefusesANewerPrimaryAndSaysWhyInReadyAndStatus() throws {
        let pair = try ReplicationPair()
        defer { pair.stop() }
        try pair.startPrimary()
        _ = try ReplicationProcessTests.register("before_upgrade", port: pair.primaryPort)
        _ = try pair.startStandby()
        try pair.waitForStandby()
        _ = try pair.waitForConvergence()
        pair.standby?.send(signal: SIGTERM)
        _ = pair.standby?.waitForExit()
        pair.standby = nil
        let appliedBefore = try ReplicationPair.committedHead(dataDir: pair.standbyDataDir)

        let newer = "0.\(ReleaseVersion.current.minor + 1).0"
        let fake = try FakePrimary(release: newer)
        defer { fake.stop() }
        _ = try pair.startStandby(peer: "http://127.0.0.1:\(fake.port)")
        try pair.waitForStandby()
        let ready = try HTTPClient(host: "127.0.0.1", port: pair.standbyPort)
        defer { ready.close() }
        let answer = try ready.send(.get, "/ready")
        #expect(answer.status == 503 && answer.bodyText.contains(#""code":"version_incompatible""#), "\(answer.bodyText)")
        #expect(answer.bodyText.contains("release \(newer)") && answer.bodyText.contains("must not be older"), "\(answer.bodyText)")
        let status = try ReplicationPair.status(port: pair.standbyInternalPort)
        #expect((status["versionRefusal"] as? String)?.contains("upgrade the standby first") == true)
        #expect((status["peerVersion"] as? [String: Any])?["release"] as? String == newer)
        #expect(status["appliedSeq"] as? Int == appliedBefore, "nothing applied")
        #expect(!fake.requests.contains { $0.hasPrefix("POST /replication/snapshots") }, "\(fake.requests)")
        let log = pair.standby?.outputLines.joined(separator: "\n") ?? ""
        #expect(log.contains(#""message":"replication version refused""#))
        // Reads still work on the refused standby.
        #expect(try ready.send(.get, "/health").status == 200)
        #expect(try ready.send(.get, "/api/regions").status == 200)
    }
}

/// An HTTP server standing in for a primary of another release: it answers the replication routes with that
/// release's version headers (and nothing a standby could install), and lists the requests it got.
final class FakePrimary: Sendable {
    let release: String
    private let loops: EventLoopGroup
    private let server: HTTPServer
    private let received = Locked<[String]>([])

    init(release: String) throws {
        self.release = release
        loops = try EventLoopGroup(loopCount: 1, threadNamePrefix: "fake-primary")
        var router = Router()
        let received = received
        let version = NodeVersion(release: release, schemaVersion: 30, protocolVersion: NodeVersion.currentProtocol)
        let answer: @Sendable (HTTPStatus, [UInt8]) -> HTTPHandler = { status, body in
            { request, _, responder in
                received.withLock { $0.append("\(request.method.rawValue) \(request.path)") }
                var response = HTTPResponse(status: status, body: body)
                version.add(to: &response.headers)
                responder.respond(response)
            }
        }
        router.add(.get, "/replication/records", handler: answer(.ok, []))
        router.add(.post, "/replication/snapshots", handler: answer(.created, Array(
            #"{"id":"0123456789abcdef","byteSize":4096,"sha256":"00","headSeq":1,"term":1,"schemaVersion":30}"#.utf8)))
        router.add(.get, "/replication/snapshots/{id}", handler: answer(.ok, [UInt8](repeating: 0, count: 16)))
        router.add(.delete, "/replication/snapshots/{id}", handler: answer(.noContent, []))
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        server = HTTPServer(configuration: configuration, group: loops, router: router)
        try server.start()
    }

    var port: Int { server.localPort }
    var requests: [String] { received.withLock { $0 } }

    func stop() {
        _ = server.shutdown(deadline: .seconds(2))
        loops.shutdown()
    }
}
