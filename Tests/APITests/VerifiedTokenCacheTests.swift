@testable import API
import Testing

/// `VerifiedTokenCache`: its keys hash only a token's length and last bytes, so tokens that share those must still be
/// told apart by their whole text.
@Suite struct VerifiedTokenCacheTests {
    static func claims(_ subject: String) -> JWTClaims {
        JWTClaims(subject: subject, role: "player", issuedAt: 1_000, notBefore: 1_000, expiresAt: 2_000, tokenID: subject)
    }

    @Test func tokensSharingTheHashedTailAreToldApartByTheirWholeText() {
        let tail = String(repeating: "s", count: VerifiedTokenCache.Key.hashedSuffixBytes)
        let first = "aaaa.payload-one." + tail
        let second = "bbbb.payload-one." + tail
        #expect(VerifiedTokenCache.Key(first).hashValue == VerifiedTokenCache.Key(second).hashValue)
        #expect(VerifiedTokenCache.Key(first) != VerifiedTokenCache.Key(second))
        let cache = VerifiedTokenCache()
        cache.insert(Self.claims("1"), for: first)
        #expect(cache.claims(for: second) == nil)
        cache.insert(Self.claims("2"), for: second)
        #expect(cache.claims(for: first) == Self.claims("1"))
        #expect(cache.claims(for: second) == Self.claims("2"))
        #expect(cache.claims(for: first + "x") == nil)
        #expect(cache.claims(for: String(first.dropFirst())) == nil)
    }

    @Test(arguments: [0, 1, 15, 16, 17, 190])
    func keysOfAnyLengthHitWithTheSameText(length: Int) {
        let token = String((0..<length).map { Character(Unicode.Scalar(UInt8(97 + $0 % 26))) })
        let cache = VerifiedTokenCache()
        cache.insert(Self.claims("\(length)"), for: token)
        #expect(cache.claims(for: String(token)) == Self.claims("\(length)"))
        #expect(VerifiedTokenCache.Key(token) == VerifiedTokenCache.Key(String(token)))
        #expect(VerifiedTokenCache.Key(token).hashValue == VerifiedTokenCache.Key(String(token)).hashValue)
    }

    @Test func theTailsLastSixteenBytesAndTheLengthAllCount() {
        let base = String(repeating: "x", count: 40)
        var hashes = Set<Int>()
        for position in 24..<40 {
            var bytes = Array(base.utf8)
            bytes[position] = UInt8(ascii: "y")
            hashes.insert(VerifiedTokenCache.Key(String(decoding: bytes, as: UTF8.self)).hashValue)
        }
        hashes.insert(VerifiedTokenCache.Key(base).hashValue)
        hashes.insert(VerifiedTokenCache.Key(base + "x").hashValue)
        #expect(hashes.count == 18)
    }
}
