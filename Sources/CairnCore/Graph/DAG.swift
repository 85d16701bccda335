/// A directed graph over nodes 0..<count; an edge `a → b` means "a depends on b" (b runs first).
public struct DAG: Sendable {
    public private(set) var dependencies: [[Int]]
    public private(set) var dependents: [[Int]]

    public init(count: Int) {
        dependencies = Array(repeating: [], count: count)
        dependents = Array(repeating: [], count: count)
    }

    public var count: Int { dependencies.count }

    @discardableResult
    public mutating func addNode() -> Int {
        dependencies.append([])
        dependents.append([])
        return dependencies.count - 1
    }

    public mutating func addEdge(from node: Int, dependsOn dep: Int) {
        dependencies[node].append(dep)
        dependents[dep].append(node)
    }

    /// Nodes in an order where every node comes after its dependencies; nil when there is a cycle.
    public func topologicalOrder() -> [Int]? {
        var remaining = dependencies.map { $0.count }
        var queue = (0..<count).filter { remaining[$0] == 0 }
        var head = 0
        while head < queue.count {
            let n = queue[head]
            head += 1
            for d in dependents[n] {
                remaining[d] -= 1
                if remaining[d] == 0 { queue.append(d) }
            }
        }
        return queue.count == count ? queue : nil
    }

    /// Every cycle's members (strongly connected components of more than one node, or a self-loop),
    /// each listed in dependency order starting from its smallest node. Iterative Tarjan: no recursion
    /// depth limit on long chains.
    public func cycles() -> [[Int]] {
        var index = [Int](repeating: -1, count: count)
        var low = [Int](repeating: 0, count: count)
        var onStack = [Bool](repeating: false, count: count)
        var stack: [Int] = []
        var next = 0
        var result: [[Int]] = []
        for root in 0..<count where index[root] < 0 {
            var work: [(node: Int, edge: Int)] = [(root, 0)]
            index[root] = next
            low[root] = next
            next += 1
            stack.append(root)
            onStack[root] = true
            while let (node, edge) = work.last {
                if edge < dependencies[node].count {
                    work[work.count - 1].edge += 1
                    let w = dependencies[node][edge]
                    if index[w] < 0 {
                        index[w] = next
                        low[w] = next
                        next += 1
                        stack.append(w)
                        onStack[w] = true
                        work.append((w, 0))
                    } else if onStack[w] {
                        low[node] = min(low[node], index[w])
                    }
                } else {
                    work.removeLast()
                    if let parent = work.last { low[parent.node] = min(low[parent.node], low[node]) }
                    if low[node] == index[node] {
                        var component: [Int] = []
                        while true {
                            let w = stack.removeLast()
                            onStack[w] = false
                            component.append(w)
                            if w == node { break }
                        }
                        if component.count > 1 || dependencies[node].contains(node) {
                            result.append(orderCycle(Set(component)))
                        }
                    }
                }
            }
        }
        return result
    }

    /// Walks a cycle inside a component, so the listing reads a → b → … in dependency order.
    private func orderCycle(_ members: Set<Int>) -> [Int] {
        let start = members.min()!
        var path = [start]
        var seen: Set<Int> = [start]
        var current = start
        while let next = dependencies[current].first(where: { members.contains($0) && !seen.contains($0) }) {
            path.append(next)
            seen.insert(next)
            current = next
        }
        return path
    }
}
