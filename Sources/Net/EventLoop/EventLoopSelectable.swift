/// Something registered with an `EventLoop` for readiness events on one descriptor (a listener, a connection).
///
/// Called only on the owning loop's thread. The loop keeps the handler alive while it is registered.
package protocol EventLoopSelectable: AnyObject {
    /// The descriptor became ready (level-triggered: called again while it stays ready and interested).
    func selectableReady(_ events: SelectableEvents)
    /// The loop is stopping with the handler still registered: close the descriptor now.
    func eventLoopDidStop()
}
