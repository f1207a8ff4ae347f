import Foundation

/// A parsed MongoDB connection string (`mongodb://` or `mongodb+srv://`), the options this client honours, and the
/// seed list.
///
/// A plain value. The password is kept out of `description` (it prints as `***`). Options a URI gives override the
/// ones a `mongodb+srv` TXT record supplies (`applyingTXT`).
public struct MongoURI: Sendable, Equatable, CustomStringConvertible {
    /// One seed, "host" and port.
    public struct Host: Sendable, Equatable, CustomStringConvertible {
        public var name: String
        public var port: Int
        public var description: String { name.contains(":") ? "[\(name)]:\(port)" : "\(name):\(port)" }
    }

    public var isSRV: Bool
    public var hosts: [Host]
    public var username: String?
    public var password: String?
    /// The database in the path (where exported collections go unless configured otherwise).
    public var database: String?
    /// Options by lower-cased name, as given.
    public var options: [String: String]

    /// Parses `text`.
    /// - Throws: `MongoURIError` naming what is wrong (never echoing the password).
    public init(_ text: String) throws(MongoURIError) {
        let rest: Substring
        if text.hasPrefix("mongodb+srv://") {
            isSRV = true
            rest = text.dropFirst("mongodb+srv://".count)
        } else if text.hasPrefix("mongodb://") {
            isSRV = false
            rest = text.dropFirst("mongodb://".count)
        } else {
            throw .invalidScheme
        }
        let queryStart = rest.firstIndex(of: "?")
        let beforeQuery = rest[..<(queryStart ?? rest.endIndex)]
        options = [:]
        if let queryStart { options = try Self.parseOptions(String(rest[rest.index(after: queryStart)...])) }
        let slash = beforeQuery.firstIndex(of: "/")
        let authority = beforeQuery[..<(slash ?? beforeQuery.endIndex)]
        if let slash {
            let path = beforeQuery[beforeQuery.index(after: slash)...]
            database = path.isEmpty ? nil : path.removingPercentEncoding
        }
        var hostPart = authority
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            hostPart = authority[authority.index(after: at)...]
            let colon = userInfo.firstIndex(of: ":")
            username = String(userInfo[..<(colon ?? userInfo.endIndex)]).removingPercentEncoding
            password = colon.flatMap { String(userInfo[userInfo.index(after: $0)...]).removingPercentEncoding }
            guard username?.isEmpty == false else { throw .missingUsername }
        }
        hosts = []
        for part in hostPart.split(separator: ",", omittingEmptySubsequences: false) { hosts.append(try Self.parseHost(part)) }
        guard !hosts.isEmpty else { throw .missingHost }
        if isSRV {
            guard hosts.count == 1, hosts[0].port == 27017, !hostPart.contains(":") else { throw .srvNeedsOneHostWithoutPort }
            guard hosts[0].name.split(separator: ".").count >= 3 else { throw .srvHostTooShort(hosts[0].name) }
        }
    }

    /// Whether to use TLS: `tls`/`ssl` option, true by default for `mongodb+srv`.
    public var usesTLS: Bool {
        let value = options["tls"] ?? options["ssl"]
        return value.map { $0 == "true" } ?? isSRV
    }

    /// The authentication database: `authSource`, else the path database, else "admin".
    public var authSource: String { options["authsource"] ?? database ?? "admin" }

    /// `retryWrites` (true unless `retryWrites=false`).
    public var retryWrites: Bool { options["retrywrites"] != "false" }

    /// `connectTimeoutMS`, 10 s by default.
    public var connectTimeout: Duration {
        options["connecttimeoutms"].flatMap(Int.init).map { .milliseconds(max(1, $0)) } ?? .seconds(10)
    }

    /// The URI with TXT options merged in; options already present win. Only `authSource`, `replicaSet` and
    /// `loadBalanced` are allowed in TXT.
    /// - Throws: `MongoURIError.txtOptionNotAllowed`.
    public func applyingTXT(_ record: String) throws(MongoURIError) -> MongoURI {
        var copy = self
        for (key, value) in try Self.parseOptions(record) {
            guard ["authsource", "replicaset", "loadbalanced"].contains(key) else { throw .txtOptionNotAllowed(key) }
            if copy.options[key] == nil { copy.options[key] = value }
        }
        return copy
    }

    public var description: String {
        let user = username.map { "\($0):***@" } ?? ""
        return (isSRV ? "mongodb+srv://" : "mongodb://") + user + hosts.map(\.description).joined(separator: ",")
            + "/" + (database ?? "")
    }

    private static func parseHost(_ text: Substring) throws(MongoURIError) -> Host {
        guard !text.isEmpty else { throw .missingHost }
        var name = text
        var portText: Substring?
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            name = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty { throw .invalidHost(String(text)) }
        } else if let colon = text.lastIndex(of: ":") {
            name = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard !name.isEmpty, !name.contains("/") else { throw .invalidHost(String(text)) }
        guard let port = portText.map({ Int($0) }) ?? 27017, (1...65_535).contains(port) else {
            throw .invalidPort(String(text))
        }
        return Host(name: name.lowercased(), port: port)
    }

    private static func parseOptions(_ query: String) throws(MongoURIError) -> [String: String] {
        var options: [String: String] = [:]
        for pair in query.split(whereSeparator: { $0 == "&" || $0 == ";" }) {
            guard let equals = pair.firstIndex(of: "=") else { throw .invalidOption(String(pair)) }
            let key = String(pair[..<equals]).lowercased()
            options[key] = String(pair[pair.index(after: equals)...]).removingPercentEncoding ?? ""
        }
        return options
    }
}

/// Why a connection string was refused (the password is never included).
public enum MongoURIError: Error, Equatable, Sendable {
    case invalidScheme
    case missingHost
    case missingUsername
    case invalidHost(String)
    case invalidPort(String)
    case invalidOption(String)
    /// `mongodb+srv://` takes exactly one host name and no port.
    case srvNeedsOneHostWithoutPort
    /// `mongodb+srv://` needs a host name with at least three labels.
    case srvHostTooShort(String)
    /// A TXT record carried an option other than authSource, replicaSet, loadBalanced.
    case txtOptionNotAllowed(String)
    /// An SRV target does not end with the parent domain of the SRV host name.
    case srvTargetOutsideDomain(target: String, domain: String)
    /// More than one TXT record.
    case multipleTXTRecords(count: Int)
}
