import Foundation

// What every store's lock shares: who a new lock names, and the refusal of a wrong unlock ID.

extension LockInfo {
    /// A new lock held by this process (user, host and pid as `state unlock` shows them).
    static func takenByThisProcess(operation: String) -> LockInfo {
        LockInfo(
            id: UUID().uuidString.lowercased(),
            holder: LocalIdentity.userName(),
            host: LocalIdentity.hostName(),
            pid: LocalIdentity.processID(),
            since: StoredTime.now(),
            operation: operation)
    }
}

extension StateError {
    /// `forceUnlock` with an ID that is not the current lock's: says what is locked instead.
    static func noLock(id: String, current: LockInfo?) -> StateError {
        guard let current else { return StateError("no lock with ID \(id) (the state is not locked)") }
        return StateError(
            "no lock with ID \(id) (current lock is \(current.id), held by \(current.holder) "
                + "on \(current.host), pid \(current.pid))")
    }
}
