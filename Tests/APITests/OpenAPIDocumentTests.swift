import API
import Engine
import HTTP
import Jobs
import Telemetry
import Testing

@Suite struct OpenAPIDocumentTests {
    /// Both listeners' routers and the document's `paths` and `x-internal-listener.paths` are built from
    /// `RouteTable`: with every handler group present, no entry is left out of a router, and the document lists the
    /// same (method, path) pairs.
    @Test func routersAndDocumentComeFromTheRouteTable() throws {
        let server = try TestServer()
        let standIn: HTTPHandler = { _, _, responder in responder.respond(.text("stand-in")) }
        var handlers = RouteHandlers(
            system: SystemRouteHandlers(health: standIn, ready: standIn, metrics: standIn),
            replication: ReplicationRouteHandlers(records: standIn, createSnapshot: standIn, snapshotRange: standIn,
                                                  deleteSnapshot: standIn, status: standIn, promote: standIn,
                                                  switchover: standIn, handoff: standIn))
        handlers.addGame(environment: server.environment, land: server.land, players: server.players,
                         auctions: server.auctions)
        handlers.addMarket(environment: server.environment, market: server.market)
        handlers.addAdmin(environment: server.environment, services: AdminServices(
            auctions: server.auctions, market: server.market, players: server.players, jobs: server.auctions.queue,
            health: { AdminNodeHealth(role: "primary", release: "test", isReady: true) }))
        for (listener, documentPaths) in [(RouteListeners.api, OpenAPIDocument.document()["paths"]),
                                          (.internalNetwork, OpenAPIDocument.document()["x-internal-listener"]?["paths"])] {
            var router = Router()
            let missing = RouteTable.register(in: &router, listener: listener, handlers: handlers)
            #expect(missing.isEmpty, "entries without a handler: \(missing.map(\.path))")
            let table = RouteTable.routes(on: listener).map { "\($0.method.rawValue) \($0.path)" }
            #expect(router.routes.map { "\($0.method.rawValue) \($0.pattern)" } == table)
            guard case .object(let paths) = documentPaths else {
                Issue.record("no paths")
                continue
            }
            let documented = paths.flatMap { path, item -> [String] in
                guard case .object(let byMethod) = item else { return [] }
                return byMethod.keys.map { "\($0.uppercased()) \(path)" }
            }
            #expect(documented.sorted() == table.sorted())
        }
    }

    /// Every operation the document can describe is a table entry (no documentation of a route nobody serves).
    @Test func everyCatalogueOperationIsARouteTableEntry() {
        let table = Set(RouteTable.routes.map { "\($0.method.rawValue) \($0.path)" })
        let catalogue = OpenAPIDocument.catalogue.map { "\($0.method.rawValue) \($0.path)" }
        #expect(Set(catalogue) == table)
        #expect(catalogue.count == table.count, "an operation is defined twice")
        #expect(RouteTable.routes.count == table.count, "a route is in the table twice")
    }

    /// A test server that registers only the game API gets the game API's entries, and names the rest as missing.
    @Test func aPartialRouterLeavesOutTheGroupsItHasNoHandlersFor() throws {
        let server = try TestServer()
        var handlers = RouteHandlers()
        handlers.addGame(environment: server.environment, land: server.land, players: server.players, auctions: nil)
        var router = Router()
        let missing = RouteTable.register(in: &router, listener: .api, handlers: handlers)
        #expect(router.routes.allSatisfy { $0.pattern.hasPrefix("/api/") && !$0.pattern.hasPrefix("/api/marketplace/") })
        #expect(Set(missing.map(\.path)).isSuperset(of: ["/health", "/ready", "/api/marketplace/listings"]))
        #expect(router.routes.count + missing.count == RouteTable.routes(on: .api).count)
    }

    @Test func servedDocumentIsOpenAPI3WithResolvableReferences() throws {
        let server = try TestServer()
        let response = try server.client().get("/api/openapi.json")
        #expect(response.status == 200)
        let document = try #require(response.json)
        #expect(document["openapi"] == "3.0.3")
        guard case .object(let schemas) = document["components"]?["schemas"] else {
            Issue.record("no schemas")
            return
        }
        var references: [String] = []
        func collect(_ value: JSONValue) {
            switch value {
            case .object(let members):
                if case .string(let reference) = members["$ref"] { references.append(reference) }
                members.values.forEach(collect)
            case .array(let elements): elements.forEach(collect)
            default: break
            }
        }
        collect(document)
        #expect(!references.isEmpty)
        for reference in references {
            let name = reference.replacingOccurrences(of: "#/components/schemas/", with: "")
            #expect(schemas[name] != nil, "unresolved \(reference)")
        }
        guard case .object(let paths) = document["paths"] else { return }
        for (path, operations) in paths {
            guard case .object(let byMethod) = operations else { continue }
            for (method, operation) in byMethod {
                guard case .object(let responses) = operation["responses"] else {
                    Issue.record("\(method) \(path) has no responses")
                    continue
                }
                #expect(!responses.isEmpty)
            }
        }
    }

    /// Every key of real responses appears in the documented schema's required list and nothing else.
    @Test func realResponsesHaveTheDocumentedKeys() throws {
        let server = try TestServer()
        let client = try server.client()
        let registered = try client.post("/api/auth/register", json: #"{"username":"frank","password":"long enough"}"#)
        let keys = DocumentedKeys().required, objectKeys = DocumentedKeys.members
        #expect(objectKeys(registered.json) == keys("RegisterResponse"))
        #expect(objectKeys(registered.json?["player"]) == keys("Player"))
        let square = try client.get("/api/land-squares/1").json
        #expect(objectKeys(square) == keys("LandSquare"))
        let regions = try client.get("/api/regions").json
        guard case .array(let list) = regions?["regions"] else { return }
        #expect(objectKeys(list.first) == keys("Region"))
        let error = try client.get("/api/land-squares/0").json
        #expect(objectKeys(error) == keys("Error"))
    }
}
