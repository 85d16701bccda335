/// Runs every node of a DAG once its dependencies have succeeded, at most `parallelism` at a time.
/// A node whose dependency failed (or was skipped) is skipped, and so is everything downstream;
/// independent work carries on. Stops starting new nodes once `shouldStop` says so.
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
        var outcome = [Outcome](repeating: .notStarted, count: dag.count)
        var remaining = dag.dependencies.map(\.count)
        var ready = (0..<dag.count).filter { remaining[$0] == 0 }
        var running = 0

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
                        if outcome[d] == .skipped { stack.append((d, false)) } else { ready.append(d) }
                    }
                }
            }
        }

        await withTaskGroup(of: (Int, Bool).self) { group in
            while true {
                while running < parallelism, !ready.isEmpty, !shouldStop() {
                    let n = ready.removeLast()
                    running += 1
                    group.addTask { (n, await body(n)) }
                }
                guard running > 0, let (n, ok) = await group.next() else { break }
                running -= 1
                outcome[n] = ok ? .succeeded : .failed
                release(n, success: ok)
            }
        }
        return outcome
    }
}
