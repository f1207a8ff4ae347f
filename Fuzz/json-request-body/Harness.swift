// libFuzzer target: JSON request bodies as every POST route decodes them (`JSONParser` + `RequestBody` and its
// typed accessors). The first input byte picks a route from `routeShapes`, the rest is the body. Properties checked:
// - nothing crashes or traps: every refusal is a typed `APIRequestError`;
// - a body the parser accepts re-encodes (`JSONValue.encoded()`) to text that parses back to the same value, and
//   Foundation's JSONSerialization also accepts it (the strict parser never accepts what a standard one refuses);
// - an accepted `RequestBody` holds only the route's allowed fields, and every value an accessor returns is within
//   the bounds the route asked for.
// `routeShapes` mirrors the decoding at the top of each handler (AuthHandlers, AuctionHandlers, MarketHandlers,
// MarketHandlers+Orders, ResourceHandlers, ProfileHandlers): the allowed fields and the accessor calls, in order.
import Foundation
import HTTP

/// One accessor call a handler makes on the body.
enum Field {
    case string(String, ClosedRange<Int>)
    case integer(String, ClosedRange<Int64>)
    case optionalInteger(String, ClosedRange<Int64>)
    case optionalBool(String)
    case idArray(String, ClosedRange<Int>)
}

/// A route's body: the fields it allows and the accessor calls its handler makes.
struct RouteShape {
    let route: String
    let allowed: Set<String>
    let fields: [Field]
}

let maxAmount: Int64 = 1_000_000_000_000
let routeShapes: [RouteShape] = [
    RouteShape(route: "POST /api/auth/register", allowed: ["username", "password"],
               fields: [.string("username", 1...64), .string("password", 8...128)]),
    RouteShape(route: "POST /api/auth/login", allowed: ["username", "password"],
               fields: [.string("username", 1...64), .string("password", 1...128)]),
    RouteShape(route: "POST /api/auctions/{auctionId}/bid", allowed: ["amount"], fields: [.integer("amount", 1...maxAmount)]),
    RouteShape(route: "POST /api/admin/auctions",
               allowed: ["landSquares", "auctionType", "durationSeconds", "reservePrice", "minIncrement"],
               fields: [.idArray("landSquares", 1...64), .string("auctionType", 1...40),
                        .integer("durationSeconds", 1...(366 * 86_400)), .integer("reservePrice", 0...maxAmount),
                        .optionalInteger("minIncrement", 1...maxAmount)]),
    RouteShape(route: "POST /api/marketplace/orders", allowed: ["resource", "side", "price", "quantity", "immediateOrCancel"],
               fields: [.string("resource", 1...16), .string("side", 1...8), .integer("price", Int64.min...Int64.max),
                        .integer("quantity", Int64.min...Int64.max), .optionalBool("immediateOrCancel")]),
    RouteShape(route: "POST /api/marketplace/listings",
               allowed: ["squareId", "price", "startPrice", "floorPrice", "durationSeconds"],
               fields: [.integer("squareId", 1...Int64.max), .optionalInteger("price", Int64.min...Int64.max),
                        .optionalInteger("startPrice", Int64.min...Int64.max),
                        .optionalInteger("floorPrice", Int64.min...Int64.max),
                        .optionalInteger("durationSeconds", Int64.min...Int64.max)]),
    RouteShape(route: "POST /api/merges", allowed: ["squareIds"], fields: [.idArray("squareIds", 1...64)]),
    RouteShape(route: "POST /api/land-squares/{id}/upgrades", allowed: ["kind"], fields: [.string("kind", 1...64)]),
    RouteShape(route: "POST /api/me/password", allowed: ["currentPassword", "newPassword"],
               fields: [.string("currentPassword", 1...128), .string("newPassword", 8...128)]),
]

/// Runs one accessor and checks what it returns against the bounds asked for.
func decode(_ field: Field, from body: RequestBody) throws(APIRequestError) {
    switch field {
    case .string(let name, let length):
        let text = try body.string(name, length: length)
        precondition(length.contains(text.count), "\(name): string length outside the bounds")
    case .integer(let name, let range):
        let integer = try body.integer(name, range: range)
        precondition(range.contains(integer), "\(name): integer outside the bounds")
    case .optionalInteger(let name, let range):
        guard body.members[name] != nil else { return }
        let integer = try body.integer(name, range: range)
        precondition(range.contains(integer), "\(name): integer outside the bounds")
    case .optionalBool(let name):
        guard let value = body.members[name] else { return }
        guard case .bool = value else { throw .wrongType(field: name, expected: "boolean", actual: value.typeName) }
    case .idArray(let name, let count):
        guard let value = body.members[name] else { throw .missingField(name: name) }
        guard case .array(let elements) = value, count.contains(elements.count) else {
            throw .wrongType(field: name, expected: "array of ids", actual: value.typeName)
        }
        for element in elements {
            guard case .integer(let id) = element, id >= 1 else {
                throw .wrongType(field: name, expected: "positive integer ids", actual: element.typeName)
            }
        }
    }
}

/// The parser's round trip and its agreement with Foundation.
func checkParser(_ body: [UInt8]) {
    guard let value = try? JSONParser.parse(body) else { return }
    let encoded = value.encoded()
    precondition((try? JSONParser.parse(encoded)) == value, "re-encoded JSON parses to a different value")
    let foundation = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])
    precondition(foundation != nil, "JSONParser accepted a body Foundation refuses")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: data, count: size))
    guard let first = bytes.first else { return 0 }
    let shape = routeShapes[Int(first) % routeShapes.count]
    let payload = Array(bytes.dropFirst())
    checkParser(payload)
    let request = HTTPRequest(method: .post, target: "/fuzz", headers: ["content-type": "application/json"], body: payload)
    do {
        let body = try RequestBody(request, allowedFields: shape.allowed, limitBytes: 4_096)
        precondition(body.members.keys.allSatisfy(shape.allowed.contains), "\(shape.route): unknown field accepted")
        for field in shape.fields { try decode(field, from: body) }
    } catch {
        _ = error.self  // every refusal is an APIRequestError (typed throws); the server maps it to a 4xx
    }
    return 0
}
