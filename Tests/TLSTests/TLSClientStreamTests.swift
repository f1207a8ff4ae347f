import Foundation
import Net
import TestSupport
import Testing
import TLS

/// A Python `ssl` echo server (`tls_echo_server.py`) on 127.0.0.1 (port 0, printed on its first output line) presenting `certificate`.
private final class PythonTLSEchoServer {
    let process: ChildProcess
    let port: Int

    init(certificate: String, key: String) throws {
        process = try ChildProcess(executable: "/usr/bin/python3",
                                   arguments: [PythonFixtures.path("tls_echo_server.py"), certificate, key])
        process.waitForOutput(timeout: .seconds(20)) { !$0.isEmpty }
        port = try #require(process.outputLines.first.flatMap { Int($0) })
    }
}

@Suite struct TLSClientStreamTests {
    @Test func echoesOverAVerifiedConnectionByNameAndByAddress() throws {
        let authority = try TestCertificateAuthority()
        let server = try PythonTLSEchoServer(certificate: authority.serverCertificate, key: authority.serverKey)
        let context = try TLSClientContext(configuration: TLSClientConfiguration(caFile: authority.caCertificate))
        for host in ["localhost", "127.0.0.1"] {
            let stream = try TLSClientStream.connect(host: host, port: server.port, context: context)
            #expect(stream.protocolVersion.hasPrefix("TLSv1."))
            try stream.send(Array("hello \(host)".utf8))
            var received: [UInt8] = []
            while received.count < "echo:hello \(host)".utf8.count {
                let bytes = try stream.receive()
                if bytes.isEmpty { break }
                received += bytes
            }
            #expect(String(decoding: received, as: UTF8.self) == "echo:hello \(host)")
            stream.closeGracefully()
            #expect(throws: TLSError.closed) { try stream.send([1]) }
        }
    }

    @Test func refusesACertificateForAnotherHost() throws {
        let authority = try TestCertificateAuthority(subjectAlternativeNames: "DNS:other.example")
        let server = try PythonTLSEchoServer(certificate: authority.serverCertificate, key: authority.serverKey)
        let context = try TLSClientContext(configuration: TLSClientConfiguration(caFile: authority.caCertificate))
        for host in ["localhost", "127.0.0.1"] {
            let error = try #require(throws: TLSError.self) {
                _ = try TLSClientStream.connect(host: host, port: server.port, context: context)
            }
            guard case .certificateRejected(let name, let reason) = error else {
                Issue.record("expected certificateRejected, got \(error)")
                continue
            }
            #expect(name == host)
            #expect(reason.contains("mismatch"), "\(reason)")
        }
    }

    @Test func refusesAnUntrustedAuthority() throws {
        let authority = try TestCertificateAuthority()
        let other = try TestCertificateAuthority(name: "some other CA")
        let server = try PythonTLSEchoServer(certificate: authority.serverCertificate, key: authority.serverKey)
        for configuration in [TLSClientConfiguration(caFile: other.caCertificate), TLSClientConfiguration()] {
            let context = try TLSClientContext(configuration: configuration)
            let error = try #require(throws: TLSError.self) {
                _ = try TLSClientStream.connect(host: "localhost", port: server.port, context: context)
            }
            guard case .certificateRejected(_, let reason) = error else {
                Issue.record("expected certificateRejected, got \(error)")
                continue
            }
            #expect(reason.contains("issuer"), "\(reason)")
        }
    }

    @Test func reportsAMissingCAFileAndAnUnansweredHandshake() throws {
        let error = try #require(throws: TLSError.self) {
            _ = try TLSClientContext(configuration: TLSClientConfiguration(caFile: "/nonexistent/ca.pem"))
        }
        guard case .context(let function, _) = error else {
            Issue.record("expected context error, got \(error)")
            return
        }
        #expect(function.contains("SSL_CTX_load_verify_file"))

        let silent = try SystemBlockingSocket.listen(host: "127.0.0.1", port: 0)
        defer { silent.close() }
        let context = try TLSClientContext(configuration: TLSClientConfiguration(timeout: .milliseconds(200)))
        #expect(throws: TLSError.timedOut(operation: "handshake")) {
            _ = try TLSClientStream.connect(host: "127.0.0.1", port: try silent.localPort(), context: context)
        }
    }

    @Test func refusesAConnectionToAClosedPort() throws {
        let listener = try SystemBlockingSocket.listen(host: "127.0.0.1", port: 0)
        let port = try listener.localPort()
        listener.close()
        let context = try TLSClientContext()
        let error = try #require(throws: TLSError.self) {
            _ = try TLSClientStream.connect(host: "127.0.0.1", port: port, context: context)
        }
        guard case .connectFailed(let host, let failedPort, _) = error else {
            Issue.record("expected connectFailed, got \(error)")
            return
        }
        #expect(host == "127.0.0.1" && failedPort == port)
    }
}
