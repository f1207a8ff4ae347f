import API
import Clocks
import Engine
import Foundation
import Game
import HTTP
import Jobs
import Lifecycle
import Locking
import Monitoring
import Net
import Realtime
import Replication
import Store
import Telemetry
import WebSocket

/// A running `worldgame serve` node: the database, the writer and readers, the event loops, the public API listener
/// and the internal listener (replication and `/metrics`, for the peer node and Prometheus on the private network).
///
/// Created and driven by the main thread: `start()` builds the parts in dependency order and starts each as it joins
/// `services`; `stop(deadline:)` stops that list in reverse. Start order: the data dir's lock, the storage monitor,
/// the event loops, the sync gate, the writer, the readers, the cloud queue link, the primary's services (a standby
/// starts them on promotion), the internal listener, replication (feed, follower), the API, the realtime gateway, the
/// systemd watchdog, sync gating, the peer watcher. So a stop stops watching and accepting first, drains the
/// listeners (the API before replication, whose stop answers the long polls the internal listener then drains), stops
/// the jobs, closes the readers, flushes the writer, releases what the sync gate holds, and frees the lock last.
// Safety: the optional parts are assigned only by `start()` on the main thread, before the shutdown thread that calls
// `stop(deadline:)`, the promote thread and the peer watcher exist; after that they are only read. Everything they
// point to is Sendable; what changes on promotion and fencing lives in `PrimaryServices` behind its own lock, and the
// running services in `services` behind its own.
final class Node: @unchecked Sendable {
    let configuration: NodeConfiguration
    let logger: Logger
    let metrics: NodeMetrics
    /// The one wall clock of every time-based rule on this node (auctions, jobs, tokens, replication, export).
    let clock: any WallClock
    let readiness = Readiness()
    private let startTime = ContinuousClock.now
    /// The running parts, in start order; `stop(deadline:)` stops them in reverse.
    let services = ServiceGroup()
    private(set) var writer: Writer?
    private(set) var readers: ReaderPool?
    private(set) var loops: EventLoopGroup?
    private(set) var apiServer: HTTPServer?
    /// The internal listener (`--internal-bind`/`--internal-port`): `/replication/*`, `/metrics`, `/health`, `/ready`.
    private(set) var internalServer: HTTPServer?
    /// The realtime gateway (WebSocket port, path `/ws`).
    private(set) var gatewayServer: WebSocketServer?
    /// The gateway's handler (closes every socket with 1012 when this node hands its primary role over).
    private(set) var gateway: RealtimeGateway?
    private(set) var apiEnvironment: APIEnvironment?
    /// The primary-only parts (jobs, scheduler, relay): started at start-up or on promotion.
    private(set) var primary: PrimaryServices?
    /// The domain services and the job queue, built once whatever the role.
    private(set) var domainServices: DomainServices?
    /// Committed domain events, published by the writer's afterCommit actions (the realtime gateway listens).
    let events = EventBus()
    /// Hands committed events to the realtime hub with their log positions (subscribed to `events` before the writer
    /// runs; see `RealtimeEventFeed`).
    let realtimeFeed: RealtimeEventFeed
    private(set) var watchdog: ServiceWatchdog?
    /// The OCI Queue link (outbox relay, consumer, local store); nil when the cloud queue is not configured.
    private(set) var cloud: NodeCloud?
    /// Role, log recorder, feed and follower (see `NodeReplication`).
    private(set) var replication: NodeReplication?
    /// `--replication-mode sync`: holds command results until the standby acknowledged their batch.
    private(set) var syncGate: SyncReplicationGate?
    /// With `--peer`: fences this node when the peer is primary in a higher term; auto-promotes a standby (opt-in).
    private(set) var peerWatcher: PeerTermWatcher?
    /// The data dir's lock (`worldgame.lock`), held from start-up to the end of `stop(deadline:)`.
    private(set) var dataDirectoryLock: DataDirectoryLock?
    /// Free space and disk-full state of the data dir (`/ready` 503 `storage_full`, `worldgame_storage_*` gauges).
    private(set) var storage: StorageMonitor?
    /// The API port's routes as registered (the OpenAPI test compares them with the document).
    private(set) var routes: [(method: HTTPMethod, pattern: String)] = []
    /// The newest error lines of the node's log, for `GET /api/admin/health`.
    let recentErrors: RecentErrorLog
    /// The internal listener's routes as registered (compared with the document's `x-internal-listener` part).
    private(set) var internalRoutes: [(method: HTTPMethod, pattern: String)] = []

