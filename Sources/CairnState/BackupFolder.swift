import Foundation

/// The backups in one folder, found through their manifests.
public struct BackupFolder: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    public struct Contents: Sendable {
        /// Newest first.
        public var backups: [BackupEntry]
        /// Backup files without a readable manifest (an interrupted backup, or a hand-made copy);
        /// never chosen for a restore or a drill.
        public var orphans: [String]
    }

    public func contents() throws -> Contents {
        guard FileManager.default.fileExists(atPath: path) else { return Contents(backups: [], orphans: []) }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path).filter { !$0.hasPrefix(".") }
        } catch {
            throw StateError("cannot list backups in \(path): \(error.localizedDescription)")
        }
        var backups: [BackupEntry] = []
        var described: Set<String> = []
        for name in names where name.hasSuffix("." + BackupNaming.manifestExtension) {
            let manifestPath = file(name)
            guard let data = FileManager.default.contents(atPath: manifestPath),
                let manifest = try? BackupManifest.decode(data)
            else { continue }
            let backupPath = file(manifest.file)
            guard StateFileAccess.isRegularFile(backupPath),
                BackupNaming.manifestPath(forBackup: backupPath) == manifestPath
            else { continue }
            described.insert(manifest.file)
            backups.append(BackupEntry(path: backupPath, manifest: manifest, size: BackupFiles.size(of: backupPath)))
        }
        let orphans = names.filter { $0.hasSuffix("." + BackupNaming.fileExtension) && !described.contains($0) }
            .sorted().map(file)
        return Contents(backups: backups.sorted(by: Self.newerFirst), orphans: orphans)
    }

    /// The newest backup of `stack`, if any.
    public func newest(stack: String) throws -> BackupEntry? {
        try contents().backups.first { $0.manifest.stack == stack }
    }

    /// Removes all but the newest `keep` backups of `stack`; returns the removed files.
    @discardableResult
    public func prune(stack: String, keep: Int) throws -> [String] {
        let old = try contents().backups.filter { $0.manifest.stack == stack }.dropFirst(max(keep, 1))
        for entry in old {
            // The manifest goes first: a file without one is never trusted, so a crash here is harmless.
            _ = unlink(BackupNaming.manifestPath(forBackup: entry.path))
            _ = unlink(entry.path)
        }
        if !old.isEmpty { BackupFiles.syncFolder(path) }
        return old.map(\.path)
    }

    private func file(_ name: String) -> String {
        URL(fileURLWithPath: path).appendingPathComponent(name).path
    }

    private static func newerFirst(_ a: BackupEntry, _ b: BackupEntry) -> Bool {
        if a.manifest.time != b.manifest.time { return a.manifest.time > b.manifest.time }
        if a.manifest.serial != b.manifest.serial { return a.manifest.serial > b.manifest.serial }
        return a.path > b.path
    }
}
