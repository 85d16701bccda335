import Foundation
import GRDB

/// What a restore did.
public struct RestoreResult: Sendable, Hashable {
    /// The serial of the state that was replaced (0 for a new, empty state).
    public var previousSerial: Int
    /// The backup's serial.
    public var backupSerial: Int
    /// The serial of the version the restore recorded, above both.
    public var serial: Int
    /// The lineage now (the backup's).
    public var lineage: String
    /// Resources the restore brought back, changed and dropped, relative to the replaced state.
    public var summary: ChangeSummary
}

extension SQLiteStateStore {
    /// Makes this database hold exactly what `source` holds — every table but the lock, history
    /// included — then records a version `command` whose serial is above both the replaced
    /// state's and the backup's, so no plan made against either applies afterwards.
    ///
    /// All of it is one SQLite transaction on this database: a crash at any moment leaves the old
    /// state or the restored one, never a mix. The caller must hold the lock; the lock row is the
    /// one table not copied, so it keeps holding it.
    ///
    /// `serialAbove` lifts the new serial further, for a replaced state whose own serial is unknown
    /// (lost or damaged) but known to have reached at least that far.
    public func restoreContents(
        from source: SQLiteStateStore, command: String, user: String,
        serialAbove: Int = 0
    ) throws -> RestoreResult {
        // The backup's secrets may be sealed under another key (another stack, or before a rekey):
        // the scratch copy is re-sealed under this state's key before anything is copied.
        if source.box != box { try source.reseal(under: box) }
        do {
            return try dbQueue.writeWithoutTransaction { db in
                // ATTACH is not allowed inside a transaction, so it wraps the transaction.
                try db.execute(sql: "ATTACH DATABASE ? AS restore_source", arguments: [source.path])
                defer { try? db.execute(sql: "DETACH DATABASE restore_source") }
                var result: RestoreResult?
                try db.inTransaction(.immediate) {
                    result = try Self.copyEverything(db, command: command, user: user, serialAbove: serialAbove)
                    return .commit
                }
                guard let result else { throw DamagedStateError(detail: "the restore produced no result") }
                return result
            }
        } catch {
            throw StateDatabaseErrors.translate(error, path: path, action: "restore")
        }
    }

    private static func copyEverything(_ db: Database, command: String, user: String, serialAbove: Int) throws -> RestoreResult {
        let liveVersion = try Int.fetchOne(db, sql: "PRAGMA main.user_version") ?? 0
        let sourceVersion = try Int.fetchOne(db, sql: "PRAGMA restore_source.user_version") ?? 0
        // Both were opened through SQLiteStateStore, so both are migrated to this build's schema.
        guard liveVersion == sourceVersion else {
            throw StateError("cannot restore: the backup has schema \(sourceVersion) and the state schema \(liveVersion)")
        }
        let previousSerial = try meta(db).serial
        let backupSerial = try Int.fetchOne(db, sql: "SELECT serial FROM restore_source.meta WHERE singleton = 1") ?? 0
        let summary = try differences(db)

        let tables = try String.fetchAll(
            db,
            sql: """
                SELECT name FROM main.sqlite_master
                WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'lock' ORDER BY name
                """)
        for table in tables {
            guard
                try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM restore_source.sqlite_master WHERE type = 'table' AND name = ?)",
                    arguments: [table]) == true
            else {
                throw StateError("cannot restore: the backup has no table \(table)")
            }
            let columns = try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?, 'main')", arguments: [table])
                .map(\.quotedDatabaseIdentifier).joined(separator: ", ")
            let name = table.quotedDatabaseIdentifier
            try db.execute(sql: "DELETE FROM main.\(name)")
            try db.execute(sql: "INSERT INTO main.\(name) (\(columns)) SELECT \(columns) FROM restore_source.\(name)")
        }

        let serial = max(previousSerial, backupSerial, serialAbove) + 1
        try db.execute(sql: "UPDATE meta SET serial = ? WHERE singleton = 1", arguments: [serial])
        try db.execute(
            sql: """
                INSERT INTO versions (serial, time_ms, user, command, added, changed, destroyed, status)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'complete')
                """,
            arguments: [
                serial, StoredTime.milliseconds(Date()), user, command, summary.added, summary.changed,
                summary.destroyed,
            ])
        return RestoreResult(
            previousSerial: previousSerial, backupSerial: backupSerial, serial: serial,
            lineage: try meta(db).lineage, summary: summary)
    }

    /// How the backup's resources differ from the live ones, counted before they are replaced.
    private static func differences(_ db: Database) throws -> ChangeSummary {
        let added =
            try Int.fetchOne(
                db,
                sql: """
                    SELECT count(*) FROM restore_source.resources WHERE address NOT IN (SELECT address FROM main.resources)
                    """) ?? 0
        let destroyed =
            try Int.fetchOne(
                db,
                sql: """
                    SELECT count(*) FROM main.resources WHERE address NOT IN (SELECT address FROM restore_source.resources)
                    """) ?? 0
        let changed =
            try Int.fetchOne(
                db,
                sql: """
                    SELECT count(*) FROM (
                        SELECT address, \(ResourceColumns.names) FROM restore_source.resources
                        WHERE address IN (SELECT address FROM main.resources)
                        EXCEPT SELECT address, \(ResourceColumns.names) FROM main.resources)
                    """) ?? 0
        return ChangeSummary(added: added, changed: changed, destroyed: destroyed)
    }
}

extension SQLiteStateStore {
    /// The lineage and serial a state file records, read without writing and without trusting the
    /// rest of the file; nil when even that cannot be read.
    public static func recordedSerial(at path: String) -> (lineage: String, serial: Int)? {
        var configuration = Configuration()
        configuration.readonly = true
        guard let queue = try? DatabaseQueue(path: path, configuration: configuration) else { return nil }
        defer { try? queue.close() }
        return try? queue.read { db in try meta(db) }
    }
}
