import Crypto
import Foundation
import Net

/// A stub resolver for SRV and TXT records: one UDP query to one nameserver (the first IPv4 `nameserver` of
/// /etc/resolv.conf unless given), a random query id checked on the reply, and a TCP retry when the answer is
/// truncated (RFC 7766).
///
/// Stateless apart from its configuration; each lookup runs on the caller's thread (the export worker).
public struct DNSClient: SRVResolving {
    public var server: String
    public var port: Int
    public var timeout: Duration

    public init(server: String, port: Int = 53, timeout: Duration = .seconds(5)) {
        self.server = server
        self.port = port
        self.timeout = timeout
    }

    /// A client for the system's first IPv4 nameserver.
    /// - Throws: `DNSError.noNameserver` if /etc/resolv.conf names none.
    public static func system(resolvConf path: String = "/etc/resolv.conf") throws -> DNSClient {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        for line in text.split(separator: "\n") {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if fields.count >= 2, fields[0] == "nameserver", fields[1].contains("."), !fields[1].contains(":") {
                return DNSClient(server: String(fields[1]))
            }
        }
        throw DNSError.noNameserver
    }

    public func serviceRecords(_ name: String) throws -> [DNSMessage.ServiceRecord] {
        try lookup(name, type: DNSMessage.typeSRV).services
    }

    public func textRecords(_ name: String) throws -> [String] {
        let response = try lookup(name, type: DNSMessage.typeTXT, allowNXDomain: true)
        return response.texts
    }

    private func lookup(_ name: String, type: UInt16, allowNXDomain: Bool = false) throws -> DNSMessage.Response {
        let idBytes = SecureRandom.bytes(count: 2)
        let id = UInt16(idBytes[0]) << 8 | UInt16(idBytes[1])
        let query = try DNSMessage.query(id: id, name: name, type: type)
        var response = try DNSMessage.parse(
            try SystemDatagramSocket.exchange(query, address: server, port: port, timeout: timeout), type: type)
        if response.isTruncated { response = try DNSMessage.parse(try exchangeOverTCP(query), type: type) }
        guard response.id == id else { throw DNSError.malformed(offset: 0) }
        if response.responseCode == 3 && allowNXDomain { return response }
        guard response.responseCode == 0 else { throw DNSError.responseCode(name: name, code: response.responseCode) }
        return response
    }

    private func exchangeOverTCP(_ query: [UInt8]) throws -> [UInt8] {
        let socket = try SystemBlockingSocket.connect(host: server, port: port, timeout: timeout)
        defer { socket.close() }
        try socket.send([UInt8(query.count >> 8), UInt8(query.count & 0xFF)] + query)
        var buffer: [UInt8] = []
        while buffer.count < 2 || buffer.count < 2 + (Int(buffer[0]) << 8 | Int(buffer[1])) {
            let chunk = try socket.receive(maxBytes: 65_537)
            guard !chunk.isEmpty else { throw DNSError.malformed(offset: buffer.count) }
            buffer += chunk
        }
        return Array(buffer[2..<(2 + (Int(buffer[0]) << 8 | Int(buffer[1])))])
    }
}
