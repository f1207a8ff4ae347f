import CloudQueue
import Foundation
import Locking
import TestSupport
import Testing
import TLS

@Suite struct OCIQueueClientTests {
    @Test func putsGetsAndDeletesABatchWithVerifiedSignatures() throws {
        let emulator = try OCIQueueEmulator()
        let client = try OCIQueueClient(configuration: try emulator.clientConfiguration())
        let ids = try client.put(["one", "two", "dr\u{00E9}i"])
        #expect(ids.count == 3)
        let messages = try client.get(limit: 10, visibilitySeconds: 30, timeoutSeconds: 0)
        #expect(messages.map(\.content) == ["one", "two", "dr\u{00E9}i"])
        #expect(messages.allSatisfy { $0.deliveryCount == 1 })
        #expect(try client.delete(receipts: messages.map(\.receipt)).isEmpty)
        #expect(try client.get(limit: 10, timeoutSeconds: 0).isEmpty)
        let stats = try emulator.stats()
        #expect(stats["deleted"] == 3 && stats["rejected_signatures"] == 0 && stats["requests"] == 4)
    }

    @Test func redeliversAfterTheVisibilityTimeoutWithANewReceipt() throws {
        let emulator = try OCIQueueEmulator()
        let client = try OCIQueueClient(configuration: try emulator.clientConfiguration())
        try client.put(["job"])
        let first = try #require(try client.get(visibilitySeconds: 1).first)
        let second = try #require(try client.get(visibilitySeconds: 30, timeoutSeconds: 10).first)
        #expect(second.id == first.id && second.deliveryCount == 2 && second.receipt != first.receipt)
        #expect(try client.delete(receipts: [first.receipt]).keys.sorted() == [0])
        #expect(throws: OCIQueueError.self) { try client.updateVisibility(receipt: first.receipt, visibilitySeconds: 5) }
        #expect(try client.delete(receipts: [second.receipt]).isEmpty)
    }

    @Test func extendsVisibilityForALongJob() throws {
        let emulator = try OCIQueueEmulator()
        let client = try OCIQueueClient(configuration: try emulator.clientConfiguration())
        try client.put(["long job"])
        let message = try #require(try client.get(visibilitySeconds: 1).first)
        try client.updateVisibility(receipt: message.receipt, visibilitySeconds: 60)
        #expect(try client.get(timeoutSeconds: 2).isEmpty)
        #expect(try emulator.stats()["updated"] == 1)
    }

