/// Finds providers by name. Built-in providers register a factory; each provider instance in a
/// stack gets its own object.
public struct ProviderRegistry: Sendable {
    public typealias Factory = @Sendable () -> any Provider
    private var factories: [String: Factory] = [:]
    private var schemas: [String: ProviderSchema] = [:]

    public init() {}

    public mutating func register(_ factory: @escaping Factory) {
        let schema = factory().schema
        factories[schema.name] = factory
        schemas[schema.name] = schema
    }

    public var names: [String] { factories.keys.sorted() }
    public func schema(named name: String) -> ProviderSchema? { schemas[name] }
    public func make(_ name: String) -> (any Provider)? { factories[name]?() }
}
