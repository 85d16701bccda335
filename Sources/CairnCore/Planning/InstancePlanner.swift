import CairnAddresses
import CairnProviderKit
import CairnState

/// Plans the instances of one resource block, or reads one data source block.
struct InstancePlanner: Sendable {
    let config: StackConfig
    let graph: ConfigGraph
    let replace: [AddressTarget]

    struct Output {
        var changes: [PlannedChange] = []
        var refreshed: [ResourceRecord] = []
        var addresses: [ResourceInstanceAddress] = []
    }

    /// Plans `decl`, graph node `node`.
    func plan(
        _ decl: ResourceDecl, node: Int, scope: EvaluationScope, table: ValueTable, providers: inout ProviderCache,
        priors: PriorRecords
    ) async throws -> Output {
        let (mode, slots) = try InstanceExpansion.expand(decl, scope: scope)
        table.declare(decl.name, mode: mode)
        let known = try await providers.resource(key: decl.providerKey, providerName: decl.providerName, kind: decl.kind)
        let provider = known.provider
        guard let schema = known.schema, let facts = known.facts else {
            throw Diagnostic.error("unknown resource type \"\(decl.type)\"", at: decl.typeLocation, address: decl.address.instance())
        }
        let dependencies = dependencyNames(ofNode: node)
        var out = Output()
        var bag = DiagnosticBag()
        for slot in slots {
            let address = decl.address.instance(slot.key)
            out.addresses.append(address)
            guard
                let proposed = bag.capture({
                    try evaluateProperties(decl, slot: slot, scope: scope, schema: schema, facts: facts, address: address)
                })
            else {
                table.set(decl.name, slot.key, .unknown)
                continue
            }
            let unmarked = proposed.deepUnmarked
            for issue in await provider.issues(ValidateRequest(kind: decl.kind, properties: unmarked))
            where !proposed.values.contains(where: \.containsUnknown) {
                let loc = issue.property.flatMap { p in decl.properties.first { $0.key == p }?.value.location } ?? decl.location
                bag.append(
                    .error(
                        issue.property.map { "property \"\($0)\": \(issue.message)" } ?? issue.message, at: loc, address: address,
                        hint: issue.hint))
            }
            let prior = priors.current(address)
            let change = try await planInstance(
                decl, address: address, proposed: proposed, unmarked: unmarked, prior: prior,
                provider: provider, schema: schema, facts: facts, dependencies: dependencies)
            if let change {
                out.changes.append(change)
                table.set(decl.name, slot.key, ReferenceValue.of(change))
            } else if let prior {
                table.set(decl.name, slot.key, ReferenceValue.of(prior))
                if prior.dependencies != dependencies || prior.inputs != proposed || prior.provider != decl.providerKey
                    || (priors.wasRefreshed(address) && priors.original(address) != prior)
                {
                    var r = prior
                    r.dependencies = dependencies
                    r.inputs = proposed
                    r.provider = decl.providerKey
                    out.refreshed.append(r)
                }
            }
        }
        try bag.throwIfErrors()
        return out
    }

    private func evaluateProperties(
        _ decl: ResourceDecl, slot: InstanceSlot, scope: EvaluationScope,
        schema: ResourceSchema, facts: Differ.Facts, address: ResourceInstanceAddress
    ) throws -> [String: Value] {
        var s = scope
        s.countIndex = slot.countIndex
        s.each = slot.each
        return try PropertyEvaluator.evaluate(decl, scope: s, schema: schema, facts: facts, address: address)
    }

