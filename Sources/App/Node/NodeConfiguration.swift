import API
import CloudQueue
import Engine
import Foundation
import HTTP
import Replication
import Store
import Telemetry

/// The effective configuration of a `worldgame serve` node: flags, then `WORLDGAME_*` environment, then defaults
/// that run a demo world locally.
struct NodeConfiguration: Sendable, Encodable {
    enum Role: String, Sendable, Encodable { case primary, standby }

    var dataDirectory: String
    var bindHost: String
    var apiPort: Int
    var webSocketPort: Int
    /// `--internal-bind`: address of the internal listener (replication, `/metrics`, `/health`, `/ready`): the
    /// private network between the two VMs, never the public interface.
    var internalBindHost: String
    /// `--internal-port`: port of the internal listener (0 picks a free port).
    var internalPort: Int
    var role: Role
    var peerURL: String?
    var secretFile: String
    var logLevel: LogLevel
    var workerCount: Int
    var loopCount: Int
    var isDemo: Bool
    /// The demo auction cadence (`--demo-auctions*`); `openTarget` 0 (the default without `--demo`) turns it off.
    var demoAuctions: DemoAuctionSettings
    var synchronous: SynchronousMode
    var shutdownTimeoutSeconds: Int
    var maxBodyBytes: Int
    var worldSeed: UInt64
    var tokenTTLSeconds: Int
    var startingGold: Int
    var passwordIterations: Int
    var atlas: AtlasSettings?
    /// OCI Queue settings for cross-node jobs (off unless a queue OCID is given).
    var cloud: CloudConfiguration
    var replicationSecretFile: String?
    /// `--replication-mode sync`: results wait for the standby's acknowledgement (`SyncReplicationGate`).
    var isSyncReplication: Bool
    var syncTimeoutMilliseconds: Int
    var syncFallback: SyncReplicationGate.Fallback
    /// `--auto-promote-after`: a standby promotes itself after this many seconds without its primary (nil: never).
    var autoPromoteAfterSeconds: Int?
    /// `--backup-dir`: where backups land; when set, log records are pruned only once a backup there covers them.
    var backupDirectory: String?
    var replicationRetainedRecords: Int
    /// `--log-archive`: log records are copied into segments here before pruning deletes them (point-in-time restore).
    var logArchiveDirectory: String?
    /// `--ws-max-connections`: the gateway's connection cap (at the cap the idlest connection is evicted).
    var webSocketMaxConnections: Int
    /// `--storage-warn-free-bytes`: a warning is logged when the data dir's file system has less free space.
    var storageWarnFreeBytes: Int

    var databasePath: String { DataDirectory.databasePath(in: dataDirectory) }

