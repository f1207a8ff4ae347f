import HTTP

extension OpenAPIDocument {
    /// The calling player's own history and land (the web client's account tab).
    static var meOperations: [OpenAPIOperation] {
        [
            OpenAPIOperation(
                method: .get, path: "/api/me/ledger", operationID: "listMyLedgerEntries",
                summary: "Your own ledger entries, newest first; a transfer between your available and escrow "
                    + "accounts gives two entries with the same id (a page never splits them, so it may hold limit + 1)",
                tag: "players", access: .player,
                parameters: [
                    optionalQuery("limit", "Entries per page (default \(MeHandlers.defaultLedgerLimit))",
                                  maximum: MeHandlers.maxLedgerLimit),
                    optionalQuery("before", "Only entries with a smaller id: the previous page's nextBefore",
                                  maximum: Int64.max),
                ],
                responses: responses(200, "A page of entries", OpenAPISchemas.reference("LedgerEntryPage"), errors: [
                    400: "unknown_parameter, invalid_parameter", 401: unauthorized,
                ])),
            OpenAPIOperation(
                method: .get, path: "/api/me/squares", operationID: "listMySquares",
                summary: "The squares you own in id order, at most \(MeHandlers.maxOwnedSquares) (isTruncated: more exist)",
                tag: "players", access: .player,
                responses: responses(200, "Your squares", OpenAPISchemas.reference("OwnedSquareList"), errors: [
                    400: "unknown_parameter", 401: unauthorized,
                ])),
        ] + profileOperations
    }

    /// Password change and "sign out my other sessions" (`ProfileHandlers`): login's validation, limits and errors.
    static var profileOperations: [OpenAPIOperation] {
        [
            OpenAPIOperation(
                method: .post, path: "/api/me/password", operationID: "changeMyPassword",
                summary: "Change your password: every token issued before stops working at once (open sockets are "
                    + "closed with 4001 'token revoked'); answers a fresh token for this session",
                tag: "players", access: .player,
                requestSchema: OpenAPISchemas.reference("PasswordChange"),
                responses: responses(200, "Changed; a fresh token", OpenAPISchemas.reference("LoginResponse"), errors: [
                    400: "Invalid input (missing_field, invalid_length, wrong_type, unknown_field, invalid_json)",
                    401: "invalid_credentials (wrong current password), or " + unauthorized + ", token_revoked",
                    413: "payload_too_large", 415: "unsupported_media_type",
                    429: "rate_limited (login's buckets: per username and per client address)", 503: "server_busy",
                ])),
            OpenAPIOperation(
                method: .post, path: "/api/me/sessions/revoke", operationID: "revokeMyOtherSessions",
                summary: "Sign out every other session: every token issued before (this one too) stops working at once; "
                    + "answers a fresh token for this session. No body, or {}",
                tag: "players", access: .player,
                responses: responses(200, "Signed out; a fresh token", OpenAPISchemas.reference("LoginResponse"), errors: [
                    400: "invalid_json, invalid_body, unknown_field", 401: unauthorized + ", token_revoked",
                    413: "payload_too_large", 415: "unsupported_media_type",
                    429: "rate_limited (per username and per client address)",
                ])),
        ]
    }
}
