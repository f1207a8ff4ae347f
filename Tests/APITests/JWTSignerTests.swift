import API
import Crypto
import Foundation
import Testing

@Suite struct JWTSignerTests {
    static let secret = Redacted([UInt8](repeating: 7, count: 32))
    static let signer = JWTSigner(secret: secret)
    static let claims = JWTClaims(subject: "1", role: "player", issuedAt: 1_000, notBefore: 1_000, expiresAt: 2_000,
                                  tokenID: "abc")

    static func encode(_ json: String) -> String { Base64URL.encode(Array(json.utf8)) }

    static func forge(header: String, payload: String, key: [UInt8] = secret.value) -> String {
        let input = encode(header) + "." + encode(payload)
        return input + "." + Base64URL.encode(HMACSHA256.authenticationCode(key: key, message: Array(input.utf8)))
    }

    static let payload = #"{"sub":"1","role":"player","iat":1000,"nbf":1000,"exp":2000,"jti":"abc"}"#

    @Test func roundTrip() throws {
        let token = Self.signer.sign(Self.claims)
        #expect(try Self.signer.verify(token, nowSeconds: 1_500) == Self.claims)
        #expect(token.split(separator: ".").count == 3)
    }

    @Test func timeRules() {
        let token = Self.signer.sign(Self.claims)
        #expect(throws: JWTError.expired(expiredAt: 2_000)) { try Self.signer.verify(token, nowSeconds: 2_000) }
        #expect(throws: JWTError.notYetValid(validFrom: 1_000)) { try Self.signer.verify(token, nowSeconds: 999) }
    }

    /// A token verified once is remembered, but every later use still checks its times, and a token differing in one
    /// byte (another signature) is verified, and refused, on its own.
    @Test func verifiedTokensStillExpireAndForgeriesStillFail() throws {
        let signer = JWTSigner(secret: Self.secret)
        let token = signer.sign(Self.claims)
        #expect(try signer.verify(token, nowSeconds: 1_500) == Self.claims)
        #expect(try signer.verify(token, nowSeconds: 1_999) == Self.claims)
        #expect(throws: JWTError.expired(expiredAt: 2_000)) { try signer.verify(token, nowSeconds: 2_000) }
        #expect(throws: JWTError.notYetValid(validFrom: 1_000)) { try signer.verify(token, nowSeconds: 999) }
        var bytes = Array(token.utf8)
        bytes[bytes.count - 2] = bytes[bytes.count - 2] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(throws: JWTError.self) { try signer.verify(String(decoding: bytes, as: UTF8.self), nowSeconds: 1_500) }
        let other = JWTSigner(secret: Redacted([UInt8](repeating: 8, count: 32)))
        #expect(throws: JWTError.badSignature) { try other.verify(token, nowSeconds: 1_500) }
    }

    struct Bad: Sendable, CustomStringConvertible {
        var name: String
        var token: String
        var description: String { name }
    }

    static var badTokens: [Bad] {
        let good = signer.sign(claims)
        let parts = good.split(separator: ".").map(String.init)
        return [
            Bad(name: "alg none", token: encode(#"{"alg":"none","typ":"JWT"}"#) + "." + encode(payload) + "."),
            Bad(name: "alg none with signature", token: encode(#"{"alg":"none"}"#) + "." + encode(payload) + "." + parts[2]),
            Bad(name: "HS512", token: forge(header: #"{"alg":"HS512","typ":"JWT"}"#, payload: payload)),
            Bad(name: "RS256", token: forge(header: #"{"alg":"RS256"}"#, payload: payload)),
            Bad(name: "lower-case alg", token: forge(header: #"{"alg":"hs256"}"#, payload: payload)),
            Bad(name: "crit header", token: forge(header: #"{"alg":"HS256","crit":["exp"]}"#, payload: payload)),
            Bad(name: "other key", token: forge(header: #"{"alg":"HS256"}"#, payload: payload,
                                                key: [UInt8](repeating: 8, count: 32))),
            Bad(name: "tampered payload", token: parts[0] + "." + encode(payload.replacingOccurrences(of: "player", with: "admin")) + "." + parts[2]),
            Bad(name: "truncated signature", token: parts[0] + "." + parts[1] + "." + String(parts[2].dropLast(2))),
            Bad(name: "two parts", token: parts[0] + "." + parts[1]),
            Bad(name: "four parts", token: good + ".x"),
            Bad(name: "empty", token: ""),
            Bad(name: "not base64", token: "!!!." + parts[1] + "." + parts[2]),
            Bad(name: "header not json", token: forge(header: "hello", payload: payload)),
            Bad(name: "payload array", token: forge(header: #"{"alg":"HS256"}"#, payload: "[1]")),
            Bad(name: "missing exp", token: forge(header: #"{"alg":"HS256"}"#,
                                                  payload: #"{"sub":"1","role":"player","iat":1000,"jti":"a"}"#)),
            Bad(name: "string exp", token: forge(header: #"{"alg":"HS256"}"#,
                                                 payload: #"{"sub":"1","role":"player","iat":1000,"exp":"2000","jti":"a"}"#)),
            Bad(name: "expired", token: forge(header: #"{"alg":"HS256"}"#,
                                              payload: #"{"sub":"1","role":"player","iat":10,"exp":20,"jti":"a"}"#)),
            Bad(name: "not yet valid", token: forge(header: #"{"alg":"HS256"}"#,
                                                    payload: #"{"sub":"1","role":"player","iat":1000,"nbf":1900,"exp":3000,"jti":"a"}"#)),
            Bad(name: "oversized", token: String(repeating: "a", count: 5_000)),
        ]
    }

    @Test(arguments: badTokens)
    func rejects(_ bad: Bad) {
        #expect(throws: JWTError.self) { try Self.signer.verify(bad.token, nowSeconds: 1_500) }
    }
}
