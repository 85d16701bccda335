import Testing

@testable import CairnCore

@Suite struct GraphTests {
    @Test func topologicalOrderPutsDependenciesFirst() throws {
        var g = DAG(count: 4)
        g.addEdge(from: 0, dependsOn: 1)
        g.addEdge(from: 1, dependsOn: 2)
        g.addEdge(from: 3, dependsOn: 2)
        let order = try #require(g.topologicalOrder())
        let pos = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        #expect(pos[2]! < pos[1]!)
        #expect(pos[1]! < pos[0]!)
        #expect(pos[2]! < pos[3]!)
        #expect(g.cycles().isEmpty)
    }

    @Test func cyclesAreFoundAndListedInOrder() {
        var g = DAG(count: 5)
        g.addEdge(from: 0, dependsOn: 1)
        g.addEdge(from: 1, dependsOn: 2)
        g.addEdge(from: 2, dependsOn: 0)
        g.addEdge(from: 3, dependsOn: 3)
        g.addEdge(from: 4, dependsOn: 0)
        #expect(g.topologicalOrder() == nil)
        let cycles = g.cycles()
        #expect(cycles.contains([0, 1, 2]))
        #expect(cycles.contains([3]))
        #expect(cycles.count == 2)
    }

    @Test func longChainsNeedNoRecursion() {
        let n = 200_000
        var g = DAG(count: n)
        for i in 1..<n { g.addEdge(from: i, dependsOn: i - 1) }
        #expect(g.cycles().isEmpty)
        #expect(g.topologicalOrder()?.first == 0)
    }

    @Test func configGraphFindsReferencesAndCycles() throws {
        let config = try StackLoader.load(
            sources: [
                "stack.yaml": """
                stack: t
                variables:
                  v: { default: x }
                locals:
                  l: "${var.v}-${a.id}"
                resources:
                  a: { type: null.resource }
                  b: { type: null.resource, properties: { triggers: { x: "${local.l}" } } }
                  c: { type: null.resource, depends_on: [b] }
                outputs:
                  o: "${c.id}"
                """
            ], directory: "/s")
        let g = try ConfigGraph.build(config)
        #expect(g.resourceDependencies(of: .resource("b")) == [.resource("a")])
        #expect(g.resourceDependencies(of: .resource("c")) == [.resource("b")])
        let pos = Dictionary(uniqueKeysWithValues: g.order.enumerated().map { (g.nodes[$1], $0) })
        #expect(pos[.resource("a")]! < pos[.local("l")]!)
        #expect(pos[.local("l")]! < pos[.resource("b")]!)
        #expect(pos[.resource("c")]! < pos[.output("o")]!)
    }

    /// The shortcut for blocks that refer to no local gives what the full walk gives, order included.
    @Test func resourceDependenciesMatchTheFullWalk() throws {
        let config = try StackLoader.load(
            sources: [
                "stack.yaml": """
                stack: t
                variables:
                  v: { default: x }
                locals:
                  l: "${var.v}-${a.id}"
                data:
                  z: { type: test.echo, properties: { input: "${a.id}" } }
                resources:
                  a: { type: null.resource }
                  b: { type: null.resource, properties: { triggers: { x: "${a.id}", y: "${a.id}", w: "${var.v}" } } }
                  c: { type: null.resource, properties: { triggers: { x: "${b.id}", y: "${data.z.output}", z: "${a.id}" } }, depends_on: [b] }
                  d: { type: null.resource, properties: { triggers: { x: "${local.l}", y: "${c.id}" } } }
                """
            ], directory: "/s")
        let g = try ConfigGraph.build(config)
        func fullWalk(_ node: ConfigGraph.Node) -> [ConfigGraph.Node] {
            let start = g.index[node]!
            var out: [ConfigGraph.Node] = []
            var seen: Set<Int> = [start]
            var stack = g.dag.dependencies[start]
            while let n = stack.popLast() {
                guard seen.insert(n).inserted else { continue }
                switch g.nodes[n] {
                case .resource, .data: out.append(g.nodes[n])
                case .local: stack.append(contentsOf: g.dag.dependencies[n])
                default: break
                }
            }
            return out
        }
        for node in g.nodes {
            #expect(g.resourceDependencies(of: node) == fullWalk(node), "\(node)")
        }
        #expect(g.resourceDependencies(of: .resource("b")) == [.resource("a")])
        #expect(Set(g.resourceDependencies(of: .resource("c"))) == [.resource("a"), .resource("b"), .data("z")])
    }

