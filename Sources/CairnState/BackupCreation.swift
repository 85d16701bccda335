import Foundation
import GRDB

/// A backup file with its manifest.
public struct BackupEntry: Sendable, Hashable {
    public var path: String
    public var manifest: BackupManifest
    public var size: Int64
}

extension SQLiteStateStore {
    /// Copies the state, consistently and while it stays usable, into `folder` as a new backup
    /// file (mode 0600) with its manifest.
    ///
    /// It does not look at the lock: `backup create` refuses a locked state itself, while the
    /// automatic backups run under the lock their own command holds. The copy never carries a lock.
    public func createBackup(stack: String, folder: String, cairnVersion: String, now: Date = Date()) throws -> BackupEntry {
        // At the manifest's precision, so the returned manifest equals the one read back.
        let now = StoredTime.date(milliseconds: StoredTime.milliseconds(now))
        try BackupFiles.createPrivateFolder(folder)
        // Written under a hidden name first: the final name needs the serial, known only once copied.
        let partial = URL(fileURLWithPath: folder).appendingPathComponent(".partial-\(UUID().uuidString).sqlite").path
        let facts: CopyFacts
        do {
            facts = try writeSelfContainedCopy(to: partial)
        } catch {
            StateFileAccess.removeWithSidecars(partial)
            throw error
        }
        var attempt = 1
        var path: String
        repeat {
            let name = BackupNaming.fileName(stack: stack, serial: facts.serial, time: now, attempt: attempt)
            path = URL(fileURLWithPath: folder).appendingPathComponent(name).path
            attempt += 1
        } while FileManager.default.fileExists(atPath: path)
            || FileManager.default.fileExists(atPath: BackupNaming.manifestPath(forBackup: path))
        do {
            try BackupFiles.move(partial, to: path)
        } catch {
            StateFileAccess.removeWithSidecars(partial)
            throw error
        }
        let manifest = BackupManifest(
            stack: stack, lineage: facts.lineage, serial: facts.serial, time: now, cairnVersion: cairnVersion,
            sha256: try BackupFiles.sha256(of: path), resourceCount: facts.resourceCount,
            file: URL(fileURLWithPath: path).lastPathComponent)
        // The manifest comes last: a backup without one is never listed as good or restored.
        try BackupFiles.writeAtomically(try manifest.encoded(), to: BackupNaming.manifestPath(forBackup: path))
        BackupFiles.syncFolder(folder)
        return BackupEntry(path: path, manifest: manifest, size: BackupFiles.size(of: path))
    }

    struct CopyFacts {
        var lineage: String
        var serial: Int
        var resourceCount: Int
    }

    /// SQLite's online backup into a new file, then made self-contained: no lock row, and the
    /// rollback journal instead of WAL so the whole backup is one file that can be copied alone.
    private func writeSelfContainedCopy(to destination: String) throws -> CopyFacts {
        guard try StateFileAccess.createPrivateFile(at: destination) else {
            throw StateError("cannot back up state to \(destination): the file already exists")
        }
        do {
            var configuration = Configuration()
            configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            let target = try DatabaseQueue(path: destination, configuration: configuration)
            try dbQueue.backup(to: target)
            let facts = try target.writeWithoutTransaction { db -> CopyFacts in
                try db.execute(sql: "DELETE FROM lock")
                try db.execute(sql: "PRAGMA journal_mode = DELETE")
                let (lineage, serial) = try Self.meta(db)
                let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM resources") ?? 0
                return CopyFacts(lineage: lineage, serial: serial, resourceCount: count)
            }
            try target.close()
            return facts
        } catch {
            throw StateDatabaseErrors.translate(error, path: path, action: "back up to \(destination) from")
        }
    }
}
