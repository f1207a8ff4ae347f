import Game
import HTTP
import Store

extension APIRequestError: APIErrorRepresentable {
    public var status: HTTPStatus {
        switch self {
        case .bodyTooLarge: .payloadTooLarge
        case .unsupportedMediaType: .unsupportedMediaType
        default: .badRequest
        }
    }

    public var code: String {
        switch self {
        case .invalidJSON: "invalid_json"
        case .bodyNotObject: "invalid_body"
        case .bodyTooLarge: "payload_too_large"
        case .unsupportedMediaType: "unsupported_media_type"
        case .missingField: "missing_field"
        case .unknownField: "unknown_field"
        case .wrongType: "wrong_type"
        case .stringLength: "invalid_length"
        case .integerOutOfRange: "out_of_range"
        case .invalidField: "invalid_field"
        case .missingParameter: "missing_parameter"
        case .unknownParameter: "unknown_parameter"
        case .invalidParameter: "invalid_parameter"
        case .invertedRange: "inverted_range"
        case .areaTooLarge: "area_too_large"
        }
    }

    public var message: String {
        switch self {
        case .invalidJSON(let error): error.message
        case .bodyNotObject(let type): "The body must be a JSON object, not \(type)."
        case .bodyTooLarge(let limit, _): "The body is larger than \(limit) bytes."
        case .unsupportedMediaType: "Send the body as application/json."
        case .missingField(let name): "The field '\(name)' is required."
        case .unknownField(let name): "The field '\(name)' is not accepted here; remove it."
        case .wrongType(let field, let expected, let actual):
            "The field '\(field)' must be \(Self.withArticle(expected)), not \(Self.withArticle(actual))."
        case .stringLength(let field, let minimum, let maximum, _):
            "The field '\(field)' must have \(minimum) to \(maximum) characters."
        case .integerOutOfRange(let field, let minimum, let maximum):
            "The field '\(field)' is out of range: it must be an integer from \(minimum) to \(maximum)."
        case .invalidField(let name, let expected): "The field '\(name)' must be \(expected)."
        case .missingParameter(let name): "The query parameter '\(name)' is required."
        case .unknownParameter(let name): "The query parameter '\(name)' is not accepted here; remove it."
        case .invalidParameter(let name, let expected): "The parameter '\(name)' must be \(expected)."
        case .invertedRange(let axis): "min\(axis) must not be greater than max\(axis)."
        case .areaTooLarge(let width, let height, let maximum):
            "The area is \(width)x\(height) squares; ask for at most \(maximum) squares at once."
        }
    }

    /// "an integer", "a string", "an array of positive integer ids": the indefinite article English wants.
    static func withArticle(_ noun: String) -> String {
        guard let first = noun.lowercased().first else { return noun }
        return ("aeiou".contains(first) ? "an " : "a ") + noun
    }
}

extension GameError: APIErrorRepresentable {
    public var status: HTTPStatus {
        switch self {
        case .insufficientFunds, .assetMismatch, .sameAccount, .balanceOverflow: .unprocessableContent
        case .invalidAmount, .usernameInvalid: .badRequest
        case .usernameTaken, .regionExists: .conflict
        case .accountNotFound, .playerNotFound, .squareNotFound: .notFound
        case .systemAccountMissing, .corruptRow: .internalServerError
        case .store(let error): error.status
        }
    }

    public var code: String {
        switch self {
        case .insufficientFunds: "insufficient_funds"
        case .invalidAmount: "invalid_amount"
        case .assetMismatch, .sameAccount: "invalid_transfer"
        case .balanceOverflow: "balance_overflow"
        case .usernameInvalid: "invalid_username"
        case .usernameTaken: "username_taken"
        case .regionExists: "region_exists"
        case .accountNotFound: "account_not_found"
        case .playerNotFound: "player_not_found"
        case .squareNotFound: "square_not_found"
        case .systemAccountMissing, .corruptRow: "internal_error"
        case .store(let error): error.code
        }
    }

    public var message: String {
        switch self {
        case .insufficientFunds(_, let asset, _, _): "Not enough \(asset.rawValue) available for this."
        case .invalidAmount: "Amounts must be positive whole numbers."
        case .assetMismatch, .sameAccount: "This transfer is not possible."
        case .balanceOverflow: "The resulting balance would be too large."
        case .usernameInvalid(_, let rule): "The username is not acceptable: \(rule.explanation)."
        case .usernameTaken: "This username is taken (names are compared ignoring case); choose another."
        case .regionExists: "The region already exists."
        case .accountNotFound: "No such account."
        case .playerNotFound: "No such player."
        case .squareNotFound(let id): "There is no land square with id \(id)."
        case .systemAccountMissing, .corruptRow: "The server hit an internal error; try again later."
        case .store(let error): error.message
        }
    }

    /// A wrapped store error keeps its headers (`Retry-After` of `storage_full`).
    public var headers: HTTPHeaders {
        if case .store(let error) = self { return error.headers }
        return [:]
    }
}

/// The status rule of every write: 503 means "refused before anything was applied; safe to retry on the peer" (nginx
/// sends such a write to the other node), and 504 means "the outcome is unknown: the change may have been saved;
/// check its effect before retrying" (never retried by nginx). A refusal that could have left anything applied must
/// not answer 503.
extension StoreError: APIErrorRepresentable {
    public var status: HTTPStatus {
        switch self {
        case .writerOverloaded, .writerStopped, .writerStale, .switchingOver: .serviceUnavailable
        case .commitUnconfirmed: .gatewayTimeout
        default:
            isConstraintViolation ? .conflict
                : isCommitOutcomeUnknown ? .gatewayTimeout
                : isStorageFull ? .serviceUnavailable : .internalServerError
        }
    }

