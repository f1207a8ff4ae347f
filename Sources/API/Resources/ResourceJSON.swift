import Engine
import Game

/// The JSON shapes of merges, upgrades and resource update runs (documented in `OpenAPISchemas+Resources`).
///
/// Pure functions.
public enum ResourceJSON {
    public static func merge(_ merge: LandMerge) -> JSONValue {
        [
            "id": .integer(merge.id), "ownerId": .integer(merge.ownerID),
            "squareIds": .array(merge.squareIDs.map(JSONValue.integer)), "bonusPercent": .integer(merge.bonusPercent),
            "goldCost": .integer(merge.goldCost), "createdAt": Timestamp.json(merge.createdAt),
        ]
    }

    /// The answer to a merge, over REST (201) and the socket alike: the plot and its squares as committed.
    public static func mergeResult(_ result: MergeResult) -> JSONValue {
        ["merge": merge(result.merge), "squares": .array(result.squares.map(GameJSON.square))]
    }

    public static func upgrade(_ result: UpgradeResult) -> JSONValue {
        [
            "square": GameJSON.square(result.square), "kind": .string(result.kind.rawValue),
            "level": .integer(result.level),
            "cost": [
                "gold": .integer(result.cost.gold), "resource": .string(result.cost.resource.rawValue),
                "resourceAmount": .integer(result.cost.resourceAmount),
            ],
        ]
    }

    public static func run(_ run: ResourceUpdateRun) -> JSONValue {
        [
            "runId": .integer(run.id), "status": .string(run.status.rawValue), "dueAt": Timestamp.json(run.dueAt),
            "startTime": Timestamp.json(run.startedAt), "endTime": Timestamp.json(run.endedAt),
            "updatedItems": .integer(run.updatedItems), "failedItems": .integer(run.failedItems),
            "chunks": .integer(run.chunks), "cursor": .integer(run.cursor), "lastSquareId": .integer(run.lastSquareID),
            "yielded": ["wheat": .integer(run.yieldedWheat), "ore": .integer(run.yieldedOre), "oil": .integer(run.yieldedOil)],
            "newDeposits": .integer(run.newDeposits), "error": run.error.map(JSONValue.string) ?? .null,
        ]
    }
}
