import Foundation

/// The committed TEST API key of the OCI Queue tests (`scripts/fixtures/oci-test-key.pem`) and its fingerprint: signs
/// sample requests in the cloud check and lets an in-process node start its cloud link. Never a real credential.
public enum OCITestKey {
    /// The PEM file's path in this checkout.
    public static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appending(path: "scripts/fixtures/oci-test-key.pem").path

    /// The key's fingerprint as the OCI Console shows it.
    public static let fingerprint = "05:ec:20:ba:c1:e8:ea:24:00:ad:3a:a8:e5:db:db:af"
}
