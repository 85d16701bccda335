import CairnState
import StateConformance
import Testing

/// Both stores keep every guarantee of the state protocols.
@Suite struct StateConformanceTests {
    @Test(arguments: StateConformance.checks)
    func sqliteStore(_ check: ConformanceCheck) throws {
        try check.run(
            on: StateStoreFactory {
                let folder = try TemporaryFolder()
                let path = folder.path("state/cairn.db")
                return OpenedStore(
                    store: try SQLiteStateStore(path: path, key: testStateKey),
                    reopen: { try SQLiteStateStore(path: path, key: testStateKey) },
                    cleanup: { folder.remove() })
            })
    }

    @Test(arguments: StateConformance.checks)
    func inMemoryStore(_ check: ConformanceCheck) throws {
        try check.run(
            on: StateStoreFactory {
                let store = InMemoryStateStore()
                return OpenedStore(store: store, reopen: { store })
            })
    }
}
