/// The one-release rule of the replication handshake: a standby follows a primary that runs the same release as it
/// or the release just before it; anything else is refused before a byte is written.
///
/// Why it exists: a standby one release newer can apply its primary's records (its schema is a superset: each release's
/// migrations only add tables, columns with defaults, indexes and triggers, and SQLite applies a changeset to a table
/// with more columns), which is what a rolling upgrade needs (upgrade the standby, switch over, upgrade the old
/// primary). An older standby, or one two releases ahead, has a schema the records may not fit. Both sides check:
/// the primary refuses the standby's requests (409 `version_incompatible`), the standby refuses the primary's answers.
public enum VersionCompatibility {
    /// What operators are told to do.
    public static let upgradePath =
        "upgrade the standby first, then switch over, then upgrade the old primary (one release at a time)"

    /// nil when a standby at `standby` may follow a primary at `primary`; otherwise the refusal, naming both versions
    /// and the upgrade path.
    public static func refusal(standby: NodeVersion, primary: NodeVersion) -> String? {
        let both = "the standby runs \(standby) and its primary \(primary)"
        guard NodeVersion.followableProtocols.contains(primary.protocolVersion),
              NodeVersion.followableProtocols.contains(standby.protocolVersion) else {
            return "replication refused: \(both); replication protocol \(primary.protocolVersion) or "
                + "\(standby.protocolVersion) is unknown to the other side (this binary speaks "
                + "\(NodeVersion.followableProtocols.lowerBound)...\(NodeVersion.followableProtocols.upperBound)); "
                + upgradePath
        }
        guard let standbyRelease = ReleaseVersion(standby.release), let primaryRelease = ReleaseVersion(primary.release) else {
            return "replication refused: \(both); a release number is unreadable (MAJOR.MINOR.PATCH expected); \(upgradePath)"
        }
        if standbyRelease.isSameRelease(as: primaryRelease) || standbyRelease.isNextRelease(after: primaryRelease) {
            return nil
        }
        if standbyRelease < primaryRelease {
            return "replication refused: \(both); a standby must not be older than its primary: install release "
                + "\(primaryRelease.major).\(primaryRelease.minor) or the next one on the standby; \(upgradePath)"
        }
        return "replication refused: \(both); a standby may be at most one release newer than its primary: upgrade "
            + "the pair one release at a time (install the release after \(primaryRelease.major).\(primaryRelease.minor) "
            + "on the standby); \(upgradePath)"
    }
}