    init(configuration: NodeConfiguration, logSink: any LogSink = JSONLinesSink.standardOutput,
         clock: any WallClock = SystemClock()) throws {
        self.configuration = configuration
        self.clock = clock
        realtimeFeed = RealtimeEventFeed(bus: events)
        recentErrors = RecentErrorLog(wrapping: logSink)
        logger = Logger(label: "worldgame", level: configuration.logLevel, sink: recentErrors)
        let registry = MetricsRegistry()
        metrics = try NodeMetrics(registry: registry)
        try ProcessMetrics.register(in: registry, startTime: startTime)
        try MallocMetrics.register(in: registry)
    }

    /// The port the API listens on (useful with `--api-port 0`).
    var apiPort: Int { apiServer?.localPort ?? configuration.apiPort }

    /// The port the internal listener listens on (useful with `--internal-port 0`).
    var internalPort: Int { internalServer?.localPort ?? configuration.internalPort }

    /// Brings the node up in dependency order; on return it serves and `/ready` answers 200.
    func start() throws {
        logger.info("node starting", [
            ("data_dir", .string(configuration.dataDirectory)), ("role", .string(configuration.role.rawValue)),
            ("loops", .int(Int64(configuration.loopCount))), ("version", .string(WorldgameCommand.version)),
        ])
        let (writer, loops) = try openStore()
        let readers = try ReaderPool(configuration: configuration.storeConfiguration, count: configuration.loopCount)
        self.readers = readers
        try services.start(ClosureService(name: "readers") { _ in readers.close(); return true })
        let domainServices = try DomainServices(configuration: configuration, writer: writer, events: events,
                                                registry: metrics.registry, clock: clock, logger: logger)
        self.domainServices = domainServices
        let cloud = try NodeCloud.makeIfConfigured(configuration: configuration, registry: metrics.registry,
                                                   clock: clock, logger: logger)
        self.cloud = cloud
        if let cloud { try services.start(cloud) }
        let primary = PrimaryServices(context: .init(configuration: configuration, writer: writer,
                                                     services: domainServices, events: events, metrics: metrics,
                                                     clock: clock, logger: logger, cloud: cloud))
        self.primary = primary
        try services.start(PrimaryRoleService(primary: primary, isPrimary: replication?.node.isPrimary ?? true))
        let internalServer = try startInternal(readers: readers, loops: loops)
        if let replication {
            try services.start(replication.service(writer: writer, events: events, feed: realtimeFeed,
                                                   readiness: readiness, logger: logger))
        }
        let server = try startAPI(writer: writer, readers: readers, loops: loops, services: domainServices)
        try startGateway(loops: loops, services: domainServices)
        try startWatchdog(loops: loops, writer: writer)
        if let syncGate {
            // Gates only from now on: the node's own start-up writes must not wait for a standby that connects once
            // the node serves. Stopping is the gate's own entry, after the writer.
            try services.start(ClosureService(name: "sync-replication-activation", start: { syncGate.activate() }) { _ in
                true
            })
        }
        if let peerWatcher { try services.start(peerWatcher) }   // last: its promotions find every part assigned
        readiness.set(.ready, ifCurrent: .starting)   // a re-bootstrap that began meanwhile sets it when done
        logger.info("node ready", [
            ("api", .string("http://\(configuration.bindHost):\(server.localPort)/")),
            ("internal_port", .int(Int64(internalServer.localPort))),
            ("startup_ms", .double((ContinuousClock.now - startTime).milliseconds)),
        ])
    }

