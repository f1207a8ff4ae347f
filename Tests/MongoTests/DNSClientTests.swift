import Foundation
import Testing
import TestSupport
@testable import Mongo

/// `mongodb+srv` resolution through `DNSClient` against a local DNS responder (Fixtures/dns-responder.py).
@Suite struct DNSClientTests {
    static func startResponder() throws -> (ChildProcess, DNSClient) {
        let script = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "Fixtures/dns-responder.py").path
        let child = try ChildProcess(executable: "/usr/bin/python3", arguments: [script])
        try #require(child.waitForOutput(timeout: .seconds(20)) { !$0.isEmpty })
        let port = try #require(Int(child.outputLines[0]))
        return (child, DNSClient(server: "127.0.0.1", port: port, timeout: .seconds(5)))
    }

    @Test func resolvesSeedsAndTXTOptions() throws {
        let (child, resolver) = try Self.startResponder()
        _ = child
        let uri = try MongoURI("mongodb+srv://u:p@cluster0.example.com/game")
        let resolved = try SRVSeedList.resolve(uri, with: resolver)
        #expect(resolved.hosts == [.init(name: "node-a.example.com", port: 27017), .init(name: "node-b.example.com", port: 27018)])
        #expect(resolved.authSource == "admin")
        #expect(resolved.options["replicaset"] == "rs0")
        #expect(resolved.usesTLS)
    }

    @Test func retriesATruncatedAnswerOverTCP() throws {
        let (child, resolver) = try Self.startResponder()
        _ = child
        let records = try resolver.serviceRecords("_mongodb._tcp.big.example.com")
        #expect(records.count == 30)
        #expect(try resolver.textRecords("big.example.com").isEmpty)  // NXDOMAIN: no TXT options.
    }

    @Test func refusesTargetsOutsideTheDomainAndSeveralTXTRecords() throws {
        let (child, resolver) = try Self.startResponder()
        _ = child
        #expect(throws: MongoURIError.srvTargetOutsideDomain(target: "x.attacker.org", domain: "example.com")) {
            try SRVSeedList.resolve(try MongoURI("mongodb+srv://evil.example.com"), with: resolver)
        }
        #expect(throws: MongoURIError.multipleTXTRecords(count: 2)) {
            try SRVSeedList.resolve(try MongoURI("mongodb+srv://two.example.com"), with: resolver)
        }
        #expect(throws: DNSError.self) { try resolver.serviceRecords("_mongodb._tcp.missing.example.com") }
    }

    @Test func parserRefusesPointerLoops() {
        let looping: [UInt8] = [0, 1, 0x81, 0x80, 0, 0, 0, 1, 0, 0, 0, 0, 0xC0, 12, 0, 33, 0, 1, 0, 0, 0, 60, 0, 0]
        #expect(throws: DNSError.self) { try DNSMessage.parse(looping, type: DNSMessage.typeSRV) }
    }
}
