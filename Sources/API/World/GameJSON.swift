import Game

/// The JSON shapes of game values in API responses (camelCase keys, explicit nulls, RFC 3339 times, integer amounts).
///
/// Pure functions; `OpenAPISchemas` documents the same shapes and the API tests check them against each other.
public enum GameJSON {
    public static func player(_ view: PlayerView) -> JSONValue {
        var balances: [String: JSONValue] = [:]
        var escrow: [String: JSONValue] = [:]
        for asset in Asset.allCases {
            balances[asset.rawValue] = .integer(view.holdings.available[asset] ?? 0)
            escrow[asset.rawValue] = .integer(view.holdings.escrow[asset] ?? 0)
        }
        return [
            "id": .integer(view.player.id),
            "username": .string(view.player.username),
            "role": .string(view.player.role.rawValue),
            "createdAt": Timestamp.json(view.player.createdAt),
            "lastActiveAt": Timestamp.json(view.player.lastActiveAt),
            "balances": .object(balances),
            "escrow": .object(escrow),
            "squareCount": .integer(view.squareCount),
        ]
    }

    public static func square(_ square: LandSquare) -> JSONValue {
        [
            "id": .integer(square.id),
            "x": .integer(square.x),
            "y": .integer(square.y),
            "regionId": .integer(square.regionID),
            "ownerId": .optional(square.ownerID),
            "isLocked": .bool(square.isLocked),
            "nextAuctionAt": Timestamp.json(square.ownerID == nil ? square.nextAuctionAt : nil),
            "resource": resource(square.resource),
            "merges": .array(square.merges.map(JSONValue.integer)),
        ]
    }

    public static func resource(_ resource: SquareResource?) -> JSONValue {
        switch resource {
        case nil:
            return .null
        case .farm(let level, let nextHarvestAt):
            return ["kind": "farm", "level": .integer(level), "nextHarvestAt": Timestamp.json(nextHarvestAt)]
        case .mine(let remainingOre, let depletionRate):
            return ["kind": "mine", "remainingOre": .integer(remainingOre), "depletionRate": .integer(depletionRate)]
        case .oilField(let capacity, let extractionRate, let technologyLevel):
            return [
                "kind": "oil_field", "capacity": .integer(capacity), "extractionRate": .integer(extractionRate),
                "technologyLevel": .integer(technologyLevel),
            ]
        }
    }

    public static func region(_ region: Region) -> JSONValue {
        [
            "id": .integer(region.id),
            "x": .integer(region.regionX),
            "y": .integer(region.regionY),
            "name": .string(region.name),
            "biome": .string(region.biome.rawValue),
            "isOpen": .bool(region.isOpen),
            "openedAt": Timestamp.json(region.openedAt),
            "minX": .integer(region.minX),
            "minY": .integer(region.minY),
            "maxX": .integer(region.maxX),
            "maxY": .integer(region.maxY),
            "squareCount": .integer(region.squareCount),
        ]
    }
}
