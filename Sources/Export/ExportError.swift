/// Why an export run stopped; the watermark stays where the server last acknowledged.
public enum ExportError: Error, Equatable, Sendable {
    /// The watermark file exists but cannot be read or parsed.
    case watermarkUnreadable(path: String, reason: String)
    /// The watermark could not be written (the documents were acknowledged; they will be sent again).
    case watermarkUnwritable(path: String, reason: String)
    /// The server acknowledged fewer documents than were sent.
    case notAcknowledged(collection: String, sent: Int, acknowledged: Int)
}
