/// The ports a `worldgame serve` child named in its log: the API's and the internal listener's in its "node ready"
/// line, the realtime gateway's in its "realtime gateway listening" line.
///
/// Tests start nodes on port 0 and learn the ports the kernel chose from these lines.
public struct ServedPorts: Sendable, Equatable {
    public var api: Int
    /// nil for a release without an internal listener.
    public var internalListener: Int?
    /// nil when the log has no gateway line.
    public var webSocket: Int?

    /// The ports in `lines`, or nil without a "node ready" line naming the API's.
    public init?(lines: [String]) {
        guard let ready = lines.first(where: { $0.contains(Self.readyMessage) }),
              let api = Self.number(after: "http://127.0.0.1:", in: ready) else { return nil }
        self.api = api
        internalListener = Self.number(after: #""internal_port":"#, in: ready)
        webSocket = lines.first { $0.contains(#""message":"realtime gateway listening""#) }
            .flatMap { Self.number(after: #""port":"#, in: $0) }
    }

    static let readyMessage = #""message":"node ready""#

    private static func number(after marker: String, in line: String) -> Int? {
        guard let range = line.range(of: marker) else { return nil }
        return Int(line[range.upperBound...].prefix { $0.isNumber })
    }
}

extension ChildProcess {
    /// Waits (up to `timeout`) until a `worldgame serve` child logged "node ready"; returns the ports it named, or nil
    /// when it exited or the time ran out first.
    public func waitForServedPorts(timeout: Duration = .seconds(60)) -> ServedPorts? {
        _ = waitForOutput(timeout: timeout) { lines in lines.contains { $0.contains(ServedPorts.readyMessage) } }
        return ServedPorts(lines: outputLines)
    }
}
