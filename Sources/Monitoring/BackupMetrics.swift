import Foundation
import Store
import Telemetry

/// The backup gauge of a node started with `--backup-dir`: when the newest backup there was taken, so an alert can
/// say "no backup for a day" (`ops/prometheus/worldgame-alerts.yml`).
///
/// Read on each scrape from the folder's manifests (a directory listing and one small file, like the pruner's backup
/// hook); 0 while the folder holds no backup with a readable manifest.
public enum BackupMetrics {
    /// Registers `worldgame_backup_last_success_timestamp_seconds`, read from `backupDirectory` on each scrape.
    public static func register(in registry: MetricsRegistry, backupDirectory: String) throws {
        try registry.makeCallbackGauge(
            "worldgame_backup_last_success_timestamp_seconds",
            help: "Unix time the newest backup in --backup-dir was taken (its manifest's created_at); 0: none.") {
                BackupRetention.newestBackupDate(in: backupDirectory)?.timeIntervalSince1970 ?? 0
            }
    }
}
