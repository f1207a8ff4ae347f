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
///
/// Seqs are log positions (`RealtimeSeq`): the same event has the same seq on a primary and its standby and after a
/// restart (`restore(_:)` reloads the newest records' events from the log), so `resume` replays exactly what a client
/// missed when the window covers its `fromSeq`, and answers `resync` when it does not or when `fromSeq` names no
/// record of this node's log (a record lost in a failover). Topics are bounded (`maxTopics`, least recently used topic
/// without subscribers evicted first), and so are the windows' frame bytes all together (`maxWindowBytes`, evicting
/// the same way), so the hub's memory stops growing once either bound is reached.
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
        /// The newest log position published or restored.
        var head = RealtimeLogPosition.origin
        var terms = RealtimeTermHistory()
        /// A topic created now holds every event above this (raised by eviction, restore and skipped log stretches).
        var newTopicFloor: Int64 = 0
        /// Records up to this log seq came from `restore`; a late live publication of one is already held.
        var restoredLogSeq: Int64 = 0
        /// Frame bytes of every topic's window together (a topic taken out by `takeTopic` still counts).
        var windowBytes = 0
    }

    private let state = Locked(State())
    private let windowEventCount: Int
    private let windowBytes: Int
    private let maxTopics: Int
    private let maxWindowBytes: Int
    private let metrics: RealtimeMetrics

    public init(configuration: RealtimeConfiguration, metrics: RealtimeMetrics) {
        windowEventCount = configuration.windowEventCount
        windowBytes = configuration.windowBytesPerTopic
        maxTopics = max(1, configuration.maxTopics)
        maxWindowBytes = max(0, configuration.maxWindowBytes)
        self.metrics = metrics
    }

    /// Publishes events that carry no log position (tests, benchmarks, events of a batch without a log record): they
    /// are numbered after the hub's newest position.
    public func publish(_ events: [DomainEvent]) {
        publish(events, at: nil)
    }

    /// The `EventBus` listener (writer thread, after commit): publishes the events of the batch at `position` (nil:
    /// after the newest position). Events on topics that are not realtime topics are ignored; a batch that `restore`
    /// already loaded is ignored.
    public func publish(_ events: [DomainEvent], at position: RealtimeLogPosition?) {
        let (deliveries, bytes) = state.withLock { state in (append(events, at: position, to: &state), state.windowBytes) }
        metrics.windowBytes.set(Double(bytes))
        deliver(deliveries)
    }

    /// Loads the events of the newest log records (`RealtimeLogHistory`) into the windows, so a client connected
    /// before a restart resumes exactly. Call once, before the gateway serves, on the thread that publishes (for the
    /// node: in a writer command, so no batch is both loaded and published).
    public func restore(_ history: RealtimeLogHistory) {
        state.withLock { state in
            state.terms = RealtimeTermHistory(starts: history.termStarts)
            let floor = RealtimeSeq.floor(before: history.firstLogSeq)
            state.newTopicFloor = max(state.newTopicFloor, floor)
            for key in state.topics.keys { state.topics[key]?.window.reset(floor: floor) }
            state.windowBytes = 0
            for batch in history.batches where batch.position.logSeq >= history.firstLogSeq {
                _ = append(batch.events, at: batch.position, to: &state)
            }
            advance(to: history.head, in: &state)
            state.restoredLogSeq = max(state.restoredLogSeq, state.head.logSeq)
        }
    }

    /// Notes that the events of every record up to `position` were skipped (a standby re-bootstrapped from a
    /// snapshot): windows forget what came before, and every subscriber is told to `resync` each of its topics.
    public func skip(to position: RealtimeLogPosition) {
        var notices: [(any RealtimeSubscriber, WebSocketOutboundMessage)] = []
        state.withLock { state in
            advance(to: position, in: &state)
            // A position (not a bare bound) so the marker handed out below names a record this node holds.
            let floor = RealtimeSeq.encode(position, index: RealtimeSeq.maxIndex)
            state.newTopicFloor = max(state.newTopicFloor, floor)
            state.windowBytes = 0
            for (key, var topicState) in state.topics {
                topicState.window.reset(floor: floor)
                let latest = marker(for: &topicState, head: state.head)
                if let topic = RealtimeTopic(busName: key), !topicState.subscribers.isEmpty {
                    let message = RealtimeServerMessage.resync(topic: topic.clientName, latestSeq: latest).outbound
                    notices += topicState.subscribers.values.map { ($0, message) }
                }
                state.topics[key] = topicState
            }
        }
        for (subscriber, message) in notices {
            if let loop = subscriber.deliveryLoop { loop.execute { subscriber.deliver(message) } } else { subscriber.deliver(message) }
        }
    }

    /// Numbers, encodes and windows `events` (under the lock); returns the deliveries to make after unlocking.
    private func append(_ events: [DomainEvent], at position: RealtimeLogPosition?,
                        to state: inout State) -> [(WebSocketOutboundMessage, [RealtimeDeliveryGroup])] {
        if let position {
            guard position.logSeq > state.restoredLogSeq else { return [] }
            advance(to: position, in: &state)
        }
        let base = RealtimeSeq.encode(position ?? state.head)
        var deliveries: [(WebSocketOutboundMessage, [RealtimeDeliveryGroup])] = []
        deliveries.reserveCapacity(events.count)
        for event in events {
            guard let topic = RealtimeTopic(busName: event.topic) else { continue }
            // A bus name that parses is its topic's `key` (the parse admits only canonical names), so no new string.
            let key = event.topic
            var topicState = takeTopic(key, from: &state)
            let seq = max(base, topicState.window.lastSeq + 1)
            let message = RealtimeServerMessage.event(topic: topic.clientName, seq: seq, event: event.type,
                                                      dataJSON: event.dataJSON).outbound
            let bytesBefore = topicState.window.byteCount
            topicState.window.append(message, seq: seq)
            state.windowBytes += topicState.window.byteCount - bytesBefore
            if !topicState.subscribers.isEmpty {
                let groups = topicState.deliveryGroups ?? RealtimeDeliveryGroup.grouping(topicState.subscribers.values)
                topicState.deliveryGroups = groups
                deliveries.append((message, groups))
            }
            state.topics[key] = topicState
        }
        evictIfNeeded(&state)
        return deliveries
    }

    /// Moves the head to `position` when it is newer, and records its term.
    private func advance(to position: RealtimeLogPosition, in state: inout State) {
        if position.logSeq >= state.head.logSeq { state.head = position }
        state.terms.note(position)
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

    /// Adds `subscriber` to each topic (by `RealtimeTopic.key`); returns each topic's latest seq (a position to
    /// `resume` from later). Idempotent.
    public func subscribe(_ subscriber: any RealtimeSubscriber, to keys: [String]) -> [(key: String, latestSeq: Int64)] {
        var added = 0
        let result = state.withLock { state in
            let answer = keys.map { key -> (key: String, latestSeq: Int64) in
                var topicState = takeTopic(key, from: &state)
                if topicState.subscribers.updateValue(subscriber, forKey: subscriber.subscriberID) == nil { added += 1 }
                let latest = marker(for: &topicState, head: state.head)
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
    ///
    /// `fromSeq` is answered with a replay only when it names a record of this node's log (its log seq is not past the
    /// head and its term field is the one this node's log has there) and the window holds every event of the topic
    /// after it; otherwise `resync`. So a client never misses an event silently, across restarts and promotions.
    public func resume(_ subscriber: any RealtimeSubscriber, topic key: String, fromSeq: Int64) -> ResumeOutcome {
        var added = false
        let outcome = state.withLock { state -> ResumeOutcome in
            var topicState = takeTopic(key, from: &state)
            added = topicState.subscribers.updateValue(subscriber, forKey: subscriber.subscriberID) == nil
            var replay: [WebSocketOutboundMessage]?
            if Self.names(fromSeq, aRecordOf: state) {
                replay = topicState.window.events(after: fromSeq)
            }
            let latest = marker(for: &topicState, head: state.head)
            state.topics[key] = topicState
            evictIfNeeded(&state)
            guard let replay else { return .resync(latestSeq: latest) }
            return .replay(replay, latestSeq: latest)
        }
        if added { metrics.subscriptions.add(1) }
        return outcome
    }

    /// Whether `seq` lies in a record this node's log holds: not past the head, with the term this log has there.
    private static func names(_ seq: Int64, aRecordOf state: State) -> Bool {
        guard seq >= 0 else { return false }
        let (logSeq, termField, _) = RealtimeSeq.decode(seq)
        guard logSeq <= state.head.logSeq else { return false }
        return state.terms.termField(at: logSeq) == termField
    }

    /// The seq to hand a client as "you have everything of this topic so far": the topic's newest seq, or the head's
    /// first seq when that is later (the topic had nothing since); later events of the topic are numbered above it.
    private func marker(for topicState: inout TopicState, head: RealtimeLogPosition) -> Int64 {
        let latest = max(topicState.window.lastSeq, RealtimeSeq.encode(head))
        topicState.window.raise(to: latest)
        return latest
    }

    /// The latest seq of `key` (0 when the hub does not know it); diagnostics and tests.
    public func latestSeq(of key: String) -> Int64 {
        state.withLock { $0.topics[key]?.window.lastSeq ?? 0 }
    }

    /// The newest log position the hub published or restored; diagnostics and tests.
    public var head: RealtimeLogPosition { state.withLock { $0.head } }

    /// Topics currently kept.
    public var topicCount: Int { state.withLock { $0.topics.count } }

    /// Frame bytes the windows hold together (at most `maxWindowBytes` once idle topics can be evicted).
    public var windowByteCount: Int { state.withLock { $0.windowBytes } }

    /// Removes and returns `key`'s state (a fresh one when absent), stamped as most recently used.
    private func takeTopic(_ key: String, from state: inout State) -> TopicState {
        state.tick += 1
        var topicState = state.topics.removeValue(forKey: key)
            ?? TopicState(window: RealtimeEventWindow(capacity: windowEventCount, limitBytes: windowBytes,
                                                      floor: state.newTopicFloor))
        topicState.lastUsed = state.tick
        return topicState
    }

    /// Beyond `maxTopics` topics or `maxWindowBytes` frame bytes, drops the least recently used topics without
    /// subscribers down to 7/8 of the bound exceeded (so the sort is paid once per many insertions). Topics with
    /// subscribers are never dropped. A topic created later starts above every seq a dropped topic had, so a `resume`
    /// across the drop is answered `resync`.
    private func evictIfNeeded(_ state: inout State) {
        guard state.topics.count > maxTopics || state.windowBytes > maxWindowBytes else { return }
        let targetTopics = maxTopics - maxTopics / 8
        let targetBytes = maxWindowBytes - maxWindowBytes / 8
        let idle = state.topics.filter { $0.value.subscribers.isEmpty }.sorted { $0.value.lastUsed < $1.value.lastUsed }
        for (key, topicState) in idle {
            guard state.topics.count > targetTopics || state.windowBytes > targetBytes else { break }
            state.newTopicFloor = max(state.newTopicFloor, topicState.window.lastSeq)
            state.windowBytes -= topicState.window.byteCount
            state.topics.removeValue(forKey: key)
        }
    }
}
