import Foundation

/// Runs every node of a DAG once its dependencies have succeeded, at most `parallelism` at a time.
/// A node whose dependency failed (or was skipped) is skipped, and so is everything downstream;
/// independent work carries on. Stops starting new nodes once `shouldStop` says so.
///
/// A node may give its slot back before it finishes (`releaseSlot`), so the next node starts
/// while it does work the bound is not about — the applier frees the slot once the provider call
/// returns and then commits the result; the node's dependents still wait for it to finish.
public struct ParallelWalker: Sendable {
    public enum Outcome: Sendable, Equatable { case succeeded, failed, skipped, notStarted }

    public let dag: DAG
    public let parallelism: Int

    public init(dag: DAG, parallelism: Int) {
        self.dag = dag
        self.parallelism = max(1, parallelism)
    }

    /// `body` returns true on success. Returns each node's outcome.
    public func walk(shouldStop: @escaping @Sendable () -> Bool = { false },
                     _ body: @escaping @Sendable (Int) async -> Bool) async -> [Outcome] {
        await walk(shouldStop: shouldStop) { node, _ in await body(node) }
    }

    /// `body` returns true on success and may call its second argument to free its slot early.
    public func walk(shouldStop: @escaping @Sendable () -> Bool = { false },
                     _ body: @escaping @Sendable (_ node: Int, _ releaseSlot: @escaping @Sendable () -> Void) async -> Bool)
        async -> [Outcome] {
        var outcome = [Outcome](repeating: .notStarted, count: dag.count)
        var remaining = dag.dependencies.map(\.count)
        var ready = ReadyQueue(heights: dag.heights())
        for n in 0..<dag.count where remaining[n] == 0 { ready.push(n) }

        func release(_ node: Int, success: Bool) {
            // Skips propagate iteratively so a long chain can't overflow the stack.
            var stack = [(node, success)]
            while let (n, ok) = stack.popLast() {
                for d in dag.dependents[n] {
                    if !ok, outcome[d] == .notStarted {
                        outcome[d] = .skipped
                    }
                    remaining[d] -= 1
                    if remaining[d] == 0 {
                        if outcome[d] == .skipped { stack.append((d, false)) } else { ready.push(d) }
                    }
                }
            }
        }

        let (events, sink) = AsyncStream<WalkEvent>.makeStream()
        var iterator = events.makeAsyncIterator()
        var holdingSlots = 0
        var unfinished = 0
        await withDiscardingTaskGroup { group in
            while true {
                while holdingSlots < parallelism, !ready.isEmpty, !shouldStop() {
                    let n = ready.pop()!
                    holdingSlots += 1
                    unfinished += 1
                    group.addTask {
                        let slot = SlotRelease(sink)
                        let ok = await body(n) { slot.release() }
                        slot.release()
                        sink.yield(.finished(n, ok))
                    }
                }
                guard unfinished > 0, let event = await iterator.next() else { break }
                switch event {
                case .slotFreed:
                    holdingSlots -= 1
                case .finished(let n, let ok):
                    unfinished -= 1
                    outcome[n] = ok ? .succeeded : .failed
                    release(n, success: ok)
                }
            }
        }
        sink.finish()
        return outcome
    }
}

private enum WalkEvent: Sendable {
    case slotFreed
    case finished(Int, Bool)
}

/// Reports a node's slot as free exactly once, however often it is asked to.
private final class SlotRelease: @unchecked Sendable {
    private let sink: AsyncStream<WalkEvent>.Continuation
    private let lock = NSLock()
    private var released = false

    init(_ sink: AsyncStream<WalkEvent>.Continuation) { self.sink = sink }

    func release() {
        let first = lock.withLock { () -> Bool in
            defer { released = true }
            return !released
        }
        if first { sink.yield(.slotFreed) }
    }
}
