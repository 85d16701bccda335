import CairnState
import Foundation

/// Opens an existing state, takes its lock and reads it on another thread while the stack is
/// validated: the two are independent until planning, and decoding a state of 10,000 resources
/// takes about as long as validating their stack.
///
/// Nothing is said or shown before the caller knows the stack is valid: errors wait for `value()`,
/// a stale lock's warning for `warnIfStale()`. A state that does not exist yet is not read ahead,
/// because opening it creates it (and its key), which only a valid stack may do.
struct StateReadAhead: Sendable {
    struct Read: Sendable {
        let store: SQLiteStateStore
        let lock: LockScope
        let state: StateSnapshot
    }

    private let task: Task<Read, any Error>
    /// The state file being read.
    let path: String

    /// nil when there is no state at `path` yet.
    init?(path: String, operation: String) {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        self.path = path
        task = Task.detached {
            let store = try SQLiteStateStore.open(path)
            let lock = try LockScope.take(store, operation: operation)
            do {
                return Read(store: store, lock: lock, state: try store.snapshot())
            } catch {
                lock.release()
                throw error
            }
        }
    }

    func value() async throws -> Read {
        try await task.value
    }

    /// When the stack turned out invalid: gives the lock back, and drops whatever the read found.
    func abandon() async {
        if let read = try? await task.value { read.lock.release() }
    }
}
