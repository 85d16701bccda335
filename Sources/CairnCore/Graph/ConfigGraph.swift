import CairnProviderKit

/// The dependency graph of a stack's declarations: variables, locals, data sources, resources and
/// outputs, with edges from references and `depends_on`.
public struct ConfigGraph: Sendable {
    public enum Node: Sendable, Hashable, CustomStringConvertible {
        case variable(String)
        case local(String)
        case data(String)
        case resource(String)
        case output(String)

        public var description: String {
            switch self {
            case .variable(let n): return "var.\(n)"
            case .local(let n): return "local.\(n)"
            case .data(let n): return "data.\(n)"
            case .resource(let n): return n
            case .output(let n): return "output.\(n)"
            }
        }
    }

    public private(set) var nodes: [Node] = []
    public private(set) var index: [Node: Int] = [:]
    public private(set) var dag = DAG(count: 0)
    /// Evaluation order: dependencies first.
    public private(set) var order: [Int] = []

    /// Builds the graph; undefined references and cycles are diagnostics.
    public static func build(_ config: StackConfig) throws -> ConfigGraph {
        var g = ConfigGraph()
        let count =
            config.variables.count + config.locals.count + config.dataSources.count + config.resources.count
            + config.outputs.count
        g.nodes.reserveCapacity(count)
        g.index.reserveCapacity(count)
        for n in config.variables.keys.sorted() { g.add(.variable(n)) }
        for n in config.locals.keys.sorted() { g.add(.local(n)) }
        let dataNodes = g.addSorted(config.dataSources) { .data($0) }
        let resourceNodes = g.addSorted(config.resources) { .resource($0) }
        for n in config.outputs.keys.sorted() { g.add(.output(n)) }

        var bag = DiagnosticBag()
        /// The node `r` names, or nil (with a diagnostic in `found` when it names nothing declared).
        func target(of r: Reference, context: ReferenceContext, _ found: inout DiagnosticBag) -> Int? {
            // A resource reference, the usual kind, is found by one lookup of its node; everything
            // else (and an undefined resource, for its diagnostic) goes through the resolver.
            if r.namespace == nil, let to = g.index[.resource(r.name)] { return to }
            return found.capture { try ReferenceResolver.target(of: r, in: config, context: context).flatMap { g.index[$0] } } ?? nil
        }
        func link(_ node: Node, _ refs: [Reference], context: ReferenceContext) {
            let from = g.index[node]!
            for r in refs {
                if let to = target(of: r, context: context, &bag) { g.dag.addEdge(from: from, dependsOn: to) }
            }
        }
        for (n, v) in config.variables {
            if let val = v.validation {
                // A validation may only look at its own variable.
                for r in val.references where !(r.namespace == "var" && r.name == n) {
                    bag.append(.error("a validation of variable \"\(n)\" may only refer to var.\(n), not \(r)", at: r.location))
                }
            }
        }
        for (n, l) in config.locals { link(.local(n), l.value.references, context: .plain) }
        for (n, o) in config.outputs { link(.output(n), o.value.references, context: .plain) }

        // The blocks in the tables' order (data sources first): the order their edges and diagnostics go in.
        let blocks = Array(config.dataSources.values) + Array(config.resources.values)
        let blockNodes = dataNodes + resourceNodes
        // What each block depends on is worked out first, visiting the blocks in memory order: they
        // were allocated one after another, so that stays in cache where the tables' hash order
        // jumps all over the heap. Block i's targets are targets[spans[i]].
        var targets: [Int] = []
        targets.reserveCapacity(blocks.count * 2)
        var spans = [Range<Int>](repeating: 0..<0, count: blocks.count)
        var problems: [Int: [Diagnostic]] = [:]
        var refs: [Reference] = [] // one buffer for every block's property references
        for i in blocks.indices.sorted(by: { ObjectIdentifier(blocks[$0]) < ObjectIdentifier(blocks[$1]) }) {
            let decl = blocks[i]
            let ctx = ReferenceContext(count: decl.count != nil, forEach: decl.forEach != nil)
            var found = DiagnosticBag()
            let start = targets.count
            refs.removeAll(keepingCapacity: true)
            for p in decl.properties { p.value.collectReferences(into: &refs) }
            for r in refs {
                if let to = target(of: r, context: ctx, &found) { targets.append(to) }
            }
            for r in decl.count?.references ?? [] {
                if let to = target(of: r, context: .plain, &found) { targets.append(to) }
            }
            for r in decl.forEach?.references ?? [] {
                if let to = target(of: r, context: .plain, &found) { targets.append(to) }
            }
            for d in decl.dependsOn {
                let node: Node = d.name.hasPrefix("data.") ? .data(String(d.name.dropFirst(5))) : .resource(d.name)
                if let to = g.index[node] {
                    targets.append(to)
                } else {
                    found.append(
                        .error(
                            "depends_on names \"\(d.name)\", which is not a resource or data source of this stack",
                            at: d.location, hint: Suggestion.hint(for: d.name, among: config.resources.keys)))
                }
            }
            spans[i] = start..<targets.count
            if !found.items.isEmpty { problems[i] = found.items }
        }
        for i in blocks.indices {
            for to in targets[spans[i]] { g.dag.addEdge(from: blockNodes[i], dependsOn: to) }
            if let p = problems[i] { bag.append(contentsOf: p) }
        }
        // An order exists exactly when there is no cycle: the search for cycles runs only then.
        let order = g.dag.topologicalOrder()
        if order == nil, let cycle = g.dag.cycles().first {
            let names = cycle.map { g.nodes[$0].description }
            let loc = g.location(of: g.nodes[cycle[0]], in: config)
            bag.append(
                .error(
                    "dependency cycle: " + (names + [names[0]]).joined(separator: " → "), at: loc,
                    hint: "break the cycle by removing one of these references or depends_on entries"))
        }
        try bag.throwIfErrors()
        g.order = order ?? []
        return g
    }

