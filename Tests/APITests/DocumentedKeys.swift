import API

/// The member names a schema of the OpenAPI document requires, and the member names a real response has: the two
/// sides of the tests that hold real responses against the document (schemathesis checks the same from outside).
struct DocumentedKeys {
    let document = OpenAPIDocument.document()

    /// The `required` list of `components.schemas.<schema>`; empty when the schema is not in the document.
    func required(_ schema: String) -> Set<String> {
        guard case .array(let names) = document["components"]?["schemas"]?[schema]?["required"] else { return [] }
        return Set(names.compactMap { if case .string(let name) = $0 { name } else { nil } })
    }

    /// The member names of a JSON object; empty for anything else.
    static func members(_ value: JSONValue?) -> Set<String> {
        guard case .object(let members) = value else { return [] }
        return Set(members.keys)
    }
}