    /// Creates the data folder, applies migrations and starts the writer; the data dir's lock, the storage monitor,
    /// the event loops, the sync gate and the writer join `services` (so they stop last, the lock very last).
    private func openStore() throws -> (Writer, EventLoopGroup) {
        try DataDirectory.prepare(configuration.dataDirectory)
        let dataDirectoryLock = try DataDirectoryLock.acquire(dataDirectory: configuration.dataDirectory,
                                                              command: "worldgame serve")
        self.dataDirectoryLock = dataDirectoryLock
        try services.start(dataDirectoryLock)
        let storage = StorageMonitor(configuration: .init(dataDirectory: configuration.dataDirectory,
                                                          warnFreeBytes: Int64(configuration.storageWarnFreeBytes)),
                                     logger: logger)
        try storage.register(in: metrics.registry)
        self.storage = storage
        try services.start(storage)   // samples free space from now on, through migration and bootstrap
        try services.start(HeapTrimmer(logger: logger, registry: metrics.registry))
        let applied = try DatabaseSetup.migrate(configuration.storeConfiguration, clock: clock,
                                                isLogged: configuration.role != .standby)
        if !applied.isEmpty {
            logger.info("migrations applied", [("versions", .string(applied.map { String($0.version) }.joined(separator: ",")))])
        }
        let replication = try NodeReplication.prepare(configuration: configuration, clock: clock, logger: logger)
        self.replication = replication
        try ReplicationMetrics.register(in: metrics.registry, node: replication.node, clock: clock)
        try ReplicationMetrics.register(in: metrics.registry, feed: replication.feed)
        // In this order on the writer thread: metrics and storage see each commit, metrics then the stale-writer
        // log each failed batch; the recorder appends the log record before the feed queues its position.
        let observers: [any WriterObserver] = [
            metrics.writerObserver(logger: logger), storage, StaleWriterLog(logger: logger), replication.recorder,
            realtimeFeed.writerObserver(node: replication.node),
        ]
        // The loops stop after the writer and the sync gate: completions released late still reach their loops.
        let loops = try EventLoopGroup(loopCount: configuration.loopCount)
        self.loops = loops
        try services.start(ClosureService(name: "event-loops") { _ in loops.shutdown(); return true })
        let completionGate = configuration.isSyncReplication ? try makeSyncGate(replication) : nil
        if let completionGate {
            // Stops after the writer shut down, releasing what it still holds.
            try services.start(ClosureService(name: "sync-replication-gate") { _ in completionGate.stop(); return true })
        }
        if let backupDirectory = configuration.backupDirectory {
            replication.pruner.setBackupCoverage { BackupRetention.newestCoveredSequence(in: backupDirectory) }
            try BackupMetrics.register(in: metrics.registry, backupDirectory: backupDirectory)
        }
        if let archiveDirectory = configuration.logArchiveDirectory {
            ReplicationArchiver(archive: ReplicationArchive(directory: archiveDirectory), logger: logger)
                .install(into: replication.pruner)
        }
        let node = replication.node
        let writer = try Writer(configuration: configuration.storeConfiguration, observers: observers,
                                completionGate: completionGate,
                                preCommitStep: SquareObjects.preCommitStep(isPrimary: { node.isPrimary }))
        self.writer = writer
        try services.start(ClosureService(name: "writer") { _ in writer.shutdown(); return true })
        peerWatcher = makePeerWatcher(replication)   // a primary asks its peer before any write
        try metrics.registry.makeCallbackGauge(
            "worldgame_writer_queue_depth", help: "Commands waiting for the writer.") { Double(writer.queuedCommandCount) }
        return (writer, loops)
    }

