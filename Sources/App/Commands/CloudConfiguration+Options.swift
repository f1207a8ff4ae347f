import CloudQueue
import Foundation
import Replication

/// The command line of `CloudConfiguration`: its options and how `serve` and `cloud` read them.
extension CloudConfiguration {
    /// The `--oci-*` options `serve` and `cloud` accept, each also read from `WORLDGAME_OCI_*`.
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

    /// Reads the settings from the command line, then the environment; `isStandby` decides the `--oci-consume` default.
    init(_ arguments: ParsedArguments, isStandby: Bool) throws(CommandLineError) {
        self.init(
            region: arguments.string("oci-region"),
            queueId: arguments.string("oci-queue-id"),
            messagesEndpoint: arguments.string("oci-messages-endpoint"),
            tenancy: arguments.string("oci-tenancy"),
            user: arguments.string("oci-user"),
            fingerprint: arguments.string("oci-fingerprint"),
            keyFile: arguments.string("oci-key-file"),
            caFile: arguments.string("oci-ca-file"),
            remoteKinds: arguments.string("oci-remote-kinds", default: StandbyLedgerAudit.kind)
                .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
            consumes: try arguments.flag("oci-consume", default: isStandby),
            pollSeconds: try arguments.integer("oci-poll-seconds", default: 5, range: 0...30),
            visibilitySeconds: try arguments.integer("oci-visibility-seconds", default: 60, range: 2...43_200))
    }
}
