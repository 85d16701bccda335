import CairnAddresses
import CairnProviderKit
import CairnState
import Foundation

/// Builds a plan: refresh, then evaluate the stack in dependency order and diff each instance
/// against state. Reads state, never writes it.
public struct Planner: Sendable {
    public let config: StackConfig
    public let graph: ConfigGraph
    public let registry: ProviderRegistry
    public let variables: [String: Value]
    public let options: PlanOptions
    public let cairnVersion: String

    public init(
        config: StackConfig, graph: ConfigGraph, registry: ProviderRegistry, variables: [String: Value],
        options: PlanOptions, cairnVersion: String
    ) {
        self.config = config
        self.graph = graph
        self.registry = registry
        self.variables = variables
        self.options = options
        self.cairnVersion = cairnVersion
    }

    /// Plans against the state `reader` holds now.
    public func plan(from reader: any StateReader) async throws -> Plan {
        try await plan(state: reader.snapshot())
    }

    public func plan(state stored: StateSnapshot) async throws -> Plan {
        let table = ValueTable(variables: variables, config: config)
        defer { KeepUntilExit.keep(table) }
        let scope = EvaluationScope(config: config, table: table, environment: options.environment)
        try checkVariableValidations(scope: scope)
        try checkAddressesExist(state: stored)
        let providers = ProviderSet(config: config, registry: registry, scope: scope)
        let recovered = try await Recovery(providers: providers).resolve(stored.pending, state: stored)
        let (state, moves) = try Moves.apply(config.moved, to: Recovery.apply(recovered, to: stored))

        var refreshed = Refresher.Result()
        if options.refresh, !state.resources.isEmpty {
            // In the snapshot's own order, from its table: sorting or copying 10,000 records cost
            // more than reading them.
            let records = state.resources.values
            EngineLog.logger.debug("refreshing", metadata: ["resources": "\(records.count)", "parallelism": "\(options.parallelism)"])
            refreshed = try await Refresher(providers: providers, registry: registry, parallelism: options.parallelism).refresh(records)
        }
        func current(_ address: ResourceInstanceAddress) -> ResourceRecord? {
            if let r = refreshed.records[address] { return r }
            return state.resources[address]
        }

        var plan = Plan(
            cairnVersion: cairnVersion, createdAt: Date(), stack: config.name, directory: config.directory,
            sources: config.sources, variables: variables, lineage: state.lineage, serial: state.serial,
            destroy: options.destroy, targets: options.targets, changes: [],
            drift: refreshed.drift, outputs: [:], data: [:], refreshed: [])
        plan.recovered = recovered
        plan.moves = moves
        var bag = DiagnosticBag()
        var configured: Set<ResourceInstanceAddress> = [] // instance addresses present in configuration
        configured.reserveCapacity(config.resources.count)

        if !options.destroy {
            let walk = PlanWalk(
                config: config, graph: graph, planner: InstancePlanner(config: config, graph: graph, replace: options.replace),
                scope: scope, table: table, providers: providers,
                priors: PriorRecords(refreshed: refreshed.records, stored: state.resources))
            let walked = await walk.run(workers: min(ProcessInfo.processInfo.activeProcessorCount, max(1, options.parallelism)))
            plan.changes += walked.changes
            plan.refreshed += walked.refreshed
            plan.data = walked.data
            configured = walked.configured // empty until here
            bag.append(contentsOf: walked.diagnostics)
        }
        try bag.throwIfErrors()

        plan.changes += orphanDeletes(state: state, configured: configured, current: current)
        plan.forgotten = state.resources.keys.filter { !configured.contains($0) && current($0) == nil }.sorted()
        if !options.targets.isEmpty { plan.changes = applyTargets(plan.changes) }
        try checkPreventDestroy(plan.changes)
        if options.targets.isEmpty {
            plan.outputs = try planOutputs(state: state, scope: scope)
        }
        return plan
    }

    private func checkVariableValidations(scope: EvaluationScope) throws {
        var bag = DiagnosticBag()
        for (name, decl) in config.variables.sorted(by: { $0.key < $1.key }) {
            guard let rule = decl.validation else { continue }
            bag.capture {
                let ok = try rule.evaluate(in: scope)
                guard ok.boolValue == true else {
                    let shown = decl.sensitive ? "(sensitive)" : (variables[name]?.jsonString() ?? "null")
                    throw Diagnostic.error(
                        decl.errorMessage.map { "variable \"\(name)\": \($0)" }
                            ?? "variable \"\(name)\" = \(shown) fails its validation", at: rule.location)
                }
            }
        }
        try bag.throwIfErrors()
    }

