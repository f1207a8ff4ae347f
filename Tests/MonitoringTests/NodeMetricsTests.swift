import HTTP
@testable import Monitoring
import Telemetry
import Testing

/// `NodeMetrics.record`, which remembers each (route, method, status)'s series after the first look-up: the
/// exposition is what the families alone give, for repeated, new and mixed label sets.
@Suite struct NodeMetricsTests {
    private static func record(_ route: String, _ method: String, _ status: Int, milliseconds: Int64) -> HTTPRequestRecord {
        HTTPRequestRecord(method: method, path: route, routePattern: route, status: status,
                          duration: .milliseconds(milliseconds), requestID: "r", remoteAddress: "127.0.0.1")
    }

    @Test func countsAndTimesEveryRequestBySeries() throws {
        let metrics = try NodeMetrics(registry: MetricsRegistry())
        metrics.record(Self.record("/api/auctions/{auctionId}/bid", "POST", 201, milliseconds: 2))
        metrics.record(Self.record("/api/auctions/{auctionId}/bid", "POST", 201, milliseconds: 3))
        metrics.record(Self.record("/api/auctions/{auctionId}/bid", "POST", 409, milliseconds: 1))
        metrics.record(Self.record("/api/marketplace/orders", "POST", 201, milliseconds: 4))
        metrics.record(Self.record("/api/marketplace/orders", "GET", 201, milliseconds: 4))
        let text = metrics.registry.exposition()
        #expect(text.contains(#"worldgame_http_requests_total{route="/api/auctions/{auctionId}/bid",method="POST",status="201"} 2"#))
        #expect(text.contains(#"worldgame_http_requests_total{route="/api/auctions/{auctionId}/bid",method="POST",status="409"} 1"#))
        #expect(text.contains(#"worldgame_http_requests_total{route="/api/marketplace/orders",method="POST",status="201"} 1"#))
        #expect(text.contains(#"worldgame_http_requests_total{route="/api/marketplace/orders",method="GET",status="201"} 1"#))
        #expect(text.contains(#"worldgame_http_request_duration_seconds_count{route="/api/auctions/{auctionId}/bid"} 3"#))
        #expect(text.contains(#"worldgame_http_request_duration_seconds_count{route="/api/marketplace/orders"} 2"#))
    }
}
