/// A worldgame release number, `MAJOR.MINOR.PATCH`, and the constant that names the running one.
///
/// Why it exists: the replication handshake lets a standby follow a primary of its own release or of the release just
/// before it (`VersionCompatibility`), so a release is a value that can be compared and stepped, not a string. Patch
/// releases of one `MAJOR.MINOR` are the same release for that rule. Immutable.
public struct ReleaseVersion: Sendable, Equatable, Comparable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public var patch: Int

    /// This binary's release. Bumped when a release is cut (README "Releases"), in the same commit that gets the tag.
    public static let current = ReleaseVersion(major: 0, minor: 6, patch: 0)

    /// The release before versioned handshakes (tag `v0.5.0`): a peer that sends no version fields runs it.
    public static let unversioned = ReleaseVersion(major: 0, minor: 5, patch: 0)

    public init(major: Int, minor: Int, patch: Int) {
        self.major = major
        self.minor = minor
        self.patch = patch
    }

    /// Parses `MAJOR.MINOR.PATCH` (non-negative integers; a leading `v` is allowed); nil for anything else.
    public init?(_ text: String) {
        let parts = (text.hasPrefix("v") ? text.dropFirst() : Substring(text)).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        let numbers = parts.compactMap { part in part.allSatisfy(\.isASCII) ? Int(part) : nil }
        guard numbers.count == 3, numbers.allSatisfy({ $0 >= 0 && $0 < 100_000 }) else { return nil }
        self.init(major: numbers[0], minor: numbers[1], patch: numbers[2])
    }

    public var description: String { "\(major).\(minor).\(patch)" }

    public static func < (left: ReleaseVersion, right: ReleaseVersion) -> Bool {
        (left.major, left.minor, left.patch) < (right.major, right.minor, right.patch)
    }

    /// Whether both are the same release (`MAJOR.MINOR`; patch releases never change the schema or the protocol).
    public func isSameRelease(as other: ReleaseVersion) -> Bool {
        major == other.major && minor == other.minor
    }

    /// Whether this is the release right after `other`: the next minor of its major, or the first of the next major.
    public func isNextRelease(after other: ReleaseVersion) -> Bool {
        (major == other.major && minor == other.minor + 1) || (major == other.major + 1 && minor == 0)
    }
}