    private mutating func add(_ n: Node) {
        index[n] = nodes.count
        nodes.append(n)
        dag.addNode()
    }

    /// Adds a node for each block of `table` in name order; returns each block's node by its
    /// position in the table's own order, so linking finds it without a lookup.
    private mutating func addSorted(_ table: [String: ResourceDecl], _ node: (String) -> Node) -> [Int] {
        var byPosition = [Int](repeating: 0, count: table.count)
        for (position, name) in table.keys.enumerated().sorted(by: { $0.element < $1.element }) {
            byPosition[position] = nodes.count
            add(node(name))
        }
        return byPosition
    }

    /// Resource names each resource depends on, directly or through locals and data sources' own
    /// resource dependencies (so instance ordering needs only resource-level edges).
    public func resourceDependencies(of node: Node) -> [Node] {
        guard let start = index[node] else { return [] }
        let direct = dag.dependencies[start]
        // The usual block refers to a few resources and no local: the same walk without a Set.
        if direct.count <= 16, !direct.contains(where: { if case .local = nodes[$0] { true } else { false } }) {
            var picked: [Int] = []
            for n in direct.reversed() where n != start && !picked.contains(n) {
                switch nodes[n] {
                case .resource, .data: picked.append(n)
                default: break
                }
            }
            return picked.map { nodes[$0] }
        }
        var out: [Node] = []
        var seen: Set<Int> = [start]
        var stack = dag.dependencies[start]
        while let n = stack.popLast() {
            guard seen.insert(n).inserted else { continue }
            switch nodes[n] {
            case .resource, .data: out.append(nodes[n])
            case .local: stack.append(contentsOf: dag.dependencies[n])
            default: break
            }
        }
        return out
    }

    func location(of node: Node, in config: StackConfig) -> SourceLocation? {
        switch node {
        case .variable(let n): return config.variables[n]?.location
        case .local(let n): return config.locals[n]?.location
        case .data(let n): return config.dataSources[n]?.location
        case .resource(let n): return config.resources[n]?.location
        case .output(let n): return config.outputs[n]?.location
        }
    }
}
