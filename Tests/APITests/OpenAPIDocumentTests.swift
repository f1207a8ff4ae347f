import API
import HTTP
import Testing

@Suite struct OpenAPIDocumentTests {
    @Test func routerRoutesAndDocumentedOperationsAreTheSameSet() throws {
        let server = try TestServer()
        let mismatches = OpenAPIDocument.mismatches(routes: server.router.routes)
        #expect(mismatches.undocumented.isEmpty, "routes missing from the document: \(mismatches.undocumented)")
        #expect(mismatches.unrouted.isEmpty, "documented but not routed: \(mismatches.unrouted)")
        #expect(server.router.routes.count == OpenAPIDocument.operations.count)
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
        let document = OpenAPIDocument.document()
        func keys(_ schema: String) -> Set<String> {
            guard case .array(let names) = document["components"]?["schemas"]?[schema]?["required"] else { return [] }
            return Set(names.compactMap { if case .string(let name) = $0 { name } else { nil } })
        }
        func objectKeys(_ value: JSONValue?) -> Set<String> {
            guard case .object(let members) = value else { return [] }
            return Set(members.keys)
        }
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
