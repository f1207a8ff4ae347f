import Game
import Locking
import Net
import WebSocket

/// The fan-out core: per-topic seqs, replay windows and subscriber sets; turns committed `DomainEvent`s into `event`
/// messages encoded once and handed to every subscriber.
///
/// `publish` is the `EventBus` listener and runs on the writer thread in commit order; it must be the only publisher
/// (one thread at a time), so each topic's seqs reach every connection in order without gaps. Its state sits in one
/// `Locked` held only to assign seqs, encode, append to windows and take each topic's subscribers grouped by event loop
/// (the groups are rebuilt only after a subscription change); deliveries happen after unlocking, with one `execute` per
/// event loop per publication carrying that loop's subscriber list (each loop then queues the one shared frame on its
/// own connections). Subscribe/unsubscribe/resume come from the event loops.
/// Topics are bounded (`maxTopics`, least recently used topic without subscribers evicted first).
public final class RealtimeHub: Sendable {
    /// What `resume` found.
    public enum ResumeOutcome: Sendable, Equatable {
        /// The events after `fromSeq`, to be sent before anything else on this connection; `latestSeq` is the last.
        case replay([WebSocketOutboundMessage], latestSeq: Int64)
        /// `fromSeq` is outside the window: the client must refetch; later events follow `latestSeq`.
        case resync(latestSeq: Int64)
    }

    /// One topic: its window (whose `lastSeq` is the topic's seq counter), its subscribers, its LRU stamp.
    private struct TopicState {
        var window: RealtimeEventWindow
        var subscribers: [UInt64: any RealtimeSubscriber] = [:] {
            didSet { deliveryGroups = nil }
        }
        /// `subscribers` grouped by delivery loop; nil until the next publication after a change.
        var deliveryGroups: [RealtimeDeliveryGroup]?
        var lastUsed: UInt64 = 0
    }

    /// Everything behind the hub's lock.
    private struct State {
        var topics: [String: TopicState] = [:]
        var tick: UInt64 = 0
    }

    private let state = Locked(State())
    private let windowEventCount: Int
    private let windowBytes: Int
    private let maxTopics: Int
    private let metrics: RealtimeMetrics

    public init(configuration: RealtimeConfiguration, metrics: RealtimeMetrics) {
        windowEventCount = configuration.windowEventCount
        windowBytes = configuration.windowBytesPerTopic
        maxTopics = max(1, configuration.maxTopics)
        self.metrics = metrics
    }

    /// The `EventBus` listener (writer thread, after commit). Events on topics that are not realtime topics are
    /// ignored.
    public func publish(_ events: [DomainEvent]) {
        var deliveries: [(WebSocketOutboundMessage, [RealtimeDeliveryGroup])] = []
        deliveries.reserveCapacity(events.count)
        state.withLock { state in
            for event in events {
                guard let topic = RealtimeTopic(busName: event.topic) else { continue }
                let key = topic.key
                var topicState = takeTopic(key, from: &state)
                let seq = topicState.window.lastSeq + 1
                let message = RealtimeServerMessage.event(topic: topic.clientName, seq: seq, event: event.type,
                                                          dataJSON: event.dataJSON).outbound
                topicState.window.append(message, seq: seq)
                if !topicState.subscribers.isEmpty {
                    let groups = topicState.deliveryGroups ?? RealtimeDeliveryGroup.grouping(topicState.subscribers.values)
                    topicState.deliveryGroups = groups
                    deliveries.append((message, groups))
                }
                state.topics[key] = topicState
            }
            evictIfNeeded(&state)
        }
        deliver(deliveries)
    }

