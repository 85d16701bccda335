import Foundation
import GRDB

/// The state database's tables and their forward migrations.
///
/// `PRAGMA user_version` holds the schema version: migration `i` takes the schema from version `i`
/// to `i + 1`. Existing migrations are never edited once released; changes go in a new one.
enum StateSchema {
    /// `PRAGMA application_id` ("Cair"): tells a Cairn state file from any other SQLite file.
    static let applicationID: Int32 = 0x4361_6972

    static let migrations: [@Sendable (Database) throws -> Void] = [createVersion1, addIntents, addKeyCheck]

    /// The newest schema this build reads and writes.
    static var currentVersion: Int { migrations.count }

    /// What an existing file says about itself, read without writing anything.
    struct FileInfo {
        var schemaVersion: Int
        var applicationID: Int32
        var hasTables: Bool
    }

    static func inspect(_ db: Database) throws -> FileInfo {
        FileInfo(
            schemaVersion: try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0,
            applicationID: try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0,
            hasTables: try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM sqlite_master)") ?? false
        )
    }

    /// Runs the migrations the file lacks, in the caller's transaction.
    static func migrate(_ db: Database) throws {
        // Re-read inside the write transaction: another process may have migrated meanwhile.
        let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        guard version < currentVersion else { return }
        for migration in migrations[version...] {
            try migration(db)
        }
        try db.execute(sql: "PRAGMA application_id = \(applicationID)")
        try db.execute(sql: "PRAGMA user_version = \(currentVersion)")
    }

    private static func createVersion1(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE meta (
                    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
                    lineage TEXT NOT NULL,
                    serial INTEGER NOT NULL,
                    created_ms INTEGER NOT NULL
                );
                CREATE TABLE resources (
                    address TEXT PRIMARY KEY NOT NULL,
                    type TEXT NOT NULL,
                    provider TEXT NOT NULL,
                    id TEXT NOT NULL,
                    inputs TEXT NOT NULL,
                    attributes TEXT NOT NULL,
                    dependencies TEXT NOT NULL,
                    status TEXT NOT NULL
                );
                CREATE TABLE outputs (
                    name TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL
                );
                CREATE TABLE versions (
                    serial INTEGER PRIMARY KEY,
                    time_ms INTEGER NOT NULL,
                    user TEXT NOT NULL,
                    command TEXT NOT NULL,
                    added INTEGER NOT NULL DEFAULT 0,
                    changed INTEGER NOT NULL DEFAULT 0,
                    destroyed INTEGER NOT NULL DEFAULT 0,
                    status TEXT NOT NULL
                );
                -- One row per resource per version that touched it, with the resource's columns as they
                -- stood at the end of that version; all of them NULL when the version removed it.
                CREATE TABLE resource_history (
                    address TEXT NOT NULL,
                    serial INTEGER NOT NULL,
                    type TEXT,
                    provider TEXT,
                    id TEXT,
                    inputs TEXT,
                    attributes TEXT,
                    dependencies TEXT,
                    status TEXT,
                    PRIMARY KEY (address, serial)
                );
                CREATE TABLE lock (
                    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
                    id TEXT NOT NULL,
                    holder TEXT NOT NULL,
                    host TEXT NOT NULL,
                    pid INTEGER NOT NULL,
                    since_ms INTEGER NOT NULL,
                    operation TEXT NOT NULL
                );
                """)
        try db.execute(
            sql: "INSERT INTO meta (singleton, lineage, serial, created_ms) VALUES (1, ?, 0, ?)",
            arguments: [UUID().uuidString.lowercased(), StoredTime.milliseconds(Date())]
        )
    }

    /// Version 2: operations recorded before a provider call and cleared with its result, so a
    /// run killed in between leaves a trace the next plan resolves.
    private static func addIntents(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE intents (
                    id TEXT PRIMARY KEY NOT NULL,
                    serial INTEGER NOT NULL,
                    address TEXT NOT NULL,
                    action TEXT NOT NULL,
                    type TEXT NOT NULL,
                    provider TEXT NOT NULL,
                    prior_id TEXT,
                    inputs TEXT NOT NULL,
                    dependencies TEXT NOT NULL,
                    started_ms INTEGER NOT NULL
                );
                """)
    }

    /// Version 3: a value sealed with the state key, so a wrong key is caught before anything is read.
    private static func addKeyCheck(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE meta ADD COLUMN key_check TEXT")
    }
}
