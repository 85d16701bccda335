import CairnProviderKit
import Dispatch
import Foundation

/// Independent pieces of CPU work spread over the machine's cores, for a caller that waits for all
/// of them (no async needed: the calling thread takes pieces too).
enum ConcurrentWork {
    static var cores: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Runs `body(0) … body(count - 1)` at the same time as far as there are cores; threads take
    /// the pieces in index order as they free up, so the costliest piece should come first.
    /// Returns the results in index order.
    static func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        let results = Locked<[T?]>(Array(repeating: nil, count: count))
        DispatchQueue.concurrentPerform(iterations: count) { i in
            let result = body(i)
            results.withLock { $0[i] = result }
        }
        return results.withLock { $0.map { $0! } }
    }

    /// Starts `body` on a thread of its own (not one of the pool's, so it runs whatever the
    /// pool is busy with); `Started.result` waits for it.
    static func start<T: Sendable>(_ body: @escaping @Sendable () -> T) -> Started<T> {
        let started = Started<T>()
        let thread = Thread {
            let value = body()
            started.value.withLock { $0 = value }
            started.done.signal()
        }
        thread.stackSize = 8 << 20  // a main thread's: the work may recurse as deep as it would there
        thread.start()
        return started
    }

    /// Work started on a thread of its own.
    final class Started<T: Sendable>: Sendable {
        fileprivate let value = Locked<T?>(nil)
        fileprivate let done = DispatchSemaphore(value: 0)

        /// Waits for the work to finish and returns what it returned.
        func result() -> T {
            done.wait()
            return value.withLock { $0! }
        }
    }

    /// `0..<count` cut into at most `parts` contiguous ranges of nearly equal length, in order.
    static func ranges(count: Int, parts: Int) -> [Range<Int>] {
        let n = max(1, min(parts, count))
        return (0..<n).map { i in (count * i / n)..<(count * (i + 1) / n) }
    }
}
