/// Standard histogram bucket layouts, so related histograms share boundaries and dashboards can compare them.
///
/// Plain constants; any thread may read them.
public enum DefaultBuckets {
    /// Request and commit latencies in seconds, from 0.5 ms to 10 s.
    public static let latencySeconds: [Double] = [
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]

    /// Batch sizes in items: powers of two from 1 to 1024.
    public static let batchSizes: [Double] = (0...10).map { Double(1 << $0) }
}
