import Foundation
import GRDB

/// The file's contents don't make sense: a missing row, an unknown status, unreadable JSON.
struct DamagedStateError: Error {
    var detail: String
}

enum StateDatabaseErrors {
    /// The hint for every error that means the file itself is broken.
    static let restoreHint = "restore the state database from a backup"

    /// Turns whatever a database access threw into a `StateError` a user can act on.
    /// `action` completes "cannot … state database PATH", e.g. "read" or "commit changes to".
    static func translate(_ error: any Error, path: String, action: String) -> any Error {
        switch error {
        case is StateError, is StateLockedError:
            return error
        case let damaged as DamagedStateError:
            return StateError("state database \(path) is damaged: \(damaged.detail)", hint: restoreHint)
        case let database as DatabaseError:
            return translate(database, path: path, action: action)
        default:
            return StateError("cannot \(action) state database \(path): \(error)")
        }
    }

    private static func translate(_ error: DatabaseError, path: String, action: String) -> StateError {
        let detail = error.message ?? "SQLite error \(error.resultCode.rawValue)"
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StateError(
                "cannot \(action) state database \(path): another process kept it busy for more than "
                    + "\(Int(SQLiteStateStore.busyTimeout)) seconds",
                hint: "try again once the other cairn command has finished"
            )
        case .SQLITE_NOTADB:
            return StateError(
                "\(path) is not a Cairn state database (it is not an SQLite file)",
                hint: "check the state path")
        case .SQLITE_CORRUPT:
            return StateError("state database \(path) is corrupt: \(detail)", hint: restoreHint)
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_CANTOPEN, .SQLITE_AUTH:
            return StateError(
                "cannot \(action) state database \(path): \(detail)",
                hint: "check that the file and its folder exist and are writable by you")
        case .SQLITE_FULL:
            return StateError("cannot \(action) state database \(path): the disk is full")
        case .SQLITE_IOERR:
            return StateError("cannot \(action) state database \(path): I/O error (\(detail))")
        default:
            return StateError("cannot \(action) state database \(path): \(detail)")
        }
    }
}

extension SQLiteStateStore {
    /// A consistent read, with errors translated.
    func reading<T>(_ action: String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try dbQueue.read(body)
        } catch {
            throw StateDatabaseErrors.translate(error, path: path, action: action)
        }
    }

    /// One durable write transaction, begun IMMEDIATE so a second writer waits on the busy timeout
    /// up front instead of failing when it first writes.
    func writing<T>(_ action: String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try dbQueue.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                guard let result else { throw DamagedStateError(detail: "transaction produced no result") }
                return result
            }
        } catch {
            throw StateDatabaseErrors.translate(error, path: path, action: action)
        }
    }
}
