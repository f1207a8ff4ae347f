@testable import App
import API
import Foundation
import HTTP
import Telemetry
import Testing
import TestSupport

/// A whole node in-process on an ephemeral port with a temporary data dir.
@Suite struct NodeTests {
    /// A started node over `directory`.
    func makeNode(_ directory: TemporaryDirectory, sink: InMemoryLogSink) throws -> Node {
        try Node.started(in: directory, ["--loops", "2"], logSink: sink)
    }

    @Test func servesHealthReadyMetricsAndErrorsThenStops() throws {
        let directory = try TemporaryDirectory()
        let sink = InMemoryLogSink()
        let node = try makeNode(directory, sink: sink)
        defer { node.stop(deadline: .seconds(2)) }
        let client = try HTTPClient(host: "127.0.0.1", port: node.apiPort)
        defer { client.close() }

        let health = try client.send(.get, "/health")
        #expect(health.status == 200)
        #expect(health.bodyText == #"{"status":"ok"}"#)
        #expect(health.headers["x-request-id"] != nil)

        #expect(try client.send(.get, "/ready").status == 200)

        let missing = try client.send(.get, "/api/nothing-here")
        #expect(missing.status == 404)
        #expect(missing.bodyText.contains(#""code":"not_found""#))

        // `/metrics` is on the internal listener; the public one answers it like any unknown route.
        let publicMetrics = try client.send(.get, "/metrics")
        #expect(publicMetrics.status == 404 && publicMetrics.bodyText.contains(#""code":"not_found""#))
        let internalClient = try HTTPClient(host: "127.0.0.1", port: node.internalPort)
        defer { internalClient.close() }
        #expect(node.internalPort != node.apiPort && node.internalPort != 4002)
        #expect(try internalClient.send(.get, "/health").status == 200)
        #expect(try internalClient.send(.get, "/ready").status == 200)
        let metrics = try internalClient.send(.get, "/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.bodyText.contains(#"worldgame_http_requests_total{route="/health",method="GET",status="200"} 2"#))
        #expect(metrics.bodyText.contains("worldgame_writer_queue_depth"))
        let sqliteHeap = metrics.bodyText.split(separator: "\n").first { $0.hasPrefix("worldgame_sqlite_memory_bytes ") }
        #expect((sqliteHeap?.split(separator: " ").last.flatMap { Double($0) } ?? 0) > 0, "SQLite's heap, read at scrape time")
        #expect(metrics.bodyText.contains("worldgame_sqlite_memory_highwater_bytes "))
        #expect(try internalClient.send(.get, "/api/regions").status == 404, "the game API is public only")

        #expect(sink.records.contains { $0.message == "node ready" })
    }

    /// The real node's routers are the route table's entries for each listener (plus the web client's pages on the
    /// public one), and the served document's paths are the same entries: one table, by construction.
    @Test func theRealNodeServesExactlyTheRouteTableOnEachListener() throws {
        let directory = try TemporaryDirectory()
        let node = try makeNode(directory, sink: InMemoryLogSink())
        defer { node.stop(deadline: .seconds(2)) }
        func names(_ routes: [(method: HTTPMethod, pattern: String)]) -> [String] {
            routes.map { "\($0.method.rawValue) \($0.pattern)" }
        }
        func names(_ routes: [Route]) -> [String] { routes.map { "\($0.method.rawValue) \($0.path)" } }
        let webPages = Set(WebAssets.load().map(\.path))
        let apiRoutes = node.routes.filter { !webPages.contains($0.pattern) }
        #expect(names(apiRoutes) == names(RouteTable.routes(on: .api)))
        #expect(names(node.internalRoutes) == names(RouteTable.routes(on: .internalNetwork)))
        #expect(!apiRoutes.contains { $0.pattern == "/metrics" || $0.pattern.hasPrefix("/replication/") })
        #expect(node.internalRoutes.contains { $0.pattern == "/replication/records" })
        #expect(names(OpenAPIDocument.operations.map { ($0.method, $0.path) }) == names(apiRoutes))
        #expect(names(OpenAPIDocument.internalOperations.map { ($0.method, $0.path) }) == names(node.internalRoutes))
    }

    @Test func readyAnswers503WhileDraining() throws {
        let directory = try TemporaryDirectory()
        let node = try makeNode(directory, sink: InMemoryLogSink())
        defer { node.stop(deadline: .seconds(2)) }
        node.readiness.set(.draining)
        let client = try HTTPClient(host: "127.0.0.1", port: node.apiPort)
        defer { client.close() }
        let ready = try client.send(.get, "/ready")
        #expect(ready.status == 503)
        #expect(ready.bodyText.contains(#""code":"not_ready""#))
    }

    @Test func secondNodeOnTheSamePortFailsWithAClearError() throws {
        let first = try TemporaryDirectory(), second = try TemporaryDirectory()
        let node = try makeNode(first, sink: InMemoryLogSink())
        defer { node.stop(deadline: .seconds(2)) }
        let arguments = try ParsedArguments(
            commandName: "serve",
            arguments: ["--data-dir", second.path, "--api-port", String(node.apiPort), "--ws-port", "0",
                        "--internal-port", "0"],
            options: NodeConfiguration.options, environment: [:])
        let other = try Node(configuration: try NodeConfiguration(arguments), logSink: InMemoryLogSink())
        #expect(throws: (any Error).self) { try other.start() }
        other.stop(deadline: .seconds(1))
    }
}
