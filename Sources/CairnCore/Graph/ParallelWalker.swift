import CairnProviderKit
import Foundation

/// Runs every node of a DAG once its dependencies have succeeded, at most `parallelism` at a time.
/// A node whose dependency failed (or was skipped) is skipped, and so is everything downstream;
/// independent work carries on. Stops starting new nodes once `shouldStop` says so.
///
/// A node may give its slot back before it finishes (`releaseSlot`), so the next node starts
/// while it does work the bound is not about — the applier frees the slot once the provider call
/// returns and then commits the result; the node's dependents still wait for it to finish.
///
/// A ready node may also be prepared before it gets a slot (the applier journals its intent then),
/// so that a freed slot starts the next node at once. At most `parallelism + lookAhead` nodes are
/// prepared or holding a slot at any moment; on a stop, nodes prepared but not started are handed
/// to `abandon` and count as not started.
public struct ParallelWalker: Sendable {
    public enum Outcome: Sendable, Equatable { case succeeded, failed, skipped, notStarted }

    public let dag: DAG
    public let parallelism: Int

    public init(dag: DAG, parallelism: Int) {
        self.dag = dag
        self.parallelism = max(1, parallelism)
    }

    /// `body` returns true on success. Returns each node's outcome.
    public func walk(
        shouldStop: @escaping @Sendable () -> Bool = { false },
        _ body: @escaping @Sendable (Int) async -> Bool
    ) async -> [Outcome] {
        await walk(shouldStop: shouldStop) { node, _ in await body(node) }
    }

    /// `body` returns true on success and may call its second argument to free its slot early.
    public func walk(
        shouldStop: @escaping @Sendable () -> Bool = { false },
        _ body: @escaping @Sendable (_ node: Int, _ releaseSlot: @escaping @Sendable () -> Void) async -> Bool
    )
        async -> [Outcome]
    {
        await walk(
            lookAhead: 0, shouldStop: shouldStop, prepare: { _ in () }, abandon: { _, _ in },
            run: { node, _, releaseSlot in await body(node, releaseSlot) })
    }

    /// Prepares each ready node without a slot (up to `lookAhead` beyond the slots), then runs it
    /// with what `prepare` returned once a slot is free.
    public func walk<Prepared: Sendable>(
        lookAhead: Int,
        shouldStop: @escaping @Sendable () -> Bool = { false },
        prepare: @escaping @Sendable (_ node: Int) async -> Prepared,
        abandon: @escaping @Sendable (_ node: Int, Prepared) async -> Void,
        run: @escaping @Sendable (_ node: Int, Prepared, _ releaseSlot: @escaping @Sendable () -> Void) async -> Bool
    ) async -> [Outcome] {
        let capacity = parallelism + max(0, lookAhead)
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

        let inbox = WalkInbox<WalkEvent<Prepared>>()
        var holdingSlots = 0
        var staged = 0 // being prepared or prepared, not started
        var waiting: [(node: Int, prepared: Prepared)] = [] // prepared, in the order they became so
        var nextWaiting = 0
        var unfinished = 0 // tasks whose last event is still to come
        await withDiscardingTaskGroup { group in
            while true {
                if shouldStop() {
                    for (n, p) in waiting[nextWaiting...] {
                        staged -= 1
                        unfinished += 1
                        group.addTask {
                            await abandon(n, p)
                            inbox.post(.abandoned)
                        }
                    }
                    waiting.removeAll()
                    nextWaiting = 0
                } else {
                    while holdingSlots < parallelism, nextWaiting < waiting.count {
                        let (n, p) = waiting[nextWaiting]
                        nextWaiting += 1
                        staged -= 1
                        holdingSlots += 1
                        unfinished += 1
                        group.addTask {
                            let slot = SlotRelease { inbox.post(.slotFreed) }
                            let ok = await run(n, p) { slot.release() }
                            slot.release()
                            inbox.post(.finished(n, ok))
                        }
                    }
                    if nextWaiting == waiting.count {
                        waiting.removeAll(keepingCapacity: true)
                        nextWaiting = 0
                    }
                    while holdingSlots + staged < capacity, !ready.isEmpty {
                        let n = ready.pop()!
                        staged += 1
                        unfinished += 1
                        group.addTask {
                            let p = await prepare(n)
                            inbox.post(.prepared(n, p))
                        }
                    }
                }
                guard unfinished > 0 else { break }
                for event in await inbox.next() {
                    switch event {
                    case .slotFreed:
                        holdingSlots -= 1
                    case .prepared(let n, let p):
                        unfinished -= 1
                        waiting.append((n, p))
                    case .abandoned:
                        unfinished -= 1
                    case .finished(let n, let ok):
                        unfinished -= 1
                        outcome[n] = ok ? .succeeded : .failed
                        release(n, success: ok)
                    }
                }
            }
        }
        return outcome
    }
}

private enum WalkEvent<Prepared: Sendable>: Sendable {
    case slotFreed
    case prepared(Int, Prepared)
    case abandoned
    case finished(Int, Bool)
}

/// Reports a node's slot as free exactly once, however often it is asked to.
private final class SlotRelease: Sendable {
    private let report: @Sendable () -> Void
    private let released = Locked(false)

    init(_ report: @escaping @Sendable () -> Void) { self.report = report }

    func release() {
        if !released.exchange(true) { report() }
    }
}

/// Carries the tasks' events to the walk's loop, which takes all that have arrived at once: a wave
/// of steps finishing together wakes it once, not once per event.
private final class WalkInbox<Event: Sendable>: Sendable {
    private struct Box {
        var pending: [Event] = []
        var waiter: UnsafeContinuation<[Event], Never>?

        /// What is pending, emptied; nil when nothing is.
        mutating func drainPending() -> [Event]? {
            if pending.isEmpty { return nil }
            defer { pending.removeAll(keepingCapacity: true) }
            return pending
        }
    }
    private let box = Locked(Box())

    func post(_ event: Event) {
        let waiter = box.withLock { b -> UnsafeContinuation<[Event], Never>? in
            // Someone waits only while nothing is pending.
            if let w = b.waiter {
                b.waiter = nil
                return w
            }
            b.pending.append(event)
            return nil
        }
        waiter?.resume(returning: [event])
    }

    /// Everything posted since the last call, waiting for at least one event.
    func next() async -> [Event] {
        if let events = box.withLock({ $0.drainPending() }) { return events }
        return await withUnsafeContinuation { c in
            let events = box.withLock { b -> [Event]? in
                let events = b.drainPending()
                if events == nil { b.waiter = c }
                return events
            }
            if let events { c.resume(returning: events) }
        }
    }
}