    public var code: String {
        switch self {
        case .writerOverloaded: "server_busy"
        case .writerStopped: "shutting_down"
        case .commitUnconfirmed: "commit_unconfirmed"
        case .writerStale: "writer_stale"
        case .switchingOver: "switching_over"
        default:
            isConstraintViolation ? "conflict"
                : isCommitOutcomeUnknown ? "commit_unconfirmed"
                : isStorageFull ? "storage_full" : "internal_error"
        }
    }

    /// SQLITE_IOERR_FSYNC and SQLITE_IOERR_DIR_FSYNC (https://www.sqlite.org/rescode.html#ioerr_fsync): the disk
    /// refused to confirm a commit whose WAL frames were already written. SQLite rolls the transaction back, but frames
    /// that reached the disk anyway can come back when the WAL is recovered after a crash, so the outcome is unknown:
    /// 504, never the 503 that promises nothing was applied.
    static let commitSyncErrorCodes: Set<Int32> = [1034, 1290]

    /// Whether the write failed in a way that may still have saved it (a failed fsync of its commit).
    var isCommitOutcomeUnknown: Bool {
        if case .sqlite(let code, _, _) = self { return Self.commitSyncErrorCodes.contains(code) }
        return false
    }

    public var message: String {
        switch self {
        case .writerOverloaded: "The server is busy; retry after a moment."
        case .writerStopped: "The server is shutting down; retry shortly (possibly on another node)."
        case .commitUnconfirmed:
            "This node lost its primary role before the change was confirmed by the cluster; it may be lost. "
                + "Check its effect on the new primary before retrying."
        case .switchingOver:
            "The primary role is moving to the other node (a planned switchover); nothing was saved. Retry in a second."
        case .writerStale:
            "This node found another process writing its database and stopped taking writes; nothing was saved. "
                + "Retry on the other node; an operator must stop the second writer and restart this one."
        default:
            isConstraintViolation ? "The change conflicts with the current state; reload and retry."
                : isCommitOutcomeUnknown
                ? "The server's disk failed while confirming the change; it may or may not have been saved. "
                    + "Check its effect before retrying (an operator is alerted)."
                : isStorageFull ? "The server's disk is full; the change was not saved. Retry later (an operator is alerted)."
                : "The server hit an internal error; try again later."
        }
    }

    /// Seconds a client should wait before retrying a write refused because the disk is full.
    public static let storageFullRetryAfterSeconds = 30

    public var headers: HTTPHeaders {
        if isStorageFull { return ["retry-after": String(Self.storageFullRetryAfterSeconds)] }
        return status == .serviceUnavailable || status == .gatewayTimeout ? ["retry-after": "1"] : [:]
    }
}

extension HashingPoolError: APIErrorRepresentable {
    public var status: HTTPStatus { .serviceUnavailable }
    public var code: String { self == .stopped ? "shutting_down" : "server_busy" }
    public var message: String {
        self == .stopped ? "The server is shutting down; retry shortly." : "Too many logins at once; retry in a second."
    }
    public var headers: HTTPHeaders { ["retry-after": "1"] }
}

extension AuthError: APIErrorRepresentable {
    public var status: HTTPStatus {
        if case .forbidden = self { return .forbidden }
        if case .accountSuspended(atLogin: true) = self { return .forbidden }
        return .unauthorized
    }

    public var code: String {
        switch self {
        case .missingToken: "missing_token"
        case .malformedHeader: "invalid_token"
        case .invalidToken(.expired): "token_expired"
        case .invalidToken(.notYetValid): "token_not_yet_valid"
        case .invalidToken: "invalid_token"
        case .unknownPlayer: "invalid_token"
        case .forbidden: "forbidden"
        case .invalidCredentials: "invalid_credentials"
        case .sessionRevoked: "token_revoked"
        case .accountSuspended: "account_suspended"
        }
    }

    public var message: String {
        switch self {
        case .missingToken: "Send 'Authorization: Bearer <token>' (get a token from /api/auth/login)."
        case .malformedHeader: "The Authorization header must be 'Bearer <token>'."
        case .invalidToken(.expired): "The token has expired; log in again."
        case .invalidToken(.notYetValid): "The token is not valid yet."
        case .invalidToken: "The token is not valid; log in again."
        case .unknownPlayer: "The token's player no longer exists; register or log in again."
        case .forbidden(let role): "This needs the \(role) role."
        case .invalidCredentials: "Wrong username or password."
        case .sessionRevoked:
            "This session was signed out (the password changed or other sessions were signed out); log in again."
        case .accountSuspended: "This account is suspended by an operator; contact the game's operators."
        }
    }

    public var headers: HTTPHeaders {
        status == .unauthorized && self != .invalidCredentials ? ["www-authenticate": "Bearer"] : [:]
    }
}

extension RateLimitedError: APIErrorRepresentable {
    public var status: HTTPStatus { .tooManyRequests }
    public var code: String { "rate_limited" }
    public var message: String { "Too many \(scope) attempts; retry after \(retryAfterSeconds) seconds." }
    public var headers: HTTPHeaders { ["retry-after": String(retryAfterSeconds)] }
}
