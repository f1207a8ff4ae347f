import CloudQueue
import Crypto
import Foundation
import Testing

@Suite struct OCIRequestSignerTests {
    private static func signer() throws -> OCIRequestSigner {
        let key = try RSAPrivateKey(pem: OCISignerFixtures.keyPEM)
        return OCIRequestSigner(tenancy: OCISignerFixtures.tenancy, user: OCISignerFixtures.user,
                                fingerprint: OCISignerFixtures.fingerprint, privateKey: key)
    }

    @Test(arguments: OCISignerFixtures.all)
    func matchesThePythonSDKByteForByte(_ fixture: OCISignerFixture) throws {
        let headers = try Self.signer().headers(
            method: fixture.method, host: fixture.host, target: fixture.target, date: fixture.date,
            body: Array((fixture.body ?? "").utf8))
        let byName = Dictionary(headers.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        #expect(byName["authorization"] == fixture.authorization)
        #expect(byName["x-content-sha256"] == fixture.contentSHA256)
        #expect(byName["date"] == fixture.date)
        #expect(byName["host"] == fixture.host)
        #expect(headers.last?.name == "authorization")
        #expect(byName["content-length"] == fixture.body.map { String($0.utf8.count) })
    }

    @Test func computesTheConsoleFingerprintOfTheKey() throws {
        let key = try RSAPrivateKey(pem: OCISignerFixtures.keyPEM)
        #expect(OCIRequestSigner.fingerprint(of: key) == OCISignerFixtures.fingerprint)
    }

    @Test func formatsTheDateAsAnIMFFixdateInGMT() {
        #expect(OCIRequestSigner.httpDate(Date(timeIntervalSince1970: 1_795_608_000)) == "Wed, 25 Nov 2026 12:00:00 GMT")
        #expect(OCIRequestSigner.httpDate(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 GMT")
    }
}
