import CairnProviderKit

/// The built-in `random` provider: passwords, ids and integers generated once and kept in state.
/// Nothing real exists outside the state, so read returns what was generated.
public struct RandomProvider: Provider {
    private static let kinds: [String: any RandomResource.Type] = [
        "password": RandomPassword.self,
        "id": RandomID.self,
        "integer": RandomInteger.self,
    ]

    public init() {}

    public static func register(into registry: inout ProviderRegistry) {
        registry.register { RandomProvider() }
    }

    public var schema: ProviderSchema {
        ProviderSchema(name: "random", version: "0.1.0", resources: Self.kinds.mapValues { $0.schema })
    }

    public func validate(kind: String, properties: [String: Value]) -> [ProviderIssue] {
        guard let type = Self.kinds[kind] else { return [ProviderIssue(property: nil, message: unknownKind(kind).message)] }
        return type.validate(PropertyChecks(values: properties))
    }

    public func create(kind: String, properties: [String: Value]) async throws -> ResourceObject {
        let type = try type(kind)
        let generated = try type.generate(PropertyReader(properties, context: "random.\(kind)"))
        return ResourceObject(id: generated.id, attributes: type.attributes(properties, generated.outputs))
    }

    public func read(kind: String, current: ResourceObject) async throws -> ResourceObject? {
        _ = try type(kind)
        return current
    }

    /// Every setting forces replacement, so an update only records new values of settings that
    /// do not (none today) and keeps the generated outputs.
    public func update(kind: String, prior: ResourceObject, properties: [String: Value]) async throws -> ResourceObject {
        let type = try type(kind)
        let outputs = prior.attributes.filter { type.schema.properties[$0.key]?.isSettable == false }
        return ResourceObject(id: prior.id, attributes: type.attributes(properties, outputs))
    }

    public func delete(kind: String, current: ResourceObject) async throws {
        _ = try type(kind)
    }

    public func importResource(kind: String, id: String) async throws -> ResourceObject? {
        _ = try type(kind)
        throw ProviderError("random.\(kind) cannot be imported: its value exists only in Cairn's state",
                            hint: "declare the resource and let Cairn generate a new value")
    }

    private func type(_ kind: String) throws -> any RandomResource.Type {
        guard let type = Self.kinds[kind] else { throw unknownKind(kind) }
        return type
    }
}
