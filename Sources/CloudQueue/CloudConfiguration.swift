import Crypto
import Foundation
import TLS

/// The OCI Queue settings of a node: flags, then `WORLDGAME_OCI_*` environment, no defaults for the identity. With no
/// queue OCID the whole cloud link is off and the node runs as before.
///
/// A plain value read once at start-up by `serve` and `cloud check`/`cloud trigger`.
public struct CloudConfiguration: Sendable, Encodable {
    /// Why the configuration cannot be used; names the options to fix.
    public enum Failure: Error, CustomStringConvertible {
        case incomplete(missing: [String])
        case keyUnreadable(path: String, reason: String)
        case invalid(String)

        public var description: String {
            switch self {
            case .incomplete(let missing): "cloud queue configuration incomplete: set \(missing.joined(separator: ", "))"
            case .keyUnreadable(let path, let reason): "cannot use the OCI API key \(path): \(reason)"
            case .invalid(let detail): "invalid cloud queue configuration: \(detail)"
            }
        }
    }

    public var region: String?
    public var queueId: String?
    public var messagesEndpoint: String?
    public var tenancy: String?
    public var user: String?
    public var fingerprint: String?
    public var keyFile: String?
    public var caFile: String?
    /// Job kinds enqueued on this node that run on the other node.
    public var remoteKinds: [String]
    /// Whether this node receives cross-node jobs (default: a standby does, a primary does not).
    public var consumes: Bool
    public var pollSeconds: Int
    public var visibilitySeconds: Int

    public init(
        region: String?,
        queueId: String?,
        messagesEndpoint: String?,
        tenancy: String?,
        user: String?,
        fingerprint: String?,
        keyFile: String?,
        caFile: String?,
        remoteKinds: [String],
        consumes: Bool,
        pollSeconds: Int,
        visibilitySeconds: Int
    ) {
        self.region = region
        self.queueId = queueId
        self.messagesEndpoint = messagesEndpoint
        self.tenancy = tenancy
        self.user = user
        self.fingerprint = fingerprint
        self.keyFile = keyFile
        self.caFile = caFile
        self.remoteKinds = remoteKinds
        self.consumes = consumes
        self.pollSeconds = pollSeconds
        self.visibilitySeconds = visibilitySeconds
    }

    /// Whether the cloud queue is configured at all (a queue OCID is set).
    public var isEnabled: Bool { queueId != nil }

    /// The settings still missing, as option names.
    public var missingOptions: [String] {
        [("--oci-queue-id", queueId), ("--oci-messages-endpoint", messagesEndpoint), ("--oci-tenancy", tenancy),
         ("--oci-user", user), ("--oci-fingerprint", fingerprint), ("--oci-key-file", keyFile)]
            .filter { $0.1?.isEmpty ?? true }.map(\.0)
    }

    /// The client configuration: reads and parses the key, checks the endpoint.
    /// - Throws: `Failure` naming what is missing or unusable.
    public func clientConfiguration() throws -> OCIQueueClientConfiguration {
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
