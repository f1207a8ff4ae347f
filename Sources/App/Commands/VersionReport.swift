import Codecs
import Foundation
import Replication

/// What `worldgame --version` prints: the release, the schema version and the replication protocol of this binary.
///
/// Why a type: the three numbers decide whether two nodes can replicate (`VersionCompatibility`), so an operator
/// compares them across the pair; the JSON form (`--version --json`) is for scripts. The release is the
/// `ReleaseVersion.current` constant (bumped when a release is cut, README "Releases"), not `git describe`: a binary
/// built from a tarball or a shallow clone must say the same. The schema version is the last embedded migration's
/// number, computed, never kept by hand.
struct VersionReport: Codable, Equatable {
    var release: String
    var schemaVersion: Int
    var replicationProtocol: Int
    /// The primary releases this binary follows as a standby: its own and the one before.
    var followsPrimaryReleases: [String]

    /// This binary's numbers.
    static func current() throws -> VersionReport {
        let release = ReleaseVersion.current
        let previous = release.minor > 0
            ? "\(release.major).\(release.minor - 1)" : "\(max(0, release.major - 1)).x (last minor)"
        return VersionReport(release: release.description, schemaVersion: try DatabaseSetup.schemaVersion(),
                             replicationProtocol: NodeVersion.currentProtocol,
                             followsPrimaryReleases: ["\(release.major).\(release.minor)", previous])
    }

    /// The human form, one fact per line.
    var text: String {
        """
        worldgame \(release)
        schema version \(schemaVersion) (the last migration, migrations/\(String(format: "%04d", schemaVersion))_*.sql)
        replication protocol \(replicationProtocol) (a standby follows a primary of release \
        \(followsPrimaryReleases.joined(separator: " or ")))

        """
    }

    /// The JSON form.
    var json: String {
        ((try? JSONCoding.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}") + "\n"
    }
}
