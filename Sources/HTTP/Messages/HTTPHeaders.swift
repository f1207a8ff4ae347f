import Codecs

/// An ordered, case-insensitive list of header fields; duplicates are kept in the order they were added or received.
///
/// Stored as one byte buffer plus a table of ranges, so the parser fills it with two allocations however many fields
/// a request has, and lookups compare bytes without building strings. Names keep the spelling they arrived with.
/// A plain value: whoever holds a copy owns it.
public struct HTTPHeaders: Sendable, Sequence, ExpressibleByDictionaryLiteral, Equatable, CustomStringConvertible {
    /// Byte ranges of one field inside `storage`, and which of the names the server looks up it is.
    struct Field: Sendable {
        var nameStart: Int
        var nameEnd: Int
        var valueStart: Int
        var valueEnd: Int
        /// Told apart once, when the field is parsed or added (see `HTTPHeaderName`).
        var known: HTTPHeaderName
    }

    /// Names and values, back to back; ranges in `fields` point into it.
    var storage: [UInt8]
    var fields: [Field]

    public init() {
        storage = []
        fields = []
    }

    /// Builds headers from a parsed head; `storage` and `fields` come from the request parser.
    init(storage: [UInt8], fields: [Field]) {
        self.storage = storage
        self.fields = fields
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init()
        for (name, value) in elements { add(name, value) }
    }

    /// Room for `fieldCount` fields of `byteCount` bytes in all without reallocating (a response's usual headers).
    public mutating func reserveCapacity(fields fieldCount: Int, bytes byteCount: Int) {
        fields.reserveCapacity(fieldCount)
        storage.reserveCapacity(byteCount)
    }

    /// The number of fields, duplicates included.
    public var count: Int { fields.count }

    /// The first value of the field `name` (case-insensitive), or nil.
    public subscript(_ name: String) -> String? {
        guard let index = firstIndex(of: name) else { return nil }
        return value(at: index)
    }

    /// The first value of the field `name` (case-insensitive) as the bytes received, or nil: for a caller that reads
    /// the value byte by byte and needs no `String` of it.
    public func valueBytes(_ name: String) -> ArraySlice<UInt8>? {
        guard let index = firstIndex(of: name) else { return nil }
        return storage[fields[index].valueStart..<fields[index].valueEnd]
    }

    /// The first value of the known field `known`, or nil.
    subscript(_ known: HTTPHeaderName) -> String? {
        guard let index = firstIndex(of: known) else { return nil }
        return value(at: index)
    }

    /// Every value of the field `name` (case-insensitive), in order.
    public func values(_ name: String) -> [String] {
        let known = HTTPHeaderName(name)
        var result: [String] = []
        for index in fields.indices where matches(index, known, name) {
            result.append(value(at: index))
        }
        return result
    }

    /// Appends a field, keeping any existing fields of the same name.
    public mutating func add(_ name: String, _ value: String) {
        add(name, HTTPHeaderName(name), value)
    }

    /// `add` with the name told apart already.
    private mutating func add(_ name: String, _ known: HTTPHeaderName, _ value: String) {
        let nameStart = storage.count
        storage.appendUTF8(name)
        let nameEnd = storage.count
        storage.appendUTF8(value)
        fields.append(Field(nameStart: nameStart, nameEnd: nameEnd, valueStart: nameEnd, valueEnd: storage.count,
                            known: known))
    }

    /// Replaces every field named `name` with a single field holding `value`.
    public mutating func set(_ name: String, _ value: String) {
        // The name is told apart once for both steps (the server sets `x-request-id` on every response).
        let known = HTTPHeaderName(name)
        remove(name, known)
        add(name, known, value)
    }

    /// Removes every field named `name` (case-insensitive).
    public mutating func remove(_ name: String) {
        remove(name, HTTPHeaderName(name))
    }

    /// `remove` with the name told apart already.
    private mutating func remove(_ name: String, _ known: HTTPHeaderName) {
        // Most calls remove nothing (a response's first `set`): look before rewriting the table.
        guard firstIndex(of: known, name) != nil else { return }
        let storage = storage
        fields.removeAll { field in
            known != .other
                ? field.known == known
                : field.known == .other && Self.equalsIgnoringCase(storage[field.nameStart..<field.nameEnd], name.utf8)
        }
    }

