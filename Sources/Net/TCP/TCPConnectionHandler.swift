/// The protocol spoken on a `TCPConnection` (HTTP/1.1 today; a WebSocket session after an Upgrade).
///
/// Called only on the connection's loop thread. A connection has exactly one handler at a time; replacing
/// `TCPConnection.handler` hands the socket (and whatever bytes the old handler still holds) to another protocol on the
/// same loop without closing it.
package protocol TCPConnectionHandler: AnyObject {
    /// Bytes arrived. `bytes` is only valid during the call (it views the loop's shared read buffer).
    func connection(_ connection: TCPConnection, didRead bytes: ArraySlice<UInt8>)
    /// The peer shut down its sending side; no more bytes will arrive.
    func connectionDidReadEndOfFile(_ connection: TCPConnection)
    /// A write that had to wait for `EPOLLOUT` made progress (check `connection.writeQueue`).
    func connectionDidWrite(_ connection: TCPConnection)
    /// The socket is closed (by either side, an error, or the loop stopping). Called once.
    func connectionDidClose(_ connection: TCPConnection)
}