    /// `unmarked` is `proposed` without its sensitive marks, what the provider sees.
    private func planInstance(
        _ decl: ResourceDecl, address: ResourceInstanceAddress, proposed: [String: Value],
        unmarked: [String: Value], prior: ResourceRecord?, provider: any Provider, schema: ResourceSchema,
        facts: Differ.Facts, dependencies: [ResourceAddress]
    ) async throws -> PlannedChange? {
        func refine(_ priorObject: ResourceObject?) async throws -> PlanResponse {
            do {
                return try await provider.plan(PlanRequest(kind: decl.kind, prior: priorObject, proposed: unmarked))
            } catch let e as ProviderError {
                throw Diagnostic.error("planning failed: \(e.message)", at: decl.location, address: address, hint: e.hint)
            }
        }
        func change(_ action: PlannedChange.Action, changed: [String], forcedBy: [String], priorObject: ResourceObject?) async throws
            -> PlannedChange
        {
            let planned = try await refine(priorObject)
            let after = Differ.markSensitive(planned.attributes, schema: schema, proposed: proposed)
            return PlannedChange(
                action: action, address: address, type: decl.type,
                providerKey: decl.providerKey, priorID: prior?.id, before: prior?.attributes, after: after, inputs: proposed,
                changed: changed, forcedBy: forcedBy, dependencies: dependencies,
                createBeforeDestroy: decl.lifecycle.createBeforeDestroy, reason: nil)
        }
        guard let prior else {
            return try await change(.create, changed: facts.settableNames.filter { proposed[$0] != nil }, forcedBy: [], priorObject: nil)
        }
        let priorObject = ResourceObject(id: prior.id, attributes: prior.attributes.deepUnmarked)
        var reasons: [String] = []
        if prior.type != decl.type { reasons.append("type changed from \(prior.type)") }
        if prior.status == .tainted { reasons.append("tainted by a failed apply") }
        if !replace.isEmpty, replace.contains(where: { $0.selects(address) }) {
            reasons.append("--replace")
        }
        let refined = try await refine(priorObject)
        let diff = Differ.diff(
            facts, proposed: proposed, current: prior.attributes,
            ignoreChanges: decl.lifecycle.ignoreChanges, providerForcesNew: refined.requiresReplace)
        // A provider may force replacement through a computed attribute it plans, such as an
        // image's source hash: nothing configured changed, but what it is built from did.
        let computedForcing =
            refined.requiresReplace.isEmpty
            ? []
            : refined.requiresReplace.filter { schema.properties[$0].map { !$0.isSettable } ?? false }.sorted()
        if !reasons.isEmpty || !diff.forcesReplacement.isEmpty || !computedForcing.isEmpty {
            return try await change(
                .replace, changed: (diff.changed + computedForcing).sorted(),
                forcedBy: diff.forcesReplacement + computedForcing + reasons, priorObject: nil)
        }
        if diff.isEmpty { return nil }
        var c = try await change(.update, changed: diff.changed, forcedBy: [], priorObject: priorObject)
        c.after = Differ.markSensitive(refined.attributes, schema: schema, proposed: proposed)
        return c
    }

    /// The resources graph node `node` depends on, for ordering and for state.
    func dependencyNames(ofNode node: Int) -> [ResourceAddress] {
        let names = dependencyDeclNames(ofNode: node)
        if names.isEmpty { return [] }
        return names.map { config.resources[$0]?.address ?? ResourceAddress(name: $0) }
    }

    private func dependencyDeclNames(ofNode node: Int) -> [String] {
        let direct = graph.dag.dependencies[node]
        // The usual block refers to a few resources and no local: picked straight from its edges,
        // without the graph's walk and its list of nodes.
        if direct.count <= 16, !direct.contains(where: { if case .local = graph.nodes[$0] { true } else { false } }) {
            var names: [String] = []
            for d in direct where d != node {
                if case .resource(let r) = graph.nodes[d], !names.contains(r) { names.append(r) }
            }
            return names.count < 2 ? names : names.sorted()
        }
        return graph.resourceDependencies(of: graph.nodes[node]).compactMap { n -> String? in
            if case .resource(let r) = n { return r }
            return nil
        }.sorted()
    }

    /// Reads a data source's instances; their inputs must be known at plan time.
    func readData(
        _ decl: ResourceDecl, scope: EvaluationScope, table: ValueTable,
        providers: inout ProviderCache
    ) async throws -> [(InstanceKey, [String: Value])] {
        let (mode, slots) = try InstanceExpansion.expand(decl, scope: scope)
        table.declare(decl.qualifiedName, mode: mode)
        let provider = try await providers.provider(key: decl.providerKey, providerName: decl.providerName)
        guard let schema = provider.schema.dataSources[decl.kind] else {
            throw Diagnostic.error("unknown data source type \"\(decl.type)\"", at: decl.typeLocation)
        }
        let facts = Differ.Facts(schema)
        var out: [(InstanceKey, [String: Value])] = []
        for slot in slots {
            let address = decl.address.instance(slot.key)
            var s = scope
            s.countIndex = slot.countIndex
            s.each = slot.each
            let props = try PropertyEvaluator.evaluate(decl, scope: s, schema: schema, facts: facts, address: address)
            if props.values.contains(where: \.containsUnknown) {
                throw Diagnostic.error(
                    "data source \(address) depends on values known only after apply", at: decl.location, address: address,
                    hint: "data sources are read while planning; apply the resources it needs first (cairn apply --target …)")
            }
            do {
                let attrs = try await provider.readData(ReadDataRequest(kind: decl.kind, properties: props.deepUnmarked)).attributes
                let marked = Differ.markSensitive(props.merging(attrs) { _, new in new }, schema: schema, proposed: props)
                table.set(decl.qualifiedName, slot.key, .map(marked))
                out.append((slot.key, marked))
            } catch let e as ProviderError {
                throw Diagnostic.error("reading data source failed: \(e.message)", at: decl.location, address: address, hint: e.hint)
            }
        }
        return out
    }
}
