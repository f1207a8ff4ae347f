import Net

/// The subscribers of one topic that share a delivery loop (or have none), as the hub hands them over: one
/// `execute` per loop per publication carries the whole list.
///
/// An immutable value built under the hub's lock and cached per topic until its subscriptions change; any thread.
struct RealtimeDeliveryGroup: Sendable {
    /// The loop every subscriber here is delivered on; nil for loop-less subscribers (called directly).
    let loop: EventLoop?
    let subscribers: [any RealtimeSubscriber]

    /// Groups `subscribers` by `deliveryLoop`, loops in index order, loop-less subscribers last.
    static func grouping(_ subscribers: some Sequence<any RealtimeSubscriber>) -> [RealtimeDeliveryGroup] {
        var byLoop: [ObjectIdentifier: (loop: EventLoop, members: [any RealtimeSubscriber])] = [:]
        var direct: [any RealtimeSubscriber] = []
        for subscriber in subscribers {
            if let loop = subscriber.deliveryLoop {
                byLoop[ObjectIdentifier(loop), default: (loop, [])].members.append(subscriber)
            } else {
                direct.append(subscriber)
            }
        }
        var groups = byLoop.values.sorted { $0.loop.index < $1.loop.index }
            .map { RealtimeDeliveryGroup(loop: $0.loop, subscribers: $0.members) }
        if !direct.isEmpty { groups.append(RealtimeDeliveryGroup(loop: nil, subscribers: direct)) }
        return groups
    }
}
