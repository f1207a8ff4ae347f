/// The topics one connection is subscribed to, with the per-connection bound.
///
/// A value type owned by the connection's `RealtimeSession` (its loop). Pure: decides what a `subscribe`,
/// `unsubscribe` or `resume` changes; the session then tells the hub.
struct RealtimeSubscriptionSet {
    let limit: Int
    private(set) var topics: Set<RealtimeTopic> = []

    init(limit: Int) {
        self.limit = limit
    }

    /// Why a subscription change was refused.
    enum Refusal: Error, Equatable {
        case topic(RealtimeTopicError)
        case tooManyTopics(limit: Int, requested: Int)

        var code: String {
            switch self {
            case .topic(let error): error.code
            case .tooManyTopics: "too_many_topics"
            }
        }

        var message: String {
            switch self {
            case .topic(let error): error.message
            case .tooManyTopics(let limit, let requested): "\(requested) topics requested; at most \(limit) per connection"
            }
        }
    }

    /// Parses every name for `requesterID`; all or nothing: one bad name or exceeding `limit` refuses the lot.
    /// Returns the topics (in request order, without duplicates) and records them.
    mutating func add(_ names: [String], requesterID: Int64) throws(Refusal) -> [RealtimeTopic] {
        let requested = try Self.parse(names, requesterID: requesterID)
        let union = topics.union(requested)
        guard union.count <= limit else { throw .tooManyTopics(limit: limit, requested: union.count) }
        topics = union
        return requested
    }

    /// Parses every name and forgets those that were subscribed; returns the topics named (all or nothing).
    mutating func remove(_ names: [String], requesterID: Int64) throws(Refusal) -> [RealtimeTopic] {
        let requested = try Self.parse(names, requesterID: requesterID)
        for topic in requested { topics.remove(topic) }
        return requested
    }

    /// Forgets everything (the connection closed); returns what was subscribed.
    mutating func removeAll() -> [RealtimeTopic] {
        let all = Array(topics)
        topics = []
        return all
    }

    private static func parse(_ names: [String], requesterID: Int64) throws(Refusal) -> [RealtimeTopic] {
        var seen: Set<RealtimeTopic> = []
        var ordered: [RealtimeTopic] = []
        for name in names {
            let topic: RealtimeTopic
            do {
                topic = try RealtimeTopic.parse(name, requesterID: requesterID)
            } catch {
                throw .topic(error)
            }
            if seen.insert(topic).inserted { ordered.append(topic) }
        }
        return ordered
    }
}
