/// The domain events of the resource economy, built as JSON by hand (a run may emit tens of thousands).
///
/// Types: `square_updated` (topic `square:{id}`), `resources_produced` (`player:{id}`), `resource_run_completed`
/// (`resource_runs`), `merge_completed` and `upgrade_completed` (`player:{id}`), `region_opened` (`region:{id}`).
/// Pure functions.
public enum ResourceEvents {
    static func squareProduced(square: Int64, owner: Int64, outcome: ResourceOutcome, runID: Int64) -> DomainEvent {
        let remaining: Int64 = switch outcome.resource {
        case .farm: 0
        case .mine(let ore, _): ore
        case .oilField(let capacity, _, _): capacity
        }
        return event("square:\(square)", "square_updated", """
            {"amount":\(outcome.amount),"asset":"\(outcome.asset.rawValue)","depleted":\(outcome.isDepleted),\
            "ownerId":\(owner),"reason":"production","remaining":\(remaining),"runId":\(runID),"squareId":\(square)}
            """)
    }

    static func depositPlaced(square: Int64, kind: String, runID: Int64) -> DomainEvent {
        event("square:\(square)", "square_updated",
              #"{"kind":"\#(kind)","reason":"new_deposit","runId":\#(runID),"squareId":\#(square)}"#)
    }

    static func resourcesProduced(owner: Int64, amounts: [Asset: Int64], runID: Int64) -> DomainEvent {
        event("player:\(owner)", "resources_produced", """
            {"oil":\(amounts[.oil] ?? 0),"ore":\(amounts[.ore] ?? 0),"runId":\(runID),"wheat":\(amounts[.wheat] ?? 0)}
            """)
    }

    static func runCompleted(_ run: ResourceUpdateRun) -> DomainEvent {
        event("resource_runs", "resource_run_completed", """
            {"failedItems":\(run.failedItems),"newDeposits":\(run.newDeposits),"runId":\(run.id),\
            "status":"\(run.status.rawValue)","updatedItems":\(run.updatedItems)}
            """)
    }

    /// A square changed by a merge or an upgrade.
    public static func squareChanged(square: Int64, reason: String) -> DomainEvent {
        event("square:\(square)", "square_updated", #"{"reason":"\#(reason)","squareId":\#(square)}"#)
    }

    static func mergeCompleted(_ merge: LandMerge) -> DomainEvent {
        let ids = merge.squareIDs.map(String.init).joined(separator: ",")
        return event("player:\(merge.ownerID)", "merge_completed", """
            {"bonusPercent":\(merge.bonusPercent),"goldCost":\(merge.goldCost),"mergeId":\(merge.id),\
            "squareIds":[\(ids)]}
            """)
    }

    /// The owner's `upgrade_completed`: what the upgrade reached and what it cost.
    static func upgradeCompleted(owner: Int64, square: Int64, kind: UpgradeKind, level: Int64,
                                 cost: UpgradeCost) -> DomainEvent {
        event("player:\(owner)", "upgrade_completed", """
            {"goldCost":\(cost.gold),"kind":"\(kind.rawValue)","level":\(level),"resource":"\(cost.resource.rawValue)",\
            "resourceCost":\(cost.resourceAmount),"squareId":\(square)}
            """)
    }

    static func regionOpened(_ region: Region) -> DomainEvent {
        event("region:\(region.id)", "region_opened", """
            {"biome":"\(region.biome.rawValue)","openedAt":\(region.openedAt ?? 0),"regionId":\(region.id),\
            "squareCount":\(region.squareCount),"x":\(region.regionX),"y":\(region.regionY)}
            """)
    }

    private static func event(_ topic: String, _ type: String, _ json: String) -> DomainEvent {
        DomainEvent(topic: topic, type: type, dataJSON: Array(json.utf8))
    }
}
