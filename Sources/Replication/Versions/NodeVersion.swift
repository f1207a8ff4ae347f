import HTTP

/// What a node says about itself in the replication handshake: its release, the schema version of its database (the
/// last migration applied) and the replication protocol it speaks.
///
/// Why it exists: both sides of every replication exchange send it (request and response headers), so each can apply
/// the one-release rule (`VersionCompatibility`) before anything is written, and `status` can show both nodes'
/// versions. A peer that sends no version headers runs the release before versioned handshakes
/// (`ReleaseVersion.unversioned`, protocol 1, schema unknown). Immutable.
public struct NodeVersion: Sendable, Equatable, Codable, CustomStringConvertible {
    public var release: String
    /// The highest migration number applied (nil: the peer did not say).
    public var schemaVersion: Int?
    public var protocolVersion: Int

    /// The replication protocol of this binary. 1: the records/snapshots exchange of release 0.5.0 (no version
    /// headers). 2: the same exchange with version headers both ways, and migration records in the log.
    public static let currentProtocol = 2
    /// The protocols this binary can follow as a standby.
    public static let followableProtocols: ClosedRange<Int> = 1...2

    /// The header names carrying the three numbers on every replication request and response.
    public static let releaseHeader = "x-worldgame-release"
    public static let schemaHeader = "x-worldgame-schema-version"
    public static let protocolHeader = "x-worldgame-replication-protocol"

    /// What a peer without version headers runs.
    public static let unversioned = NodeVersion(release: ReleaseVersion.unversioned.description, schemaVersion: nil,
                                                protocolVersion: 1)

    public init(release: String, schemaVersion: Int?, protocolVersion: Int) {
        self.release = release
        self.schemaVersion = schemaVersion
        self.protocolVersion = protocolVersion
    }

    /// This binary, with its database at `schemaVersion`.
    public static func running(schemaVersion: Int?) -> NodeVersion {
        NodeVersion(release: ReleaseVersion.current.description, schemaVersion: schemaVersion,
                    protocolVersion: currentProtocol)
    }

    /// The version a peer announced in `headers`: `unversioned` when it sent no release header. A malformed value is
    /// kept as sent (the rule refuses what it cannot read).
    public init(headers: HTTPHeaders) {
        guard let release = headers[Self.releaseHeader] else {
            self = .unversioned
            return
        }
        self.init(release: release, schemaVersion: headers[Self.schemaHeader].flatMap { Int($0) },
                  protocolVersion: headers[Self.protocolHeader].flatMap { Int($0) } ?? 0)
    }

    /// Adds this version's headers to `headers`.
    public func add(to headers: inout HTTPHeaders) {
        headers.set(Self.releaseHeader, release)
        if let schemaVersion { headers.set(Self.schemaHeader, String(schemaVersion)) }
        headers.set(Self.protocolHeader, String(protocolVersion))
    }

    /// `release 0.6.0 (schema 14, replication protocol 2)`.
    public var description: String {
        "release \(release) (schema \(schemaVersion.map(String.init) ?? "unknown"), replication protocol \(protocolVersion))"
    }
}
