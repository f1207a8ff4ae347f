import Codecs

/// A JSON object written member by member with the byte writer: the data of the events every bid and every order
/// publish, without a `JSONEncoder` per event.
///
/// The bytes equal what `JSONCoding.encode` gives for the same members (compact, keys sorted): callers add members
/// in sorted key order and leave out absent optionals, as the synthesized `Encodable` conformance does; the tests
/// compare both encodings. A value used on one thread.
struct EventJSON {
    private(set) var bytes: [UInt8] = [UInt8(ascii: "{")]

    init() {
        bytes.reserveCapacity(128)
    }

    private mutating func key(_ name: StaticString) {
        if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    /// Adds an integer member.
    mutating func add(_ name: StaticString, _ value: Int64) {
        key(name)
        JSONWriter.writeInteger(value, into: &bytes)
    }

    /// Adds an integer member when `value` is not nil (an absent optional, as `Encodable` leaves it out).
    mutating func add(_ name: StaticString, ifPresent value: Int64?) {
        guard let value else { return }
        add(name, value)
    }

    /// Adds a string member.
    mutating func add(_ name: StaticString, _ value: String) {
        key(name)
        JSONWriter.writeString(value, into: &bytes)
    }

    /// The object's bytes, closed.
    func finished() -> [UInt8] {
        var result = bytes
        result.append(UInt8(ascii: "}"))
        return result
    }
}
