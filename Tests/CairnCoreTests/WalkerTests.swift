import CairnAddresses
import Foundation
import Synchronization
import Testing

@testable import CairnCore

@Suite struct WalkerTests {
    final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private var events: [Int] = []
        private var running = 0
        private(set) var maxRunning = 0
        func start(_ n: Int) {
            lock.withLock {
                events.append(n)
                running += 1
                maxRunning = max(maxRunning, running)
            }
        }
        func end() { lock.withLock { running -= 1 } }
        var order: [Int] { lock.withLock { events } }
    }

    @Test func runsDependenciesFirstAndRespectsParallelism() async {
        // 0 ← 1 ← 2 (chain) and 3..12 independent.
        var dag = DAG(count: 13)
        dag.addEdge(from: 1, dependsOn: 0)
        dag.addEdge(from: 2, dependsOn: 1)
        let log = Log()
        let outcomes = await ParallelWalker(dag: dag, parallelism: 3).walk { n in
            log.start(n)
            try? await Task.sleep(nanoseconds: 5_000_000)
            log.end()
            return true
        }
        #expect(outcomes.allSatisfy { $0 == .succeeded })
        let order = log.order
        #expect(order.firstIndex(of: 0)! < order.firstIndex(of: 1)!)
        #expect(order.firstIndex(of: 1)! < order.firstIndex(of: 2)!)
        #expect(log.maxRunning <= 3)
        #expect(log.maxRunning >= 2)
    }

    @Test func failureSkipsOnlyDownstream() async {
        // 0 fails; 1 depends on 0; 2 depends on 1; 3 independent; 4 depends on 3.
        var dag = DAG(count: 5)
        dag.addEdge(from: 1, dependsOn: 0)
        dag.addEdge(from: 2, dependsOn: 1)
        dag.addEdge(from: 4, dependsOn: 3)
        let outcomes = await ParallelWalker(dag: dag, parallelism: 2).walk { n in n != 0 }
        #expect(outcomes == [.failed, .skipped, .skipped, .succeeded, .succeeded])
    }

    @Test func stopStartsNothingNew() async {
        var dag = DAG(count: 3)
        dag.addEdge(from: 1, dependsOn: 0)
        dag.addEdge(from: 2, dependsOn: 1)
        let stop = Atomic<Bool>(false)
        let outcomes = await ParallelWalker(dag: dag, parallelism: 1).walk(shouldStop: { stop.load(ordering: .relaxed) }) { n in
            stop.store(true, ordering: .relaxed)
            return true
        }
        #expect(outcomes == [.succeeded, .notStarted, .notStarted])
    }

    @Test func releasedSlotStartsTheNextNodeButDependentsWaitForTheFinish() async {
        // 0 and 1 independent (1 is started first), 2 depends on 1; one slot. Node 1 frees its
        // slot, then waits (up to 2 s) for node 0 to start: were the slot held to the end, node 0
        // could only start after node 1 finished.
        var dag = DAG(count: 3)
        dag.addEdge(from: 2, dependsOn: 1)
        let log = Log()
        let zeroStarted = Atomic<Bool>(false)
        let oneFinished = Atomic<Bool>(false)
        let zeroStartedWhileOneRan = Atomic<Bool>(false)
        let twoSawOneFinished = Atomic<Bool>(false)
        let outcomes = await ParallelWalker(dag: dag, parallelism: 1).walk { n, releaseSlot in
            log.start(n)
            defer { log.end() }
            switch n {
            case 1:
                releaseSlot()
                for _ in 0..<2000 where !zeroStarted.load(ordering: .acquiring) { try? await Task.sleep(nanoseconds: 1_000_000) }
                zeroStartedWhileOneRan.store(zeroStarted.load(ordering: .acquiring), ordering: .relaxed)
                oneFinished.store(true, ordering: .releasing)
            case 0:
                zeroStarted.store(true, ordering: .releasing)
            default:
                twoSawOneFinished.store(oneFinished.load(ordering: .acquiring), ordering: .relaxed)
            }
            return true
        }
        #expect(outcomes == [.succeeded, .succeeded, .succeeded])
        #expect(log.order == [1, 0, 2])
        let overlapped = zeroStartedWhileOneRan.load(ordering: .relaxed)
        #expect(overlapped)
        let dependentSawTheFinish = twoSawOneFinished.load(ordering: .relaxed)
        #expect(dependentSawTheFinish)
    }

    @Test func longestRemainingPathStartsFirst() async {
        // 0 and 1 independent; 2 ← 3 ← 4 a chain; 5 ← 6 a shorter one. One slot, which a node frees
        // just before it finishes: each time, the ready node with the longest path behind it starts
        // (5 before 3, which is not ready yet when 2 frees the slot).
        var dag = DAG(count: 7)
        dag.addEdge(from: 3, dependsOn: 2)
        dag.addEdge(from: 4, dependsOn: 3)
        dag.addEdge(from: 6, dependsOn: 5)
        #expect(dag.heights() == [1, 1, 3, 2, 1, 2, 1])
        let log = Log()
        _ = await ParallelWalker(dag: dag, parallelism: 1).walk { n in
            log.start(n)
            log.end()
            return true
        }
        #expect(log.order == [2, 5, 3, 0, 1, 4, 6])
    }

    @Test func readyQueuePopsByHeightThenIndex() {
        var q = ReadyQueue(heights: [1, 4, 2, 4, 1, 3])
        for n in [4, 0, 5, 3, 2, 1] { q.push(n) }
        var order: [Int] = []
        while let n = q.pop() { order.append(n) }
        #expect(order == [1, 3, 5, 2, 0, 4])
    }

    /// Counts nodes prepared but whose slot is not yet given back, and what became of each.
    final class Stages: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var prepared: Set<Int> = []
        private(set) var ran: Set<Int> = []
        private(set) var abandoned: Set<Int> = []
        private var outstanding = 0
        private(set) var maxOutstanding = 0
        private(set) var mismatched = false
        func prepare(_ n: Int) {
            lock.withLock {
                prepared.insert(n)
                outstanding += 1
                maxOutstanding = max(maxOutstanding, outstanding)
            }
        }
        func run(_ n: Int, _ value: Int) {
            lock.withLock {
                ran.insert(n)
                if value != n * 10 { mismatched = true }
            }
        }
        func slotFreed() { lock.withLock { outstanding -= 1 } }
        func abandon(_ n: Int) {
            lock.withLock {
                abandoned.insert(n)
                outstanding -= 1
            }
        }
        var preparedCount: Int { lock.withLock { prepared.count } }
    }

    @Test func lookAheadPreparesWhileSlotsAreBusyAndStaysBounded() async {
        let dag = DAG(count: 20)
        let log = Log()
        let stages = Stages()
        let outcomes = await ParallelWalker(dag: dag, parallelism: 2).walk(
            lookAhead: 2,
            prepare: { n in
                stages.prepare(n)
                return n * 10
            },
            abandon: { n, _ in stages.abandon(n) },
            run: { n, value, releaseSlot in
                log.start(n)
                stages.run(n, value)
                try? await Task.sleep(nanoseconds: 20_000_000)
                log.end()
                stages.slotFreed()
                releaseSlot()
                return true
            })
        #expect(outcomes.allSatisfy { $0 == .succeeded })
        #expect(log.maxRunning <= 2)
        // Two running and two more prepared behind them, never more.
        #expect(stages.maxOutstanding == 4)
        #expect(!stages.mismatched, "a node ran with another node's prepared value")
        #expect(stages.abandoned.isEmpty)
    }

    @Test func stopAbandonsPreparedNodesThatDidNotStart() async {
        let dag = DAG(count: 6)
        let stages = Stages()
        let stop = Atomic<Bool>(false)
        let outcomes = await ParallelWalker(dag: dag, parallelism: 1).walk(
            lookAhead: 2,
            shouldStop: { stop.load(ordering: .relaxed) },
            prepare: { n in
                stages.prepare(n)
                return n * 10
            },
            abandon: { n, _ in stages.abandon(n) },
            run: { n, value, _ in
                stages.run(n, value)
                // Let the two look-ahead nodes be prepared, then stop.
                for _ in 0..<2000 where stages.preparedCount < 3 { try? await Task.sleep(nanoseconds: 1_000_000) }
                stop.store(true, ordering: .relaxed)
                stages.slotFreed()
                return true
            })
        #expect(stages.ran.count == 1)
        #expect(stages.prepared.count == 3)
        #expect(stages.abandoned == stages.prepared.subtracting(stages.ran))
        #expect(outcomes.filter { $0 == .succeeded }.count == 1)
        #expect(outcomes.filter { $0 == .notStarted }.count == 5)
    }

    @Test func stepGraphOrdersReplaceAndDeletes() throws {
        func change(_ address: ResourceInstanceAddress, _ action: PlannedChange.Action, deps: [ResourceAddress] = [], cbd: Bool = false)
            -> PlannedChange
        {
            PlannedChange(
                action: action, address: address, type: "null.resource",
                providerKey: "null", priorID: nil, before: nil, after: nil, inputs: nil, changed: [], forcedBy: [],
                dependencies: deps, createBeforeDestroy: cbd, reason: nil)
        }
        // x replaced, y (depends on x) replaced: destroy y, destroy x, create x, create y.
        let g = StepGraph(changes: [change("x", .replace), change("y", .replace, deps: ["x"])], stateDependents: ["x": ["y"]])
        let order = try #require(g.dag.topologicalOrder()).compactMap { g.steps[$0] }.map { "\($0.change)\($0.part)" }
        #expect(order.firstIndex(of: "1destroy")! < order.firstIndex(of: "0destroy")!)
        #expect(order.firstIndex(of: "0destroy")! < order.firstIndex(of: "0create")!)
        #expect(order.firstIndex(of: "0create")! < order.firstIndex(of: "1create")!)

        // create_before_destroy flips the halves.
        let cbd = StepGraph(changes: [change("x", .replace, cbd: true)], stateDependents: [:])
        let cbdOrder = try #require(cbd.dag.topologicalOrder()).compactMap { cbd.steps[$0] }.map { "\($0.part)" }
        #expect(cbdOrder == ["create", "destroy"])

        // Deleting x while y is updated to stop using it: update y first.
        let del = StepGraph(changes: [change("x", .delete), change("y", .update)], stateDependents: ["x": ["y"]])
        let delOrder = try #require(del.dag.topologicalOrder()).compactMap { del.steps[$0] }.map { "\($0.change)\($0.part)" }
        #expect(delOrder == ["1update", "0destroy"])
    }
}
