import Locking

/// The web client's files as the public listener serves them, each decoded from the binary on its first request and
/// kept from then on.
///
/// Exists so that a node does not decode and hold every page at start (about 0.5 MB of base64 read and decoded
/// bodies kept, for a client most nodes behind nginx serve rarely); idle memory is one of the node's budgets. Any
/// event loop may ask: the map is behind a `Locked`, and a file is decoded outside the lock (two loops asking at once
/// may both decode it; the second store is the same bytes).
final class WebAssetStore: Sendable {
    private let ports: WebAssets.Ports
    private let decoded = Locked<[String: WebAssets.Asset]>([:])

    init(ports: WebAssets.Ports) {
        self.ports = ports
    }

    /// The embedded file `fileName`, decoding it on first use; nil when the binary holds no such file.
    func asset(fileName: String) -> WebAssets.Asset? {
        if let asset = decoded.withLock({ $0[fileName] }) { return asset }
        guard let asset = WebAssets.asset(fileName: fileName, ports: ports) else { return nil }
        decoded.withLock { $0[fileName] = asset }
        return asset
    }

    /// How many files have been decoded so far (tests check that start-up decodes none).
    var decodedCount: Int { decoded.withLock { $0.count } }
}
