/// What a standby's online re-bootstrap tells the node's readiness (`/ready`): not ready while a fresh snapshot
/// downloads and installs, ready again afterwards, and never over a drain that began.
///
/// Why a protocol: the node's readiness lives in the layer that wires the node (and serves `/ready`);
/// `StandbyRebootstrap` only needs these two transitions. Called on the follower thread; conformers guard their state.
public protocol StandbyReadiness: Sendable {
    /// Marks the node unavailable for `reason` unless it is draining; returns whether it was marked.
    func markUnavailable(reason: String) -> Bool

    /// Marks the node ready again, only while it is still unavailable for `reason` (a drain that began meanwhile wins).
    func markReady(ifUnavailableFor reason: String)
}
