/// A handler that sends every message back unchanged, with its type: the endpoint Autobahn|Testsuite's
/// fuzzingclient and the end-to-end tests run against. Test-only; never mounted by `worldgame serve`.
///
/// Stateless; runs on each connection's loop.
public struct WebSocketEchoHandler: WebSocketHandler {
    public init() {}

    public func onText(_ connection: WebSocketConnection, text: String) {
        connection.send(text: text)
    }

    public func onBinary(_ connection: WebSocketConnection, bytes: [UInt8]) {
        connection.send(binary: bytes)
    }
}
