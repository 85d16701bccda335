import CairnAddresses
import CairnState

/// The guarantees every state store keeps, as checks a store's own test target runs against a
/// factory of fresh stores: the SQLite and in-memory stores today, PostgreSQL next.
///
///     @Test(arguments: StateConformance.checks)
///     func conforms(_ check: ConformanceCheck) throws { try check.run(on: factory) }
public enum StateConformance {
    public static var checks: [ConformanceCheck] {
        versionChecks + writeChecks + outputChecks + lockChecks + historyChecks
    }
}

/// Makes new, empty states of one kind of store.
public struct StateStoreFactory: Sendable {
    public typealias Make = @Sendable () throws -> OpenedStore
    let make: Make

    /// `make` returns a new, empty state each time it is called.
    public init(_ make: @escaping Make) { self.make = make }
}

/// A new state: a handle on it, a way to open it again as another process would, and what to do
/// once the check is over.
public struct OpenedStore: Sendable {
    public let store: any StateStore
    /// Another handle on the same state (a new connection); a store that lives in memory returns itself.
    public let reopen: @Sendable () throws -> any StateStore
    public let cleanup: @Sendable () -> Void

    public init(
        store: any StateStore, reopen: @escaping @Sendable () throws -> any StateStore,
        cleanup: @escaping @Sendable () -> Void = {}
    ) {
        self.store = store
        self.reopen = reopen
        self.cleanup = cleanup
    }
}

/// One guarantee, checked on stores the factory makes.
public struct ConformanceCheck: Sendable, CustomStringConvertible {
    public let description: String
    let body: @Sendable (Stores) throws -> Void

    init(_ description: String, _ body: @escaping @Sendable (Stores) throws -> Void) {
        self.description = description
        self.body = body
    }

    /// Throws `ConformanceFailure` at the first expectation the store does not meet.
    public func run(on factory: StateStoreFactory) throws {
        let stores = Stores(factory)
        defer { stores.cleanUp() }
        try body(stores)
    }
}

/// The stores one check opened, cleaned up when it ends.
final class Stores {
    private let factory: StateStoreFactory
    private var opened: [OpenedStore] = []

    init(_ factory: StateStoreFactory) { self.factory = factory }

    /// A new, empty state.
    func new() throws -> OpenedStore {
        let store = try factory.make()
        opened.append(store)
        return store
    }

    func cleanUp() {
        for store in opened { store.cleanup() }
    }
}
