import CairnProviderKit

/// Holds one plugin process: started when first needed, started again after it failed, at most
/// `maxRestarts` more times. Callers that need it while it is starting await that one start (a
/// task), so no thread waits and no second process is started.
final class PluginProcessSlot: Sendable {
    typealias Start = @Sendable () async throws -> PluginConnection

    private let label: PluginLabel
    private let maxRestarts: Int
    private let state: Locked<State>

    private struct State {
        var current: PluginConnection?
        var starting: Task<PluginConnection, any Error>?
        var starts: Int
        /// Counts resets, so a start begun before one is not kept after it.
        var generation = 0
        var closed = false
    }

    private enum Next {
        case ready(PluginConnection)
        case wait(Task<PluginConnection, any Error>)
    }

    /// `running` is a process already started (it counts as the first start).
    init(label: PluginLabel, maxRestarts: Int, running: PluginConnection? = nil) {
        self.label = label
        self.maxRestarts = maxRestarts
        state = Locked(State(current: running, starts: running == nil ? 0 : 1))
    }

    /// The process serving calls, if one is running.
    var running: PluginConnection? { state.withLock { $0.current } }

    /// The usable process, started with `start` when there is none.
    func connection(_ start: @escaping Start) async throws -> PluginConnection {
        let next = try state.withLock { s throws(ProviderError) -> Next in
            if let c = s.current, c.isUsable { return .ready(c) }
            if let t = s.starting { return .wait(t) }
            guard !s.closed else { throw ProviderError("\(label) was shut down") }
            guard s.starts <= maxRestarts else { throw PluginErrors.gaveUp(label, starts: s.starts) }
            s.starts += 1
            s.current = nil
            let generation = s.generation
            let task = Task { [self] in
                do {
                    let c = try await start()
                    settle(generation, started: c)
                    return c
                } catch {
                    settle(generation, started: nil)
                    throw error
                }
            }
            s.starting = task
            return .wait(task)
        }
        switch next {
        case .ready(let c): return c
        case .wait(let task): return try await task.value
        }
    }

    private func settle(_ generation: Int, started: PluginConnection?) {
        let stale = state.withLock { s -> Bool in
            guard s.generation == generation else { return true }
            s.starting = nil
            if s.closed { return true }
            s.current = started
            return false
        }
        if stale { started?.shutdown() }
    }

    /// Forgets the process (stopping it) and the count of starts: the next call starts afresh.
    func reset() {
        let old = state.withLock { s -> PluginConnection? in
            defer {
                s.current = nil
                s.starting = nil
                s.starts = 0
                s.generation += 1
            }
            return s.current
        }
        old?.shutdown()
    }

    /// Stops the process for good.
    func shutdown() {
        let old = state.withLock { s -> PluginConnection? in
            s.closed = true
            defer { s.current = nil }
            return s.current
        }
        old?.shutdown()
    }
}
