/// Registration of descriptors with a loop's epoll instance (loop thread only).
extension EventLoop {
    /// Starts delivering readiness events of `descriptor` to `handler`, which the loop retains until `deregister`.
    package func register(descriptor: Int32, interest: SelectableInterest,
                          handler: any EventLoopSelectable) throws(NetError) {
        preconditionInEventLoop()
        precondition(owned.registrations[descriptor] == nil, "descriptor \(descriptor) registered twice")
        let generation = owned.nextGeneration
        owned.nextGeneration &+= 1
        try owned.epoll.add(descriptor, interest: interest, token: owned.token(descriptor: descriptor, generation: generation))
        owned.registrations[descriptor] = .init(generation: generation, handler: handler, interest: interest)
    }

    /// Changes what `descriptor` is interested in; a no-op when unchanged.
    package func setInterest(descriptor: Int32, _ interest: SelectableInterest) throws(NetError) {
        preconditionInEventLoop()
        guard var registration = owned.registrations[descriptor], registration.interest != interest else { return }
        let token = owned.token(descriptor: descriptor, generation: registration.generation)
        if registration.interest.contains(.exclusive) || interest.contains(.exclusive) {
            owned.epoll.remove(descriptor)
            if !interest.isEmpty { try owned.epoll.add(descriptor, interest: interest, token: token) }
        } else {
            try owned.epoll.modify(descriptor, interest: interest, token: token)
        }
        registration.interest = interest
        owned.registrations[descriptor] = registration
    }

    /// Stops events for `descriptor` and releases its handler. Call before closing the descriptor.
    package func deregister(descriptor: Int32) {
        preconditionInEventLoop()
        guard owned.registrations.removeValue(forKey: descriptor) != nil else { return }
        owned.epoll.remove(descriptor)
    }
}
