import HTTP
import Testing
@testable import Realtime

@Suite struct RealtimeCommandErrorTests {
    @Test func successKeepsTheRouteBody() throws {
        let body = Array(#"{"bid":{"id":3}}"#.utf8)
        let answer = RealtimeCommandError.answer(from: .json(bytes: body, status: .created))
        #expect(answer == .success(RealtimeCommandResult(json: body)))
    }

    @Test func errorsKeepTheRouteCodeAndMessage() {
        let answer = RealtimeCommandError.answer(from: .error(.conflict, code: "bid_too_low", message: "raise it"))
        #expect(answer == .failure(RealtimeCommandError(status: 409, code: "bid_too_low", message: "raise it")))
        let odd = RealtimeCommandError.answer(from: HTTPResponse(status: .badRequest, body: Array("nope".utf8)))
        #expect(odd == .failure(RealtimeCommandError(status: 400, code: "internal_error", message: "unexpected response")))
    }
}
