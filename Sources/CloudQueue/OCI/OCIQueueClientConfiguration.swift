import Clocks
import TLS

/// Everything an `OCIQueueClient` needs: the queue's endpoint, the signer, TLS settings, limits, retries and the
/// clock that dates each signature.
///
/// An immutable value built once from the node's configuration (`CloudConfiguration`) or by tests.
public struct OCIQueueClientConfiguration: Sendable {
    public var endpoint: OCIQueueEndpoint
    public var signer: OCIRequestSigner
    /// CA store (nil: the system store) and the per-read timeout, which must exceed the long-poll timeout (30 s max).
    public var tls: TLSClientConfiguration
    public var limits: OCIQueueLimits
    public var retry: OCIRetryPolicy
    /// The clock for the `date` header (signatures more than 5 minutes off are refused by OCI).
    public var clock: any WallClock

    public init(
        endpoint: OCIQueueEndpoint, signer: OCIRequestSigner,
        tls: TLSClientConfiguration = TLSClientConfiguration(timeout: .seconds(45)),
        limits: OCIQueueLimits = OCIQueueLimits(), retry: OCIRetryPolicy = OCIRetryPolicy(),
        clock: any WallClock = SystemClock()
    ) {
        self.endpoint = endpoint
        self.signer = signer
        self.tls = tls
        self.limits = limits
        self.retry = retry
        self.clock = clock
    }
}
