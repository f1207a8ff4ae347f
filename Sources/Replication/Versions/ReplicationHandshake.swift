import HTTP

/// The version exchange on every replication request and response: the standby sends its `NodeVersion` with its
/// secret, the primary answers with its own, and each side applies `VersionCompatibility` to the other's.
///
/// Why a type: the same two checks guard the start-up position check, the snapshot download and every long poll, and
/// the primary's routes; keeping them here keeps the rule in one place. Stateless.
public enum ReplicationHandshake {
    /// The error code a primary answers (409) when the rule refuses the standby asking.
    public static let refusalCode = "version_incompatible"

    /// The headers of a standby's request: the secret and `version`.
    public static func requestHeaders(secret: ReplicationSecret, version: NodeVersion) -> HTTPHeaders {
        var headers: HTTPHeaders = ["authorization": secret.authorizationHeader]
        version.add(to: &headers)
        return headers
    }

    /// On the primary: the 409 `version_incompatible` answer to a standby whose version the rule refuses, or nil.
    public static func refusal(of request: HTTPRequest, primary: NodeVersion) -> HTTPResponse? {
        let standby = NodeVersion(headers: request.headers)
        guard let message = VersionCompatibility.refusal(standby: standby, primary: primary) else { return nil }
        var response = HTTPResponse.error(.conflict, code: refusalCode, message: message)
        primary.add(to: &response.headers)
        return response
    }

    /// On the standby: the primary's version from `response`, after checking it against `standby`.
    /// - Throws: `ReplicationError.versionIncompatible` when the rule refuses the pair (the primary said so with 409
    ///   `version_incompatible`, or its announced version fails the rule here).
    @discardableResult
    public static func checkPrimary(_ response: HTTPClientResponse, standby: NodeVersion) throws(ReplicationError)
        -> NodeVersion {
        let primary = NodeVersion(headers: response.headers)
        if let message = VersionCompatibility.refusal(standby: standby, primary: primary) {
            throw .versionIncompatible(detail: message)
        }
        if response.status == 409, response.bodyText.contains("\"\(refusalCode)\"") {
            throw .versionIncompatible(detail: "the primary refused this standby: \(response.bodyText.prefix(500))")
        }
        return primary
    }
}
