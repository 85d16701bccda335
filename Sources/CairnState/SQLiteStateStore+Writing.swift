import CairnAddresses
import CairnProviderKit
import Foundation
import GRDB

extension SQLiteStateStore {
    public func beginVersion(command: String, user: String) throws -> Int {
        try writing("start a new version in") { db in
            // A version still "running" belongs to a run that was killed: it never finished.
            try db.execute(sql: "UPDATE versions SET status = 'interrupted' WHERE status = 'running'")
            try db.execute(sql: "UPDATE meta SET serial = serial + 1 WHERE singleton = 1")
            let serial = try Self.meta(db).serial
            try db.execute(
                sql: "INSERT INTO versions (serial, time_ms, user, command, status) VALUES (?, ?, ?, ?, 'running')",
                arguments: [serial, StoredTime.milliseconds(Date()), user, command])
            return serial
        }
    }

    /// Several writes in one transaction (one fsync): what group commit batches together.
    public func write(_ batch: [StateWrite]) throws {
        guard !batch.isEmpty else { return }
        try writing("commit changes to") { db in
            // The version changes are recorded under: read once per transaction, not per write.
            var serial: Int?
            for w in batch {
                switch w {
                case .intent(let op): try insertIntent(op, db)
                case .commit(let changes, let intents):
                    if serial == nil { serial = try Self.meta(db).serial }
                    try apply(changes, resolving: intents, serial: serial ?? 0, db)
                }
            }
        }
    }

    private func insertIntent(_ op: PendingOperation, _ db: Database) throws {
        try db.cachedStatement(sql: WriteSQL.insertIntent).execute(
            arguments: [
                op.id, op.serial, op.address.description, op.action.rawValue, op.type.description, op.provider, op.priorID,
                try Value.map(op.inputs).sealed(with: box).jsonString(), StoredAddresses.dependenciesText(op.dependencies),
                StoredTime.milliseconds(op.startedAt),
            ])
    }

    /// Applies the changes, records each in `resource_history` under the current serial, and
    /// clears the intents they resolve, in the caller's transaction.
    private func apply(_ changes: [StateChange], resolving intents: [String], serial: Int, _ db: Database) throws {
        if !intents.isEmpty {
            let clear = try db.cachedStatement(sql: WriteSQL.clearIntent)
            for id in intents { try clear.execute(arguments: [id]) }
        }
        for change in changes {
            switch change {
            case .upsert(let record):
                let columns = try ResourceColumns.values(of: record, box: box)
                let address = record.address.description
                try db.cachedStatement(sql: WriteSQL.upsert).execute(arguments: StatementArguments([address] + columns))
                try db.cachedStatement(sql: WriteSQL.upsertHistory)
                    .execute(arguments: StatementArguments([address, serial] + columns))
            case .remove(let typed):
                let address = typed.description
                try db.cachedStatement(sql: WriteSQL.remove).execute(arguments: [address])
                // Removing what is not there changes nothing, so history has nothing to say.
                if db.changesCount > 0 {
                    try db.cachedStatement(sql: WriteSQL.removeHistory).execute(arguments: [address, serial])
                }
            }
        }
    }

    public func setOutputs(_ outputs: [String: Value]) throws {
        try writing("write outputs to") { db in try replaceOutputs(outputs, db) }
    }

    public func finishVersion(serial: Int, summary: ChangeSummary, status: String, outputs: [String: Value]?) throws {
        try writing("finish a version in") { db in
            if let outputs { try replaceOutputs(outputs, db) }
            try closeVersion(serial, summary, status, db)
        }
    }

    private func replaceOutputs(_ outputs: [String: Value], _ db: Database) throws {
        try db.execute(sql: "DELETE FROM outputs")
        let insert = try db.cachedStatement(sql: "INSERT INTO outputs (name, value) VALUES (?, ?)")
        for (name, value) in outputs {
            try insert.execute(arguments: [name, try value.sealed(with: box).jsonString()])
        }
    }

    private func closeVersion(_ serial: Int, _ summary: ChangeSummary, _ status: String, _ db: Database) throws {
        try db.execute(
            sql: "UPDATE versions SET added = ?, changed = ?, destroyed = ?, status = ? WHERE serial = ?",
            arguments: [summary.added, summary.changed, summary.destroyed, status, serial])
        guard db.changesCount == 1 else {
            throw StateError("state database \(path) has no version \(serial) to finish")
        }
    }
}

/// The statements every step's writes use, built once (GRDB caches the prepared statements by text).
private enum WriteSQL {
    static let insertIntent = """
        INSERT INTO intents (id, serial, address, action, type, provider, prior_id, inputs, dependencies, started_ms)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    static let clearIntent = "DELETE FROM intents WHERE id = ?"
    static let upsert = """
        INSERT OR REPLACE INTO resources (address, \(ResourceColumns.names))
        VALUES (?, \(ResourceColumns.placeholders))
        """
    static let upsertHistory = """
        INSERT OR REPLACE INTO resource_history (address, serial, \(ResourceColumns.names))
        VALUES (?, ?, \(ResourceColumns.placeholders))
        """
    static let remove = "DELETE FROM resources WHERE address = ?"
    static let removeHistory = "INSERT OR REPLACE INTO resource_history (address, serial) VALUES (?, ?)"
}
