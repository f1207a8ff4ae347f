import Crypto
@testable import Replication
import Testing

@Suite struct ReplicationChecksumTests {
    @Test func chainIsSHA256OfPreviousSeqTermAndChangeset() {
        let changeset: [UInt8] = [1, 2, 3]
        let checksum = ReplicationChecksum.next(previous: ReplicationChecksum.initial, seq: 1, term: 2, changeset: changeset)
        let input = ReplicationChecksum.initial + [0, 0, 0, 0, 0, 0, 0, 1] + [0, 0, 0, 0, 0, 0, 0, 2] + changeset
        #expect(checksum == SHA256.hash(input))
        #expect(checksum.count == 32)
    }

    @Test func anyChangeChangesTheChecksum() {
        let base = ReplicationChecksum.next(previous: ReplicationChecksum.initial, seq: 1, term: 1, changeset: [9])
        #expect(ReplicationChecksum.next(previous: ReplicationChecksum.initial, seq: 2, term: 1, changeset: [9]) != base)
        #expect(ReplicationChecksum.next(previous: ReplicationChecksum.initial, seq: 1, term: 2, changeset: [9]) != base)
        #expect(ReplicationChecksum.next(previous: ReplicationChecksum.initial, seq: 1, term: 1, changeset: [8]) != base)
        #expect(ReplicationChecksum.next(previous: base, seq: 1, term: 1, changeset: [9]) != base)
    }

    static func chain(_ count: Int) -> [ReplicationRecord] {
        var previous = ReplicationChecksum.initial
        return (1...count).map { index in
            let seq = Int64(index)
            let changeset: [UInt8] = [UInt8(index), 7]
            previous = ReplicationChecksum.next(previous: previous, seq: seq, term: 1, changeset: changeset)
            return ReplicationRecord(seq: seq, term: 1, changeset: changeset, events: [], checksum: previous,
                                     committedAtMilliseconds: 1_000 + seq)
        }
    }

    @Test func verifyAcceptsAChainAndRejectsGapsAndTampering() throws {
        let records = Self.chain(3)
        try ReplicationApplier.verify(records, afterSeq: 0, afterChecksum: ReplicationChecksum.initial)
        #expect(throws: ReplicationError.sequenceGap(expectedSeq: 1, receivedSeq: 2)) {
            try ReplicationApplier.verify(Array(records.dropFirst()), afterSeq: 0, afterChecksum: ReplicationChecksum.initial)
        }
        var tampered = records
        tampered[1].changeset = [0]
        #expect(throws: ReplicationError.self) {
            try ReplicationApplier.verify(tampered, afterSeq: 0, afterChecksum: ReplicationChecksum.initial)
        }
    }

    @Test func recordFramesRoundTrip() throws {
        var records = Self.chain(3)
        records[2].events = ReplicationEvents.encode([[1, 2], [], [3]])
        let decoded = try ReplicationRecordCodec.decode(ReplicationRecordCodec.encode(records))
        #expect(decoded == records)
        #expect(try ReplicationEvents.decode(decoded[2].events) == [[1, 2], [], [3]])
        #expect(try ReplicationRecordCodec.decode([]) == [])
    }

    @Test(arguments: [1, 4, 20, 50])
    func truncatedFramesAreRejected(cut: Int) {
        let bytes = ReplicationRecordCodec.encode(Self.chain(1))
        #expect(throws: ReplicationError.self) { try ReplicationRecordCodec.decode(Array(bytes.dropLast(cut))) }
    }

    @Test func secretComparesOnlyTheBearerValue() throws {
        let secret = try ReplicationSecret(text: "  correct-horse-battery-staple\n")
        #expect(secret.isPresented(in: "Bearer correct-horse-battery-staple"))
        #expect(!secret.isPresented(in: "Bearer correct-horse-battery-stapl"))
        #expect(!secret.isPresented(in: nil))
        #expect("\(secret)" == "<redacted>")
        #expect(throws: ReplicationError.self) { try ReplicationSecret(text: "short") }
    }

    @Test(arguments: ["http://127.0.0.1:4000", "http://user:pw@host.example:81/"])
    func peerURLsParse(url: String) throws {
        let peer = try ReplicationPeer(url: url)
        #expect(peer.port > 0)
    }

    @Test(arguments: ["https://x:1", "http://nohost", "127.0.0.1:4000", "http://:80"])
    func badPeerURLsAreRefused(url: String) {
        #expect(throws: ReplicationError.self) { try ReplicationPeer(url: url) }
    }
}