    /// The sync-mode gate over the replication feed's acknowledgements (`docs/failover.md`).
    private func makeSyncGate(_ replication: NodeReplication) throws -> SyncReplicationGate {
        let node = replication.node
        let feed = replication.feed
        var gateConfiguration = SyncReplicationGate.Configuration(
            headSequence: { node.current.headSeq },
            waitForAcknowledgement: { feed.waitForAcknowledgement(of: $0, timeout: $1) },
            timeout: .milliseconds(configuration.syncTimeoutMilliseconds), fallback: configuration.syncFallback)
        gateConfiguration.isPrimary = { node.isPrimary }
        let gate = SyncReplicationGate(configuration: gateConfiguration, logger: logger,
                                       metrics: try SyncReplicationMetrics(registry: metrics.registry))
        syncGate = gate
        return gate
    }

    /// Builds the router (system routes and the game API) and starts listening.
    private func startAPI(writer: Writer, readers: ReaderPool, loops: EventLoopGroup,
                          services domain: DomainServices) throws -> HTTPServer {
        let secret = try SecretFile.loadOrCreate(path: configuration.secretFile)
        let apiEnvironment = try APIEnvironment(configuration: configuration.apiConfiguration, writer: writer,
                                                readers: readers, secret: secret, logger: logger,
                                                metricsRegistry: metrics.registry, clock: clock, events: events)
        self.apiEnvironment = apiEnvironment
        // Stops after the API and the gateway drained: their last requests may still be hashing passwords.
        try services.start(ClosureService(name: "api-environment") { _ in apiEnvironment.shutdown(); return true })
        var handlers = RouteHandlers(system: systemRoutes.handlers)
        handlers.addGame(environment: apiEnvironment, land: domain.land, players: domain.players,
                         auctions: domain.auctions)
        handlers.addMarket(environment: apiEnvironment, market: domain.market)
        handlers.addAdmin(environment: apiEnvironment, services: AdminServices(
            auctions: domain.auctions, market: domain.market, players: domain.players, jobs: domain.jobQueue,
            health: adminHealthSource()))
        var router = Router()
        RouteTable.register(in: &router, listener: .api, handlers: handlers)
        systemRoutes.registerWebClient(in: &router)
        if let replication { router.wrapHandlers(replication.writeGuard.wrap) }
        routes = router.routes
        let metrics = self.metrics
        let requestLogger = logger
        let server = HTTPServer(
            configuration: configuration.apiServerConfiguration, group: loops, router: router,
            onRequestCompleted: { record in
                metrics.record(record)
                RequestLog.write(record, to: requestLogger)
            })
        try services.start(ListenerService(name: "api-listener", server: server))
        apiServer = server
        try metrics.registry.makeCallbackGauge(
            "worldgame_http_open_connections", help: "Open HTTP connections on the API port.") { [weak server] in
                // Weak: the server's router holds the registry (system routes), so a strong capture is a cycle.
                Double(server?.openConnectionCount ?? 0)
            }
        return server
    }

    /// Starts the internal listener on the API's loops: the probes, `/metrics` and the replication routes (still
    /// guarded by the pair's secret), behind the same standby write guard as the API.
    private func startInternal(readers: ReaderPool, loops: EventLoopGroup) throws -> HTTPServer {
        var handlers = RouteHandlers(system: systemRoutes.handlers)
        if let replication {
            var routes = replication.routes(readers: readers, databasePath: configuration.databasePath) { [weak self] in
                guard let self else { throw ReplicationError.notPrimary(primaryURL: nil) }
                return try promoteOnline()
            }
            routes.takeOver = { [weak self] in
                guard let self else { throw ReplicationError.notPrimary(primaryURL: nil) }
                return try promoteOnline(waitForServices: false)
            }
            if let writer { routes.switchover = makeSwitchover(replication, writer: writer) }
            handlers.replication = ReplicationRouteHandlers(routes)
        }
        var router = Router()
        RouteTable.register(in: &router, listener: .internalNetwork, handlers: handlers)
        if let replication { router.wrapHandlers(replication.writeGuard.wrap) }
        internalRoutes = router.routes
        let metrics = self.metrics
        let server = HTTPServer(configuration: configuration.internalServerConfiguration, group: loops, router: router,
                                onRequestCompleted: { record in metrics.record(record) })
        try services.start(ListenerService(name: "internal-listener", server: server))   // addressInUse names host and port
        internalServer = server
        logger.info("internal listener listening", [
            ("host", .string(configuration.internalBindHost)), ("port", .int(Int64(server.localPort))),
        ])
        return server
    }

