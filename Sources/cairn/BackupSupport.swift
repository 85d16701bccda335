import CairnCore
import CairnState
import Foundation

/// Which state a backup command works on, which stack it belongs to and where its backups go.
struct BackupTarget {
    let statePath: String
    /// The stack's name; with `--state PATH`, the file's name without its extension.
    let stack: String
    let folder: String

    static func resolve(_ locator: StateLocator, _ global: GlobalOptions, folder: String? = nil) throws -> BackupTarget {
        let (path, name) = try locator.pathAndStack(global: global)
        let stack = name ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return BackupTarget(statePath: path, stack: stack, folder: folder ?? BackupNaming.defaultFolder(forState: path))
    }
}

/// How many backups of a stack to keep: `--keep N`, else `CAIRN_BACKUP_KEEP`, else 20.
enum BackupRetention {
    static let defaultKeep = 20

    static func keep(_ flag: Int?) throws -> Int {
        if let flag {
            guard flag >= 1 else { throw DiagnosticError(.error("--keep must be at least 1")) }
            return flag
        }
        guard let text = Operations.environment["CAIRN_BACKUP_KEEP"] else { return defaultKeep }
        guard let n = Int(text.trimmingCharacters(in: .whitespaces)), n >= 1 else {
            throw DiagnosticError(.error("CAIRN_BACKUP_KEEP must be a whole number of at least 1, not \"\(text)\""))
        }
        return n
    }
}

/// The backup taken before a command replaces or edits the state (restore, state rollback|rm|mv).
enum AutoBackup {
    /// Runs under the lock the command holds. A failed backup stops the command before it changes anything.
    @discardableResult
    static func run(_ store: SQLiteStateStore, target: BackupTarget) throws -> BackupEntry {
        let keep = try BackupRetention.keep(nil)
        let entry = try store.createBackup(stack: target.stack, folder: target.folder, cairnVersion: CairnVersion.current)
        try BackupFolder(path: target.folder).prune(stack: target.stack, keep: keep)
        Terminal.out("Backed up state to \(entry.path)")
        return entry
    }

    static func run(_ store: SQLiteStateStore, locator: StateLocator, global: GlobalOptions) throws {
        try run(store, target: try BackupTarget.resolve(locator, global))
    }
}

/// Verification with the failure turned into an error a user can act on.
enum BackupCheck {
    static func verify(_ file: String, scratch: BackupScratch) throws -> VerifiedBackup {
        do {
            return try BackupVerifier.verify(file, scratchFolder: scratch.path, key: StateKey.forBackup(file))
        } catch let error as BackupInvalidError {
            throw DiagnosticError(.error(error.description, hint: hint(error.check)))
        }
    }

    static func hint(_ check: BackupInvalidError.Check) -> String {
        switch check {
        case .manifest: return "a backup is trusted only with the manifest written beside it; pick another with `cairn backup list`"
        case .checksum, .integrity: return "the file was damaged or altered after it was made; pick another with `cairn backup list`"
        case .state: return "it is not a Cairn state backup, or a newer Cairn made it"
        }
    }
}

/// Short human forms for times and sizes.
enum BackupText {
    static func age(_ seconds: TimeInterval) -> String {
        let s = max(0, Int(seconds))
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m \(s % 60)s" }
        if s < 86400 { return "\(s / 3600)h \(s % 3600 / 60)m" }
        return "\(s / 86400)d \(s % 86400 / 3600)h"
    }

    static func size(_ bytes: Int64) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1024 * 1024 { return String(format: "%.1f KiB", Double(bytes) / 1024) }
        return String(format: "%.1f MiB", Double(bytes) / (1024 * 1024))
    }

    static func time(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }

    static func seconds(_ value: Double) -> String {
        String(format: "%.2fs", value)
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0)
    }
}
