/// Something a player can hold and the ledger counts: gold (whole units) and the three resources.
///
/// A plain value; the raw value is what the database and the JSON API use.
public enum Asset: String, Sendable, CaseIterable, Hashable, Comparable {
    case gold, wheat, oil, ore

    public static func < (lhs: Asset, rhs: Asset) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}
