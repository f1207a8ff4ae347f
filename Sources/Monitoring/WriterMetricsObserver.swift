import Store
import Telemetry

/// Feeds the writer metrics of `NodeMetrics` from each batch and logs every batch that failed as a whole or ran twice
/// because a command broke its `WriterCommandPromise`.
///
/// The first observer the node gives its writer; runs on the writer thread.
public struct WriterMetricsObserver: WriterObserver {
    let metrics: NodeMetrics
    let logger: Logger

    public func didCommit(_ stats: WriterBatchStats) {
        metrics.writerCommits.increment()
        metrics.writerBatchCommands.observe(Double(stats.commandCount))
        metrics.writerCommitDuration.observe(stats.commitDuration)
        metrics.writerBatchDuration.observe(stats.batchDuration)
        if stats.failedCommandCount > 0 { metrics.writerFailedCommands.increment(by: Int64(stats.failedCommandCount)) }
        if stats.hadBrokenPromise {
            // Still correct (the batch ran again with savepoints), but a command is declared wrongly.
            logger.warning("writer command broke its promise", [("batch_size", .int(Int64(stats.commandCount)))])
        }
    }

    public func didFail(_ error: any Error) {
        metrics.writerFailedBatches.increment()
        logger.error("writer batch failed", [("error", .string(String(describing: error)))])
    }
}