    /// The options `serve` accepts (also used by commands that open a data dir).
    static let options: [CommandOption] = [
        .dataDirectory("Folder holding the database and secrets"),
        NodeListeners.bindOption,
        NodeListeners.apiPortOption,
        NodeListeners.webSocketPortOption,
        NodeListeners.internalBindOption,
        NodeListeners.internalPortOption,
        .value("role", "primary|standby", "Replication role of this node", default: "primary", environment: true),
        .value("peer", "URL", "The other node's internal listener, http://PRIVATE_IP:4002 (the primary, for a standby)",
               environment: true),
        .value("secret-file", "FILE", "JWT/encryption key; generated on first start when absent",
               default: "DATA_DIR/secret.key", environment: true),
        .value("log-level", "LEVEL", "debug, info, warning or error", default: "info", environment: true),
        .value("workers", "N", "Job worker threads", default: "2", environment: true),
        .value("loops", "N", "Event loop threads", default: "number of cores", environment: true),
        .flag("demo", "Generate a demo world on first start (--no-demo to start empty)", environment: true),
        .value("demo-auctions", "N",
               "Keep at least N auctions of unowned land open, checked every --demo-auction-interval (0: off)",
               default: "3 with --demo, 0 with --no-demo", environment: true),
        .value("demo-auction-interval", "SECONDS", "How often the demo cadence tops the open auctions up",
               default: "15", environment: true),
        .value("demo-auction-seconds", "SECONDS",
               "How long a demo auction takes bids (the k-th opened at once runs k intervals longer)",
               default: "120", environment: true),
        .value("demo-auction-reserve", "GOLD", "Reserve price of demo auctions, whole gold units",
               default: "10", environment: true),
        .value("synchronous", "MODE", "SQLite synchronous mode: full, extra or normal (normal may lose the last commits on power loss)",
               default: "full", environment: true),
        .value("shutdown-timeout", "SECONDS", "How long SIGTERM waits for in-flight work before a hard stop",
               default: "10", environment: true),
        .value("max-body-bytes", "BYTES", "Largest accepted request body", default: "1048576", environment: true),
        .value("world-seed", "N", "Seed of the generated world (same seed, same world)", default: "1", environment: true),
        .value("token-ttl", "SECONDS", "Lifetime of access tokens", default: "3600", environment: true),
        .value("starting-gold", "GOLD", "Whole gold units granted to each new player", default: "1000", environment: true),
        .value("password-iterations", "N", "PBKDF2-HMAC-SHA256 iterations for new password hashes (OWASP: 600000)",
               default: "600000", environment: true),
        .value("replication-secret-file", "FILE", "Shared secret of the primary/standby pair (replication endpoints are off without it)",
               environment: true),
        .value("replication-retention", "RECORDS", "Log records always kept on the primary (older ones go once standbys and backups have them)",
               default: "100000", environment: true),
        .value("replication-mode", "async|sync", "sync: a write is acknowledged only once the standby stored it",
               default: "async", environment: true),
        .value("sync-timeout", "MS", "Sync mode: how long to wait for the standby's acknowledgement before the fallback",
               default: "5000", environment: true),
        .value("sync-fallback", "block|async", "Sync mode, standby silent: keep writes waiting, or degrade to async",
               default: "block", environment: true),
        .value("auto-promote-after", "SECONDS",
               "Standby: promote itself after this long without the primary (off by default; split-brain risk, see docs/failover.md)",
               environment: true),
        .value("backup-dir", "DIR", "Backup folder (worldgame backup --to-dir); log records are pruned only once a backup there covers them",
               environment: true),
        .value("log-archive", "DIR", "Copy log records into DIR before pruning deletes them (for restore --until-seq)",
               environment: true),
        .value("ws-max-connections", "N",
               "WebSocket gateway connection cap; at the cap the longest-idle (never-authenticated first) connection is closed with 1013",
               default: "20000", environment: true),
        .value("storage-warn-free-bytes", "BYTES",
               "Log a warning when the data dir's file system has less free space than this (disk full: 503 storage_full)",
               default: "268435456", environment: true),
        .flag("print-config", "Print the effective configuration as JSON (secrets masked) and exit"),
    ] + AtlasSettings.options + CloudConfiguration.options

