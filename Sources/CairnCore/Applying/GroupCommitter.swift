import CairnProviderKit
import CairnState
import Foundation

/// Group commit: writes that steps ask for while a transaction is in flight are gathered and
/// committed together in the next one, so many parallel steps share one fsync. Each caller returns
/// only once the transaction holding its write has committed — a step's dependents never start
/// before its result is durable. The blocking SQLite work runs on its own thread, never on Swift's
/// cooperative pool.
final class GroupCommitter: Sendable {
    private typealias Waiting = (write: StateWrite, done: CheckedContinuation<Void, any Error>)
    private let store: any StateWriter
    private let pending = Locked<(queue: [Waiting], draining: Bool)>(([], false))
    private let worker = DispatchQueue(label: "cairn.state.group-commit")

    init(store: any StateWriter) { self.store = store }

    func submit(_ write: StateWrite) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            let start = pending.withLock { p -> Bool in
                p.queue.append((write, done))
                if p.draining { return false }
                p.draining = true
                return true
            }
            if start { worker.async { self.drain() } }
        }
    }

    private func drain() {
        while true {
            let batch = pending.withLock { p -> [Waiting] in
                let b = p.queue
                p.queue.removeAll()
                if b.isEmpty { p.draining = false }
                return b
            }
            if batch.isEmpty { return }
            do {
                try store.write(batch.map(\.write))
                for item in batch { item.done.resume() }
            } catch {
                // One bad write must not fail the others: retry them one by one.
                for item in batch {
                    do {
                        try store.write([item.write])
                        item.done.resume()
                    } catch {
                        item.done.resume(throwing: error)
                    }
                }
            }
        }
    }
}
