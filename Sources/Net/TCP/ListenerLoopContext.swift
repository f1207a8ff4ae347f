/// What a server keeps on each of its loops: the connections that loop accepted. `ServerLifecycle` drives it.
///
/// Every method runs on `loop`.
package protocol ListenerLoopContext: AnyObject, Sendable {
    var loop: EventLoop { get }
    /// Takes ownership of a freshly accepted socket.
    func accepted(descriptor: Int32, remoteAddress: String)
    /// Stops taking new work and starts closing connections gracefully (idle ones at once).
    func beginShutdown()
    /// Closes every connection now (after the drain deadline).
    func closeAll()
}
