/// Looks up SRV and TXT records; `DNSClient` asks a nameserver over UDP, tests inject a local responder's address.
public protocol SRVResolving: Sendable {
    func serviceRecords(_ name: String) throws -> [DNSMessage.ServiceRecord]
    func textRecords(_ name: String) throws -> [String]
}

/// Turns a `mongodb+srv://` URI into a plain seed list (the connection-string specification's SRV rules).
///
/// Stateless: SRV `_mongodb._tcp.<host>` gives the seeds, each of which must end with the host's parent domain;
/// at most one TXT record may add `authSource`, `replicaSet` or `loadBalanced`; TLS stays on.
public enum SRVSeedList {
    /// The URI with its resolved hosts (still `isSRV`, so `usesTLS` defaults to true).
    public static func resolve(_ uri: MongoURI, with resolver: any SRVResolving) throws -> MongoURI {
        let name = uri.hosts[0].name
        let domain = name.split(separator: ".").dropFirst().joined(separator: ".")
        let records = try resolver.serviceRecords("_mongodb._tcp." + name)
        guard !records.isEmpty else { throw DNSError.noAnswer(name: "_mongodb._tcp." + name) }
        var resolved = uri
        resolved.hosts = try records.sorted { ($0.priority, $0.weight) < ($1.priority, $1.weight) }.map { record in
            let target = record.target.lowercased().hasSuffix(".") ? String(record.target.dropLast()) : record.target.lowercased()
            guard target.hasSuffix("." + domain) else { throw MongoURIError.srvTargetOutsideDomain(target: target, domain: domain) }
            return MongoURI.Host(name: target, port: Int(record.port))
        }
        let texts = try resolver.textRecords(name)
        guard texts.count <= 1 else { throw MongoURIError.multipleTXTRecords(count: texts.count) }
        if let text = texts.first { resolved = try resolved.applyingTXT(text) }
        return resolved
    }
}
