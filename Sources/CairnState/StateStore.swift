import CairnAddresses
import CairnProviderKit

// What the engine needs from a state backend, as small protocols. Engine code asks for the
// smallest one it uses (the applier reads and writes; the group committer only writes); the
// commands that manage state take the whole `StateStore`. SQLite, memory and (later) PostgreSQL
// implement all of them, and all pass the same conformance suite (Tests/StateConformance).

/// Reading the current state. Reading never needs the lock.
public protocol StateReader: Sendable {
    /// The state as of the last committed transaction: lineage, serial, resources, outputs and
    /// the intents not yet resolved.
    func snapshot() throws -> StateSnapshot
}

/// Writing versions, steps' changes, intents and outputs.
///
/// Writes happen only between `beginVersion` and `finishVersion`, by the lock holder. Every
/// `write` is one durable transaction: when it returns, all of its writes survive a crash; when it
/// throws, none of them happened.
public protocol StateWriter: Sendable {
    /// Starts a new version (bumps the serial) and returns its serial. A version still running
    /// belongs to a run that was killed; it is marked "interrupted".
    func beginVersion(command: String, user: String) throws -> Int
    /// Several intents and commits in one transaction; each is as durable as if written alone.
    /// Changes are recorded in history under the current serial. An intent ID already pending is
    /// refused (and with it the whole batch).
    func write(_ batch: [StateWrite]) throws
    /// Replaces the stack's outputs.
    func setOutputs(_ outputs: [String: Value]) throws
    /// Closes version `serial` with its summary and status ("complete" or "failed"), replacing the
    /// outputs in the same transaction when they are given. Throws `StateError` when there is no
    /// such version; then nothing is written.
    func finishVersion(serial: Int, summary: ChangeSummary, status: String, outputs: [String: Value]?) throws
}

extension StateWriter {
    /// Commits changes in one transaction.
    public func commit(_ changes: [StateChange]) throws {
        try commit(changes, resolving: [])
    }

    /// Commits changes and clears the intents they resolve, in one transaction.
    public func commit(_ changes: [StateChange], resolving intents: [String]) throws {
        guard !changes.isEmpty || !intents.isEmpty else { return }
        try write([.commit(changes, resolving: intents)])
    }

    /// Records an intent before its provider call is sent (one committed transaction).
    public func recordIntent(_ operation: PendingOperation) throws {
        try write([.intent(operation)])
    }

    /// Closes the version begun last, leaving the outputs as they are.
    public func finishVersion(serial: Int, summary: ChangeSummary, status: String) throws {
        try finishVersion(serial: serial, summary: summary, status: status, outputs: nil)
    }
}

/// The state lock, with who holds it.
public protocol StateLocker: Sendable {
    /// Takes the lock or throws `StateLockedError` naming the holder (user, host, pid, since, operation).
    func acquireLock(operation: String) throws -> LockInfo
    /// Releases a lock this process holds; does nothing when `id` is not the current lock.
    func releaseLock(id: String) throws
    /// Breaks a lock by its ID, whoever holds it (`state unlock ID`). Throws `StateError` if the
    /// state is not locked or the ID doesn't match; the lock is then left alone.
    func forceUnlock(id: String) throws
    /// The lock currently held, if any.
    func currentLock() throws -> LockInfo?
}

/// Past versions and what resources looked like in them.
public protocol StateHistoryReader: Sendable {
    /// Versions, oldest first.
    func history() throws -> [HistoryEntry]
    /// A resource as it was at the end of version `serial` (nil if it did not exist then).
    func resource(address: ResourceInstanceAddress, atSerial serial: Int) throws -> ResourceRecord?
    /// Every resource as it was at the end of version `serial`, by address.
    func resources(atSerial serial: Int) throws -> [ResourceInstanceAddress: ResourceRecord]
}

/// What a run that changes state needs: the current state, and writing the new version.
public typealias StateReaderWriter = StateReader & StateWriter

/// A whole state backend.
public protocol StateStore: StateReader, StateWriter, StateLocker, StateHistoryReader {}