    init(_ arguments: ParsedArguments) throws(CommandLineError) {
        dataDirectory = arguments.dataDirectory
        let listeners = try NodeListeners(arguments)
        bindHost = listeners.bindHost
        apiPort = listeners.apiPort
        webSocketPort = listeners.webSocketPort
        internalBindHost = listeners.internalBindHost
        internalPort = listeners.internalPort
        role = Role(rawValue: try arguments.choice("role", default: "primary", choices: ["primary", "standby"])) ?? .primary
        peerURL = arguments.string("peer")
        secretFile = arguments.string("secret-file") ?? (dataDirectory + "/secret.key")
        let level = try arguments.choice("log-level", default: "info", choices: LogLevel.allCases.map(\.rawValue))
        logLevel = LogLevel(rawValue: level) ?? .info
        workerCount = try arguments.integer("workers", default: 2, range: 0...256)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        loopCount = try arguments.integer("loops", default: max(1, cores), range: 1...256)
        isDemo = try arguments.flag("demo", default: true)
        demoAuctions = DemoAuctionSettings(
            openTarget: try arguments.integer("demo-auctions", default: isDemo ? 3 : 0, range: 0...100),
            intervalSeconds: try arguments.integer("demo-auction-interval", default: 15, range: 1...86_400),
            durationSeconds: try arguments.integer("demo-auction-seconds", default: 120, range: 10...86_400),
            reservePrice: Int64(try arguments.integer("demo-auction-reserve", default: 10, range: 0...1_000_000)))
        let mode = try arguments.choice("synchronous", default: "full", choices: ["full", "extra", "normal"])
        synchronous = SynchronousMode(rawValue: mode) ?? .full
        shutdownTimeoutSeconds = try arguments.integer("shutdown-timeout", default: 10, range: 1...3600)
        maxBodyBytes = try arguments.integer("max-body-bytes", default: 1_048_576, range: 1024...(256 << 20))
        let seedText = arguments.string("world-seed", default: "1")
        guard let seed = UInt64(seedText) else {
            throw .invalidValue(command: arguments.commandName, option: "--world-seed", value: seedText,
                                expected: "an integer from 0 to \(UInt64.max)")
        }
        worldSeed = seed
        tokenTTLSeconds = try arguments.integer("token-ttl", default: 3600, range: 60...604_800)
        startingGold = try arguments.integer("starting-gold", default: 1000, range: 0...1_000_000_000)
        passwordIterations = try arguments.integer("password-iterations", default: 600_000, range: 1_000...100_000_000)
        atlas = try AtlasSettings(arguments)
        cloud = try CloudConfiguration(arguments, isStandby: role == .standby)
        replicationSecretFile = arguments.string("replication-secret-file")
        replicationRetainedRecords = try arguments.integer("replication-retention", default: 100_000, range: 1...1_000_000_000)
        isSyncReplication = try arguments.choice("replication-mode", default: "async", choices: ["async", "sync"]) == "sync"
        syncTimeoutMilliseconds = try arguments.integer("sync-timeout", default: 5_000, range: 1...3_600_000)
        syncFallback = SyncReplicationGate.Fallback(rawValue: try arguments.choice(
            "sync-fallback", default: "block", choices: SyncReplicationGate.Fallback.allCases.map(\.rawValue))) ?? .block
        autoPromoteAfterSeconds = arguments.string("auto-promote-after") == nil ? nil
            : try arguments.integer("auto-promote-after", default: 0, range: 1...86_400)
        backupDirectory = arguments.string("backup-dir")
        logArchiveDirectory = arguments.string("log-archive")
        webSocketMaxConnections = try arguments.integer("ws-max-connections", default: 20_000, range: 1...1_000_000)
        storageWarnFreeBytes = try arguments.integer("storage-warn-free-bytes", default: 256 << 20, range: 0...Int.max)
        if role == .standby && replicationSecretFile == nil {
            throw .missingArgument(command: arguments.commandName, what: "--replication-secret-file when --role standby")
        }
        if role == .standby && peerURL == nil {
            throw .missingArgument(command: arguments.commandName, what: "--peer URL of the primary when --role standby")
        }
    }

    /// The store configuration for this node's database.
    var storeConfiguration: StoreConfiguration {
        var configuration = StoreConfiguration(path: databasePath)
        configuration.synchronous = synchronous
        return configuration
    }

    /// The game API's configuration.
    var apiConfiguration: APIConfiguration {
        var configuration = APIConfiguration()
        configuration.tokenTTL = .seconds(tokenTTLSeconds)
        configuration.startingGold = Int64(startingGold)
        configuration.passwordIterations = passwordIterations
        return configuration
    }

    /// The API listener's configuration.
    var apiServerConfiguration: HTTPServerConfiguration {
        var configuration = HTTPServerConfiguration()
        configuration.host = bindHost
        configuration.port = apiPort
        configuration.limits.maxBodyBytes = maxBodyBytes
        return configuration
    }

