import HTTP

extension OpenAPIDocument {
    /// The resource economy's routes: merges, upgrades and the operator's list of resource update runs.
    static var resourceOperations: [OpenAPIOperation] {
        [
            OpenAPIOperation(
                method: .post, path: "/api/merges", operationID: "createMerge",
                summary: "Merge 2 to 9 contiguous squares you own into one plot (costs gold; the plot yields a bonus)",
                tag: "resources", access: .player, requestSchema: OpenAPISchemas.reference("MergeRequest"),
                responses: responses(201, "Merged", OpenAPISchemas.reference("MergeResponse"), errors: [
                    400: "Invalid input (missing_field, unknown_field, wrong_type, out_of_range, duplicate_square, invalid_json)",
                    401: unauthorized, 404: "square_not_found", 413: "payload_too_large", 415: "unsupported_media_type",
                    422: "A rule is broken: not_adjacent, not_owner, square_locked, already_merged, invalid_merge_size, insufficient_funds",
                    503: "server_busy",
                ])),
            OpenAPIOperation(
                method: .post, path: "/api/land-squares/{id}/upgrades", operationID: "upgradeLandSquare",
                summary: "Upgrade your square's resource one step (farm_level, oil_technology, mine_rate), paid in gold and a resource",
                tag: "resources", access: .player, parameters: [idParameter],
                requestSchema: OpenAPISchemas.reference("UpgradeRequest"),
                responses: responses(200, "Upgraded", OpenAPISchemas.reference("UpgradeResponse"), errors: [
                    400: "Invalid input (invalid_parameter, missing_field, unknown_field, wrong_type, invalid_upgrade_kind)",
                    401: unauthorized, 404: "square_not_found", 413: "payload_too_large", 415: "unsupported_media_type",
                    422: "A rule is broken: not_owner, square_locked, upgrade_not_applicable, max_level, insufficient_funds",
                    503: "server_busy",
                ])),
            OpenAPIOperation(
                method: .get, path: "/api/resource-runs", operationID: "listResourceRuns",
                summary: "Resource update runs, newest first (admin)", tag: "admin", access: .admin,
                parameters: [optionalQuery("limit", "How many runs (default 20)", maximum: 100)],
                responses: responses(200, "Runs", OpenAPISchemas.reference("ResourceRunList"), errors: [
                    400: "unknown_parameter, invalid_parameter", 401: unauthorized, 403: "forbidden: needs an admin token",
                ])),
        ]
    }
}
