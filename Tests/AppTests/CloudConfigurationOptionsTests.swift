@testable import App
import CloudQueue
import Testing

/// `CloudConfiguration` read from the command line and the environment, as `serve` and `cloud` read it.
@Suite struct CloudConfigurationOptionsTests {
    private static func configuration(_ arguments: [String], environment: [String: String] = [:],
                                      isStandby: Bool = false) throws -> CloudConfiguration {
        let parsed = try ParsedArguments(commandName: "cloud", arguments: arguments, options: CloudCommand.options,
                                         environment: environment)
        return try CloudConfiguration(parsed, isStandby: isStandby)
    }

    @Test func withoutSettingsTheQueueIsOffAndOnlyAStandbyConsumes() throws {
        let cloud = try Self.configuration([])
        #expect(!cloud.isEnabled && !cloud.consumes && cloud.remoteKinds == ["cloud.ledgerAudit"])
        #expect(cloud.pollSeconds == 5 && cloud.visibilitySeconds == 60)
        #expect(try Self.configuration([], isStandby: true).consumes)
    }

    @Test func flagsAndTheEnvironmentFillTheSettings() throws {
        let cloud = try Self.configuration(["--oci-queue-id", "ocid1.queue.oc1..x", "--oci-remote-kinds", "a, b,,c"],
                                           environment: ["WORLDGAME_OCI_FINGERPRINT": "aa:bb"])
        #expect(cloud.isEnabled && cloud.queueId == "ocid1.queue.oc1..x" && cloud.fingerprint == "aa:bb")
        #expect(cloud.remoteKinds == ["a", "b", "c"])
        #expect(cloud.missingOptions.contains("--oci-key-file"))
    }

    @Test func outOfRangeNumbersAreRefused() {
        #expect(throws: CommandLineError.self) { _ = try Self.configuration(["--oci-poll-seconds", "31"]) }
    }
}
