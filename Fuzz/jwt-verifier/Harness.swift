// libFuzzer target: JWT parsing and verification (`JWTSigner.verify`). The verifier must never accept a token it did
// not sign, byte for byte. The first input byte picks a mode:
// - raw (even): the rest of the input is the token text;
// - mutated (odd): the harness signs claims derived from the input, then edits the token as the input says (replace
//   a byte, insert, delete, swap the header for one of a list of hostile headers, sign with another
//   node's key or with a public value as the HMAC key).
// Properties checked: nothing crashes; whenever `verify` accepts, the token is exactly `sign(claims)` for the claims
// it returned (so no second encoding of a signed token, no other header, no unsigned token is ever accepted), and the
// claims are valid at the verification time.
import Crypto

let secret: [UInt8] = Array("fuzzing secret, thirty-two bytes or more!".utf8)
let signer = JWTSigner(secret: Redacted(secret))
let otherSigner = JWTSigner(secret: Redacted(Array("another node's secret, also long enough".utf8)))
let now: Int64 = 1_800_000_000

/// Headers an attacker might try: none, confusion with RS/ES/PS, case games, crit, jku/kid injection, odd types.
let hostileHeaders: [String] = [
    #"{"alg":"none","typ":"JWT"}"#, #"{"alg":"None"}"#, #"{"alg":"HS256 "}"#, #"{"alg":"hs256","typ":"JWT"}"#,
    #"{"alg":"RS256","typ":"JWT"}"#, #"{"alg":"ES256"}"#, #"{"alg":"PS256"}"#, #"{"alg":"HS512"}"#,
    #"{"alg":"HS256","crit":["exp"]}"#, #"{"alg":"HS256","typ":"JWT","kid":"../../dev/null"}"#,
    #"{"alg":"HS256","jku":"http://evil"}"#, #"{"alg":["HS256"]}"#, #"{"alg":"HS256","alg":"none"}"#,
    #"{"typ":"JWT","alg":"HS256"}"#, #"{"alg":"HS256","typ":"JWT"} "#, #"{"alg":"HS256","typ":"jwt"}"#,
]

/// Checks the one property: an accepted token is byte for byte the one we sign for its claims, valid now.
func check(_ token: String) {
    guard let claims = try? signer.verify(token, nowSeconds: now) else { return }
    precondition(signer.sign(claims) == token, "accepted a token the signer did not produce: \(token)")
    precondition(claims.notBefore <= now && claims.issuedAt <= now && now < claims.expiresAt, "accepted out of time")
}

/// Claims derived from `bytes`: expiry before or after `now`, either role.
func claims(_ bytes: ArraySlice<UInt8>) -> JWTClaims {
    let numbers = bytes.prefix(3).map { Int64($0) }
    let offset = numbers.count == 3 ? numbers[0] * 65_536 + numbers[1] * 256 + numbers[2] - 8_388_608 : 0
    let issuedAt = now - 60 + (numbers.first ?? 0) - 128
    return JWTClaims(subject: String(bytes.count + 1), role: bytes.count % 5 == 0 ? "admin" : "player",
                     issuedAt: issuedAt, notBefore: issuedAt, expiresAt: now + offset, tokenID: "fuzz")
}

/// The signed token edited as `bytes` says.
func mutated(_ bytes: ArraySlice<UInt8>) -> String {
    let token = signer.sign(claims(bytes))
    var text = Array(token.utf8)
    guard bytes.count >= 3 else { return token }
    let operation = bytes[bytes.startIndex], position = Int(bytes[bytes.startIndex + 1]) * 7 % text.count
    let value = bytes[bytes.startIndex + 2]
    let parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    switch operation % 6 {
    case 0: text[position] = value
    case 1: text.insert(value, at: position)
    case 2: text.remove(at: position)
    case 3:
        let header = Base64URL.encode(Array(hostileHeaders[Int(value) % hostileHeaders.count].utf8))
        return header + "." + parts[1] + "." + (value & 1 == 0 ? parts[2] : "")
    case 4:
        // Algorithm confusion: an HMAC keyed with something public (as with an RS256 public key used as the secret).
        let header = Base64URL.encode(Array(hostileHeaders[Int(value) % hostileHeaders.count].utf8))
        let input = header + "." + parts[1]
        let signature = HMACSHA256.authenticationCode(key: Array("player".utf8), message: Array(input.utf8))
        return input + "." + Base64URL.encode(signature)
    default:
        return otherSigner.sign(claims(bytes))
    }
    return String(decoding: text, as: UTF8.self)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: data, count: size))
    guard let first = bytes.first else { return 0 }
    let rest = bytes.dropFirst()
    if first & 1 == 0 {
        check(String(decoding: rest, as: UTF8.self))
    } else {
        check(mutated(rest))
    }
    return 0
}
