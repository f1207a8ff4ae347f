import CloudQueue
import Foundation
import Testing
import TestSupport

/// What `worldgame cloud check` prints for a configuration: off when no queue is set, a signed sample with the secrets
/// masked when it is complete, and the problems of a wrong or partial one.
@Suite struct CloudCheckTests {
    static let keyFile = OCITestKey.path
    static let fingerprint = OCITestKey.fingerprint

    private static func configuration(queueId: String? = nil, messagesEndpoint: String? = nil, tenancy: String? = nil,
                                      user: String? = nil, fingerprint: String? = nil, keyFile: String? = nil) -> CloudConfiguration {
        CloudConfiguration(region: queueId == nil ? nil : "eu-frankfurt-1", queueId: queueId, messagesEndpoint: messagesEndpoint,
                           tenancy: tenancy, user: user, fingerprint: fingerprint, keyFile: keyFile, caFile: nil,
                           remoteKinds: ["cloud.ledgerAudit"], consumes: false, pollSeconds: 5, visibilitySeconds: 60)
    }

    private static func complete(fingerprint: String) -> CloudConfiguration {
        configuration(queueId: "ocid1.queue.oc1.eu-frankfurt-1.amaaaaaaaaqueuequeuequeue",
                      messagesEndpoint: "https://cell-1.queue.messaging.eu-frankfurt-1.oci.oraclecloud.com",
                      tenancy: "ocid1.tenancy.oc1..aaaaaaaatenancytenancytenancy", user: "ocid1.user.oc1..aaaaaaaauseruseruser",
                      fingerprint: fingerprint, keyFile: keyFile)
    }

    @Test func withoutSettingsTheCloudQueueIsOffAndThatIsFine() {
        let cloud = Self.configuration()
        #expect(!cloud.isEnabled)
        let report = CloudCheck.report(cloud)
        #expect(report.isWellFormed && report.text.contains("not configured"))
    }

    @Test func aCompleteConfigurationSignsASampleWithTheSecretsMasked() {
        let report = CloudCheck.report(Self.complete(fingerprint: Self.fingerprint))
        #expect(report.isWellFormed, "\(report.text)")
        #expect(report.text.contains("signature=\"<redacted"))
        #expect(report.text.contains("headers=\"date (request-target) host\""))
        #expect(!report.text.contains("BEGIN") && !report.text.contains("amaaaaaaaaqueuequeuequeue"))
    }

    @Test func aWrongFingerprintOrAMissingSettingIsReported() {
        let wrong = Self.complete(fingerprint: "00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff")
        let report = CloudCheck.report(wrong)
        #expect(!report.isWellFormed && report.text.contains("does not match the key file (the key's is \(Self.fingerprint))"))
        let partial = Self.configuration(queueId: "ocid1.queue.oc1..x")
        let partialReport = CloudCheck.report(partial)
        #expect(!partialReport.isWellFormed && partialReport.text.contains("--oci-key-file is not set"))
        #expect(throws: CloudConfiguration.Failure.self) { _ = try partial.clientConfiguration() }
    }
}