    /// Hands each message to its subscribers, in publication order: one `execute` per event loop carrying all of that
    /// loop's deliveries (the connection's `send` then runs on its own loop), direct calls for loop-less subscribers.
    private func deliver(_ deliveries: [(WebSocketOutboundMessage, [RealtimeDeliveryGroup])]) {
        guard !deliveries.isEmpty else { return }
        var byLoop: [ObjectIdentifier: (loop: EventLoop, batch: [(WebSocketOutboundMessage, [any RealtimeSubscriber])])] = [:]
        var sent: Int64 = 0
        for (message, groups) in deliveries {
            for group in groups {
                sent += Int64(group.subscribers.count)
                guard let loop = group.loop else {
                    for subscriber in group.subscribers { subscriber.deliver(message) }
                    continue
                }
                byLoop[ObjectIdentifier(loop), default: (loop, [])].batch.append((message, group.subscribers))
            }
        }
        for (loop, batch) in byLoop.values {
            loop.execute {
                for (message, subscribers) in batch {
                    for subscriber in subscribers { subscriber.deliver(message) }
                }
            }
        }
        metrics.eventsSent.increment(by: sent)
    }

    /// Adds `subscriber` to each topic (by `RealtimeTopic.key`); returns each topic's latest seq. Idempotent.
    public func subscribe(_ subscriber: any RealtimeSubscriber, to keys: [String]) -> [(key: String, latestSeq: Int64)] {
        var added = 0
        let result = state.withLock { state in
            let answer = keys.map { key -> (key: String, latestSeq: Int64) in
                var topicState = takeTopic(key, from: &state)
                if topicState.subscribers.updateValue(subscriber, forKey: subscriber.subscriberID) == nil { added += 1 }
                let latest = topicState.window.lastSeq
                state.topics[key] = topicState
                return (key, latest)
            }
            evictIfNeeded(&state)
            return answer
        }
        if added > 0 { metrics.subscriptions.add(Double(added)) }
        return result
    }

    /// Removes `subscriber` from each topic.
    public func unsubscribe(_ subscriber: any RealtimeSubscriber, from keys: [String]) {
        let removed = state.withLock { state in
            var removed = 0
            for key in keys where state.topics[key]?.subscribers.removeValue(forKey: subscriber.subscriberID) != nil {
                removed += 1
            }
            return removed
        }
        if removed > 0 { metrics.subscriptions.add(-Double(removed)) }
    }

    /// Subscribes `subscriber` to `key` and returns the events after `fromSeq` (or `resync`). Call it on the
    /// subscriber's own loop and send the replay there at once: later events from the writer are queued behind it.
    public func resume(_ subscriber: any RealtimeSubscriber, topic key: String, fromSeq: Int64) -> ResumeOutcome {
        var added = false
        let outcome = state.withLock { state -> ResumeOutcome in
            var topicState = takeTopic(key, from: &state)
            added = topicState.subscribers.updateValue(subscriber, forKey: subscriber.subscriberID) == nil
            let latest = topicState.window.lastSeq
            let replay = topicState.window.events(after: fromSeq)
            state.topics[key] = topicState
            evictIfNeeded(&state)
            guard let replay else { return .resync(latestSeq: latest) }
            return .replay(replay, latestSeq: latest)
        }
        if added { metrics.subscriptions.add(1) }
        return outcome
    }

    /// The latest seq of `key` (0 when the hub does not know it); diagnostics and tests.
    public func latestSeq(of key: String) -> Int64 {
        state.withLock { $0.topics[key]?.window.lastSeq ?? 0 }
    }

    /// Topics currently kept.
    public var topicCount: Int { state.withLock { $0.topics.count } }

    /// Removes and returns `key`'s state (a fresh one when absent), stamped as most recently used.
    private func takeTopic(_ key: String, from state: inout State) -> TopicState {
        state.tick += 1
        var topicState = state.topics.removeValue(forKey: key)
            ?? TopicState(window: RealtimeEventWindow(capacity: windowEventCount, limitBytes: windowBytes))
        topicState.lastUsed = state.tick
        return topicState
    }

    /// Beyond `maxTopics`, drops the least recently used topics without subscribers down to 7/8 of the limit (so the
    /// sort is paid once per many insertions). Topics with subscribers are never dropped.
    private func evictIfNeeded(_ state: inout State) {
        guard state.topics.count > maxTopics else { return }
        let target = maxTopics - maxTopics / 8
        let idle = state.topics.filter { $0.value.subscribers.isEmpty }.sorted { $0.value.lastUsed < $1.value.lastUsed }
        for (key, _) in idle.prefix(max(0, state.topics.count - target)) { state.topics.removeValue(forKey: key) }
    }
}
