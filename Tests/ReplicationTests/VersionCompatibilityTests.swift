import HTTP
import Replication
import Testing

/// The one-release rule as a table: which standby/primary pairs follow, and what a refusal says.
@Suite struct VersionCompatibilityTests {
    static func version(_ release: String, protocol protocolVersion: Int = NodeVersion.currentProtocol,
                        schema: Int? = 14) -> NodeVersion {
        NodeVersion(release: release, schemaVersion: schema, protocolVersion: protocolVersion)
    }

    @Test(arguments: [
        // (standby, primary, follows)
        ("0.6.0", "0.6.0", true), ("0.6.3", "0.6.0", true), ("0.6.0", "0.6.7", true),   // same release, any patch
        ("0.6.0", "0.5.0", true), ("1.0.0", "0.9.2", true), ("1.3.0", "1.2.9", true),   // one release newer
        ("0.5.0", "0.6.0", false), ("0.6.0", "0.7.0", false),                           // older standby
        ("0.7.0", "0.5.0", false), ("2.0.0", "0.9.0", false), ("1.1.0", "0.9.0", false), // two releases newer
        ("0.6", "0.6.0", false), ("x.y.z", "0.6.0", false),                               // unreadable
    ])
    func oneReleaseRule(standby: String, primary: String, follows: Bool) {
        let refusal = VersionCompatibility.refusal(standby: Self.version(standby), primary: Self.version(primary))
        #expect((refusal == nil) == follows, "\(standby) following \(primary): \(refusal ?? "follows")")
        if let refusal {
            #expect(refusal.contains("release \(standby)") && refusal.contains("release \(primary)"), "names both: \(refusal)")
            #expect(refusal.contains("upgrade the standby first, then switch over, then upgrade the old primary"))
        }
    }

    @Test(arguments: [(1, 2, true), (2, 1, true), (2, 2, true), (3, 2, false), (2, 3, false), (0, 2, false)])
    func unknownProtocolsAreRefused(primaryProtocol: Int, standbyProtocol: Int, follows: Bool) {
        let refusal = VersionCompatibility.refusal(standby: Self.version("0.6.0", protocol: standbyProtocol),
                                                   primary: Self.version("0.6.0", protocol: primaryProtocol))
        #expect((refusal == nil) == follows, "\(refusal ?? "follows")")
        if !follows { #expect(refusal?.contains("replication protocol") == true) }
    }

    /// A peer without version headers runs release 0.5.0 with protocol 1 (the release before versioned handshakes):
    /// this binary follows it as a standby, and refuses it as an older standby when primary.
    @Test func absentHeadersMeanThePreviousRelease() {
        let silent = NodeVersion(headers: HTTPHeaders())
        #expect(silent == NodeVersion.unversioned)
        #expect(silent.release == "0.5.0" && silent.protocolVersion == 1 && silent.schemaVersion == nil)
        let current = NodeVersion.running(schemaVersion: 15)
        #expect(VersionCompatibility.refusal(standby: current, primary: silent) == nil)
        #expect(VersionCompatibility.refusal(standby: silent, primary: current)?.contains("must not be older") == true)
    }

    @Test func headersRoundTrip() {
        var headers = HTTPHeaders()
        let version = NodeVersion.running(schemaVersion: 16)
        version.add(to: &headers)
        #expect(NodeVersion(headers: headers) == version)
        #expect(headers[NodeVersion.releaseHeader] == ReleaseVersion.current.description)
    }

    @Test func releaseParsingAndSteps() throws {
        let release = try #require(ReleaseVersion("v0.6.1"))
        #expect(release == ReleaseVersion(major: 0, minor: 6, patch: 1))
        #expect(ReleaseVersion("0.6") == nil && ReleaseVersion("0.6.-1") == nil && ReleaseVersion("0.6.1.2") == nil)
        #expect(ReleaseVersion.current.isNextRelease(after: ReleaseVersion.unversioned))
    }
}
