import Crypto
import Foundation
import Locking
import Testing
import TestSupport

@Suite struct RSAPrivateKeyTests {
    private static let openSSL = "/usr/bin/openssl"

    /// Runs the openssl CLI in `directory`; returns its exit status and standard output.
    @discardableResult
    private func openssl(_ arguments: [String], in directory: TemporaryDirectory) throws -> (Int32, Data) {
        try SystemTool.run(Self.openSSL, arguments, in: directory.path)
    }

    private func generateKey(in directory: TemporaryDirectory) throws -> String {
        let (status, _) = try openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
                                       "-out", "key.pem"], in: directory)
        try #require(status == 0)
        return try String(contentsOfFile: directory.file("key.pem"), encoding: .utf8)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: openSSL)))
    func signatureVerifiesWithOpenSSLAndMatchesItsOutput() throws {
        let directory = try TemporaryDirectory()
        let key = try RSAPrivateKey(pem: try generateKey(in: directory))
        let message = Array("date: Thu, 05 Jan 2014 21:31:40 GMT\n(request-target): get /v1/world".utf8)
        let signature = try key.signSHA256(message)
        #expect(signature.count == 256)
        try Data(message).write(to: URL(fileURLWithPath: directory.file("message.bin")))
        try Data(signature).write(to: URL(fileURLWithPath: directory.file("signature.bin")))
        try #require(try openssl(["pkey", "-in", "key.pem", "-pubout", "-out", "public.pem"], in: directory).0 == 0)

        let (verifyStatus, verifyOutput) = try openssl(
            ["dgst", "-sha256", "-verify", "public.pem", "-signature", "signature.bin", "message.bin"], in: directory)
        #expect(verifyStatus == 0)
        #expect(String(decoding: verifyOutput, as: UTF8.self) == "Verified OK\n")
        // PKCS#1 v1.5 is deterministic: OpenSSL's own signature must be byte-identical.
        let (_, expected) = try openssl(["dgst", "-sha256", "-sign", "key.pem", "message.bin"], in: directory)
        #expect(Array(expected) == signature)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: openSSL)))
    func publicKeyDERAndFingerprintMatchOpenSSL() throws {
        let directory = try TemporaryDirectory()
        let pkcs8 = try generateKey(in: directory)
        try #require(try openssl(["pkey", "-in", "key.pem", "-traditional", "-out", "rsa.pem"], in: directory).0 == 0)
        let pkcs1 = try String(contentsOfFile: directory.file("rsa.pem"), encoding: .utf8)
        #expect(pkcs1.hasPrefix("-----BEGIN RSA PRIVATE KEY-----"))
        try #require(try openssl(["pkey", "-in", "key.pem", "-pubout", "-outform", "DER", "-out", "public.der"],
                                 in: directory).0 == 0)
        let der = try Data(contentsOf: URL(fileURLWithPath: directory.file("public.der")))
        let (_, fingerprint) = try openssl(["dgst", "-md5", "-binary", "public.der"], in: directory)

        let fromPKCS8 = try RSAPrivateKey(pem: pkcs8)
        let fromPKCS1 = try RSAPrivateKey(pem: pkcs1)
        #expect(fromPKCS8.publicKeyDER == Array(der))
        #expect(fromPKCS1.publicKeyDER == Array(der))
        #expect(MD5.hash(fromPKCS8.publicKeyDER) == Array(fingerprint))
        #expect(fingerprint.count == 16)
        #expect(!"\(fromPKCS8)".contains("PRIVATE"))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: openSSL)))
    func concurrentSignaturesAreAllCorrect() throws {
        let directory = try TemporaryDirectory()
        let key = try RSAPrivateKey(pem: try generateKey(in: directory))
        let expected = try key.signSHA256(Array("same".utf8))
        let mismatches = Locked(0)
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            for _ in 0..<25 where (try? key.signSHA256(Array("same".utf8))) != expected {
                mismatches.withLock { $0 += 1 }
            }
        }
        #expect(mismatches.withLock { $0 } == 0)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: openSSL)))
    func rejectsEncryptedAndNonRSAKeys() throws {
        let directory = try TemporaryDirectory()
        _ = try generateKey(in: directory)
        try #require(try openssl(["pkey", "-in", "key.pem", "-aes256", "-passout", "pass:secret", "-out", "encrypted.pem"],
                                 in: directory).0 == 0)
        let encrypted = try String(contentsOfFile: directory.file("encrypted.pem"), encoding: .utf8)
        #expect(throws: CryptoError.invalidPEM) { try RSAPrivateKey(pem: encrypted) }

        try #require(try openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ec.pem"],
                                 in: directory).0 == 0)
        let ec = try String(contentsOfFile: directory.file("ec.pem"), encoding: .utf8)
        #expect(throws: CryptoError.invalidParameters("private key is not an RSA key")) { try RSAPrivateKey(pem: ec) }
    }

    @Test(arguments: ["", "not a key", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
                      "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n"])
    func rejectsGarbage(pem: String) {
        #expect(throws: CryptoError.invalidPEM) { try RSAPrivateKey(pem: pem) }
    }
}
