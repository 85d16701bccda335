import Foundation
import GRDB

extension SQLiteStateStore {
    public func acquireLock(operation: String) throws -> LockInfo {
        try writing("lock") { db in
            var replaced: String?
            if let existing = try Self.lock(db) {
                guard Self.isStale(existing) else { throw StateLockedError(lock: existing) }
                try db.execute(sql: "DELETE FROM lock WHERE id = ?", arguments: [existing.id])
                replaced =
                    "took over the lock \(existing.id) held by \(existing.holder) (pid \(existing.pid), which is no longer running) "
                    + "for \"\(existing.operation)\""
            }
            var lock = LockInfo.takenByThisProcess(operation: operation)
            try db.execute(
                sql: """
                    INSERT INTO lock (singleton, id, holder, host, pid, since_ms, operation)
                    VALUES (1, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    lock.id, lock.holder, lock.host, lock.pid, StoredTime.milliseconds(lock.since),
                    lock.operation,
                ])
            lock.replacedStale = replaced
            return lock
        }
    }

    /// A lock is stale when its holder ran on this host and that process is gone. A lock from
    /// another host can't be checked from here and is never taken over.
    static func isStale(_ lock: LockInfo) -> Bool {
        guard lock.host == LocalIdentity.hostName(), lock.pid > 0, lock.pid != LocalIdentity.processID() else { return false }
        return kill(lock.pid, 0) != 0 && errno == ESRCH
    }

    /// Does nothing when the lock is no longer ours (already released, or broken by someone).
    public func releaseLock(id: String) throws {
        try writing("unlock") { db in
            try db.execute(sql: "DELETE FROM lock WHERE id = ?", arguments: [id])
        }
    }

    public func forceUnlock(id: String) throws {
        try writing("unlock") { db in
            let current = try Self.lock(db)
            guard let current, current.id == id else { throw StateError.noLock(id: id, current: current) }
            try db.execute(sql: "DELETE FROM lock WHERE id = ?", arguments: [id])
        }
    }

    public func currentLock() throws -> LockInfo? {
        try reading("read the lock of") { db in try Self.lock(db) }
    }

    private static func lock(_ db: Database) throws -> LockInfo? {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT id, holder, host, pid, since_ms, operation FROM lock WHERE singleton = 1")
        else { return nil }
        return LockInfo(
            id: try row.decode(atIndex: 0),
            holder: try row.decode(atIndex: 1),
            host: try row.decode(atIndex: 2),
            pid: try row.decode(atIndex: 3),
            since: StoredTime.date(milliseconds: try row.decode(atIndex: 4)),
            operation: try row.decode(atIndex: 5))
    }
}
