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

    static func query(_ name: String, _ description: String) -> JSONValue {
        [
            "name": .string(name), "in": "query", "required": true, "description": .string(description),
            "schema": ["type": "integer", "format": "int64", "minimum": -1_000_000_000, "maximum": 1_000_000_000],
        ]
    }

    static let idParameter: JSONValue = [
        "name": "id", "in": "path", "required": true,
        "schema": ["type": "integer", "format": "int64", "minimum": 1, "maximum": .integer(Int64.max)],
    ]

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
                parameters: [], requestSchema: OpenAPISchemas.reference("Credentials"),
                responses: [201: ("Registered", OpenAPISchemas.reference("RegisterResponse"))].merging(errors([
                    400: "Invalid input (missing_field, unknown_field, wrong_type, invalid_length, invalid_username, invalid_json)",
                    409: "username_taken", 413: "payload_too_large", 415: "unsupported_media_type",
                    503: "server_busy: password hashing queue full",
                ])) { first, _ in first }),
            OpenAPIOperation(
                method: .post, path: "/api/auth/login", operationID: "login",
                summary: "Exchange username and password for a token", tag: "auth", access: .open,
                parameters: [], requestSchema: OpenAPISchemas.reference("Credentials"),
                responses: [200: ("Logged in", OpenAPISchemas.reference("LoginResponse"))].merging(errors([
                    400: "Invalid input", 401: "invalid_credentials", 413: "payload_too_large",
                    415: "unsupported_media_type", 429: "rate_limited (per username and per client address)",
                    503: "server_busy",
                ])) { first, _ in first }),
            OpenAPIOperation(
                method: .get, path: "/api/me", operationID: "getMe",
                summary: "The calling player with balances and resources", tag: "players", access: .player,
                parameters: [], requestSchema: nil,
                responses: [200: ("The player", OpenAPISchemas.reference("Player"))].merging(errors([
                    400: "unknown_parameter", 401: unauthorized,
                ])) { first, _ in first }),
            OpenAPIOperation(
                method: .get, path: "/api/land-squares", operationID: "listLandSquares",
                summary: "Squares inside a rectangle (inclusive bounds, at most 1024 squares)", tag: "world",
                access: .open,
                parameters: [query("minX", "Smallest x"), query("minY", "Smallest y"), query("maxX", "Largest x"),
                             query("maxY", "Largest y")],
                requestSchema: nil,
                responses: [200: ("Squares ordered by y then x", OpenAPISchemas.reference("LandSquareList"))]
                    .merging(errors([
                        400: "missing_parameter, invalid_parameter, inverted_range, area_too_large, unknown_parameter",
                    ])) { first, _ in first }),
            OpenAPIOperation(
                method: .get, path: "/api/land-squares/{id}", operationID: "getLandSquare",
                summary: "One land square", tag: "world", access: .open, parameters: [idParameter],
                requestSchema: nil,
                responses: [200: ("The square", OpenAPISchemas.reference("LandSquare"))].merging(errors([
                    400: "invalid_parameter", 404: "square_not_found",
                ])) { first, _ in first }),
            OpenAPIOperation(
                method: .get, path: "/api/regions", operationID: "listRegions", summary: "All regions", tag: "world",
                access: .open, parameters: [], requestSchema: nil,
                responses: [200: ("Regions ordered by y then x", OpenAPISchemas.reference("RegionList"))]
                    .merging(errors([400: "unknown_parameter"])) { first, _ in first }),
            OpenAPIOperation(
                method: .get, path: "/api/admin/ledger", operationID: "getLedgerSummary",
                summary: "Totals per asset and account kind (admin)", tag: "admin", access: .admin,
                parameters: [], requestSchema: nil,
                responses: [200: ("Totals", OpenAPISchemas.reference("LedgerSummary"))].merging(errors([
                    400: "unknown_parameter", 401: unauthorized, 403: "forbidden: needs an admin token",
                ])) { first, _ in first }),
            OpenAPIOperation(
                method: .get, path: "/api/openapi.json", operationID: "getOpenAPI", summary: "This document",
                tag: "system", access: .open, parameters: [], requestSchema: nil,
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
        var metrics = OpenAPIOperation(
            method: .get, path: "/metrics", operationID: "getMetrics", summary: "Prometheus text format 0.0.4",
            tag: "system", access: .open, parameters: [], requestSchema: nil,
            responses: [200: ("Metrics", ["type": "string"])])
        metrics.successContentType = "text/plain"
        return metrics
    }

    /// The node's probes, served on both listeners (answered by the App, documented here so the document is
    /// complete).
    static var systemOperations: [OpenAPIOperation] {
        [
            OpenAPIOperation(
                method: .get, path: "/health", operationID: "getHealth", summary: "Liveness", tag: "system",
                access: .open, parameters: [], requestSchema: nil,
                responses: [200: ("Serving", OpenAPISchemas.reference("Health"))]),
            OpenAPIOperation(
                method: .get, path: "/ready", operationID: "getReady", summary: "Readiness for this node's role",
                tag: "system", access: .open, parameters: [], requestSchema: nil,
                responses: [200: ("Ready", OpenAPISchemas.reference("Ready"))].merging(errors([
                    503: "not_ready, fenced, storage_full (the data dir's disk is full) or writer_stale (another "
                        + "process wrote this node's database), with the reason",
                ])) { first, _ in first }),
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