    /// The system routes of both listeners (one readiness, one registry).
    private var systemRoutes: SystemRoutes {
        SystemRoutes(readiness: readiness, metrics: metrics.registry,
                     ports: WebAssets.Ports(api: configuration.apiPort, webSocket: configuration.webSocketPort),
                     replicationNode: replication?.node, writeBlocker: writeBlocker)
    }

    /// Starts the realtime gateway on the API's loops: a hub fed by committed events, JWT auth with the API's signer,
    /// bids answered by the `AuctionService` and merges by the `LandService` the REST routes call.
    private func startGateway(loops: EventLoopGroup, services domain: DomainServices) throws {
        guard let apiEnvironment else { return }
        let realtimeMetrics = try RealtimeMetrics(registry: metrics.registry)
        var realtimeConfiguration = RealtimeConfiguration()
        realtimeConfiguration.maxMergeSquares = LandService.maxMergeRequestSquares
        let hub = RealtimeHub(configuration: realtimeConfiguration, metrics: realtimeMetrics)
        try restore(hub, recordCount: realtimeConfiguration.restoredRecordCount)
        let commands = SocketCommands(auctions: domain.auctions, land: domain.land, logger: logger,
                                      replicationNode: replication?.node)
        // A player's socket that nginx marks as needing the primary is refused (503) on a standby, so nginx hands the
        // upgrade to the peer; other sockets (a standby's read-only event consumers) are admitted anywhere.
        let socketGuard = replication?.writeGuard
        let gateway = RealtimeGateway(configuration: realtimeConfiguration, hub: hub,
                                      verifier: Self.tokenVerifier(apiEnvironment.authenticator, loops: loops),
                                      commands: commands, metrics: realtimeMetrics, clock: clock,
                                      admission: { request in socketGuard?.socketRefusal(for: request) })
        // Signed-out sessions end at once: a committed `sessions_revoked` (here or, on a standby, replicated) closes
        // the player's sockets of older token generations.
        // A suspension closes them with 4003 "account suspended" (`account_suspended`, same path).
        events.subscribe { [weak gateway] events in
            for event in events {
                if let suspended = PlayerSuspensionEvents.decodeSuspended(event) {
                    gateway?.closeSessions(playerID: suspended.playerID, tokenGenerationBelow: suspended.tokenGeneration,
                                           as: .suspended)
                }
                guard let revoked = PlayerSessionEvents.decodeRevoked(event) else { continue }
                gateway?.closeSessions(playerID: revoked.playerID, tokenGenerationBelow: revoked.tokenGeneration)
            }
        }
        var gatewayConfiguration = WebSocketServerConfiguration()
        gatewayConfiguration.host = configuration.bindHost
        gatewayConfiguration.port = configuration.webSocketPort
        gatewayConfiguration.maxConnections = configuration.webSocketMaxConnections
        let server = WebSocketServer(configuration: gatewayConfiguration, group: loops, handler: gateway) { event in
            realtimeMetrics.record(event)
        }
        try services.start(ClosureService(name: "realtime-gateway", start: { try server.start() }) { deadline in
            server.shutdown(deadline: deadline)
        })
        gatewayServer = server
        self.gateway = gateway
        logger.info("realtime gateway listening", [("port", .int(Int64(server.localPort)))])
    }

