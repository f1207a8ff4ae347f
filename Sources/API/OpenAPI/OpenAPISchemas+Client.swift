extension OpenAPISchemas {
    /// Schemas of the web client's helper routes (`ClientInfoHandlers`).
    static var clientSchemas: [String: JSONValue] {
        [
            "GameRules": object([
                "merge": object([
                    "goldPerSquare": integer, "bonusPercentPerSquare": integer, "maxBonusPercent": integer,
                    "minSquares": integer, "maxSquares": integer,
                ], description: "A merge of n squares costs n x goldPerSquare gold and yields "
                    + "min(maxBonusPercent, (n - 1) x bonusPercentPerSquare) percent more."),
                "upgrades": object([
                    "goldPerLevel": integer, "resourcePerLevel": integer, "maxFarmLevel": integer,
                    "maxOilTechnologyLevel": integer, "mineRateStep": integer, "maxMineDepletionRate": integer,
                    "kinds": ["type": "array", "items": object([
                        "kind": ["type": "string", "enum": ["farm_level", "oil_technology", "mine_rate"]],
                        "resourceKind": ["type": "string", "enum": ["farm", "oil_field", "mine"]],
                        "paidResource": ["type": "string", "enum": ["wheat", "oil", "ore"]],
                    ])],
                ], description: "An upgrade to level n (a mine: to depletion rate n x mineRateStep) costs "
                    + "n x goldPerLevel gold and n x resourcePerLevel of the kind's paidResource."),
            ]),
            "PlayerNameList": object([
                "players": ["type": "array", "items": object(["id": integer, "username": ["type": "string"]])],
            ]),
        ]
    }
}
