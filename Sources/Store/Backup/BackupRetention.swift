import Clocks
import Foundation

/// Names timestamped backups in a folder (`worldgame-20261126T012233Z.db`) and prunes all but the newest N.
///
/// Stateless; runs on the calling thread. Only files matching the name pattern (and their manifests) are touched.
public enum BackupRetention {
    /// The file name of a backup taken at `instant`; names sort in time order.
    public static func fileName(at instant: UnixMilliseconds) -> String {
        "worldgame-\(BackupFileSystem.timestamps(instant).fileStamp).db"
    }

    /// The backups in `directory`, oldest first (file names only).
    public static func backups(in directory: String) throws(BackupError) -> [String] {
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw .fileOperationFailed(operation: "list", path: directory, reason: error.localizedDescription)
        }
        return entries.filter { $0.hasPrefix("worldgame-") && $0.hasSuffix(".db") }.sorted()
    }

    /// Removes all but the newest `keep` backups (each with its manifest); returns the removed backup paths.
    public static func prune(directory: String, keep: Int) throws(BackupError) -> [String] {
        let all = try backups(in: directory)
        guard all.count > keep else { return [] }
        var removed: [String] = []
        for name in all.prefix(all.count - max(keep, 0)) {
            let path = directory + "/" + name
            try BackupFileSystem.removeIfPresent(BackupManifest.path(forBackup: path))
            try BackupFileSystem.removeIfPresent(path)
            removed.append(path)
        }
        return removed
    }
}

extension BackupRetention {
    /// The replication sequence number the newest intact-looking backup in `directory` covers: the log records up to
    /// it may be pruned as far as backups are concerned. Nil when the folder holds no backup with a replication
    /// position (so pruning must not rely on backups). Reads manifests only; a backup without a readable manifest
    /// is skipped.
    public static func newestCoveredSequence(in directory: String) -> Int64? {
        guard let names = try? backups(in: directory) else { return nil }
        for name in names.reversed() {
            let path = directory + "/" + name
            guard let manifest = try? BackupManifest.read(forBackup: path) else { continue }
            if let sequence = manifest.replicationSequence { return sequence }
        }
        return nil
    }

    /// When the newest backup in `directory` with a readable manifest was taken (its manifest's `created_at`): what
    /// the `worldgame_backup_last_success_timestamp_seconds` gauge reports. Nil when there is none (a backup is
    /// counted only once `worldgame backup` wrote its manifest, after the copy passed `integrity_check`).
    public static func newestBackupDate(in directory: String) -> Date? {
        guard let names = try? backups(in: directory) else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        for name in names.reversed() {
            guard let manifest = try? BackupManifest.read(forBackup: directory + "/" + name),
                  let date = formatter.date(from: manifest.createdAt) else { continue }
            return date
        }
        return nil
    }
}
