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

    /// One square's object written key by key from a `LandSquare` (the resource batch's new object, and the tests'
    /// second writer).
    public static func write(_ square: LandSquare, into output: inout [UInt8]) {
        output.append(contentsOf: #"{"id":"#.utf8)
        JSONWriter.writeInteger(square.id, into: &output)
        output.append(contentsOf: #","isLocked":"#.utf8)
        output.append(contentsOf: square.isLocked ? JSONWriter.trueBytes : JSONWriter.falseBytes)
        output.append(contentsOf: #","merges":["#.utf8)
        for (index, merged) in square.merges.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            JSONWriter.writeInteger(merged, into: &output)
        }
        output.append(contentsOf: #"],"nextAuctionAt":"#.utf8)
        writeTimestamp(square.ownerID == nil ? square.nextAuctionAt : nil, into: &output)   // owned land: never
        output.append(contentsOf: #","ownerId":"#.utf8)
        if let ownerID = square.ownerID {
            JSONWriter.writeInteger(ownerID, into: &output)
        } else {
            output.append(contentsOf: JSONWriter.nullBytes)
        }
        output.append(contentsOf: #","regionId":"#.utf8)
        JSONWriter.writeInteger(square.regionID, into: &output)
        output.append(contentsOf: #","resource":"#.utf8)
        writeResource(square.resource, into: &output)
        output.append(contentsOf: #","x":"#.utf8)
        JSONWriter.writeInteger(square.x, into: &output)
        output.append(contentsOf: #","y":"#.utf8)
        JSONWriter.writeInteger(square.y, into: &output)
        output.append(UInt8(ascii: "}"))
    }

    private static func writeResource(_ resource: SquareResource?, into output: inout [UInt8]) {
        switch resource {
        case nil:
            output.append(contentsOf: JSONWriter.nullBytes)
        case .farm(let level, let nextHarvestAt):
            output.append(contentsOf: #"{"kind":"farm","level":"#.utf8)
            JSONWriter.writeInteger(level, into: &output)
            output.append(contentsOf: #","nextHarvestAt":"#.utf8)
            writeTimestamp(nextHarvestAt, into: &output)
            output.append(UInt8(ascii: "}"))
        case .mine(let remainingOre, let depletionRate):
            output.append(contentsOf: #"{"depletionRate":"#.utf8)
            JSONWriter.writeInteger(depletionRate, into: &output)
            output.append(contentsOf: #","kind":"mine","remainingOre":"#.utf8)
            JSONWriter.writeInteger(remainingOre, into: &output)
            output.append(UInt8(ascii: "}"))
        case .oilField(let capacity, let extractionRate, let technologyLevel):
            output.append(contentsOf: #"{"capacity":"#.utf8)
            JSONWriter.writeInteger(capacity, into: &output)
            output.append(contentsOf: #","extractionRate":"#.utf8)
            JSONWriter.writeInteger(extractionRate, into: &output)
            output.append(contentsOf: #","kind":"oil_field","technologyLevel":"#.utf8)
            JSONWriter.writeInteger(technologyLevel, into: &output)
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func writeTimestamp(_ milliseconds: Int64?, into output: inout [UInt8]) {
        guard let milliseconds else {
            output.append(contentsOf: JSONWriter.nullBytes)
            return
        }
        output.append(UInt8(ascii: "\""))   // an RFC 3339 timestamp has nothing to escape
        RFC3339Timestamp.write(unixMilliseconds: milliseconds, into: &output)
        output.append(UInt8(ascii: "\""))
    }
}
