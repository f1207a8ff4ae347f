/// What a server's `hello` reply says about it: size limits, wire versions, role and session support.
///
/// A plain value read once per connection; the writer's batching obeys the three limits.
public struct MongoServerLimits: Sendable, Equatable {
    /// Largest single document (`maxBsonObjectSize`, 16 MiB by default).
    public var maxBSONObjectBytes: Int
    /// Largest whole message (`maxMessageSizeBytes`, 48,000,000 by default).
    public var maxMessageBytes: Int
    /// Most statements per write command (`maxWriteBatchSize`, 100,000 by default).
    public var maxWriteBatchSize: Int
    public var maxWireVersion: Int
    public var isWritablePrimary: Bool
    /// The primary a secondary names, "host:port".
    public var primary: String?
    /// Replica set name; nil for a standalone server.
    public var setName: String?
    /// Whether the server supports sessions and retryable writes (a replica set member or mongos that reports
    /// `logicalSessionTimeoutMinutes`; a standalone server rejects `txnNumber`).
    public var supportsRetryableWrites: Bool

    /// The limits assumed before `hello` answers.
    public static let beforeHello = MongoServerLimits(
        maxBSONObjectBytes: 16_777_216, maxMessageBytes: 48_000_000, maxWriteBatchSize: 100_000, maxWireVersion: 0,
        isWritablePrimary: false, primary: nil, setName: nil, supportsRetryableWrites: false)

    public init(maxBSONObjectBytes: Int, maxMessageBytes: Int, maxWriteBatchSize: Int, maxWireVersion: Int,
                isWritablePrimary: Bool, primary: String?, setName: String?, supportsRetryableWrites: Bool) {
        self.maxBSONObjectBytes = maxBSONObjectBytes
        self.maxMessageBytes = maxMessageBytes
        self.maxWriteBatchSize = maxWriteBatchSize
        self.maxWireVersion = maxWireVersion
        self.isWritablePrimary = isWritablePrimary
        self.primary = primary
        self.setName = setName
        self.supportsRetryableWrites = supportsRetryableWrites
    }

    /// Reads a `hello` reply; absent limits keep their defaults, non-positive ones are ignored.
    public init(hello reply: BSONDocument) {
        var limits = Self.beforeHello
        func positive(_ key: String) -> Int? { reply[key]?.integerValue.flatMap { $0 > 0 ? Int($0) : nil } }
        limits.maxBSONObjectBytes = positive("maxBsonObjectSize") ?? limits.maxBSONObjectBytes
        limits.maxMessageBytes = positive("maxMessageSizeBytes") ?? limits.maxMessageBytes
        limits.maxWriteBatchSize = positive("maxWriteBatchSize") ?? limits.maxWriteBatchSize
        limits.maxWireVersion = reply["maxWireVersion"]?.integerValue.map { Int($0) } ?? 0
        limits.isWritablePrimary = (reply["isWritablePrimary"] ?? reply["ismaster"])?.boolValue ?? false
        limits.primary = reply["primary"]?.stringValue
        limits.setName = reply["setName"]?.stringValue
        let hasSessions = reply["logicalSessionTimeoutMinutes"]?.integerValue != nil
        let isRouter = reply["msg"]?.stringValue == "isdbgrid"
        limits.supportsRetryableWrites = hasSessions && (limits.setName != nil || isRouter)
        self = limits
    }
}
