import Codecs
import Store
import Telemetry

/// A land square's JSON object as `GET /api/land-squares` serves it, written straight to bytes: keys in the sorted
/// order `JSONValue` writes them, `nextAuctionAt` null on owned land, RFC 3339 timestamps with milliseconds.
///
/// Exists in `Game` because the objects are stored (`land_squares.square_json`, migration 0018) by the game's write
/// paths on the writer thread, and served by the API's area route: both must write the same bytes. Two writers, one
/// from a row and one from a `LandSquare`, kept apart so the tests can hold each against `JSONValue`
/// (`GameJSONSquaresTests`, `LandSquaresRouteBytesTests`). Stateless; any thread.
public enum SquareJSON {
    /// One square's object written from its row (`LandSquare.Column` positions): what `write(_:into:)` writes for the
    /// `LandSquare` the row decodes to. The NOT NULL cells, and the resource cells of the row's kind (CHECKs keep them
    /// not NULL), are read without a type check; constant runs go out as one fragment each (`SquareJSONFragments`).
    public static func write(row: borrowing SQLiteRow, into output: inout [UInt8]) throws(StoreError) {
        typealias Column = LandSquare.Column
        let fragments = SquareJSONFragments.shared
        output.append(contentsOf: fragments.id)
        JSONWriter.writeInteger(row.strictInt64(Column.id), into: &output)
        let isLocked = row.strictInt64(Column.isLocked) != 0
        if let merged = try row.optionalString(Column.mergedSquareIDs) {   // a merged plot: rare
            output.append(contentsOf: isLocked ? fragments.mergedHead.locked : fragments.mergedHead.unlocked)
            for (index, squareID) in MergeList.parse(merged).enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                JSONWriter.writeInteger(squareID, into: &output)
            }
            output.append(contentsOf: fragments.mergedTail)
        } else {
            output.append(contentsOf: isLocked ? fragments.unmergedHead.locked : fragments.unmergedHead.unlocked)
        }
        let ownerID = try row.optionalInt64(Column.ownerID)
        // Owned land is never auctioned by the game: its `nextAuctionAt` is null whatever the column holds.
        if ownerID == nil, let nextAuctionAt = try row.optionalInt64(Column.nextAuctionAt) {
            output.append(UInt8(ascii: "\""))   // an RFC 3339 timestamp has nothing to escape
            RFC3339Timestamp.write(unixMilliseconds: nextAuctionAt, into: &output)
            output.append(contentsOf: fragments.timestampEndOwnerKey)
        } else {
            output.append(contentsOf: fragments.nullOwnerKey)
        }
        if let ownerID {
            JSONWriter.writeInteger(ownerID, into: &output)
            output.append(contentsOf: fragments.regionKey)
        } else {
            output.append(contentsOf: fragments.nullRegionKey)
        }
        JSONWriter.writeInteger(row.strictInt64(Column.regionID), into: &output)
        try writeResource(row: row, fragments, into: &output)
        JSONWriter.writeInteger(row.strictInt64(Column.x), into: &output)
        output.append(contentsOf: fragments.yKey)
        JSONWriter.writeInteger(row.strictInt64(Column.y), into: &output)
        output.append(UInt8(ascii: "}"))
    }

    /// The `resource` member of a square's row and the `x` key after it (see `write(row:into:)`). The kind is told by
    /// its first byte: a CHECK keeps `resource_kind` to 'farm', 'mine', 'oil_field' or NULL.
    private static func writeResource(row: borrowing SQLiteRow, _ fragments: SquareJSONFragments,
                                      into output: inout [UInt8]) throws(StoreError) {
        typealias Column = LandSquare.Column
        switch try row.firstTextByte(Column.resourceKind) {
        case UInt8(ascii: "f"):
            output.append(contentsOf: fragments.resourceKey)
            output.append(contentsOf: fragments.farmLevel)
            JSONWriter.writeInteger(row.strictInt64(Column.farmLevel), into: &output)
            output.append(contentsOf: fragments.farmNextHarvestAt)
            RFC3339Timestamp.write(unixMilliseconds: row.strictInt64(Column.farmNextHarvestAt), into: &output)
            output.append(contentsOf: fragments.farmEnd)
        case UInt8(ascii: "m"):
            output.append(contentsOf: fragments.resourceKey)
            output.append(contentsOf: fragments.mineDepletionRate)
            JSONWriter.writeInteger(row.strictInt64(Column.mineDepletionRate), into: &output)
            output.append(contentsOf: fragments.mineRemainingOre)
            JSONWriter.writeInteger(row.strictInt64(Column.mineRemainingOre), into: &output)
            output.append(UInt8(ascii: "}"))
        case UInt8(ascii: "o"):
            output.append(contentsOf: fragments.resourceKey)
            output.append(contentsOf: fragments.oilCapacity)
            JSONWriter.writeInteger(row.strictInt64(Column.oilCapacity), into: &output)
            output.append(contentsOf: fragments.oilExtractionRate)
            JSONWriter.writeInteger(row.strictInt64(Column.oilExtractionRate), into: &output)
            output.append(contentsOf: fragments.oilTechnologyLevel)
            JSONWriter.writeInteger(row.strictInt64(Column.oilTechnologyLevel), into: &output)
            output.append(UInt8(ascii: "}"))
        default:
            output.append(contentsOf: fragments.nullResourceXKey)
            return
        }
        output.append(contentsOf: fragments.xKey)
    }

    /// One square's object written from a `LandSquare` (the resource batch's new object, world generation, the
    /// cached squares route, and the tests' second writer): the same constant fragments as `write(row:into:)`, so a
    /// typical square takes six appends of constant bytes (measured: about 3k instructions fewer a square than
    /// appending each key's literal).
    public static func write(_ square: LandSquare, into output: inout [UInt8]) {
        let fragments = SquareJSONFragments.shared
        output.append(contentsOf: fragments.id)
        JSONWriter.writeInteger(square.id, into: &output)
        if square.merges.isEmpty {
            output.append(contentsOf: square.isLocked ? fragments.unmergedHead.locked : fragments.unmergedHead.unlocked)
        } else {
            output.append(contentsOf: square.isLocked ? fragments.mergedHead.locked : fragments.mergedHead.unlocked)
            for (index, squareID) in square.merges.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                JSONWriter.writeInteger(squareID, into: &output)
            }
            output.append(contentsOf: fragments.mergedTail)
        }
        // Owned land is never auctioned by the game: its `nextAuctionAt` is null whatever the value holds.
        if square.ownerID == nil, let nextAuctionAt = square.nextAuctionAt {
            output.append(UInt8(ascii: "\""))   // an RFC 3339 timestamp has nothing to escape
            RFC3339Timestamp.write(unixMilliseconds: nextAuctionAt, into: &output)
            output.append(contentsOf: fragments.timestampEndOwnerKey)
        } else {
            output.append(contentsOf: fragments.nullOwnerKey)
        }
        if let ownerID = square.ownerID {
            JSONWriter.writeInteger(ownerID, into: &output)
            output.append(contentsOf: fragments.regionKey)
        } else {
            output.append(contentsOf: fragments.nullRegionKey)
        }
        JSONWriter.writeInteger(square.regionID, into: &output)
        writeResource(square.resource, fragments, into: &output)
        JSONWriter.writeInteger(square.x, into: &output)
        output.append(contentsOf: fragments.yKey)
        JSONWriter.writeInteger(square.y, into: &output)
        output.append(UInt8(ascii: "}"))
    }

    /// The `resource` member of a `LandSquare` and the `x` key after it (see `write(_:into:)`).
    private static func writeResource(_ resource: SquareResource?, _ fragments: SquareJSONFragments,
                                      into output: inout [UInt8]) {
        switch resource {
        case nil:
            output.append(contentsOf: fragments.nullResourceXKey)
            return
        case .farm(let level, let nextHarvestAt):
            output.append(contentsOf: fragments.resourceKey)
            output.append(contentsOf: fragments.farmLevel)
            JSONWriter.writeInteger(level, into: &output)
            output.append(contentsOf: fragments.farmNextHarvestAt)
            RFC3339Timestamp.write(unixMilliseconds: nextHarvestAt, into: &output)
            output.append(contentsOf: fragments.farmEnd)
        case .mine(let remainingOre, let depletionRate):
            output.append(contentsOf: fragments.resourceKey)
            output.append(contentsOf: fragments.mineDepletionRate)
            JSONWriter.writeInteger(depletionRate, into: &output)
            output.append(contentsOf: fragments.mineRemainingOre)
            JSONWriter.writeInteger(remainingOre, into: &output)
            output.append(UInt8(ascii: "}"))
        case .oilField(let capacity, let extractionRate, let technologyLevel):
            output.append(contentsOf: fragments.resourceKey)
            output.append(contentsOf: fragments.oilCapacity)
            JSONWriter.writeInteger(capacity, into: &output)
            output.append(contentsOf: fragments.oilExtractionRate)
            JSONWriter.writeInteger(extractionRate, into: &output)
            output.append(contentsOf: fragments.oilTechnologyLevel)
            JSONWriter.writeInteger(technologyLevel, into: &output)
            output.append(UInt8(ascii: "}"))
        }
        output.append(contentsOf: fragments.xKey)
    }
}
