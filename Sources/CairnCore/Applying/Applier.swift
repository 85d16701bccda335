import CairnAddresses
import CairnProviderKit
import CairnState
import Foundation

/// Carries out a plan: a bounded parallel walk of its steps, each step's result committed to state
/// before anything that depends on it starts. Besides it, only refresh, import and the explicit
/// state commands write state; planning never does.
public struct Applier: Sendable {
    public let config: StackConfig
    public let graph: ConfigGraph
    public let registry: ProviderRegistry
    public let store: any StateReaderWriter
    public let plan: Plan
    public var parallelism = 10
    public var environment: [String: String]
    public var events: @Sendable (ApplyEvent) -> Void = { _ in }
    public var shouldStop: @Sendable () -> Bool = { false }

    public init(
        config: StackConfig, graph: ConfigGraph, registry: ProviderRegistry, store: any StateReaderWriter,
        plan: Plan, environment: [String: String]
    ) {
        self.config = config
        self.graph = graph
        self.registry = registry
        self.store = store
        self.plan = plan
        self.environment = environment
    }

    /// Applies the plan as one new state version named after `command`.
    public func apply(command: String, user: String) async throws -> ApplyResult {
        var result = ApplyResult()
        guard plan.needsApply else { return result }
        // Everything that can fail without a provider (count, for_each, evaluating what the steps
        // read) is done before the version begins: such a failure then leaves the state as it was,
        // and a plan file that failed so can still be applied once its cause is fixed.
        let (batches, snapshot) = try preliminaryChanges(to: store.snapshot())
        let table = ValueTable(variables: plan.variables, config: config)
        var scope = EvaluationScope(config: config, table: table, environment: environment)
        scope.cacheLocals = false
        try seed(table: table, scope: scope, snapshot: snapshot)
        let providers = ProviderSet(config: config, registry: registry, scope: scope)

        let serial = try store.beginVersion(command: command, user: user)
        result.serial = serial
        do {
            for batch in batches { try store.commit(batch.changes, resolving: batch.resolving) }
            return try await run(
                serial: serial, snapshot: snapshot, table: table, scope: scope, providers: providers,
                result: result)
        } catch {
            // A version is always closed: one left running would read as an apply still under way.
            try? store.finishVersion(
                serial: serial, summary: ChangeSummary(),
                status: "failed")
            throw error
        }
    }

    /// The state changes made before any step (intents resolved by the plan, moves, refreshed and
    /// forgotten resources), in the batches they are committed in, and the state they lead to.
    private func preliminaryChanges(to start: StateSnapshot)
        -> (batches: [(changes: [StateChange], resolving: [String])], after: StateSnapshot)
    {
        var state = start
        var batches: [(changes: [StateChange], resolving: [String])] = []
        func add(_ changes: [StateChange], resolving: [String] = []) {
            for change in changes {
                switch change {
                case .upsert(let record): state.resources[record.address] = record
                case .remove(let address): state.resources[address] = nil
                }
            }
            batches.append((changes, resolving))
        }
        if !plan.recovered.isEmpty {
            var changes: [StateChange] = []
            for r in plan.recovered {
                if r.outcome == .adopted, let record = r.record { changes.append(.upsert(record)) }
                if r.outcome == .deleted { changes.append(.remove(address: r.address)) }
            }
            add(changes, resolving: plan.recovered.map(\.intentID))
        }
        if !plan.moves.isEmpty {
            var changes: [StateChange] = []
            let before = state
            for m in plan.moves {
                guard var record = before.resources[m.from] else { continue }
                record.address = m.to
                changes += [.remove(address: m.from), .upsert(record)]
            }
            add(changes)
        }
        if !plan.refreshed.isEmpty { add(plan.refreshed.map { .upsert($0) }) }
        if !plan.forgotten.isEmpty { add(plan.forgotten.map { .remove(address: $0) }) }
        return (batches, state)
    }

