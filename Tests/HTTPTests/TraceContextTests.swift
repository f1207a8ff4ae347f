import HTTP
import Testing

@Suite struct TraceContextTests {
    static let traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
    static let parentID = "00f067aa0ba902b7"

    @Test func parsesAVersion00HeaderAndKeepsTheCallersTrace() throws {
        let trace = try #require(TraceContext(traceparent: "00-\(Self.traceID)-\(Self.parentID)-01",
                                              spanID: "1111111111111111"))
        #expect(trace.traceID == Self.traceID)
        #expect(trace.parentSpanID == Self.parentID)
        #expect(trace.spanID == "1111111111111111")
        #expect(trace.isSampled)
        #expect(trace.traceparent == "00-\(Self.traceID)-1111111111111111-01")
    }

    @Test func unsampledFlagIsPassedOn() throws {
        let trace = try #require(TraceContext(traceparent: "00-\(Self.traceID)-\(Self.parentID)-00", spanID: "2222222222222222"))
        #expect(!trace.isSampled)
        #expect(trace.traceparent.hasSuffix("-00"))
    }

    @Test func laterVersionsMayAppendFields() throws {
        let trace = try #require(TraceContext(traceparent: "01-\(Self.traceID)-\(Self.parentID)-01-future",
                                              spanID: "3333333333333333"))
        #expect(trace.traceID == Self.traceID)
    }

    @Test(arguments: [
        "",
        "00-\(traceID)-\(parentID)",                                    // no flags
        "00-\(traceID)-\(parentID)-01-extra",                           // version 00 has exactly four fields
        "ff-\(traceID)-\(parentID)-01",                                 // version ff is invalid
        "00-\(traceID.uppercased())-\(parentID)-01",                    // hex must be lowercase
        "00-00000000000000000000000000000000-\(parentID)-01",          // all-zero trace id
        "00-\(traceID)-0000000000000000-01",                            // all-zero parent id
        "00_\(traceID)-\(parentID)-01",                                 // wrong separator
        "00-\(traceID)-\(parentID)-0g",                                 // not hex
        "01-\(traceID)-\(parentID)-01x",                                // a later version still needs "-" after flags
    ])
    func malformedHeadersAreRejected(header: String) {
        #expect(TraceContext(traceparent: header, spanID: "4444444444444444") == nil)
    }
}
