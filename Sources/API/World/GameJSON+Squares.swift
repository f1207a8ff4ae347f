import Game
import Store
import Telemetry

extension GameJSON {
    /// The body of `GET /api/land-squares` written straight to bytes: exactly what
    /// `JSONValue.object(["squares": .array(squares.map(GameJSON.square))]).encoded()` gives (keys in sorted order,
    /// same numbers, strings and nulls; `GameJSONSquaresTests` compares the two), without building a dictionary per
    /// square. Under callgrind the dictionaries (hashing, sorting keys, freeing) were most of a 100-square read.
    static func squaresBody(_ squares: [LandSquare]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(64 + squares.count * 200)
        output.append(contentsOf: squaresBodyStart)
        var isFirst = true
        for square in squares {
            if !isFirst { output.append(UInt8(ascii: ",")) }
            isFirst = false
            writeSquare(square, into: &output)
        }
        output.append(contentsOf: squaresBodyEnd)
        return output
    }

    /// `squaresBody` of the area's squares, each square's object copied from its stored form (`square_json`, which
    /// SQLite's triggers store on every write of a square and the area index holds; `World.forEachSquareJSON`): one
    /// cell per square, no decoding, no encoding. Byte for byte what `squaresBody(_:)` writes for the same squares
    /// (`LandSquaresRouteBytesTests`, `SquareJSONColumnTests`). When a square has no stored object (not written since
    /// migration 0018, or a timestamp outside the years the SQL can write), the whole area is written from its decoded
    /// squares instead, in the same read transaction.
    static func squaresBody(minX: Int64, minY: Int64, maxX: Int64, maxY: Int64,
                            in database: any SQLExecutor) throws(GameError) -> [UInt8] {
        var output: [UInt8] = []
        let area = (maxX - minX + 1) * (maxY - minY + 1)
        output.reserveCapacity(64 + Int(min(max(area, 0), 10_000)) * 180)
        output.append(contentsOf: squaresBodyStart)
        var isFirst = true
        var isComplete = true
        try World.forEachSquareJSON(minX: minX, minY: minY, maxX: maxX, maxY: maxY, in: database) { row throws(StoreError) in
            if !isFirst { output.append(UInt8(ascii: ",")) }
            isFirst = false
            if try !row.appendText(0, to: &output) { isComplete = false }
        }
        guard isComplete else {
            return squaresBody(try World.squares(minX: minX, minY: minY, maxX: maxX, maxY: maxY, in: database))
        }
        output.append(contentsOf: squaresBodyEnd)
        return output
    }

    private static let squaresBodyStart = Array(#"{"squares":["#.utf8)
    private static let squaresBodyEnd = Array("]}".utf8)

    /// One square's object; keys in sorted order as `JSONValue` writes them. The reference for the stored objects
    /// (`square_json`): the tests and `worldgame verify` hold those against it, and the tests hold it against
    /// `JSONValue`.
    static func writeSquare(_ square: LandSquare, into output: inout [UInt8]) {
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
        writeOptionalInteger(square.ownerID, into: &output)
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

    private static func writeOptionalInteger(_ value: Int64?, into output: inout [UInt8]) {
        if let value { JSONWriter.writeInteger(value, into: &output) } else { output.append(contentsOf: JSONWriter.nullBytes) }
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