    /// Loads the newest log records' events into `hub` and connects it to the feed, in one writer command: batches
    /// committed before it are in the log it reads, later ones reach the hub live (a late, held publication of an
    /// earlier batch is recognised by its position and ignored).
    private func restore(_ hub: RealtimeHub, recordCount: Int) throws {
        guard let writer else { return }
        let feed = realtimeFeed
        let restored = try writer.performAndWait { transaction in
            let history = try RealtimeEventFeed.loadHistory(recordCount: recordCount, in: transaction)
            hub.restore(history)
            feed.connect(hub)
            return (history.batches.count, history.firstLogSeq, history.head.logSeq)
        }
        logger.info("realtime windows restored from the log", [
            ("records_with_events", .int(Int64(restored.0))), ("first_seq", .int(restored.1)), ("head_seq", .int(restored.2)),
        ])
    }

    /// Checks a socket's token as the REST routes do (signature, claims, then the player's token generation on the
    /// calling loop's reader); expiry, not-yet-valid and revocation keep their own reasons (close 4001).
    private static func tokenVerifier(_ authenticator: Authenticator, loops: EventLoopGroup) -> TokenVerifier {
        { token in
            // The gateway runs on the API's loops, so the calling loop's index selects its own reader.
            guard let loopIndex = loops.loops.firstIndex(where: \.inEventLoop) else {
                return .failure(.invalidToken(detail: "rejected"))
            }
            do {
                let player = try authenticator.authenticate(token: token, loopIndex: loopIndex)
                return .success(RealtimeIdentity(playerID: player.playerID, role: player.claims.role,
                                                 expiresAt: player.claims.expiresAt,
                                                 tokenGeneration: player.claims.generation))
            } catch AuthError.invalidToken(.expired(let expiredAt)) {
                return .failure(.expired(expiredAt: expiredAt))
            } catch AuthError.invalidToken(.notYetValid(let validFrom)) {
                return .failure(.notYetValid(validFrom: validFrom))
            } catch AuthError.sessionRevoked {
                return .failure(.revoked)
            } catch AuthError.accountSuspended {
                return .failure(.suspended)
            } catch {
                return .failure(.invalidToken(detail: "rejected"))
            }
        }
    }

    /// What keeps this node from taking writes, for `/ready`: a stale writer (another process wrote the database),
    /// then a full disk.
    private var writeBlocker: @Sendable () -> (code: String, message: String)? {
        let storage = storage
        let replicationNode = replication?.node
        return {
            if let reason = replicationNode?.current.staleWriterReason {
                return ("writer_stale", "writer_stale: \(reason); stop the other process writing this data dir, "
                        + "then restart this node")
            }
            return storage?.notReadyMessage.map { ("storage_full", $0) }
        }
    }

    /// Starts pinging systemd's watchdog when the unit asked for it (`WatchdogSec=`).
    private func startWatchdog(loops: EventLoopGroup, writer: Writer) throws {
        let environment = ProcessInfo.processInfo.environment
        guard let interval = ServiceWatchdog.interval(environment: environment,
                                                      processID: ProcessInfo.processInfo.processIdentifier) else { return }
        let watchdog = ServiceWatchdog(interval: interval, loops: loops.loops, writer: writer, logger: logger,
                                       environment: environment)
        try services.start(watchdog)
        self.watchdog = watchdog
        logger.info("systemd watchdog enabled", [("ping_interval_ms", .double(interval.milliseconds))])
    }

    /// Takes the node down within `deadline` (each service gets the whole deadline, one after the other): stops
    /// `services` in reverse start order; returns whether in-flight work drained and the jobs stopped in time.
    @discardableResult
    func stop(deadline: Duration) -> Bool {
        readiness.set(.draining)
        logger.info("node stopping", [("deadline_seconds", .int(deadline.components.seconds))])
        let stopped = services.stop(deadline: deadline)
        logger.info("node stopped", [("drained", .bool(stopped))])
        return stopped
    }
}
