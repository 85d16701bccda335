/// The nodes ready to start, longest remaining path first: starting the node with the most
/// work still queued behind it keeps every chain moving, so the walk ends near its critical path
/// instead of finishing some chains early and the rest one step at a time. Ties go to the
/// lower-numbered node, so the order is stable.
struct ReadyQueue {
    private let heights: [Int]
    private var heap: [Int] = []

    /// `heights[n]` is the number of nodes on the longest path from `n` to the end of the graph.
    init(heights: [Int]) { self.heights = heights }

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }

    mutating func push(_ node: Int) {
        heap.append(node)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard first(heap[child], before: heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Int? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var best = parent
            if left < heap.count, first(heap[left], before: heap[best]) { best = left }
            if right < heap.count, first(heap[right], before: heap[best]) { best = right }
            if best == parent { break }
            heap.swapAt(parent, best)
            parent = best
        }
        return top
    }

    private func first(_ a: Int, before b: Int) -> Bool {
        heights[a] != heights[b] ? heights[a] > heights[b] : a < b
    }
}

extension DAG {
    /// For each node, how many nodes lie on the longest path from it through its dependents
    /// (1 for a node nothing depends on). Assumes no cycles.
    public func heights() -> [Int] {
        var height = [Int](repeating: 1, count: count)
        guard let order = topologicalOrder() else { return height }
        for n in order.reversed() {
            for d in dependents[n] { height[n] = max(height[n], height[d] + 1) }
        }
        return height
    }
}
