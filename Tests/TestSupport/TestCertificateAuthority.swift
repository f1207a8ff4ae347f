import Foundation

/// A throwaway certificate authority made with the `openssl` command line in a temporary directory, plus a server
/// certificate it signed (SANs `DNS:localhost`, `IP:127.0.0.1` by default), for tests of TLS clients against real
/// TLS servers (Python's `ssl`, `openssl s_server`).
///
/// Files live as long as the value. Not shared between tests.
public final class TestCertificateAuthority: Sendable {
    /// Why making the certificates failed: the openssl command and its exit status.
    public struct Failure: Error, CustomStringConvertible {
        public let command: String
        public let status: Int32
        public var description: String { "openssl \(command) exited with \(status)" }
    }

    private let directory: TemporaryDirectory
    /// The CA certificate (PEM) clients should trust.
    public var caCertificate: String { directory.file("ca.crt") }
    /// The server certificate chain file (PEM), signed by the CA.
    public var serverCertificate: String { directory.file("server.crt") }
    /// The server's private key (PEM).
    public var serverKey: String { directory.file("server.key") }

    /// Makes a CA called `name` and a server certificate for `subjectAlternativeNames`.
    public init(name: String = "worldgame test CA", subjectAlternativeNames: String = "DNS:localhost,IP:127.0.0.1") throws {
        directory = try TemporaryDirectory(prefix: "worldgame-ca")
        let dir = directory.path
        try Self.openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-keyout", "\(dir)/ca.key",
                          "-out", "\(dir)/ca.crt", "-subj", "/CN=\(name)",
                          "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
        try Self.openssl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "\(dir)/server.key", "-out", "\(dir)/server.csr",
                          "-subj", "/CN=test server"])
        try "subjectAltName=\(subjectAlternativeNames)\nextendedKeyUsage=serverAuth\n"
            .write(toFile: "\(dir)/ext.cnf", atomically: true, encoding: .utf8)
        try Self.openssl(["x509", "-req", "-in", "\(dir)/server.csr", "-CA", "\(dir)/ca.crt", "-CAkey", "\(dir)/ca.key",
                          "-CAcreateserial", "-days", "2", "-out", "\(dir)/server.crt", "-extfile", "\(dir)/ext.cnf"])
    }

    private static func openssl(_ arguments: [String]) throws {
        let status = try SystemTool.run("/usr/bin/openssl", arguments).status
        guard status == 0 else { throw Failure(command: arguments.first ?? "", status: status) }
    }
}
