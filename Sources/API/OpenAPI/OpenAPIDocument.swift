import HTTP

/// The OpenAPI 3.0 document served at `GET /api/openapi.json`: every route of the public API listener (the API plus
/// `/health` and `/ready`) under `paths`, with request and response schemas and the error shape; the internal
/// listener's routes (`/metrics`, `/replication/*`, the probes) under the `x-internal-listener` extension, so tools
/// that walk `paths` (schemathesis, the abuse check) see only what the public listener serves.
///
/// Built once at start-up from `RouteTable`, the table both listeners' routers are built from: a route is documented
/// exactly when it is routed. The web client's static pages are not API and are not documented.
public enum OpenAPIDocument {
    static let error = OpenAPISchemas.reference("Error")

    static func errors(_ statuses: [Int: String]) -> [Int: (description: String, schema: JSONValue?)] {
        statuses.mapValues { (description: $0, schema: error) }
    }

    /// An operation's responses: the success `status` with its `description` and `schema`, and each error status with
    /// what it means (all in the `Error` shape).
    static func responses(_ status: Int, _ description: String, _ schema: JSONValue?,
                          errors statuses: [Int: String]) -> [Int: (description: String, schema: JSONValue?)] {
        var responses = errors(statuses)
        responses[status] = (description, schema)
        return responses
    }

    /// A parameter object: `name` in `location` (`path` or `query`) with its schema, and a description when given.
    static func parameter(_ name: String, in location: String, required: Bool = false, description: String? = nil,
                          schema: JSONValue) -> JSONValue {
        var parameter: [String: JSONValue] = [
            "name": .string(name), "in": .string(location), "required": .bool(required), "schema": schema,
        ]
        if let description { parameter["description"] = .string(description) }
        return .object(parameter)
    }

    /// A path parameter holding a positive int64 id (`{id}`, `{auctionId}`, `{playerId}`, `{jobId}`).
    static func pathID(_ name: String) -> JSONValue {
        parameter(name, in: "path", required: true,
                  schema: ["type": "integer", "format": "int64", "minimum": 1, "maximum": .integer(Int64.max)])
    }

    /// A required int64 query parameter within ±10^9 (the rectangle's bounds).
    static func query(_ name: String, _ description: String) -> JSONValue {
        parameter(name, in: "query", required: true, description: description,
                  schema: ["type": "integer", "format": "int64", "minimum": -1_000_000_000, "maximum": 1_000_000_000])
    }

    /// An optional int64 query parameter from 1 to `maximum` (a page size, a cursor id).
    static func optionalQuery(_ name: String, _ description: String, maximum: Int64) -> JSONValue {
        parameter(name, in: "query", description: description,
                  schema: ["type": "integer", "format": "int64", "minimum": 1, "maximum": .integer(maximum)])
    }

    static let idParameter = pathID("id")

    static let unauthorized = "No token, or an invalid, expired or forged one (missing_token, invalid_token, token_expired)"

    /// Every operation of the public API listener (the probes and the game API), in `RouteTable` order.
    public static var operations: [OpenAPIOperation] {
        RouteTable.routes(on: .api).map(\.operation)
    }

    /// Every operation of the internal listener (`serve --internal-bind/--internal-port`, default 127.0.0.1:4002):
    /// the probes, `/metrics` and the replication endpoints, in `RouteTable` order. The public API listener answers
    /// `/metrics` and `/replication/*` with 404 `not_found`.
    public static var internalOperations: [OpenAPIOperation] {
        RouteTable.routes(on: .internalNetwork).map(\.operation)
    }