    @Test func retriesThrottlingAndDroppedConnectionsWithBackoff() throws {
        let emulator = try OCIQueueEmulator()
        let sleeps = Locked<[Duration]>([])
        let retry = OCIRetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(100), random: { 0.5 },
                                   sleep: { duration in sleeps.withLock { $0.append(duration) } })
        let client = try OCIQueueClient(configuration: try emulator.clientConfiguration(retry: retry))
        try emulator.inject(fail429: 2)
        try client.put(["after throttling"])
        #expect(sleeps.withLock { $0 } == [.milliseconds(50), .milliseconds(100)])
        try emulator.inject(drop: 1)
        #expect(try client.get(limit: 5).map(\.content) == ["after throttling"])
        let stats = try emulator.stats()
        #expect(stats["answered_429"] == 2 && stats["dropped"] == 1 && stats["put"] == 1)
        try emulator.inject(fail429: 10)
        #expect(throws: OCIQueueError.retriesExhausted(attempts: 4, lastFailure: "429 TooManyRequests: emulated throttling")) {
            try client.put(["never"])
        }
    }

    @Test func reportsAWrongKeyAndAnUnknownQueueClearly() throws {
        let emulator = try OCIQueueEmulator()
        let keyPath = emulator.directory.file("other.pem")
        try SystemTool.run("/usr/bin/openssl", ["genrsa", "-out", keyPath, "2048"])
        let otherKey = try String(contentsOfFile: keyPath, encoding: .utf8)
        let wrongKey = try OCIQueueClient(configuration: try emulator.clientConfiguration(keyPEM: otherKey))
        let error = try #require(throws: OCIQueueError.self) { try wrongKey.put(["x"]) }
        guard case .notAuthenticated(let code, let message, let requestID) = error else {
            Issue.record("expected notAuthenticated, got \(error)")
            return
        }
        #expect(code == "NotAuthenticated" && message == "signature does not verify" && requestID != nil)
        let wrongQueue = try OCIQueueClient(configuration: try emulator.clientConfiguration(queueId: "ocid1.queue.oc1..missing"))
        let notFound = try #require(throws: OCIQueueError.self) { _ = try wrongQueue.get() }
        guard case .notAuthorizedOrNotFound(let notFoundCode, _, _) = notFound else {
            Issue.record("expected notAuthorizedOrNotFound, got \(notFound)")
            return
        }
        #expect(notFoundCode == "NotAuthorizedOrNotFound")
    }

    @Test func enforcesTheDocumentedLimitsBeforeSending() throws {
        let emulator = try OCIQueueEmulator()
        let client = try OCIQueueClient(configuration: try emulator.clientConfiguration())
        #expect(throws: OCIQueueError.batchTooLarge(limit: 20, actual: 21)) { try client.put(Array(repeating: "m", count: 21)) }
        #expect(throws: OCIQueueError.messageTooLarge(index: 1, limitBytes: 131_072, actualBytes: 131_073)) {
            try client.put(["ok", String(repeating: "x", count: 131_073)])
        }
        #expect(throws: OCIQueueError.batchBytesTooLarge(limitBytes: 524_288, actualBytes: 5 * 120_000)) {
            try client.put(Array(repeating: String(repeating: "y", count: 120_000), count: 5))
        }
        #expect(throws: OCIQueueError.parameterOutOfRange(name: "limit", value: 33, lowest: 1, highest: 32)) { _ = try client.get(limit: 33) }
        #expect(throws: OCIQueueError.parameterOutOfRange(name: "timeoutInSeconds", value: 31, lowest: 0, highest: 30)) {
            _ = try client.get(timeoutSeconds: 31)
        }
        #expect(client.requestsSent == 0)
    }

    @Test func refusesAnEmulatorWhoseCertificateIsNotTrusted() throws {
        let emulator = try OCIQueueEmulator()
        var configuration = try emulator.clientConfiguration()
        configuration.tls = TLSClientConfiguration(timeout: .seconds(5))
        let client = try OCIQueueClient(configuration: configuration)
        let error = try #require(throws: OCIQueueError.self) { _ = try client.get() }
        guard case .tlsFailed(let reason) = error else {
            Issue.record("expected tlsFailed, got \(error)")
            return
        }
        #expect(reason.contains("issuer"))
    }

    @Test(arguments: [(1, 100), (2, 200), (3, 400), (10, 20_000)])
    func backsOffExponentiallyUpToTheCap(attempt: Int, ceilingMilliseconds: Int) {
        let policy = OCIRetryPolicy(baseDelay: .milliseconds(100), maxDelay: .seconds(20), random: { 0.999_999 }, sleep: { _ in })
        let delay = policy.delay(beforeRetry: attempt)
        #expect(delay <= .milliseconds(ceilingMilliseconds) && delay > .milliseconds(ceilingMilliseconds) * 0.99)
        #expect(policy.delay(beforeRetry: 1, retryAfterSeconds: 3) == .seconds(3))
    }

    @Test func parsesMessagesEndpoints() throws {
        let cell = try OCIQueueEndpoint(messagesEndpoint: "https://cell-1.queue.messaging.us-ashburn-1.oci.oraclecloud.com/", queueId: "q")
        #expect(cell.port == 443 && cell.hostHeader == "cell-1.queue.messaging.us-ashburn-1.oci.oraclecloud.com")
        let local = try OCIQueueEndpoint(messagesEndpoint: "https://127.0.0.1:8443", queueId: "ocid1.queue.oc1..x")
        #expect(local.hostHeader == "127.0.0.1:8443" && local.queuePath == "/20210201/queues/ocid1.queue.oc1..x")
        for bad in ["http://host", "https://", "https://host:99999", "https://host/path"] {
            #expect(throws: OCIQueueError.invalidEndpoint(bad)) { _ = try OCIQueueEndpoint(messagesEndpoint: bad, queueId: "q") }
        }
    }
}
