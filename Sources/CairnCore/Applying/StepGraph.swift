import CairnAddresses

/// Turns planned changes into walkable nodes. A replace becomes two nodes (destroy the old object,
/// create the new one; reversed with create_before_destroy). Per-resource barrier nodes keep the
/// edge count linear: instances of B wait on one "B's dependencies are done" node, not on every
/// instance of each dependency.
struct StepGraph {
    enum Part: Sendable { case create, update, destroy }
    struct Step: Sendable {
        var change: Int
        var part: Part
    }

    var dag = DAG(count: 0)
    /// Index of each node's step; nil for barrier nodes.
    var steps: [Step?] = []

    init(changes: [PlannedChange], stateDependents: [ResourceAddress: Set<ResourceAddress>]) {
        var done: [ResourceAddress: Int] = [:] // resource → barrier after its creates/updates
        var updated: [ResourceAddress: Int] = [:] // resource → barrier after its in-place updates
        var deleted: [ResourceAddress: Int] = [:] // resource → barrier after its destroys
        func barrier(_ table: inout [ResourceAddress: Int], _ name: ResourceAddress) -> Int {
            if let b = table[name] { return b }
            let b = add(nil)
            table[name] = b
            return b
        }
        // Who depends on each resource: from state (what existed) and from the planned configuration.
        var dependents = stateDependents
        for c in changes { for d in c.dependencies { dependents[d, default: []].insert(c.address.resource) } }

        for (i, c) in changes.enumerated() {
            let resource = c.address.resource
            var forward: Int? // create or update node
            var destroy: Int?
            switch c.action {
            case .create: forward = add(Step(change: i, part: .create))
            case .update: forward = add(Step(change: i, part: .update))
            case .delete: destroy = add(Step(change: i, part: .destroy))
            case .replace:
                forward = add(Step(change: i, part: .create))
                destroy = add(Step(change: i, part: .destroy))
                if c.createBeforeDestroy {
                    dag.addEdge(from: destroy!, dependsOn: forward!)
                } else {
                    dag.addEdge(from: forward!, dependsOn: destroy!)
                }
            }
            if let f = forward {
                for d in c.dependencies where d != resource { dag.addEdge(from: f, dependsOn: barrier(&done, d)) }
                dag.addEdge(from: barrier(&done, resource), dependsOn: f)
                if c.action == .update { dag.addEdge(from: barrier(&updated, resource), dependsOn: f) }
            }
            if let d = destroy {
                for s in dependents[resource] ?? [] where s != resource {
                    dag.addEdge(from: d, dependsOn: barrier(&deleted, s))
                    // A resource that stops referring to this one is updated before this one goes.
                    if c.action == .delete { dag.addEdge(from: d, dependsOn: barrier(&updated, s)) }
                }
                dag.addEdge(from: barrier(&deleted, resource), dependsOn: d)
            }
        }
    }

    private mutating func add(_ step: Step?) -> Int {
        steps.append(step)
        return dag.addNode()
    }
}
