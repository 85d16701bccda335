import CairnProviderKit
import Foundation

/// Work spread over the machine's cores while the caller goes on with other work.
enum ConcurrentWork {
    static var cores: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Starts `body` on a thread of its own (not one of the shared pool's, so it runs whatever the
    /// pool is busy with); `Started.value()` suspends until it is done.
    static func start<T: Sendable>(_ body: @escaping @Sendable () -> T) -> Started<T> {
        let started = Started<T>()
        let thread = Thread { started.finish(body()) }
        thread.stackSize = 8 << 20 // a main thread's: the work may recurse as deep as it would there
        thread.start()
        return started
    }

    /// Work started on a thread of its own.
    final class Started<T: Sendable>: Sendable {
        private let state = Locked<(value: T?, waiter: CheckedContinuation<T, Never>?)>((nil, nil))

        fileprivate func finish(_ value: T) {
            let waiter = state.withLock { s -> CheckedContinuation<T, Never>? in
                guard let w = s.waiter else {
                    s.value = value
                    return nil
                }
                s.waiter = nil
                return w
            }
            waiter?.resume(returning: value)
        }

        /// What the work returned, once it has finished.
        func value() async -> T {
            await withCheckedContinuation { continuation in
                let done = state.withLock { s -> T? in
                    if let v = s.value { return v }
                    s.waiter = continuation
                    return nil
                }
                if let done { continuation.resume(returning: done) }
            }
        }
    }

    /// `0..<count` cut into at most `parts` contiguous ranges of nearly equal length, in order.
    static func ranges(count: Int, parts: Int) -> [Range<Int>] {
        let n = max(1, min(parts, count))
        return (0..<n).map { i in (count * i / n)..<(count * (i + 1) / n) }
    }
}
