import CairnAddresses
import CairnProviderKit
import CairnState

/// Plans every instance: evaluates the graph's locals, reads its data sources and plans its
/// resources, each once everything it depends on is done. On a big stack the nodes are shared out
/// among workers, one per core. Either way each node's outcome is put together in `graph.order`,
/// so the plan (its changes, records, data and diagnostics, in order) is the one a walk of
/// `graph.order` on its own gives.
struct PlanWalk: Sendable {
    let config: StackConfig
    let graph: ConfigGraph
    let planner: InstancePlanner
    let scope: EvaluationScope
    let table: ValueTable
    let providers: ProviderSet
    let priors: PriorRecords

    /// Below this many resources and data sources one worker walks alone: sharing out the nodes
    /// costs more than a second core gives back.
    static let parallelThreshold = 64

    struct Result {
        var changes: [PlannedChange] = []
        var refreshed: [ResourceRecord] = []
        /// Instance addresses present in configuration.
        var configured: Set<ResourceInstanceAddress> = []
        var data: [ResourceInstanceAddress: [String: Value]] = [:]
        var diagnostics: [Diagnostic] = []
    }

    /// What planning one node gave.
    struct NodeOutcome: Sendable {
        var instances: InstancePlanner.Output?
        var data: [(InstanceKey, [String: Value])] = []
        var diagnostics: [Diagnostic] = []

        /// Whether it has anything whose place in the plan depends on the node's place in the walk.
        var isOrdered: Bool {
            !data.isEmpty || !diagnostics.isEmpty || instances.map { !$0.changes.isEmpty || !$0.refreshed.isEmpty } == true
        }
    }

    /// What one worker of a parallel walk gave: the addresses of its nodes' instances, and the
    /// outcomes that have something to put in order (none for an instance already in sync).
    private struct WorkerPart: Sendable {
        var configured: Set<ResourceInstanceAddress> = []
        var ordered: [(node: Int, outcome: NodeOutcome)] = []
    }

    /// Walks with up to `workers` workers.
    func run(workers: Int) async -> Result {
        let blocks = config.resources.count + config.dataSources.count
        if workers < 2 || blocks < Self.parallelThreshold { return await sequential() }
        return await parallel(workers: workers)
    }

    func sequential() async -> Result {
        var result = Result()
        result.configured.reserveCapacity(config.resources.count)
        var providers = ProviderCache(self.providers)
        for n in graph.order {
            guard let outcome = await planNode(n, scope: scope, providers: &providers) else { continue }
            if let out = outcome.instances { result.configured.formUnion(out.addresses) }
            addOrdered(outcome, of: n, to: &result)
        }
        return result
    }

    func parallel(workers: Int) async -> Result {
        let walked = graph.order.filter { n in
            switch graph.nodes[n] {
            case .variable, .output: return false
            case .local, .data, .resource: return true
            }
        }
        let ready = ReadyNodes(nodes: walked, dag: graph.dag, workers: workers)
        var parts: [WorkerPart] = []
        await withTaskGroup(of: WorkerPart.self) { group in
            for _ in 0..<workers {
                group.addTask { await self.work(ready, expecting: config.resources.count / workers) }
            }
            for await part in group { parts.append(part) }
        }
        var result = Result()
        parts.sort { $0.configured.count > $1.configured.count }
        result.configured = parts[0].configured
        for part in parts.dropFirst() { result.configured.formUnion(part.configured) }
        var ordered = parts.flatMap(\.ordered)
        if !ordered.isEmpty {
            var position = [Int](repeating: 0, count: graph.nodes.count)
            for (i, n) in graph.order.enumerated() { position[n] = i }
            ordered.sort { position[$0.node] < position[$1.node] }
            for (n, outcome) in ordered { addOrdered(outcome, of: n, to: &result) }
        }
        return result
    }

    /// One worker: plans the batches it is handed until every node is done.
    private func work(_ ready: ReadyNodes, expecting instances: Int) async -> WorkerPart {
        var providers = ProviderCache(self.providers)
        let scope = scope.forWorker()
        var part = WorkerPart()
        part.configured.reserveCapacity(instances)
        var finished: [Int] = []
        while true {
            let batch = await ready.next(finishing: finished)
            if batch.isEmpty { return part }
            finished.removeAll(keepingCapacity: true)
            for n in batch {
                if let outcome = await planNode(n, scope: scope, providers: &providers) {
                    if let out = outcome.instances { part.configured.formUnion(out.addresses) }
                    if outcome.isOrdered { part.ordered.append((n, outcome)) }
                }
                finished.append(n)
            }
        }
    }

    /// Plans node `n`; nil for the nodes the walk has nothing to do for (variables, outputs).
    func planNode(_ n: Int, scope: EvaluationScope, providers: inout ProviderCache) async -> NodeOutcome? {
        var bag = DiagnosticBag()
        var outcome = NodeOutcome()
        switch graph.nodes[n] {
        case .variable, .output:
            return nil
        case .local(let name):
            if let v = bag.capture({
                try scope.value(of: Reference(namespace: "local", name: name, location: config.locals[name]!.location))
            }) {
                table.setLocal(name, v)
            } else {
                table.setLocal(name, .unknown)
            }
        case .data(let name):
            do {
                outcome.data = try await planner.readData(config.dataSources[name]!, scope: scope, table: table, providers: &providers)
            } catch { bag.add(error) }
        case .resource(let name):
            do {
                outcome.instances = try await planner.plan(
                    config.resources[name]!, node: n, scope: scope, table: table, providers: &providers,
                    priors: priors)
            } catch { bag.add(error) }
        }
        outcome.diagnostics = bag.items
        return outcome
    }

    /// Adds what of `outcome` has a place in order (all but its addresses).
    private func addOrdered(_ outcome: NodeOutcome, of n: Int, to result: inout Result) {
        if case .data(let name) = graph.nodes[n], !outcome.data.isEmpty {
            let resource = config.dataSources[name]!.address
            for (key, attrs) in outcome.data { result.data[resource.instance(key)] = attrs }
        }
        if let out = outcome.instances {
            result.changes += out.changes
            result.refreshed += out.refreshed
        }
        result.diagnostics += outcome.diagnostics
    }
}
