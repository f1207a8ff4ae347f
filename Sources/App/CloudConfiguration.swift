import CloudQueue
import Crypto
import Foundation
import Replication
import TLS

/// The OCI Queue settings of a node (issue 11): flags, then `WORLDGAME_OCI_*` environment, no defaults for the
/// identity. With no queue OCID the whole cloud link is off and the node runs as before.
///
/// A plain value read once at start-up by `serve` and `cloud check`/`cloud trigger`.
struct CloudConfiguration: Sendable, Encodable {
    /// Why the configuration cannot be used; names the options to fix.
    enum Failure: Error, CustomStringConvertible {
        case incomplete(missing: [String])
        case keyUnreadable(path: String, reason: String)
        case invalid(String)

        var description: String {
            switch self {
            case .incomplete(let missing): "cloud queue configuration incomplete: set \(missing.joined(separator: ", "))"
            case .keyUnreadable(let path, let reason): "cannot use the OCI API key \(path): \(reason)"
            case .invalid(let detail): "invalid cloud queue configuration: \(detail)"
            }
        }
    }

    var region: String?
    var queueId: String?
    var messagesEndpoint: String?
    var tenancy: String?
    var user: String?
    var fingerprint: String?
    var keyFile: String?
    var caFile: String?
    /// Job kinds enqueued on this node that run on the other node.
    var remoteKinds: [String]
    /// Whether this node receives cross-node jobs (default: a standby does, a primary does not).
    var consumes: Bool
    var pollSeconds: Int
    var visibilitySeconds: Int

    static let options: [CommandOption] = [
        .value("oci-region", "REGION", "OCI region of the queue, e.g. eu-frankfurt-1 (cloud queue off when no queue OCID)",
               environment: true),
        .value("oci-queue-id", "OCID", "OCI Queue OCID for cross-node jobs", environment: true),
        .value("oci-messages-endpoint", "URL", "The queue's messagesEndpoint (GetQueue), https://cell-N.queue.messaging...",
               environment: true),
        .value("oci-tenancy", "OCID", "Tenancy OCID of the API key", environment: true),
        .value("oci-user", "OCID", "User OCID of the API key", environment: true),
        .value("oci-fingerprint", "HEX", "API key fingerprint aa:bb:... as the Console shows it", environment: true),
        .value("oci-key-file", "FILE", "PEM file of the API private key (unencrypted)", environment: true),
        .value("oci-ca-file", "FILE", "CA certificates to trust for the queue (default: the system store)", environment: true),
        .value("oci-remote-kinds", "KINDS", "Comma-separated job kinds that run on the other node",
               default: StandbyLedgerAudit.kind, environment: true),
        .value("oci-consume", "BOOL", "Receive cross-node jobs on this node", default: "true on a standby", environment: true),
        .value("oci-poll-seconds", "N", "GetMessages long-poll timeout, 0-30", default: "5", environment: true),
        .value("oci-visibility-seconds", "N", "How long a received message stays hidden", default: "60", environment: true),
    ]

    init(_ arguments: ParsedArguments, isStandby: Bool) throws(CommandLineError) {
        region = arguments.string("oci-region")
        queueId = arguments.string("oci-queue-id")
        messagesEndpoint = arguments.string("oci-messages-endpoint")
        tenancy = arguments.string("oci-tenancy")
        user = arguments.string("oci-user")
        fingerprint = arguments.string("oci-fingerprint")
        keyFile = arguments.string("oci-key-file")
        caFile = arguments.string("oci-ca-file")
        remoteKinds = arguments.string("oci-remote-kinds", default: StandbyLedgerAudit.kind)
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        consumes = try arguments.flag("oci-consume", default: isStandby)
        pollSeconds = try arguments.integer("oci-poll-seconds", default: 5, range: 0...30)
        visibilitySeconds = try arguments.integer("oci-visibility-seconds", default: 60, range: 2...43_200)
    }

    /// Whether the cloud queue is configured at all (a queue OCID is set).
    var isEnabled: Bool { queueId != nil }

    /// The settings still missing, as option names.
    var missingOptions: [String] {
        [("--oci-queue-id", queueId), ("--oci-messages-endpoint", messagesEndpoint), ("--oci-tenancy", tenancy),
         ("--oci-user", user), ("--oci-fingerprint", fingerprint), ("--oci-key-file", keyFile)]
            .filter { $0.1?.isEmpty ?? true }.map(\.0)
    }

    /// The client configuration: reads and parses the key, checks the endpoint.
    /// - Throws: `Failure` naming what is missing or unusable.
    func clientConfiguration() throws -> OCIQueueClientConfiguration {
        guard missingOptions.isEmpty, let queueId, let messagesEndpoint, let tenancy, let user, let fingerprint, let keyFile else {
            throw Failure.incomplete(missing: missingOptions)
        }
        let pem: String
        do { pem = try String(contentsOfFile: keyFile, encoding: .utf8) } catch {
            throw Failure.keyUnreadable(path: keyFile, reason: "not readable")
        }
        let key: RSAPrivateKey
        do { key = try RSAPrivateKey(pem: pem) } catch { throw Failure.keyUnreadable(path: keyFile, reason: "\(error)") }
        let endpoint: OCIQueueEndpoint
        do { endpoint = try OCIQueueEndpoint(messagesEndpoint: messagesEndpoint, queueId: queueId) } catch {
            throw Failure.invalid("\(error)")
        }
        return OCIQueueClientConfiguration(
            endpoint: endpoint, signer: OCIRequestSigner(tenancy: tenancy, user: user, fingerprint: fingerprint, privateKey: key),
            tls: TLSClientConfiguration(caFile: caFile, timeout: .seconds(pollSeconds + 15)))
    }

    enum CodingKeys: String, CodingKey {
        case region, queueId, messagesEndpoint, tenancy, user, fingerprint, keyFile, caFile, remoteKinds, consumes
        case pollSeconds, visibilitySeconds
    }
}
