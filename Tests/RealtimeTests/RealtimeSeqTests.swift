import Testing
@testable import Realtime

@Suite struct RealtimeSeqTests {
    @Test(arguments: [
        // (log seq, term, index, expected seq)
        (0, 0, 0, 0), (0, 7, 3, 3), (1, 1, 0, 278_528), (1, 1, 2, 278_530),
        (42, 3, 7, 11_059_207), (42, 19, 7, 11_059_207), ((1 << 35) - 1, 15, 16_383, (1 << 53) - 1),
    ] as [(Int64, Int64, Int64, Int64)])
    func encodesLogSeqTermAndIndex(logSeq: Int64, term: Int64, index: Int64, expected: Int64) {
        let seq = RealtimeSeq.encode(RealtimeLogPosition(logSeq: logSeq, term: term), index: index)
        #expect(seq == expected)
        let decoded = RealtimeSeq.decode(seq)
        #expect(decoded.logSeq == logSeq)
        #expect(decoded.index == index)
        #expect(decoded.termField == (logSeq == 0 ? 0 : term % 16))
    }

    @Test func seqsOfLaterRecordsAreLargerWhateverTheTerm() {
        let early = RealtimeSeq.encode(RealtimeLogPosition(logSeq: 9, term: 15), index: RealtimeSeq.maxIndex)
        let later = RealtimeSeq.encode(RealtimeLogPosition(logSeq: 10, term: 1))
        #expect(early < later)
        #expect(RealtimeSeq.floor(before: 10) == later - 1 - (1 << 14), "the floor sits below every term of log seq 10")
        #expect(RealtimeSeq.floor(before: 10) >= early)
        #expect(RealtimeSeq.floor(before: 1) == 0 && RealtimeSeq.floor(before: 0) == 0)
    }

    @Test func staysExactInADouble() {
        let largest = RealtimeSeq.encode(RealtimeLogPosition(logSeq: (1 << 35) - 1, term: 31), index: 99_999)
        #expect(largest < 1 << 53)
        #expect(Int64(exactly: Double(largest)) == largest, "JavaScript reads it exactly")
    }
}

@Suite struct RealtimeTermHistoryTests {
    @Test func answersTheTermFieldOfEachLogSeq() {
        let history = RealtimeTermHistory(starts: [
            RealtimeLogPosition(logSeq: 5, term: 1), RealtimeLogPosition(logSeq: 40, term: 2),
            RealtimeLogPosition(logSeq: 41, term: 18),
        ])
        #expect(history.termField(at: 0) == 0)
        #expect(history.termField(at: 4) == 0, "before the oldest start known: the origin's field")
        #expect(history.termField(at: 5) == 1)
        #expect(history.termField(at: 39) == 1)
        #expect(history.termField(at: 40) == 2)
        #expect(history.termField(at: 41) == 2, "term 18 has field 2, the same as term 2: no new start")
        #expect(history.starts.count == 3)
    }

    @Test func neverRelabelsAKnownLogSeqAndStaysBounded() {
        var history = RealtimeTermHistory(limit: 4)
        history.note(RealtimeLogPosition(logSeq: 10, term: 1))
        history.note(RealtimeLogPosition(logSeq: 10, term: 2))
        #expect(history.termField(at: 10) == 1, "a later batch at the same log seq keeps the record's term")
        history.note(RealtimeLogPosition(logSeq: 9, term: 3))
        #expect(history.termField(at: 9) == 0)
        for term in Int64(2)...9 { history.note(RealtimeLogPosition(logSeq: term * 10, term: term)) }
        #expect(history.starts.count == 4)
        #expect(history.termField(at: 10) == nil, "older than what is kept")
        #expect(history.termField(at: 95) == 9)
    }
}
