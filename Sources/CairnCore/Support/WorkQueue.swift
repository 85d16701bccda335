import CairnProviderKit

/// Hands out the elements of a collection once each, in order, to concurrent workers. Any
/// collection: the refresh hands out a state's records straight from its dictionary, without
/// first copying ten thousand of them into an array.
final class WorkQueue<Items: Collection & Sendable>: Sendable where Items.Index: Sendable {
    private let elements: Items
    private let nextIndex: Locked<Items.Index>

    init(_ elements: Items) {
        self.elements = elements
        nextIndex = Locked(elements.startIndex)
    }

    /// Up to `size` elements at once, in order, or nil when none are left: one lock per batch
    /// where workers would otherwise contend for it on every element.
    func nextBatch(_ size: Int) -> Items.SubSequence? {
        nextIndex.withLock { i in
            guard i < elements.endIndex else { return nil }
            let end = elements.index(i, offsetBy: max(1, size), limitedBy: elements.endIndex) ?? elements.endIndex
            defer { i = end }
            return elements[i..<end]
        }
    }
}
