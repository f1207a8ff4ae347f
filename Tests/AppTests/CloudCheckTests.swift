@testable import App
import Foundation
import Testing

@Suite struct CloudCheckTests {
    /// The committed TEST key (scripts/fixtures/oci-test-key.pem) and its fingerprint.
    static let keyFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appending(path: "scripts/fixtures/oci-test-key.pem").path
    static let fingerprint = "05:ec:20:ba:c1:e8:ea:24:00:ad:3a:a8:e5:db:db:af"

    private static func configuration(_ arguments: [String], environment: [String: String] = [:]) throws -> CloudConfiguration {
        let parsed = try ParsedArguments(commandName: "cloud", arguments: arguments, options: CloudCommand.options,
                                         environment: environment)
        return try CloudConfiguration(parsed, isStandby: false)
    }

    private static let complete = [
        "--oci-region", "eu-frankfurt-1", "--oci-queue-id", "ocid1.queue.oc1.eu-frankfurt-1.amaaaaaaaaqueuequeuequeue",
        "--oci-messages-endpoint", "https://cell-1.queue.messaging.eu-frankfurt-1.oci.oraclecloud.com",
        "--oci-tenancy", "ocid1.tenancy.oc1..aaaaaaaatenancytenancytenancy", "--oci-user", "ocid1.user.oc1..aaaaaaaauseruseruser",
        "--oci-key-file", keyFile,
    ]

    @Test func withoutSettingsTheCloudQueueIsOffAndThatIsFine() throws {
        let cloud = try Self.configuration([])
        #expect(!cloud.isEnabled && !cloud.consumes && cloud.remoteKinds == ["cloud.ledgerAudit"])
        let report = CloudCheck.report(cloud)
        #expect(report.isWellFormed && report.text.contains("not configured"))
    }

    @Test func aCompleteConfigurationSignsASampleWithTheSecretsMasked() throws {
        let cloud = try Self.configuration(Self.complete, environment: ["WORLDGAME_OCI_FINGERPRINT": Self.fingerprint])
        #expect(cloud.fingerprint == Self.fingerprint)
        let report = CloudCheck.report(cloud)
        #expect(report.isWellFormed, "\(report.text)")
        #expect(report.text.contains("signature=\"<redacted"))
        #expect(report.text.contains("headers=\"date (request-target) host\""))
        #expect(!report.text.contains("BEGIN") && !report.text.contains("amaaaaaaaaqueuequeuequeue"))
    }

    @Test func aWrongFingerprintOrAMissingSettingIsReported() throws {
        let wrong = try Self.configuration(Self.complete + ["--oci-fingerprint", "00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff"])
        let report = CloudCheck.report(wrong)
        #expect(!report.isWellFormed && report.text.contains("does not match the key file (the key's is \(Self.fingerprint))"))
        let partial = try Self.configuration(["--oci-queue-id", "ocid1.queue.oc1..x"])
        let partialReport = CloudCheck.report(partial)
        #expect(!partialReport.isWellFormed && partialReport.text.contains("--oci-key-file is not set"))
        #expect(throws: CloudConfiguration.Failure.self) { _ = try partial.clientConfiguration() }
    }
}