    /// Whether any field named `name` holds `token` in its comma-separated list (case-insensitive), as
    /// `Connection: keep-alive, Upgrade` holds `upgrade`.
    public func hasToken(_ token: String, in name: String) -> Bool {
        let known = HTTPHeaderName(name)
        for index in fields.indices where matches(index, known, name) {
            let field = fields[index]
            if Self.listContains(storage[field.valueStart..<field.valueEnd], token: token.utf8) { return true }
        }
        return false
    }

    /// `hasToken(_:in:)` for a known field.
    func hasToken(_ token: String, in known: HTTPHeaderName) -> Bool {
        for field in fields where field.known == known {
            if Self.listContains(storage[field.valueStart..<field.valueEnd], token: token.utf8) { return true }
        }
        return false
    }

    public func makeIterator() -> AnyIterator<(name: String, value: String)> {
        var index = 0
        return AnyIterator {
            guard index < fields.count else { return nil }
            defer { index += 1 }
            return (name: name(at: index), value: value(at: index))
        }
    }

    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.elementsEqual(rhs) { $0.name == $1.name && $0.value == $1.value }
    }

    public var description: String {
        "[" + map { "\($0.name): \($0.value)" }.joined(separator: ", ") + "]"
    }

    // MARK: - Byte-level helpers

    func name(at index: Int) -> String {
        String(decoding: storage[fields[index].nameStart..<fields[index].nameEnd], as: UTF8.self)
    }

    func value(at index: Int) -> String {
        String(decoding: storage[fields[index].valueStart..<fields[index].valueEnd], as: UTF8.self)
    }

    func nameMatches(_ index: Int, _ name: String) -> Bool {
        matches(index, HTTPHeaderName(name), name)
    }

    /// Whether field `index` is named `name`, whose known form is `known`: a known name compares the fields' tags; any
    /// other name can only match a field that is not known either.
    func matches(_ index: Int, _ known: HTTPHeaderName, _ name: String) -> Bool {
        if known != .other { return fields[index].known == known }
        return fields[index].known == .other
            && Self.equalsIgnoringCase(storage[fields[index].nameStart..<fields[index].nameEnd], name.utf8)
    }

    func firstIndex(of name: String) -> Int? {
        firstIndex(of: HTTPHeaderName(name), name)
    }

    private func firstIndex(of known: HTTPHeaderName, _ name: String) -> Int? {
        if known != .other { return firstIndex(of: known) }
        for index in fields.indices where matches(index, known, name) { return index }
        return nil
    }

    /// The index of the first field `known`.
    func firstIndex(of known: HTTPHeaderName) -> Int? {
        for index in fields.indices where fields[index].known == known { return index }
        return nil
    }

    /// ASCII case-insensitive comparison; header names and the tokens we look for are ASCII.
    static func equalsIgnoringCase(_ bytes: some Collection<UInt8>, _ other: some Collection<UInt8>) -> Bool {
        bytes.count == other.count && zip(bytes, other).allSatisfy { lowercased($0) == lowercased($1) }
    }

    /// `equalsIgnoringCase` for the case every request takes many times (a stored name against a constant), with
    /// integer indices instead of `zip`'s generic iterators.
    static func equalsIgnoringCase(_ bytes: ArraySlice<UInt8>, _ other: String.UTF8View) -> Bool {
        guard bytes.count == other.count else { return false }
        var index = bytes.startIndex
        for byte in other {
            guard lowercased(bytes[index]) == lowercased(byte) else { return false }
            index += 1
        }
        return true
    }

    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    /// Whether a comma-separated list value contains `token` (case-insensitive, elements trimmed of OWS).
    /// Scans in place: no allocation, since the parser asks this of every request's Connection header.
    static func listContains(_ value: ArraySlice<UInt8>, token: String.UTF8View) -> Bool {
        var elementStart = value.startIndex
        while elementStart <= value.endIndex {
            let elementEnd = value[elementStart...].firstIndex(of: UInt8(ascii: ",")) ?? value.endIndex
            if equalsIgnoringCase(trimmingWhitespace(value[elementStart..<elementEnd]), token) { return true }
            elementStart = elementEnd + 1
        }
        return false
    }

    /// Drops leading and trailing SP / HTAB (optional whitespace, RFC 9110 §5.6.3).
    static func trimmingWhitespace(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return bytes[start..<end]
    }
}