    /// Runs the steps of version `serial` and closes it.
    private func run(
        serial: Int, snapshot: StateSnapshot, table: ValueTable, scope: EvaluationScope,
        providers: ProviderSet, result: ApplyResult
    ) async throws -> ApplyResult {
        var result = result
        var stateDependents: [ResourceAddress: Set<ResourceAddress>] = [:]
        for r in snapshot.resources.values {
            for d in r.dependencies { stateDependents[d, default: []].insert(r.address.resource) }
        }
        let steps = StepGraph(changes: plan.changes, stateDependents: stateDependents)
        let runner = StepRunner(
            config: config, plan: plan, store: store, providers: providers, table: table,
            scope: scope, serial: serial, events: events)
        // Steps whose dependencies are done journal their intents while they wait for a slot (at
        // most `parallelism` of them), so no slot waits for an intent's commit. A kill leaves at
        // most twice `parallelism` intents of calls not yet made; the next plan resolves them like
        // any other, and a graceful stop clears those of steps that did not start.
        let outcomes = await ParallelWalker(dag: steps.dag, parallelism: parallelism)
            .walk(
                lookAhead: parallelism, shouldStop: shouldStop,
                prepare: { node -> StepRunner.Prepared? in
                    guard let step = steps.steps[node] else { return nil }
                    return await runner.prepare(step)
                },
                abandon: { _, prepared in
                    if let prepared { await runner.abandon(prepared) }
                },
                run: { node, prepared, releaseSlot in
                    guard let step = steps.steps[node], let prepared else { return true }
                    return await runner.run(step, prepared, releaseSlot: releaseSlot)
                })

        for (node, outcome) in outcomes.enumerated() {
            guard let step = steps.steps[node] else { continue }
            // Read through the array, not copied: a PlannedChange is large and this runs for every step.
            let kind = plan.changes[step.change].action
            switch outcome {
            case .succeeded:
                switch (kind, step.part) {
                case (.create, _): result.added += 1
                case (.update, _): result.changed += 1
                case (.delete, _): result.destroyed += 1
                case (.replace, .create): result.added += 1
                case (.replace, _): result.destroyed += 1
                }
            case .failed: break
            case .skipped:
                let address = plan.changes[step.change].address
                result.skipped.append(address)
                events(.skipped(address: address, action: StepRunner.actionName(step, kind), reason: "a step it depends on failed"))
            case .notStarted:
                result.notStarted.append(plan.changes[step.change].address)
            }
        }
        result.failures = await runner.failures()
        KeepUntilExit.keep(table)
        KeepUntilExit.keep(snapshot)

        let summary = ChangeSummary(added: result.added, changed: result.changed, destroyed: result.destroyed)
        let status = result.succeeded ? "complete" : "failed"
        if plan.targets.isEmpty {
            try store.finishVersion(
                serial: serial, summary: summary, status: status,
                outputs: evaluateOutputs(scope: scope, previous: snapshot.outputs))
        } else {
            try store.finishVersion(serial: serial, summary: summary, status: status)
        }
        return result
    }

    /// Fills the value table with what every instance looks like before the first step runs.
    private func seed(table: ValueTable, scope: EvaluationScope, snapshot: StateSnapshot) throws {
        var planned: [ResourceInstanceAddress: Int] = [:] // address → index in plan.changes
        planned.reserveCapacity(plan.changes.count)
        for i in plan.changes.indices where plan.changes[i].action != .delete { planned[plan.changes[i].address] = i }
        var refreshed: [ResourceInstanceAddress: ResourceRecord] = [:]
        for r in plan.refreshed { refreshed[r.address] = r }
        for n in graph.order {
            switch graph.nodes[n] {
            case .data(let name):
                guard let decl = config.dataSources[name] else { continue }
                let (mode, slots) = try InstanceExpansion.expand(decl, scope: scope)
                table.declare(decl.qualifiedName, mode: mode)
                for s in slots {
                    if let attrs = plan.data[decl.address.instance(s.key)] {
                        table.set(decl.qualifiedName, s.key, .map(attrs))
                    }
                }
            case .resource(let name):
                guard let decl = config.resources[name] else { continue }
                if plan.destroy {
                    table.declare(name, mode: .single)
                    continue
                }
                let (mode, slots) = try InstanceExpansion.expand(decl, scope: scope)
                table.declare(name, mode: mode)
                for s in slots {
                    let address = decl.address.instance(s.key)
                    if let i = planned[address] {
                        table.set(name, s.key, ReferenceValue.of(plan.changes[i]))
                    } else if let r = refreshed[address] ?? snapshot.resources[address] {
                        table.set(name, s.key, ReferenceValue.of(r))
                    }
                }
            default: continue
            }
        }
    }

    /// Outputs after the apply; one that can't be computed (a step it needs failed) keeps its old value.
    private func evaluateOutputs(scope: EvaluationScope, previous: [String: Value]) -> [String: Value] {
        if plan.destroy { return [:] }
        var out: [String: Value] = [:]
        for (name, decl) in config.outputs {
            if let v = try? decl.value.evaluate(in: scope), !v.containsUnknown {
                out[name] = v.markedSensitive(decl.sensitive)
            } else if let old = previous[name] {
                out[name] = old
            }
        }
        return out
    }
}
