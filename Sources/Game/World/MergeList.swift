/// The stored form of a merged plot's square ids (`land_squares.merged_square_ids`): ascending ids joined by commas.
///
/// Pure functions; a square not in a plot stores NULL, read as an empty list.
public enum MergeList {
    /// "3,4,19" from [19, 3, 4].
    public static func format(_ squareIDs: [Int64]) -> String {
        squareIDs.sorted().map(String.init).joined(separator: ",")
    }

    /// The ids in `text` (nil or empty: none); pieces that are not integers are skipped.
    public static func parse(_ text: String?) -> [Int64] {
        guard let text, !text.isEmpty else { return [] }
        return text.split(separator: ",").compactMap { Int64($0) }
    }
}
