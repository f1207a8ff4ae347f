import Game
import HTTP

extension OpenAPIDocument {
    /// What the web client reads to show prices and names (`ClientInfoHandlers`).
    static var clientOperations: [OpenAPIOperation] {
        [
            OpenAPIOperation(
                method: .get, path: "/api/rules", operationID: "getRules",
                summary: "The node's merge and upgrade rules: merge price per square and bonus, upgrade price per level "
                    + "(an upgrade to level n costs n x goldPerLevel gold and n x resourcePerLevel of its paidResource)",
                tag: "world", access: .open,
                responses: responses(200, "The rules", OpenAPISchemas.reference("GameRules"), errors: [
                    400: "unknown_parameter",
                ])),
            OpenAPIOperation(
                method: .get, path: "/api/players", operationID: "listPlayerNames",
                summary: "The usernames of the given player ids (unknown ids are left out), so a page names owners, "
                    + "bidders and sellers",
                tag: "players", access: .player,
                parameters: [parameter(
                    "ids", in: "query", required: true,
                    description: "1 to \(Players.maxNameLookup) positive player ids separated by commas",
                    schema: ["type": "string", "pattern": "^[1-9][0-9]{0,18}(,[1-9][0-9]{0,18})*$"])],
                responses: responses(200, "The players found, by id", OpenAPISchemas.reference("PlayerNameList"), errors: [
                    400: "missing_parameter, invalid_parameter, unknown_parameter", 401: unauthorized,
                ])),
        ]
    }
}
