import CairnProviderKit

/// Everything the engine needs from a state backend. SQLite and (later) PostgreSQL implement it.
///
/// Writes happen only between `beginVersion` and `finishVersion`, by the lock holder. Every
/// `commit` is one durable transaction: when it returns, the changes survive a crash.
public protocol StateStore: Sendable {
    /// The current state. Reading never needs the lock.
    func snapshot() throws -> StateSnapshot

    /// Takes the lock or throws `StateLockedError` naming the holder.
    func acquireLock(operation: String) throws -> LockInfo
    /// Releases a lock this process holds.
    func releaseLock(id: String) throws
    /// Breaks a lock by its ID, whoever holds it (`state unlock ID`). Throws if the ID doesn't match.
    func forceUnlock(id: String) throws
    /// The lock currently held, if any.
    func currentLock() throws -> LockInfo?

    /// Starts a new version (bumps the serial) and returns its serial.
    func beginVersion(command: String, user: String) throws -> Int
    /// Commits changes in one transaction.
    func commit(_ changes: [StateChange]) throws
    /// Records an intent before its provider call is sent (one committed transaction).
    func recordIntent(_ operation: PendingOperation) throws
    /// Commits changes and clears the intents they resolve, in one transaction.
    func commit(_ changes: [StateChange], resolving intents: [String]) throws
    /// Several intents and commits in one transaction; each is as durable as if written alone.
    func write(_ batch: [StateWrite]) throws
    /// Replaces the stack's outputs.
    func setOutputs(_ outputs: [String: Value]) throws
    /// Closes the version begun last with its summary and status ("complete" or "failed").
    func finishVersion(serial: Int, summary: ChangeSummary, status: String) throws
    /// Replaces the outputs and closes the version in one transaction (one fsync, not two).
    func finishVersion(serial: Int, summary: ChangeSummary, status: String, outputs: [String: Value]) throws

    /// Versions, oldest first.
    func history() throws -> [HistoryEntry]
    /// A resource as it was at the end of version `serial` (nil if it did not exist then).
    func resource(address: String, atSerial serial: Int) throws -> ResourceRecord?
    /// Every resource as it was at the end of version `serial`, by address.
    func resources(atSerial serial: Int) throws -> [String: ResourceRecord]
}
