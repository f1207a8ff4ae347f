/// The constant bytes of a land square's JSON object (keys with the punctuation and constant values around them),
/// made once.
///
/// Exists for the square objects' row writer (`SquareJSON.write(row:into:)`): appending a `[UInt8]` is one bounded copy, where appending a
/// string literal's `.utf8` went through the generic element-by-element path. The common runs are joined into one
/// fragment each (`isLocked` with empty `merges`, a null owner with the `regionId` key, a null resource with the `x`
/// key), so a typical square takes six appends of constant bytes. Keys are in the sorted order `JSONValue` writes
/// them. Immutable; any thread.
struct SquareJSONFragments: Sendable {
    let id = Array(#"{"id":"#.utf8)
    /// `,"isLocked":…,"merges":[],"nextAuctionAt":` for unlocked and locked squares outside a merged plot.
    let unmergedHead = (unlocked: Array(#","isLocked":false,"merges":[],"nextAuctionAt":"#.utf8),
                        locked: Array(#","isLocked":true,"merges":[],"nextAuctionAt":"#.utf8))
    /// `,"isLocked":…,"merges":[` for squares of a merged plot (the ids and `mergedTail` follow).
    let mergedHead = (unlocked: Array(#","isLocked":false,"merges":["#.utf8),
                      locked: Array(#","isLocked":true,"merges":["#.utf8))
    let mergedTail = Array(#"],"nextAuctionAt":"#.utf8)
    /// After the `nextAuctionAt` value: the closing quote of a timestamp or `null`, then the `ownerId` key.
    let timestampEndOwnerKey = Array(#"","ownerId":"#.utf8)
    let nullOwnerKey = Array(#"null,"ownerId":"#.utf8)
    /// After the `ownerId` key: `null` and the `regionId` key, or the key alone after an owner's id.
    let nullRegionKey = Array(#"null,"regionId":"#.utf8)
    let regionKey = Array(#","regionId":"#.utf8)
    /// After the region id: a null resource and the `x` key, or the `resource` key before a resource's object.
    let nullResourceXKey = Array(#","resource":null,"x":"#.utf8)
    let resourceKey = Array(#","resource":"#.utf8)
    let xKey = Array(#","x":"#.utf8)
    let yKey = Array(#","y":"#.utf8)
    let farmLevel = Array(#"{"kind":"farm","level":"#.utf8)
    let farmNextHarvestAt = Array(#","nextHarvestAt":""#.utf8)
    let farmEnd = Array(#""}"#.utf8)
    let mineDepletionRate = Array(#"{"depletionRate":"#.utf8)
    let mineRemainingOre = Array(#","kind":"mine","remainingOre":"#.utf8)
    let oilCapacity = Array(#"{"capacity":"#.utf8)
    let oilExtractionRate = Array(#","extractionRate":"#.utf8)
    let oilTechnologyLevel = Array(#","kind":"oil_field","technologyLevel":"#.utf8)

    /// The one instance (a body fetches it once and passes it down).
    static let shared = SquareJSONFragments()
}
