import CloudQueue
import Crypto
import Foundation
import HTTP
import TestSupport
import TLS

/// The strict Queue emulator (`scripts/oci-queue-emulator`) running over TLS with a test CA, plus a client
/// configured for it (test key, no-wait retries).
final class OCIQueueEmulator: Sendable {
    static let queueId = "ocid1.queue.oc1.iad.aaaaaaaaemulator"
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// The venv's python with `cryptography` importable (installed on first use), or nil.
    static let python: String? = {
        let python = PythonWebSocketsClient.venv + "/bin/python"
        if SystemTool.status(python, ["-c", "import cryptography"]) == 0 { return python }
        guard PythonWebSocketsClient.isAvailable, SystemTool.status(python, ["-m", "pip", "install", "-q", "cryptography"]) == 0 else { return nil }
        return python
    }()

    let authority: TestCertificateAuthority
    let directory: TemporaryDirectory
    let process: ChildProcess
    let port: Int

    init(arguments: [String] = []) throws {
        guard let python = Self.python else { throw CocoaError(.executableNotLoadable) }
        authority = try TestCertificateAuthority()
        directory = try TemporaryDirectory(prefix: "oci-emulator")
        try OCISignerFixtures.keyPEM.write(toFile: directory.file("api-key.pem"), atomically: true, encoding: .utf8)
        let keyId = "\(OCISignerFixtures.tenancy)/\(OCISignerFixtures.user)/\(OCISignerFixtures.fingerprint)"
        process = try ChildProcess(
            executable: python,
            arguments: [Self.repositoryRoot + "/scripts/oci-queue-emulator", "--cert", authority.serverCertificate,
                        "--key", authority.serverKey, "--api-key", directory.file("api-key.pem"), "--key-id", keyId,
                        "--queue-id", Self.queueId] + arguments,
            stderrPath: directory.file("stderr"))
        process.waitForOutput(timeout: .seconds(30)) { !$0.isEmpty }
        let line = process.outputLines.first ?? ""
        guard let range = line.range(of: #"\d+"#, options: .regularExpression), let port = Int(line[range]) else {
            throw CocoaError(.fileReadCorruptFile)
        }
        self.port = port
    }

    /// A client configuration for this emulator; `retry` sleeps are recorded, never waited.
    func clientConfiguration(
        keyPEM: String = OCISignerFixtures.keyPEM, queueId: String = OCIQueueEmulator.queueId,
        retry: OCIRetryPolicy = OCIRetryPolicy(maxAttempts: 4, sleep: { _ in })
    ) throws -> OCIQueueClientConfiguration {
        let signer = OCIRequestSigner(tenancy: OCISignerFixtures.tenancy, user: OCISignerFixtures.user,
                                      fingerprint: OCISignerFixtures.fingerprint, privateKey: try RSAPrivateKey(pem: keyPEM))
        return OCIQueueClientConfiguration(
            endpoint: try OCIQueueEndpoint(messagesEndpoint: "https://localhost:\(port)", queueId: queueId), signer: signer,
            tls: TLSClientConfiguration(caFile: authority.caCertificate, timeout: .seconds(40)), retry: retry)
    }

    /// The emulator's counters (`GET /_emulator/stats`).
    func stats() throws -> [String: Int] {
        try control(.get, "/_emulator/stats", body: [])
    }

    /// Sets fault injection: the next `fail429` data requests get 429, the next `drop` connections are cut.
    /// With `skip`, that many data requests pass before the faults apply.
    func inject(fail429: Int = 0, drop: Int = 0, skip: Int = 0) throws {
        let body = #"{"fail429":\#(fail429),"drop":\#(drop),"skip":\#(skip)}"#
        let _: [String: Int] = try control(.post, "/_emulator/faults", body: Array(body.utf8))
    }

    private func control(_ method: HTTPMethod, _ path: String, body: [UInt8]) throws -> [String: Int] {
        let context = try TLSClientContext(configuration: TLSClientConfiguration(caFile: authority.caCertificate))
        let client = try HTTPClient(host: "localhost", port: port, connector: TLSHTTPTransport.connector(context: context))
        defer { client.close() }
        let response = try client.send(method, path, body: body)
        return try JSONDecoder().decode([String: Int].self, from: Data(response.body))
    }
}
