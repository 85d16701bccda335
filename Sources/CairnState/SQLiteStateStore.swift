import CairnProviderKit
import Foundation
import GRDB

/// State kept in one SQLite file (WAL journal, synchronous=FULL).
///
/// One instance is safe to share between threads: GRDB's queue serializes every access. Several
/// processes may open the same file; their writes are serialized by SQLite, and a writer that
/// finds the file busy waits up to `busyTimeout` before failing.
public final class SQLiteStateStore: StateStore {
    public let path: String
    let dbQueue: DatabaseQueue
    /// Seals sensitive values before they are written and opens them when read.
    let box: SecretBox

    /// How long a write waits for another process's transaction to finish.
    static let busyTimeout: TimeInterval = 5

    /// Opens the state database at `path`, creating it (and its folders) if needed.
    ///
    /// Throws `StateError` when the file is not a Cairn state database, when a newer Cairn wrote
    /// it, or when `key` is not the key its secrets were sealed with; then nothing is written.
    public init(path: String, key: Data) throws {
        self.path = path
        do {
            box = try SecretBox(key: key)
        } catch {
            throw StateError("the state key must be 32 bytes", hint: "generate one with `openssl rand -base64 32`")
        }
        try StateFileAccess.createParentFolders(of: path)
        let created = try StateFileAccess.createPrivateFile(at: path)
        do {
            dbQueue = try DatabaseQueue(path: path, configuration: Self.configuration())
        } catch {
            throw StateDatabaseErrors.translate(error, path: path, action: "open")
        }
        try checkFileIsUsable()
        try checkKey()
        try prepareForWriting()
        if created {
            StateFileAccess.restrictSidecars(of: path)
        }
    }

    /// True when a file (not a folder) exists at `path`.
    public static func exists(path: String) -> Bool {
        StateFileAccess.isRegularFile(path)
    }

    /// SQLite's own consistency check: "ok", or the problems it found, one per line.
    public func integrityCheck() throws -> String {
        try reading("check") { db in
            try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "\n")
        }
    }

    /// Copies the whole database, consistently and while it stays usable, to a new file with
    /// mode 0600. Refuses to overwrite an existing file.
    public func backup(to destination: String) throws {
        try StateFileAccess.createParentFolders(of: destination)
        guard try StateFileAccess.createPrivateFile(at: destination) else {
            throw StateError(
                "cannot back up state to \(destination): the file already exists",
                hint: "choose another file name or remove the old file")
        }
        do {
            let target = try DatabaseQueue(path: destination, configuration: Self.configuration())
            try dbQueue.backup(to: target)
            try target.close()
        } catch {
            StateFileAccess.removeWithSidecars(destination)
            throw StateDatabaseErrors.translate(error, path: path, action: "back up to \(destination) from")
        }
        StateFileAccess.restrictSidecars(of: destination)
    }

    private static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        // The journal mode is switched to WAL only after the schema check, because switching
        // writes to the file (see prepareForWriting).
        configuration.journalMode = .default
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        return configuration
    }

    /// Refuses, before anything is written, a foreign SQLite file or one from a newer Cairn.
    private func checkFileIsUsable() throws {
        let info = try reading("open", StateSchema.inspect)
        let isEmpty = info.schemaVersion == 0 && !info.hasTables
        if !isEmpty && info.applicationID != StateSchema.applicationID {
            throw StateError(
                "\(path) is an SQLite database but not a Cairn state database",
                hint: "check the state path")
        }
        if info.schemaVersion > StateSchema.currentVersion {
            throw StateError(
                "state database \(path) was written by a newer Cairn (schema \(info.schemaVersion), "
                    + "this Cairn knows up to \(StateSchema.currentVersion))",
                hint: "upgrade cairn")
        }
    }

    static let keyCheckText = Data("cairn state key check".utf8)

    /// Refuses a key that doesn't open the file's key check, before anything is written.
    private func checkKey() throws {
        let stored: String? = try reading("open") { db in
            guard try db.tableExists("meta"), try db.columns(in: "meta").contains(where: { $0.name == "key_check" }) else { return nil }
            return try String.fetchOne(db, sql: "SELECT key_check FROM meta WHERE singleton = 1")
        }
        guard let stored else { return }
        guard let sealed = Data(base64Encoded: stored), (try? box.open(sealed)) == Self.keyCheckText else {
            throw StateError(
                "the state key does not match the key \(path) was encrypted with",
                hint: "set CAIRN_STATE_KEY or CAIRN_STATE_KEY_FILE to the key this state was created with (by default state/STACK.key)")
        }
    }

    /// Whether this state already has sealed secrets under some key.
    public static func hasKeyCheck(path: String) -> Bool {
        guard StateFileAccess.isRegularFile(path),
            let q = try? DatabaseQueue(
                path: path,
                configuration: {
                    var c = Configuration()
                    c.readonly = true
                    return c
                }())
        else { return false }
        defer { try? q.close() }
        return
            (try? q.read { db -> Bool in
                guard try db.tableExists("meta"), try db.columns(in: "meta").contains(where: { $0.name == "key_check" }) else {
                    return false
                }
                return try String.fetchOne(db, sql: "SELECT key_check FROM meta WHERE singleton = 1") != nil
            }) ?? false
    }

    private func prepareForWriting() throws {
        do {
            try dbQueue.writeWithoutTransaction { db in
                if try String.fetchOne(db, sql: "PRAGMA journal_mode") != "wal" {
                    let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
                    guard mode == "wal" else {
                        throw StateError("cannot switch state database \(path) to WAL mode (it stayed in \(mode ?? "?") mode)")
                    }
                }
                try db.inTransaction(.immediate) {
                    try StateSchema.migrate(db)
                    if try String.fetchOne(db, sql: "SELECT key_check FROM meta WHERE singleton = 1") == nil {
                        try db.execute(
                            sql: "UPDATE meta SET key_check = ? WHERE singleton = 1",
                            arguments: [try box.seal(Self.keyCheckText).base64EncodedString()])
                    }
                    return .commit
                }
            }
        } catch {
            throw StateDatabaseErrors.translate(error, path: path, action: "upgrade the schema of")
        }
    }
}
