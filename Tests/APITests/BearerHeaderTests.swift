@testable import API
import Testing

/// `Authenticator.canonicalBearerToken`, the byte-level reading of the usual `Bearer <token>` header, against the
/// general parse it skips (split at the first run of spaces, scheme compared in lower case): wherever the fast path
/// answers, it gives the token the general parse gives; every other spelling falls through to the general parse.
@Suite struct BearerHeaderTests {
    /// The general parse's token, or nil where it throws `malformedHeader`.
    private static func reference(_ header: String) -> String? {
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1])
    }

    @Test(arguments: [
        ("Bearer abc.def.ghi", "abc.def.ghi"), ("Bearer a b", "a b"), ("Bearer abc ", "abc "),
        ("Bearer  abc", nil), ("bearer abc", nil), ("BEARER abc", nil), (" Bearer abc", nil), ("Bearer ", nil),
        ("Bearer", nil), ("Bearerabc", nil), ("Bearer\tabc", nil), ("Basic abc", nil), ("", nil),
    ] as [(String, String?)])
    func answersLikeTheGeneralParseOrFallsThrough(_ header: String, _ expected: String?) {
        let fast = Authenticator.canonicalBearerToken(header)
        #expect(fast == expected)
        if let fast { #expect(fast == Self.reference(header)) }
    }
}
