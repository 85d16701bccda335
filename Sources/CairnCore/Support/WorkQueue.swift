import Synchronization

/// Hands out the elements of an array once each, in order, to concurrent workers.
final class WorkQueue<Element: Sendable>: Sendable {
    private let elements: [Element]
    private let nextIndex = Mutex(0)

    init(_ elements: [Element]) { self.elements = elements }

    func next() -> Element? {
        nextIndex.withLock { i in
            guard i < elements.count else { return nil }
            defer { i += 1 }
            return elements[i]
        }
    }
}
