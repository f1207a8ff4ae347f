/// Which username rule a candidate broke.
public enum UsernameRule: String, Sendable, Equatable {
    case tooShort = "too_short"
    case tooLong = "too_long"
    case invalidCharacter = "invalid_character"

    public var explanation: String {
        switch self {
        case .tooShort: "use at least \(Username.minimumLength) characters"
        case .tooLong: "use at most \(Username.maximumLength) characters"
        case .invalidCharacter: "use only ASCII letters, digits, '_' and '-'"
        }
    }
}

/// The username rules: 3 to 32 ASCII letters, digits, `_` or `-`; unique regardless of case.
///
/// Pure functions; the key (lower-cased form) is what the `players.username_key` unique index compares.
public enum Username {
    public static let minimumLength = 3
    public static let maximumLength = 32
    /// The rule as a regular expression, for the OpenAPI document.
    public static let pattern = "^[A-Za-z0-9_-]{3,32}$"

    /// The broken rule, or nil when `candidate` is acceptable.
    public static func violation(_ candidate: String) -> UsernameRule? {
        let scalars = candidate.unicodeScalars
        if !scalars.allSatisfy(isAllowed) { return .invalidCharacter }
        if scalars.count < minimumLength { return .tooShort }
        if scalars.count > maximumLength { return .tooLong }
        return nil
    }

    /// Checks `candidate` against the rules.
    public static func validate(_ candidate: String) throws(GameError) {
        if let rule = violation(candidate) { throw .usernameInvalid(username: candidate, reason: rule) }
    }

    /// The case-insensitive uniqueness key.
    public static func key(_ username: String) -> String { username.lowercased() }

    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "_", "-": true
        default: false
        }
    }
}
