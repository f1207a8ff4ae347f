/// Which part a node plays in the pair: the primary takes writes and ships its log; a standby applies it.
public enum ReplicationRole: String, Sendable, Equatable, Codable {
    case primary
    case standby
}
