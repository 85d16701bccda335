import ArgumentParser
import CairnCore
import CairnState
import Foundation

struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Replace the state with a backup, after verifying it and backing up the state it replaces.")
    @Argument(help: "The backup file (or its manifest).") var file: String
    @OptionGroup var global: GlobalOptions
    @OptionGroup var locator: StateLocator
    @Flag(name: .long, help: "Restore a backup of another state (different lineage), or over a state that cannot be opened.")
    var force = false

    func run() async throws {
        let t = global.terminal
        try await ErrorReport.run(t) {
            let target = try BackupTarget.resolve(locator, global)
            try await BackupScratch.with { scratch in
                let backup = try BackupCheck.verify(file, scratch: scratch)
                Terminal.out("Verified \(backup.file): checksum, integrity and state checks passed.")
                let existed = FileManager.default.fileExists(atPath: target.statePath)
                let serialAbove = try Self.highestKnownSerial(lineage: backup.snapshot.lineage, target: target)
                let store = try openCurrent(target, existed: existed)
                let result = try await LockScope.acquire(store, operation: "restore").run { () -> RestoreResult in
                    let current = try store.snapshot()
                    let isEmpty = current.serial == 0 && current.resources.isEmpty
                    if !isEmpty && current.lineage != backup.snapshot.lineage && !force {
                        throw DiagnosticError(
                            .error(
                                "\(backup.file) is a backup of another state: its lineage is \(backup.snapshot.lineage) "
                                    + "(stack \(backup.manifest.stack)), the state at \(target.statePath) has lineage \(current.lineage)",
                                hint:
                                    "check you picked the right backup (`cairn backup list`); --force restores it anyway, after backing up the current state"
                            ))
                    }
                    if !isEmpty { try AutoBackup.run(store, target: target) }
                    return try store.restoreContents(
                        from: backup.store, command: "restore \(file)", user: Identity.user,
                        serialAbove: serialAbove)
                }
                let s = result.summary
                Terminal.out(
                    t.paint("Restored", .green) + " the state from \(backup.file): the backup's serial \(result.backupSerial) "
                        + "is now serial \(result.serial) (lineage \(result.lineage)).")
                Terminal.out(
                    "Compared with the state it replaced: \(s.added) resource\(s.added == 1 ? "" : "s") back, "
                        + "\(s.changed) changed, \(s.destroyed) gone. Run `cairn plan` to see how the real resources differ.")
            }
        }
    }

    /// The highest serial this lineage is known to have reached, from the state file (even a damaged
    /// one may still tell) and from the backups beside it. A restore goes above it, so a plan saved
    /// against any of those states is refused as stale; a plan saved against a newer state that
    /// was lost without a trace cannot be recognised — discard plan files after a disaster.
    private static func highestKnownSerial(lineage: String, target: BackupTarget) throws -> Int {
        var highest = 0
        if let recorded = SQLiteStateStore.recordedSerial(at: target.statePath), recorded.lineage == lineage {
            highest = recorded.serial
        }
        for entry in try BackupFolder(path: target.folder).contents().backups where entry.manifest.lineage == lineage {
            highest = max(highest, entry.manifest.serial)
        }
        return highest
    }

    /// The state to restore into: created when missing; when it cannot be opened, set aside (with
    /// --force) and created anew, so nothing is ever restored into a damaged file.
    private func openCurrent(_ target: BackupTarget, existed: Bool) throws -> SQLiteStateStore {
        guard existed else { return try SQLiteStateStore.open(target.statePath) }
        let problem: String
        do {
            let store = try SQLiteStateStore.open(target.statePath)
            let integrity = try store.integrityCheck()
            if integrity == "ok" { return store }
            problem = "its integrity check says: \(integrity)"
        } catch let error as StateError {
            problem = error.message
        }
        guard force else {
            throw DiagnosticError(
                .error(
                    "the current state at \(target.statePath) cannot be used (\(problem))",
                    hint: "--force moves it into \(target.folder) and restores into a new state file"))
        }
        let aside = try DamagedState.setAside(target)
        Terminal.out("Moved the damaged state to \(aside)")
        return try SQLiteStateStore.open(target.statePath)
    }
}

/// A state file that cannot be opened, moved out of the way (with its -wal and -shm, which belong
/// to it and must never meet the new file) so it can still be examined.
enum DamagedState {
    static func setAside(_ target: BackupTarget) throws -> String {
        try FileManager.default.createDirectory(
            atPath: target.folder, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
        let aside = URL(fileURLWithPath: target.folder).appendingPathComponent("\(target.stack)-\(stamp).damaged").path
        // Sidecars first: however far this gets before a crash, no old WAL is left for a new file to replay.
        for suffix in ["-wal", "-shm", "-journal"] where FileManager.default.fileExists(atPath: target.statePath + suffix) {
            try FileManager.default.moveItem(atPath: target.statePath + suffix, toPath: aside + suffix)
        }
        try FileManager.default.moveItem(atPath: target.statePath, toPath: aside)
        return aside
    }
}
