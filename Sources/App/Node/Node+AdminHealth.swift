import API
import Foundation
import Replication
import Store

extension Node {
    /// A standby that polled within this long counts as connected.
    static let standbyContactWindow: Duration = .seconds(10)

    /// The source of `GET /api/admin/health`: what `worldgame status`, `/ready` and the metrics read, gathered on the
    /// calling event loop (locks held only to copy; the one I/O is the backup directory's listing). Weak: the
    /// router that holds the closure belongs to the node.
    func adminHealthSource() -> @Sendable () -> AdminNodeHealth {
        let schemaVersion = (try? DatabaseSetup.embeddedMigrations().last.map { Int64($0.version) }) ?? nil
        return { [weak self] in
            guard let self else { return AdminNodeHealth(role: "primary", release: WorldgameCommand.version, isReady: false) }
            return adminHealth(schemaVersion: schemaVersion)
        }
    }

    private func adminHealth(schemaVersion: Int64?) -> AdminNodeHealth {
        let state = replication?.node.current
        var reasons: [String] = []
        if let reason = readiness.notReadyReason { reasons.append(reason) }
        if state?.isFenced == true { reasons.append("fenced: a peer is primary in a higher term") }
        if let message = storage?.notReadyMessage { reasons.append(message) }
        if let stale = state?.staleWriterReason { reasons.append(stale) }
        var health = AdminNodeHealth(
            role: state?.role.rawValue ?? "primary", term: state?.term, release: WorldgameCommand.version,
            schemaVersion: schemaVersion, protocolVersion: Int64(NodeVersion.currentProtocol),
            isReady: reasons.isEmpty, readyReasons: reasons,
            hasBackupDirectory: configuration.backupDirectory != nil,
            recentErrors: recentErrors.recent.map { entry in
                AdminNodeHealth.RecentError(at: entry.at, message: entry.error.map { "\(entry.message): \($0)" } ?? entry.message,
                                            requestID: entry.requestID)
            })
        if let state, let feed = replication?.feed {
            var replicationHealth = AdminNodeHealth.Replication(
                mode: configuration.isSyncReplication ? "sync" : "async", isFenced: state.isFenced)
            if state.role == .primary {
                let contact = feed.lastStandbyContact.map { ContinuousClock.now - $0 < Self.standbyContactWindow }
                replicationHealth.standbyConnected = contact ?? false
                if let acknowledged = feed.minimumAcknowledgedSeq() {
                    replicationHealth.lagRecords = max(0, state.headSeq - acknowledged)
                }
                if let syncGate { replicationHealth.isDegraded = syncGate.isDegraded }
            } else {
                replicationHealth.lagRecords = state.lagRecords
                replicationHealth.lagMilliseconds = state.lagMilliseconds(nowMilliseconds: clock.now.rawValue)
            }
            health.replication = replicationHealth
        }
        if let storage {
            let status = storage.status
            health.storage = AdminNodeHealth.Storage(freeBytes: status.freeBytes ?? -1,
                                                     floorBytes: Int64(configuration.storageWarnFreeBytes),
                                                     isFull: status.isFull)
        }
        if let directory = configuration.backupDirectory, let date = BackupRetention.newestBackupDate(in: directory) {
            health.lastBackupAt = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        }
        return health
    }
}
