/// A secret (password, key, token) whose description is `<redacted>`, so it never reaches a log line, an error
/// description or a metric label by accident. Read `value` only where the secret is used.
public struct Redacted<Value: Sendable>: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    public let value: Value

    public init(_ value: Value) {
        self.value = value
    }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
}
