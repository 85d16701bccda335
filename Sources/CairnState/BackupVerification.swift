import Foundation
import GRDB

/// A backup that failed one of the checks, named by `check`.
public struct BackupInvalidError: Error, Sendable, CustomStringConvertible {
    public enum Check: String, Sendable {
        /// The manifest is missing or unreadable, or the file it names is missing.
        case manifest
        /// The file's SHA-256 differs from the manifest's.
        case checksum
        /// SQLite's `PRAGMA integrity_check` did not say ok.
        case integrity
        /// It does not open as a Cairn state matching the manifest.
        case state
    }

    public var file: String
    public var check: Check
    public var detail: String

    public var description: String { "backup \(file) failed the \(check.rawValue) check: \(detail)" }
}

/// A backup proven good and opened from a private scratch copy: later steps use exactly the bytes
/// that were checked, whatever happens to the original meanwhile.
public struct VerifiedBackup: Sendable {
    public let file: String
    public let manifest: BackupManifest
    /// The scratch copy, opened as a state (migrated forward if the backup is from an older Cairn).
    public let store: SQLiteStateStore
    public let snapshot: StateSnapshot
}

public enum BackupVerifier {
    /// Copies `file` (a backup, or its manifest) into `scratchFolder` and checks, in order: the
    /// manifest, the SHA-256, `PRAGMA integrity_check`, and that it opens as the Cairn state the
    /// manifest describes, opening its secrets with the key `key` gives for it. Throws
    /// `BackupInvalidError` naming the first check that failed.
    public static func verify(
        _ file: String, scratchFolder: String,
        key: (BackupManifest) throws -> Data
    ) throws -> VerifiedBackup {
        let (backupPath, manifest) = try readManifest(file)
        let scratch = URL(fileURLWithPath: scratchFolder).appendingPathComponent("backup-\(UUID().uuidString.prefix(8)).sqlite").path
        func fail(_ check: BackupInvalidError.Check, _ detail: String) -> BackupInvalidError {
            BackupInvalidError(file: backupPath, check: check, detail: detail)
        }
        do {
            try BackupFiles.copy(backupPath, to: scratch)
        } catch let error as StateError {
            throw fail(.manifest, error.message)
        }
        let sha = try BackupFiles.sha256(of: scratch)
        guard sha == manifest.sha256.lowercased() else {
            throw fail(.checksum, "its SHA-256 is \(sha) but the manifest says \(manifest.sha256)")
        }
        let integrity = integrityCheck(scratch)
        guard integrity == "ok" else {
            throw fail(.integrity, "SQLite's integrity check says: \(integrity)")
        }
        let store: SQLiteStateStore
        let snapshot: StateSnapshot
        do {
            store = try SQLiteStateStore(path: scratch, key: try key(manifest))
            snapshot = try store.snapshot()
        } catch let error as StateError {
            throw fail(.state, error.message.replacingOccurrences(of: scratch, with: backupPath))
        }
        var mismatches: [String] = []
        if snapshot.lineage != manifest.lineage { mismatches.append("lineage \(snapshot.lineage), manifest \(manifest.lineage)") }
        if snapshot.serial != manifest.serial { mismatches.append("serial \(snapshot.serial), manifest \(manifest.serial)") }
        if snapshot.resources.count != manifest.resourceCount {
            mismatches.append("\(snapshot.resources.count) resources, manifest \(manifest.resourceCount)")
        }
        guard mismatches.isEmpty else {
            throw fail(.state, "it does not hold what its manifest describes (" + mismatches.joined(separator: "; ") + ")")
        }
        return VerifiedBackup(file: backupPath, manifest: manifest, store: store, snapshot: snapshot)
    }

    /// The backup file and its manifest, from either path.
    static func readManifest(_ file: String) throws -> (String, BackupManifest) {
        let manifestPath = BackupNaming.manifestPath(forBackup: file)
        guard let data = FileManager.default.contents(atPath: manifestPath) else {
            throw BackupInvalidError(
                file: file, check: .manifest,
                detail: "its manifest \(manifestPath) is missing or unreadable, so nothing vouches for it")
        }
        let manifest: BackupManifest
        do {
            manifest = try BackupManifest.decode(data)
        } catch {
            throw BackupInvalidError(file: file, check: .manifest, detail: "its manifest \(manifestPath) is not a valid backup manifest")
        }
        // Given the backup file itself, that file is checked even if it was renamed since.
        let backupPath =
            manifestPath == file
            ? URL(fileURLWithPath: manifestPath).deletingLastPathComponent().appendingPathComponent(manifest.file).path
            : file
        guard StateFileAccess.isRegularFile(backupPath) else {
            throw BackupInvalidError(file: backupPath, check: .manifest, detail: "the file is missing")
        }
        return (backupPath, manifest)
    }

    /// Read-only, so the bytes just hashed are the bytes checked.
    private static func integrityCheck(_ path: String) -> String {
        do {
            var configuration = Configuration()
            configuration.readonly = true
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            return try queue.read { db in
                try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ")
            }
        } catch let error as DatabaseError {
            return error.message ?? "SQLite error \(error.resultCode.rawValue)"
        } catch {
            return "\(error)"
        }
    }
}