    /// Every operation this document can describe, on either listener: what `RouteTable`'s entries are documented by
    /// (each entry takes the operation with its method and path).
    public static let catalogue: [OpenAPIOperation] = {
        var result = systemOperations + [metricsOperation] + replicationOperations
        result += [
            OpenAPIOperation(
                method: .post, path: "/api/auth/register", operationID: "register",
                summary: "Create a player (gets the starting grant) and a token", tag: "auth", access: .open,
                requestSchema: OpenAPISchemas.reference("Credentials"),
                responses: responses(201, "Registered", OpenAPISchemas.reference("RegisterResponse"), errors: [
                    400: "Invalid input (missing_field, unknown_field, wrong_type, invalid_length, invalid_username, invalid_json)",
                    409: "username_taken", 413: "payload_too_large", 415: "unsupported_media_type",
                    503: "server_busy: password hashing queue full",
                ])),
            OpenAPIOperation(
                method: .post, path: "/api/auth/login", operationID: "login",
                summary: "Exchange username and password for a token", tag: "auth", access: .open,
                requestSchema: OpenAPISchemas.reference("Credentials"),
                responses: responses(200, "Logged in", OpenAPISchemas.reference("LoginResponse"), errors: [
                    400: "Invalid input", 401: "invalid_credentials", 413: "payload_too_large",
                    415: "unsupported_media_type", 429: "rate_limited (per username and per client address)",
                    503: "server_busy",
                ])),
            OpenAPIOperation(
                method: .get, path: "/api/me", operationID: "getMe",
                summary: "The calling player with balances and resources", tag: "players", access: .player,
                responses: responses(200, "The player", OpenAPISchemas.reference("Player"), errors: [
                    400: "unknown_parameter", 401: unauthorized,
                ])),
            OpenAPIOperation(
                method: .get, path: "/api/land-squares", operationID: "listLandSquares",
                summary: "Squares inside a rectangle (inclusive bounds, at most 1024 squares)", tag: "world",
                access: .open,
                parameters: [query("minX", "Smallest x"), query("minY", "Smallest y"), query("maxX", "Largest x"),
                             query("maxY", "Largest y")],
                responses: responses(200, "Squares ordered by y then x", OpenAPISchemas.reference("LandSquareList"), errors: [
                    400: "missing_parameter, invalid_parameter, inverted_range, area_too_large, unknown_parameter",
                ])),
            OpenAPIOperation(
                method: .get, path: "/api/land-squares/{id}", operationID: "getLandSquare",
                summary: "One land square", tag: "world", access: .open, parameters: [idParameter],
                responses: responses(200, "The square", OpenAPISchemas.reference("LandSquare"), errors: [
                    400: "invalid_parameter", 404: "square_not_found",
                ])),
            OpenAPIOperation(
                method: .get, path: "/api/regions", operationID: "listRegions", summary: "All regions", tag: "world",
                access: .open,
                responses: responses(200, "Regions ordered by y then x", OpenAPISchemas.reference("RegionList"),
                                     errors: [400: "unknown_parameter"])),
            OpenAPIOperation(
                method: .get, path: "/api/admin/ledger", operationID: "getLedgerSummary",
                summary: "Totals per asset and account kind (admin)", tag: "admin", access: .admin,
                responses: responses(200, "Totals", OpenAPISchemas.reference("LedgerSummary"), errors: [
                    400: "unknown_parameter", 401: unauthorized, 403: "forbidden: needs an admin token",
                ])),
            OpenAPIOperation(
                method: .get, path: "/api/openapi.json", operationID: "getOpenAPI", summary: "This document",
                tag: "system", access: .open,
                responses: [200: ("OpenAPI 3.0 document", ["type": "object"])]),
        ]
        result += meOperations
        result += resourceOperations
        result += auctionOperations
        result += marketOperations
        result += clientOperations
        result += adminOperations
        return result
    }()

    /// `GET /metrics` (internal listener only).
    static var metricsOperation: OpenAPIOperation {
        OpenAPIOperation(
            method: .get, path: "/metrics", operationID: "getMetrics", summary: "Prometheus text format 0.0.4",
            tag: "system", access: .open, responses: [200: ("Metrics", ["type": "string"])],
            successContentType: "text/plain")
    }

    /// The node's probes, served on both listeners (answered by the App, documented here so the document is
    /// complete).
    static var systemOperations: [OpenAPIOperation] {
        [
            OpenAPIOperation(
                method: .get, path: "/health", operationID: "getHealth", summary: "Liveness", tag: "system",
                access: .open,
                responses: [200: ("Serving", OpenAPISchemas.reference("Health"))]),
            OpenAPIOperation(
                method: .get, path: "/ready", operationID: "getReady", summary: "Readiness for this node's role",
                tag: "system", access: .open,
                responses: responses(200, "Ready", OpenAPISchemas.reference("Ready"), errors: [
                    503: "not_ready, fenced, storage_full (the data dir's disk is full) or writer_stale (another "
                        + "process wrote this node's database), with the reason",
                ])),
        ]
    }

    /// The whole document.
    public static func document() -> JSONValue {
        let paths = pathItems(operations.map(withNodeWriteErrors))
        return [
            "openapi": "3.0.3",
            "info": [
                "title": "worldgame API", "version": "0.1.0",
                "description": .string("""
                    The worldgame HTTP API. JSON in and out (UTF-8, camelCase keys). Gold and resource amounts are \
                    integers in whole units (never fractions). Times are RFC 3339 UTC strings. Errors always have the \
                    shape {"error":{"code","message"}}. Player routes need 'Authorization: Bearer <token>' from \
                    /api/auth/login; /api/admin/* needs an admin token.
                    """),
            ],
            "paths": paths,
            "x-internal-listener": [
                "description": .string("""
                    Not served by the public API listener (it answers these with 404 not_found) and never exposed \
                    through nginx: the internal listener (serve --internal-bind HOST --internal-port PORT, default \
                    127.0.0.1:4002) serves /metrics for Prometheus and /replication/* for the peer node, on the \
                    private network between the two VMs. The replication routes need the pair's secret \
                    (docs/replication.md).
                    """),
                "paths": pathItems(internalOperations),
            ],
            "components": [
                "schemas": .object(OpenAPISchemas.all),
                "securitySchemes": ["bearerAuth": ["type": "http", "scheme": "bearer", "bearerFormat": "JWT"]],
            ],
        ]
    }

    /// OpenAPI path items: each path's operations by lower-case method.
    static func pathItems(_ operations: [OpenAPIOperation]) -> JSONValue {
        var paths: [String: [String: JSONValue]] = [:]
        for operation in operations {
            paths[operation.path, default: [:]][operation.method.rawValue.lowercased()] = operation.json
        }
        return .object(paths.mapValues { .object($0) })
    }
}