    /// The internal listener's configuration: the API's limits on its own address and port. Its clients are the peer
    /// node and Prometheus, so a small connection cap is plenty.
    var internalServerConfiguration: HTTPServerConfiguration {
        var configuration = apiServerConfiguration
        configuration.host = internalBindHost
        configuration.port = internalPort
        configuration.maxConnections = 256
        return configuration
    }

    enum CodingKeys: String, CodingKey {
        case dataDirectory = "dataDir", bindHost = "bind", apiPort, webSocketPort = "wsPort", role, peerURL = "peer"
        case internalBindHost = "internalBind", internalPort
        case secretFile, logLevel, workerCount = "workers", loopCount = "loops", isDemo = "demo", demoAuctions, synchronous
        case shutdownTimeoutSeconds = "shutdownTimeout", maxBodyBytes
        case worldSeed, tokenTTLSeconds = "tokenTTL", startingGold, passwordIterations, atlas
        case cloud
        case replicationSecretFile, replicationRetainedRecords = "replicationRetention"
        case isSyncReplication = "replicationMode", syncTimeoutMilliseconds = "syncTimeout", syncFallback
        case autoPromoteAfterSeconds = "autoPromoteAfter", backupDirectory = "backupDir"
        case logArchiveDirectory = "logArchive"
        case webSocketMaxConnections = "wsMaxConnections"
        case storageWarnFreeBytes
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(dataDirectory, forKey: .dataDirectory)
        try container.encode(bindHost, forKey: .bindHost)
        try container.encode(apiPort, forKey: .apiPort)
        try container.encode(webSocketPort, forKey: .webSocketPort)
        try container.encode(internalBindHost, forKey: .internalBindHost)
        try container.encode(internalPort, forKey: .internalPort)
        try container.encode(role, forKey: .role)
        try container.encodeIfPresent(peerURL.map(Self.maskCredentials), forKey: .peerURL)
        try container.encode(secretFile, forKey: .secretFile)
        try container.encode(logLevel.rawValue, forKey: .logLevel)
        try container.encode(workerCount, forKey: .workerCount)
        try container.encode(loopCount, forKey: .loopCount)
        try container.encode(isDemo, forKey: .isDemo)
        try container.encode(demoAuctions, forKey: .demoAuctions)
        try container.encode(synchronous.rawValue, forKey: .synchronous)
        try container.encode(shutdownTimeoutSeconds, forKey: .shutdownTimeoutSeconds)
        try container.encode(maxBodyBytes, forKey: .maxBodyBytes)
        try container.encode(String(worldSeed), forKey: .worldSeed)
        try container.encode(tokenTTLSeconds, forKey: .tokenTTLSeconds)
        try container.encode(startingGold, forKey: .startingGold)
        try container.encode(passwordIterations, forKey: .passwordIterations)
        try container.encodeIfPresent(atlas, forKey: .atlas)
        try container.encode(cloud, forKey: .cloud)
        try container.encodeIfPresent(replicationSecretFile, forKey: .replicationSecretFile)
        try container.encode(replicationRetainedRecords, forKey: .replicationRetainedRecords)
        try container.encode(isSyncReplication ? "sync" : "async", forKey: .isSyncReplication)
        try container.encode(syncTimeoutMilliseconds, forKey: .syncTimeoutMilliseconds)
        try container.encode(syncFallback.rawValue, forKey: .syncFallback)
        try container.encodeIfPresent(autoPromoteAfterSeconds, forKey: .autoPromoteAfterSeconds)
        try container.encodeIfPresent(backupDirectory, forKey: .backupDirectory)
        try container.encodeIfPresent(logArchiveDirectory, forKey: .logArchiveDirectory)
        try container.encode(webSocketMaxConnections, forKey: .webSocketMaxConnections)
        try container.encode(storageWarnFreeBytes, forKey: .storageWarnFreeBytes)
    }

    /// `https://user:secret@host` becomes `https://user:***@host`: printed configuration never shows a password.
    static func maskCredentials(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://"), let at = url[schemeEnd.upperBound...].firstIndex(of: "@") else { return url }
        let userInfo = url[schemeEnd.upperBound..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at...])
    }
}
