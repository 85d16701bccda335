import ArgumentParser
import CairnCore
import CairnProviderKit
import CairnState
import Foundation

struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Back up the state, list the backups, verify one.",
        subcommands: [BackupCreate.self, BackupList.self, BackupVerify.self])
}

struct BackupCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Copy the state consistently into the backups folder, with a manifest.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var locator: StateLocator
    @Option(name: .long, help: "The backups folder (default: backups/ beside the state file).") var out: String?
    @Option(name: .long, help: "Keep only the newest N backups of this stack (default: CAIRN_BACKUP_KEEP, else 20).") var keep: Int?
    @Flag(name: .long, help: "Print the manifest as JSON.") var json = false

    func run() async throws {
        try await ErrorReport.run(global.terminal) {
            let target = try BackupTarget.resolve(locator, global, folder: out)
            let keep = try BackupRetention.keep(keep)
            let store = try locator.openExisting(global: global)
            // A copy taken mid-apply would be consistent but of a state about to change under it.
            if let lock = try store.currentLock() { throw StateLockedError(lock: lock) }
            let entry = try store.createBackup(stack: target.stack, folder: target.folder, cairnVersion: CairnVersion.current)
            let pruned = try BackupFolder(path: target.folder).prune(stack: target.stack, keep: keep)
            if json {
                Terminal.out(BackupJSON.entry(entry, verified: nil, now: Date()).jsonString())
                return
            }
            let m = entry.manifest
            Terminal.out(
                "Backed up state (serial \(m.serial), \(m.resourceCount) resource\(m.resourceCount == 1 ? "" : "s")) to \(entry.path)")
            if !pruned.isEmpty {
                Terminal.out("Removed \(pruned.count) old backup\(pruned.count == 1 ? "" : "s") of \(target.stack) (keeping \(keep)).")
            }
        }
    }
}

struct BackupVerify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a backup: its SHA-256 against the manifest, SQLite's integrity check, and that it opens as a Cairn state.")
    @Argument(help: "The backup file (or its manifest).") var file: String
    @OptionGroup var global: GlobalOptions
    @Flag(name: .long, help: "Print the result as JSON.") var json = false

    func run() async throws {
        var failed = false
        try await ErrorReport.run(global.terminal) {
            try await BackupScratch.with { scratch in
                do {
                    let backup = try BackupVerifier.verify(file, scratchFolder: scratch.path, key: StateKey.forBackup(file))
                    let m = backup.manifest
                    if json {
                        Terminal.out(
                            Value.map([
                                "file": .string(backup.file), "ok": .bool(true),
                                "manifest": BackupJSON.manifest(m),
                            ]).jsonString())
                    } else {
                        Terminal.out("Backup \(backup.file) is good: checksum, integrity and state checks passed.")
                        Terminal.out(
                            "  stack \(m.stack), serial \(m.serial), \(m.resourceCount) resources, taken \(BackupText.time(m.time)), lineage \(m.lineage)"
                        )
                    }
                } catch let error as BackupInvalidError where json {
                    Terminal.out(
                        Value.map([
                            "file": .string(error.file), "ok": .bool(false),
                            "failed_check": .string(error.check.rawValue),
                            "detail": .string(error.detail),
                        ]).jsonString())
                    failed = true
                } catch let error as BackupInvalidError {
                    throw DiagnosticError(.error(error.description, hint: BackupCheck.hint(error.check)))
                }
            }
        }
        if failed { throw ExitCode(1) }
    }
}

/// Backups as JSON for `backup create|list --json`.
enum BackupJSON {
    static func manifest(_ m: BackupManifest) -> Value {
        .map([
            "stack": .string(m.stack), "lineage": .string(m.lineage), "serial": .number(Double(m.serial)),
            "time": .string(BackupNaming.isoTime(m.time)), "cairn_version": .string(m.cairnVersion),
            "sha256": .string(m.sha256), "resource_count": .number(Double(m.resourceCount)),
        ])
    }

    /// `problem` is why verification failed; `verified` nil when it was not run.
    static func entry(_ e: BackupEntry, verified: Bool?, problem: String? = nil, now: Date) -> Value {
        var fields: [String: Value] = [
            "file": .string(e.path), "size": .number(Double(e.size)),
            "age_seconds": .number(now.timeIntervalSince(e.manifest.time).rounded()),
            "manifest": manifest(e.manifest),
        ]
        if let verified { fields["verified"] = .bool(verified) }
        if let problem { fields["problem"] = .string(problem) }
        return .map(fields)
    }
}
