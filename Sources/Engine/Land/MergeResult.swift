import Game

/// What a merge committed: the plot and its squares as they stand after it.
///
/// Why it exists: the REST route and the WebSocket command both answer with the plot and its squares; the service
/// reads the squares in the merge's own writer command, so both see the same committed state. A plain value.
public struct MergeResult: Sendable, Equatable {
    public var merge: LandMerge
    /// The plot's squares, ascending by id.
    public var squares: [LandSquare]

    public init(merge: LandMerge, squares: [LandSquare]) {
        self.merge = merge
        self.squares = squares
    }
}
