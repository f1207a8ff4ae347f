import API
import HTTP
import Realtime

extension SocketCommands {
    /// The merge command's answer read back from its route's response: a 2xx body is the result, anything else the
    /// error of the contract's `{"error":{"code","message"}}` body (`internal_error` when the body is not that shape).
    /// Only the merge command still answers through its route's response.
    static func answer(from response: HTTPResponse) -> Result<RealtimeCommandResult, RealtimeCommandError> {
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
