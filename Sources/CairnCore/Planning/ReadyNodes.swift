import CairnProviderKit

/// Hands the workers of a parallel walk the nodes whose dependencies are all finished, a batch at
/// a time: one lock turn per batch rather than per node, and no task per node (a node's work is
/// a few microseconds). A worker with nothing to do waits on a continuation that whoever finishes
/// the nodes it needs resumes, so an idle worker holds no core.
///
/// Every node runs, whether or not its dependencies succeeded: a node's failure is its result, not
/// a reason to stop, so the walk always ends.
final class ReadyNodes: Sendable {
    private struct State {
        /// Per node, dependencies among the walked nodes not yet finished.
        var remaining: [Int]
        /// Taken from the end: a worker tends to go on with what it just released, whose inputs
        /// are still in its cache.
        var ready: [Int]
        var unfinished: Int
        var waiting: [UnsafeContinuation<[Int], Never>] = []
    }

    private let dependents: [[Int]]
    private let walked: [Bool]
    private let workers: Int
    private let state: Locked<State>

    /// Walks `nodes` (a subset of `dag`'s, in any order) for `workers` workers; edges to or from
    /// nodes outside the subset are ignored.
    init(nodes: [Int], dag: DAG, workers: Int) {
        var walked = [Bool](repeating: false, count: dag.count)
        for n in nodes { walked[n] = true }
        var remaining = [Int](repeating: 0, count: dag.count)
        var ready: [Int] = []
        for n in nodes {
            remaining[n] = dag.dependencies[n].reduce(0) { $0 + (walked[$1] ? 1 : 0) }
            if remaining[n] == 0 { ready.append(n) }
        }
        ready.reverse() // the first in `nodes` are taken first
        self.dependents = dag.dependents
        self.walked = walked
        self.workers = max(1, workers)
        state = Locked(State(remaining: remaining, ready: ready, unfinished: nodes.count))
    }

    /// Marks `finished` done and returns the next nodes to run, waiting while none is ready;
    /// empty once every node has finished.
    func next(finishing finished: [Int]) async -> [Int] {
        var handOut: [(UnsafeContinuation<[Int], Never>, [Int])] = []
        let mine = state.withLock { s -> [Int]? in
            finish(finished, in: &s, handingOut: &handOut)
            return take(from: &s)
        }
        for (waiter, batch) in handOut { waiter.resume(returning: batch) }
        if let mine { return mine }
        return await withUnsafeContinuation { c in
            let batch = state.withLock { s -> [Int]? in
                let batch = take(from: &s)
                if batch == nil { s.waiting.append(c) }
                return batch
            }
            if let batch { c.resume(returning: batch) }
        }
    }

    /// Releases the dependents of `finished`; gives ready batches to waiting workers, and tells
    /// them all to stop once nothing is left.
    private func finish(_ finished: [Int], in s: inout State, handingOut handOut: inout [(UnsafeContinuation<[Int], Never>, [Int])]) {
        for n in finished {
            s.unfinished -= 1
            for d in dependents[n] where walked[d] {
                s.remaining[d] -= 1
                if s.remaining[d] == 0 { s.ready.append(d) }
            }
        }
        if s.unfinished == 0 {
            handOut += s.waiting.map { ($0, []) }
            s.waiting.removeAll()
            return
        }
        while !s.waiting.isEmpty, let batch = take(from: &s) {
            handOut.append((s.waiting.removeLast(), batch))
        }
    }

    /// A batch of ready nodes; empty when all are finished; nil when the caller must wait.
    private func take(from s: inout State) -> [Int]? {
        if s.ready.isEmpty { return s.unfinished == 0 ? [] : nil }
        // A share of what is ready, so the other workers find some too.
        let size = max(1, min(32, s.ready.count / (2 * workers)))
        let batch = Array(s.ready.suffix(size).reversed())
        s.ready.removeLast(size)
        return batch
    }
}
