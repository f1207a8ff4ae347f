import HTTP

/// One documented route: method, path template, what it does, its inputs and every response it can give.
///
/// Values of `OpenAPIDocument.catalogue`; each `RouteTable` entry takes the one with its method and path.
public struct OpenAPIOperation: Sendable {
    /// Who may call it.
    public enum Access: Sendable { case open, player, admin }

    public var method: HTTPMethod
    /// The router pattern, e.g. `/api/land-squares/{id}` (OpenAPI uses the same `{name}` syntax).
    public var path: String
    public var operationID: String
    public var summary: String
    public var tag: String
    public var access: Access
    public var parameters: [JSONValue] = []
    /// The JSON request body schema, if the route takes one.
    public var requestSchema: JSONValue?
    /// Status code -> (description, JSON schema or nil for a non-JSON body).
    public var responses: [Int: (description: String, schema: JSONValue?)]
    /// Content type of the success body when it is not JSON (`/metrics`).
    public var successContentType: String = "application/json"

    var json: JSONValue {
        var operation: [String: JSONValue] = [
            "operationId": .string(operationID), "summary": .string(summary), "tags": [.string(tag)],
        ]
        if !parameters.isEmpty { operation["parameters"] = .array(parameters) }
        if let requestSchema {
            operation["requestBody"] = [
                "required": true, "content": ["application/json": ["schema": requestSchema]],
            ]
        }
        if access != .open { operation["security"] = [["bearerAuth": []]] }
        var responses: [String: JSONValue] = [:]
        for (status, response) in self.responses {
            var entry: [String: JSONValue] = ["description": .string(response.description)]
            let contentType = status < 300 ? successContentType : "application/json"
            if let schema = response.schema { entry["content"] = .object([contentType: ["schema": schema]]) }
            if status == 429 || status == 503 || status == 504 {
                entry["headers"] = ["Retry-After": [
                    "description": "Seconds to wait before retrying", "schema": ["type": "integer"],
                ]]
            }
            responses[String(status)] = .object(entry)
        }
        operation["responses"] = .object(responses)
        return .object(operation)
    }
}
