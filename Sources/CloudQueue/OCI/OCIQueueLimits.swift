/// The OCI Queue service limits the client enforces before sending, so an oversized batch fails fast with a clear
/// error instead of a 400 from the service.
///
/// The OCI Queue service's documented limits: poll timeout 0...30 s, limit 1...32, visibility
/// 0...43,200 s; message size and batch sizes are the commonly cited 128 KiB per message, 20 messages and 512 KiB
/// per PutMessages (not confirmed from a primary source: the client stays conservative). Immutable value.
public struct OCIQueueLimits: Sendable, Equatable {
    public var maxMessageBytes = 128 * 1_024
    public var maxMessagesPerRequest = 20
    public var maxRequestBytes = 512 * 1_024
    public var maxMessagesPerGet = 32
    public var maxPollTimeoutSeconds = 30
    public var maxVisibilitySeconds = 43_200

    public init() {}

    /// Throws `parameterOutOfRange` when `value` is outside `lowest...highest`.
    func check(_ name: String, _ value: Int, _ lowest: Int, _ highest: Int) throws(OCIQueueError) {
        guard (lowest...highest).contains(value) else {
            throw .parameterOutOfRange(name: name, value: value, lowest: lowest, highest: highest)
        }
    }

    /// Checks a PutMessages batch of message contents.
    func checkPut(_ contents: [String]) throws(OCIQueueError) {
        guard !contents.isEmpty, contents.count <= maxMessagesPerRequest else {
            throw .batchTooLarge(limit: maxMessagesPerRequest, actual: contents.count)
        }
        var total = 0
        for (index, content) in contents.enumerated() {
            let size = content.utf8.count
            guard size <= maxMessageBytes else { throw .messageTooLarge(index: index, limitBytes: maxMessageBytes, actualBytes: size) }
            total += size
        }
        guard total <= maxRequestBytes else { throw .batchBytesTooLarge(limitBytes: maxRequestBytes, actualBytes: total) }
    }
}
