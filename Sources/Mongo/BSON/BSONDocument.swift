/// An ordered BSON document: keys keep their insertion order, which the wire protocol needs (the command name must
/// be the first key of a command body).
///
/// A plain value. Lookup by key is linear, which is fine for the small documents a driver handles; a repeated key is
/// kept as decoded (BSON allows it) and `subscript` returns the first.
public struct BSONDocument: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    /// One key and its value.
    public struct Element: Sendable, Equatable {
        public var key: String
        public var value: BSONValue
    }

    /// The elements in order.
    public private(set) var elements: [Element]

    public init() { elements = [] }

    public init(_ pairs: [(String, BSONValue)]) {
        elements = pairs.map { Element(key: $0.0, value: $0.1) }
    }

    public init(dictionaryLiteral pairs: (String, BSONValue)...) {
        self.init(pairs)
    }

    /// The keys in order.
    public var keys: [String] { elements.map(\.key) }

    /// The number of elements.
    public var count: Int { elements.count }

    /// The first value under `key`; setting replaces it in place or appends a new element (nil removes it).
    public subscript(key: String) -> BSONValue? {
        get { elements.first { $0.key == key }?.value }
        set {
            if let index = elements.firstIndex(where: { $0.key == key }) {
                if let newValue { elements[index].value = newValue } else { elements.remove(at: index) }
            } else if let newValue {
                elements.append(Element(key: key, value: newValue))
            }
        }
    }

    /// Appends `value` under `key` without looking for an existing one.
    public mutating func append(_ key: String, _ value: BSONValue) {
        elements.append(Element(key: key, value: value))
    }
}
