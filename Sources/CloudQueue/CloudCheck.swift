import Clocks
import Crypto
import Foundation

/// What `worldgame cloud check` prints: each setting (OCIDs shortened, the key never shown), the key file and
/// fingerprint checks, and a sample signed GetMessages request with its signature redacted. No network.
///
/// Stateless; runs on the main thread of the CLI.
public enum CloudCheck {
    /// The printed report and whether every check passed.
    public struct Report: Sendable {
        public var text: String
        public var isWellFormed: Bool
    }

    public static func report(_ cloud: CloudConfiguration) -> Report {
        guard cloud.isEnabled || !cloud.missingOptions.isEmpty && cloud.missingOptions.count < 6 else {
            return Report(text: "cloud queue: not configured (no --oci-queue-id): cross-node jobs are off, the node runs alone\n",
                          isWellFormed: true)
        }
        var lines = ["cloud queue: configured"]
        var problems: [String] = []
        func row(_ name: String, _ value: String?, _ note: String = "") {
            let padded = name.padding(toLength: 19, withPad: " ", startingAt: 0)
            lines.append("  \(padded)\(value ?? "(not set)")\(note.isEmpty ? "" : "  \(note)")")
        }
        row("region", cloud.region)
        for (name, value, prefix) in [("queue OCID", cloud.queueId, "ocid1.queue."), ("tenancy OCID", cloud.tenancy, "ocid1.tenancy."),
                                      ("user OCID", cloud.user, "ocid1.user.")] {
            let isShaped = value?.hasPrefix(prefix) ?? false
            if value != nil, !isShaped { problems.append("\(name) does not start with \(prefix)") }
            row(name, value.map(shorten), value == nil ? "" : (isShaped ? "ok" : "NOT AN OCID"))
        }
        row("messages endpoint", cloud.messagesEndpoint)
        row("fingerprint", cloud.fingerprint)
        row("key file", cloud.keyFile, "(contents never printed)")
        row("CA file", cloud.caFile ?? "system store")
        row("remote kinds", cloud.remoteKinds.joined(separator: ","))
        row("consume here", String(cloud.consumes))
        problems += cloud.missingOptions.map { "\($0) is not set" }
        if cloud.missingOptions.isEmpty { problems += signSample(cloud, into: &lines) }
        lines.append(problems.isEmpty ? "result: a signed request would be well-formed (nothing was sent)"
                                      : "result: NOT usable:\n" + problems.map { "  - \($0)" }.joined(separator: "\n"))
        return Report(text: lines.joined(separator: "\n") + "\n", isWellFormed: problems.isEmpty)
    }

    /// Signs a sample GetMessages request; appends it (signature redacted) and returns the problems found.
    private static func signSample(_ cloud: CloudConfiguration, into lines: inout [String]) -> [String] {
        var problems: [String] = []
        let client: OCIQueueClientConfiguration
        do { client = try cloud.clientConfiguration() } catch { return ["\(error)"] }
        if let keyFile = cloud.keyFile, let pem = try? String(contentsOfFile: keyFile, encoding: .utf8),
           let key = try? RSAPrivateKey(pem: pem) {
            let actual = OCIRequestSigner.fingerprint(of: key)
            if actual != cloud.fingerprint { problems.append("--oci-fingerprint does not match the key file (the key's is \(actual))") }
        }
        if let region = cloud.region, !client.endpoint.host.contains(region) {
            lines.append("  note: the messages endpoint host does not mention region \(region) (fine for a proxy or emulator)")
        }
        let target = "\(client.endpoint.queuePath)/messages?timeoutInSeconds=0&limit=1"
        do {
            let headers = try client.signer.headers(method: "GET", host: client.endpoint.hostHeader, target: target,
                                                    date: OCIRequestSigner.httpDate(SystemClock().now.date))
            lines.append("sample signed request (not sent):")
            lines.append("  GET \(shortenPath(target))")
            for header in headers {
                lines.append("  \(header.name): \(header.name == "authorization" ? redactSignature(header.value) : header.value)")
            }
        } catch {
            problems.append("cannot sign: \(error)")
        }
        return problems
    }

    /// `ocid1.queue.oc1.eu-frankfurt-1.amaaaaaaxyz...` shortened to its first 24 and last 6 characters.
    static func shorten(_ ocid: String) -> String {
        ocid.count <= 36 ? ocid : "\(ocid.prefix(24))...\(ocid.suffix(6))"
    }

    private static func shortenPath(_ target: String) -> String {
        target.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix("ocid1.") ? shorten(String(part)) : String(part)
        }.joined(separator: "/")
    }

    /// Replaces the signature value and shortens the OCIDs of the keyId.
    static func redactSignature(_ authorization: String) -> String {
        var parts: [String] = []
        for field in authorization.split(separator: ",") {
            if field.hasPrefix("signature=") {
                parts.append("signature=\"<redacted \(field.count - 12) base64 chars>\"")
            } else if field.hasPrefix("keyId=") {
                let keyId = field.dropFirst("keyId=\"".count).dropLast()
                let shortened = keyId.split(separator: "/").map { $0.hasPrefix("ocid1.") ? shorten(String($0)) : String($0) }
                parts.append("keyId=\"" + shortened.joined(separator: "/") + "\"")
            } else {
                parts.append(String(field))
            }
        }
        return parts.joined(separator: ",")
    }
}
