import CairnAddresses
import CairnProviderKit
import CairnState

/// `cairn import ADDR ID`: adopts an existing object into state under an address the stack declares.
public struct Importer: Sendable {
    public let config: StackConfig
    public let graph: ConfigGraph
    public let registry: ProviderRegistry
    public let store: any StateReaderWriter
    public let variables: [String: Value]
    public let environment: [String: String]

    public init(
        config: StackConfig, graph: ConfigGraph, registry: ProviderRegistry, store: any StateReaderWriter,
        variables: [String: Value], environment: [String: String]
    ) {
        self.config = config
        self.graph = graph
        self.registry = registry
        self.store = store
        self.variables = variables
        self.environment = environment
    }

    public func run(address: ResourceInstanceAddress, id: String, user: String) async throws -> ResourceRecord {
        guard let decl = config.resource(at: address.resource) else {
            throw Diagnostic.error(
                "the stack declares no resource \"\(address.resource)\"",
                hint: "add it under resources: first, then import into it")
        }
        switch (address.key, decl.count != nil, decl.forEach != nil) {
        case (.none, false, false), (.index, true, false), (.key, false, true): break
        default:
            throw Diagnostic.error("address \(address) does not match how \(decl.name) is declared (count/for_each)", at: decl.location)
        }
        let snapshot = try store.snapshot()
        if snapshot.resources[address] != nil {
            throw Diagnostic.error(
                "\(address) is already managed", address: address,
                hint: "remove it with `cairn state rm \(address)` first to import another object")
        }
        let scope = EvaluationScope(config: config, table: ValueTable(variables: variables), environment: environment)
        let provider = try await ProviderSet(config: config, registry: registry, scope: scope)
            .provider(key: decl.providerKey, providerName: decl.providerName)
        let object: ResourceObject?
        do {
            object = try await provider.importResource(ImportRequest(kind: decl.kind, id: id)).object
        } catch let e as ProviderError {
            throw Diagnostic.error("import failed: \(e.message)", address: address, hint: e.hint)
        }
        guard let object else {
            throw Diagnostic.error("no \(decl.type) with id \"\(id)\" exists", address: address)
        }
        let schema = provider.schema.resources[decl.kind] ?? ResourceSchema(properties: [:])
        let attrs = Differ.markSensitive(object.attributes, schema: schema, proposed: [:])
        let inputs = attrs.filter { schema.properties[$0.key]?.isSettable == true }
        let deps = graph.resourceDependencies(of: .resource(decl.name)).compactMap { n -> ResourceAddress? in
            if case .resource(let r) = n { return config.resources[r]?.address } else { return nil }
        }.sorted()
        let record = ResourceRecord(
            address: address, type: decl.type, provider: decl.providerKey, id: object.id,
            inputs: inputs, attributes: attrs, dependencies: deps)
        let serial = try store.beginVersion(command: "import \(address) \(id)", user: user)
        try store.commit([.upsert(record)])
        try store.finishVersion(serial: serial, summary: ChangeSummary(added: 1), status: "complete")
        return record
    }
}