    @Test func configCycleThroughALocal() throws {
        let config = try StackLoader.load(
            sources: [
                "stack.yaml": """
                stack: t
                locals:
                  l: "${b.id}"
                resources:
                  a: { type: null.resource, properties: { triggers: { x: "${local.l}" } } }
                  b: { type: null.resource, depends_on: [a] }
                """
            ], directory: "/s")
        #expect {
            try ConfigGraph.build(config)
        } throws: { e in
            let d = (e as? DiagnosticError)?.diagnostics.first
            return d?.message == "dependency cycle: local.l → b → a → local.l"
                && d?.location == SourceLocation(file: "/s/stack.yaml", line: 3, column: 3)
        }
    }

    @Test func undefinedReferencesAreCollected() throws {
        let config = try StackLoader.load(
            sources: [
                "stack.yaml": """
                stack: t
                resources:
                  a: { type: null.resource, properties: { triggers: { x: "${var.nope}", y: "${bb.id}" } } }
                  bbb: { type: null.resource, depends_on: [zzz] }
                """
            ], directory: "/s")
        #expect {
            try ConfigGraph.build(config)
        } throws: { e in
            let ds = (e as? DiagnosticError)?.diagnostics ?? []
            return ds.count == 3
                && ds.contains { $0.message == "undefined reference: var.nope (no variable named \"nope\")" }
                && ds.contains { $0.message == "undefined reference: bb (no resource named \"bb\")" && $0.hint == "did you mean \"bbb\"?" }
                && ds.contains { $0.message.contains("depends_on names \"zzz\"") }
        }
    }

    /// Edges go in as if each block were linked in the tables' order (data sources first), its own
    /// references in the order written, whatever order the blocks are read in.
    @Test func edgesFollowTheTablesOrder() throws {
        var lines = ["stack: t", "data:"]
        for i in 0..<50 { lines.append("  d\(i): { type: test.echo, properties: { input: \"${root.id}\" } }") }
        lines.append("resources:")
        lines.append("  root: { type: null.resource }")
        lines.append("  other: { type: null.resource }")
        for i in 0..<300 {
            let refs = i % 3 == 0 ? "x: \"${other.id}-${root.id}\"" : "x: \"${root.id}\", y: \"${data.d\(i % 50).output}\""
            lines.append(
                "  r\(i): { type: null.resource, properties: { triggers: { \(refs) } }\(i % 7 == 0 ? ", depends_on: [other]" : "") }")
        }
        let config = try StackLoader.load(sources: ["stack.yaml": lines.joined(separator: "\n")], directory: "/s")
        let g = try ConfigGraph.build(config)
        let tableOrder =
            config.dataSources.keys.map { ConfigGraph.Node.data($0) } + config.resources.keys.map { ConfigGraph.Node.resource($0) }
        let root = try #require(g.index[.resource("root")])
        #expect(g.dag.dependents[root].map { g.nodes[$0] } == tableOrder.filter { $0 != .resource("root") && $0 != .resource("other") })
        for i in [0, 7, 8, 21] {
            let deps = g.dag.dependencies[g.index[.resource("r\(i)")]!].map { g.nodes[$0] }
            let written: [ConfigGraph.Node] =
                i % 3 == 0 ? [.resource("other"), .resource("root")] : [.resource("root"), .data("d\(i % 50)")]
            #expect(deps == written + (i % 7 == 0 ? [.resource("other")] : []), "r\(i)")
        }
    }
}
