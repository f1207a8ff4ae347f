import API
import Testing

@Suite struct PasswordHasherTests {
    @Test func hashVerifyAndParameters() throws {
        let hasher = PasswordHasher(iterations: 1_000)
        let hash = try hasher.hash(Redacted("correct horse"))
        #expect(hash.hasPrefix("pbkdf2-sha256$1000$"))
        #expect(try hasher.verify(Redacted("correct horse"), against: hash))
        #expect(try !hasher.verify(Redacted("correct horsf"), against: hash))
        #expect(try hasher.hash(Redacted("correct horse")) != hash)
        #expect(!hasher.needsUpgrade(hash))
        #expect(PasswordHasher(iterations: 2_000).needsUpgrade(hash))
        #expect(PasswordHasher().iterations == 600_000)
    }

    @Test(arguments: ["", "bcrypt$x", "pbkdf2-sha256$0$AAAA$AAAA", "pbkdf2-sha256$10$$AAAA", "pbkdf2-sha256$10$AAAA$AAAA",
                      "pbkdf2-sha256$x$AAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"])
    func rejectsMalformedStoredHashes(_ stored: String) {
        #expect(throws: PasswordHashError.unrecognizedFormat) {
            try PasswordHasher(iterations: 10).verify(Redacted("x"), against: stored)
        }
    }

    @Test func redactedHidesTheSecret() {
        #expect("\(Redacted("hunter2"))" == "<redacted>")
        #expect(String(reflecting: Redacted("hunter2")) == "<redacted>")
    }
}
