import Game
import Store

extension GameJSON {
    /// The body of `GET /api/land-squares` written straight to bytes: exactly what
    /// `JSONValue.object(["squares": .array(squares.map(GameJSON.square))]).encoded()` gives (keys in sorted order,
    /// same numbers, strings and nulls; `GameJSONSquaresTests` compares the two), without building a dictionary per
    /// square. Under callgrind the dictionaries (hashing, sorting keys, freeing) were most of a 100-square read.
    static func squaresBody(_ squares: [LandSquare]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(64 + squares.count * 200)
        output.append(contentsOf: bodyStart)
        var isFirst = true
        for square in squares {
            if !isFirst { output.append(UInt8(ascii: ",")) }
            isFirst = false
            writeSquare(square, into: &output)
        }
        output.append(contentsOf: bodyEnd)
        return output
    }

    /// `squaresBody` of the area's squares: their stored objects copied into the body as they come from the area
    /// query (`World.writeSquareObjects`; a stale one written from its row in the same read transaction), with no
    /// `LandSquare`, no `Row`s and no encoding per square.
    static func squaresBody(minX: Int64, minY: Int64, maxX: Int64, maxY: Int64,
                            in database: any SQLExecutor) throws(GameError) -> [UInt8] {
        var output: [UInt8] = []
        let area = (maxX - minX + 1) * (maxY - minY + 1)
        output.reserveCapacity(64 + Int(min(max(area, 0), 10_000)) * 180)
        output.append(contentsOf: bodyStart)
        try World.writeSquareObjects(minX: minX, minY: minY, maxX: maxX, maxY: maxY, in: database, into: &output)
        output.append(contentsOf: bodyEnd)
        return output
    }

    private static let bodyStart = Array(#"{"squares":["#.utf8)
    private static let bodyEnd = Array("]}".utf8)

    /// One square's object; keys in sorted order as `JSONValue` writes them (`SquareJSON.write(_:into:)`, the same
    /// bytes the stored objects hold).
    static func writeSquare(_ square: LandSquare, into output: inout [UInt8]) {
        SquareJSON.write(square, into: &output)
    }
}