    /// A --target or --replace that names nothing is a typo, not a request for an empty plan.
    private func checkAddressesExist(state: StateSnapshot) throws {
        if options.targets.isEmpty && options.replace.isEmpty { return }
        var bag = DiagnosticBag()
        let stateResources = Set(state.resources.keys.map(\.resource))
        for (flag, list) in [("--target", options.targets), ("--replace", options.replace)] {
            for target in list {
                if let r = target.resource {
                    if config.resource(at: r) != nil || stateResources.contains(r) { continue }
                } else if case .module(let path) = target, stateResources.contains(where: { path.contains($0.module) }) {
                    continue // no module is configured yet: a module target names what state holds under it
                }
                bag.append(
                    .error(
                        "\(flag) \(target) names no resource of the stack or its state",
                        hint: target.resource.flatMap { Suggestion.hint(for: $0.description, among: config.resources.keys) }
                            ?? "see `cairn state list`"))
            }
        }
        try bag.throwIfErrors()
    }

    /// Everything in state that configuration no longer has (or all of it, for a destroy).
    private func orphanDeletes(
        state: StateSnapshot, configured: Set<ResourceInstanceAddress>,
        current: (ResourceInstanceAddress) -> ResourceRecord?
    ) -> [PlannedChange] {
        var out: [PlannedChange] = []
        // Walks the addresses: copying out every record just to read its address cost more.
        for address in state.resources.keys where !configured.contains(address) {
            let record = state.resources[address]!
            guard let now = current(record.address) else { continue } // already gone: just forget it
            let reason: String
            if options.destroy {
                reason = "destroy"
            } else if config.resource(at: address.resource) != nil {
                reason = "its instance key is no longer in count/for_each"
            } else {
                reason = "no longer in configuration"
            }
            out.append(
                PlannedChange(
                    action: .delete, address: record.address, type: record.type, providerKey: record.provider, priorID: now.id,
                    before: now.attributes, after: nil, inputs: nil, changed: [], forcedBy: [],
                    dependencies: record.dependencies, createBeforeDestroy: false, reason: reason))
        }
        return out.sorted { $0.address < $1.address }
    }

    /// Keeps the changes of targeted instances and of the resources they depend on.
    private func applyTargets(_ changes: [PlannedChange]) -> [PlannedChange] {
        var wanted: Set<ResourceAddress> = []
        for t in options.targets {
            guard let r = t.resource, let decl = config.resource(at: r) else { continue }
            wanted.insert(r)
            for dep in graph.resourceDependencies(of: .resource(decl.name)) {
                if case .resource(let n) = dep, let d = config.resources[n] { wanted.insert(d.address) }
            }
        }
        return changes.filter { c in
            if options.targets.contains(where: { $0.selects(c.address) }) { return true }
            return c.action != .delete && wanted.contains(c.address.resource)
                && !options.targets.contains { $0.resource == c.address.resource }
        }
    }

    private func checkPreventDestroy(_ changes: [PlannedChange]) throws {
        var bag = DiagnosticBag()
        for c in changes where c.action == .delete || c.action == .replace {
            guard let decl = config.resource(at: c.address.resource), decl.lifecycle.preventDestroy else { continue }
            bag.append(
                .error(
                    "the plan would destroy \(c.address), which has lifecycle.prevent_destroy set", at: decl.location,
                    address: c.address, hint: "set prevent_destroy: false first if you really mean to destroy it"))
        }
        try bag.throwIfErrors()
    }

    private func planOutputs(state: StateSnapshot, scope: EvaluationScope) throws -> [String: OutputChange] {
        var out: [String: OutputChange] = [:]
        var bag = DiagnosticBag()
        for (name, decl) in config.outputs where !options.destroy {
            bag.capture {
                let v = try decl.value.evaluate(in: scope)
                try DepthCheck.check(v, what: "output \"\(name)\"", at: decl.value.location, address: nil)
                let after = v.markedSensitive(decl.sensitive)
                out[name] = OutputChange(
                    before: state.outputs[name], after: after,
                    sensitive: decl.sensitive || v.containsSensitive)
            }
        }
        for (name, v) in state.outputs where out[name] == nil {
            out[name] = OutputChange(before: v, after: nil, sensitive: v.containsSensitive)
        }
        try bag.throwIfErrors()
        return out
    }
}
