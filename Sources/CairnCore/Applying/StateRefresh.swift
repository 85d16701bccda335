import CairnProviderKit
import CairnState

/// `cairn refresh`: reads every recorded resource and writes what was found to state as a new
/// version; objects that are gone are removed from state.
public struct StateRefresh: Sendable {
    public let config: StackConfig
    public let registry: ProviderRegistry
    public let store: any StateReaderWriter
    public let variables: [String: Value]
    public let environment: [String: String]
    public var parallelism = 10

    public init(
        config: StackConfig, registry: ProviderRegistry, store: any StateReaderWriter, variables: [String: Value],
        environment: [String: String]
    ) {
        self.config = config
        self.registry = registry
        self.store = store
        self.variables = variables
        self.environment = environment
    }

    /// Returns the drift found (already recorded).
    public func run(user: String) async throws -> [Drift] {
        let snapshot = try store.snapshot()
        let scope = EvaluationScope(config: config, table: ValueTable(variables: variables), environment: environment)
        let providers = ProviderSet(config: config, registry: registry, scope: scope)
        let result = try await Refresher(providers: providers, registry: registry, parallelism: parallelism)
            .refresh(snapshot.resources.values.sorted { $0.address < $1.address })
        guard !result.drift.isEmpty else { return [] }
        let serial = try store.beginVersion(command: "refresh", user: user)
        var changes: [StateChange] = []
        var summary = ChangeSummary()
        for d in result.drift {
            if let record = result.records[d.address] ?? nil {
                changes.append(.upsert(record))
                summary.changed += 1
            } else {
                changes.append(.remove(address: d.address))
                summary.destroyed += 1
            }
        }
        try store.commit(changes)
        try store.finishVersion(serial: serial, summary: summary, status: "complete")
        return result.drift
    }
}
