import Foundation
import HTTP

extension RealtimeCommandError {
    /// Turns the REST route's response into a command answer, so a socket command can run the route's own code path
    /// and answer with exactly its body or error: a 2xx becomes the result (its JSON body), anything else the error
    /// from the contract's `{"error":{"code","message"}}` body (`internal_error` when the body is not that shape).
    public static func answer(from response: HTTPResponse) -> Result<RealtimeCommandResult, RealtimeCommandError> {
        let status = response.status.code
        if (200..<300).contains(status) { return .success(RealtimeCommandResult(json: response.body)) }
        let parsed = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        let error = parsed?["error"] as? [String: Any]
        guard let code = error?["code"] as? String else {
            return .failure(RealtimeCommandError(status: status, code: "internal_error", message: "unexpected response"))
        }
        return .failure(RealtimeCommandError(status: status, code: code, message: error?["message"] as? String ?? code))
    }
}
