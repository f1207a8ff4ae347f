import Codecs
import HTTP

extension RealtimeCommandError {
    /// Turns the REST route's response into a command answer, so a socket command can run the route's own code path
    /// and answer with exactly its body or error: a 2xx becomes the result (its JSON body), anything else the error
    /// from the contract's `{"error":{"code","message"}}` body (`internal_error` when the body is not that shape).
    public static func answer(from response: HTTPResponse) -> Result<RealtimeCommandResult, RealtimeCommandError> {
        let status = response.status.code
        if (200..<300).contains(status) { return .success(RealtimeCommandResult(json: response.body)) }
        let error = (try? JSONParser.parse(response.body))?["error"]
        guard case .string(let code)? = error?["code"] else {
            return .failure(RealtimeCommandError(status: status, code: "internal_error", message: "unexpected response"))
        }
        guard case .string(let message)? = error?["message"] else {
            return .failure(RealtimeCommandError(status: status, code: code, message: code))
        }
        return .failure(RealtimeCommandError(status: status, code: code, message: message))
    }
}
