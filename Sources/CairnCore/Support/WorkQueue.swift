import Synchronization

/// Hands out the elements of an array once each, in order, to concurrent workers.
final class WorkQueue<Element: Sendable>: Sendable {
    private let elements: [Element]
    private let nextIndex = Mutex(0)

    init(_ elements: [Element]) { self.elements = elements }

    /// Up to `size` elements at once, in order, or nil when none are left: one lock per batch
    /// where workers would otherwise contend for it on every element.
    func nextBatch(_ size: Int) -> ArraySlice<Element>? {
        nextIndex.withLock { i in
            guard i < elements.count else { return nil }
            let end = min(elements.count, i + max(1, size))
            defer { i = end }
            return elements[i..<end]
        }
    }
}
