import Store

/// The upgrade rule (`docs/resources.md`): the owner of an unlocked square raises its resource one step, paying
/// gold and a resource to the fees account, up to the configured maximum.
///
/// Runs inside one writer command; checks come first, then payment, then the square: all or nothing.
public enum Upgrades {
    /// Why the ledger moved: an upgrade's price.
    public static let feeReason = TransferReason(rawValue: "upgrade_fee")

    /// Applies upgrade `kind` to square `squareID` for `playerID` (the seed's `applyUpgrade`).
    /// - Throws: `GameError.squareNotFound`, `ResourceRuleError` (`notOwner`, `squareLocked`, `upgradeNotApplicable`,
    ///   `upgradeAtMaximum`), `GameError.insufficientFunds`.
    public static func applyUpgrade(playerID: Int64, squareID: Int64, kind: UpgradeKind, now: Int64,
                                    configuration: ResourceConfiguration,
                                    in transaction: Transaction) throws -> (result: UpgradeResult, events: [DomainEvent]) {
        let square = try World.square(id: squareID, in: transaction)
        guard square.ownerID == playerID else {
            throw ResourceRuleError.notOwner(squareID: squareID, ownerID: square.ownerID)
        }
        try SquareLocks.requireFree(square, in: transaction)
        let step = try nextStep(square.resource, kind: kind, configuration: configuration)
        let cost = UpgradeCost(gold: ResourceRules.multiply(configuration.upgradeGoldPerLevel, step.factor),
                               resource: kind.paidResource,
                               resourceAmount: ResourceRules.multiply(configuration.upgradeResourcePerLevel, step.factor))
        try pay(cost, playerID: playerID, reference: "upgrade:\(squareID):\(kind.rawValue):\(step.level)", now: now,
                in: transaction)
        switch kind {
        case .farmLevel:
            try transaction.run("UPDATE land_squares SET farm_level = ?2 WHERE id = ?1", [squareID, step.level])
        case .oilTechnology:
            try transaction.run("UPDATE land_squares SET oil_technology_level = ?2 WHERE id = ?1", [squareID, step.level])
        case .mineRate:
            try transaction.run("UPDATE land_squares SET mine_depletion_rate = ?2 WHERE id = ?1", [squareID, step.level])
        }
        let updated = try World.square(id: squareID, in: transaction)
        return (UpgradeResult(square: updated, kind: kind, level: step.level, cost: cost),
                [ResourceEvents.squareChanged(square: squareID, reason: "upgraded"),
                 ResourceEvents.upgradeCompleted(owner: playerID, square: squareID, kind: kind, level: step.level,
                                                 cost: cost)])
    }

    /// The level the upgrade reaches and the multiplier of its price.
    static func nextStep(_ resource: SquareResource?, kind: UpgradeKind,
                         configuration: ResourceConfiguration) throws -> (level: Int64, factor: Int64) {
        switch (kind, resource) {
        case (.farmLevel, .farm(let level, _)?):
            guard level < configuration.maxFarmLevel else {
                throw ResourceRuleError.upgradeAtMaximum(kind: kind, level: level, maximum: configuration.maxFarmLevel)
            }
            return (level + 1, level + 1)
        case (.oilTechnology, .oilField(_, _, let level)?):
            guard level < configuration.maxOilTechnologyLevel else {
                throw ResourceRuleError.upgradeAtMaximum(kind: kind, level: level,
                                                         maximum: configuration.maxOilTechnologyLevel)
            }
            return (level + 1, level + 1)
        case (.mineRate, .mine(_, let rate)?):
            guard rate < configuration.maxMineDepletionRate else {
                throw ResourceRuleError.upgradeAtMaximum(kind: kind, level: rate, maximum: configuration.maxMineDepletionRate)
            }
            let next = min(configuration.maxMineDepletionRate, rate + max(1, configuration.mineRateStep))
            return (next, max(1, next / max(1, configuration.mineRateStep)))
        default:
            throw ResourceRuleError.upgradeNotApplicable(kind: kind, resourceKind: resource?.kind)
        }
    }

    private static func pay(_ cost: UpgradeCost, playerID: Int64, reference: String, now: Int64,
                            in transaction: Transaction) throws {
        for (asset, amount) in [(Asset.gold, cost.gold), (cost.resource, cost.resourceAmount)] where amount > 0 {
            let source = try Ledger.playerAccount(playerID: playerID, .available, asset, in: transaction)
            let fees = try Ledger.systemAccount(.fees, asset, in: transaction)
            try Ledger.transfer(TransferRequest(asset: asset, fromAccountID: source.id, toAccountID: fees.id,
                                                amount: amount, reason: feeReason, reference: reference),
                                now: now, in: transaction)
        }
    }
}
