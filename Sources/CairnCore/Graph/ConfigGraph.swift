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
        let count = config.variables.count + config.locals.count + config.dataSources.count + config.resources.count
            + config.outputs.count
        g.nodes.reserveCapacity(count)
        g.index.reserveCapacity(count)
        for n in config.variables.keys.sorted() { g.add(.variable(n)) }
        for n in config.locals.keys.sorted() { g.add(.local(n)) }
        for n in config.dataSources.keys.sorted() { g.add(.data(n)) }
        for n in config.resources.keys.sorted() { g.add(.resource(n)) }
        for n in config.outputs.keys.sorted() { g.add(.output(n)) }

        var bag = DiagnosticBag()
        func link(_ from: Int, _ r: Reference, context: ReferenceContext) {
            // A resource reference, the usual kind, is found by one lookup of its node; everything
            // else (and an undefined resource, for its diagnostic) goes through the resolver.
            if r.namespace == nil, let to = g.index[.resource(r.name)] {
                g.dag.addEdge(from: from, dependsOn: to)
                return
            }
            bag.capture {
                if let target = try ReferenceResolver.target(of: r, in: config, context: context), let to = g.index[target] {
                    g.dag.addEdge(from: from, dependsOn: to)
                }
            }
        }
        func link(_ node: Node, _ refs: [Reference], context: ReferenceContext) {
            let from = g.index[node]!
            for r in refs { link(from, r, context: context) }
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
        var refs: [Reference] = []  // one buffer for every block's property references
        func linkBlock(_ decl: ResourceDecl) {
            let node: Node = decl.isData ? .data(decl.name) : .resource(decl.name)
            let ctx = ReferenceContext(count: decl.count != nil, forEach: decl.forEach != nil)
            let from = g.index[node]!
            refs.removeAll(keepingCapacity: true)
            for p in decl.properties { p.value.collectReferences(into: &refs) }
            for r in refs { link(from, r, context: ctx) }
            if let c = decl.count { link(node, c.references, context: .plain) }
            if let f = decl.forEach { link(node, f.references, context: .plain) }
            for d in decl.dependsOn {
                let target: Node? = d.name.hasPrefix("data.") ? .data(String(d.name.dropFirst(5))) : .resource(d.name)
                if let t = target, let to = g.index[t] {
                    g.dag.addEdge(from: from, dependsOn: to)
                } else {
                    bag.append(.error("depends_on names \"\(d.name)\", which is not a resource or data source of this stack",
                                      at: d.location, hint: Suggestion.hint(for: d.name, among: config.resources.keys)))
                }
            }
        }
        for decl in config.dataSources.values { linkBlock(decl) }
        for decl in config.resources.values { linkBlock(decl) }
        if let cycle = g.dag.cycles().first {
            let names = cycle.map { g.nodes[$0].description }
            let loc = g.location(of: g.nodes[cycle[0]], in: config)
            bag.append(.error("dependency cycle: " + (names + [names[0]]).joined(separator: " → "), at: loc,
                              hint: "break the cycle by removing one of these references or depends_on entries"))
        }
        try bag.throwIfErrors()
        g.order = g.dag.topologicalOrder() ?? []
        return g
    }

    private mutating func add(_ n: Node) {
        index[n] = nodes.count
        nodes.append(n)
        dag.addNode()
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
