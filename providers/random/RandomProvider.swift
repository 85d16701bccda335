import CairnProviderKit

/// The built-in `random` provider: passwords, ids and integers generated once and kept in state.
/// Nothing real exists outside the state, so read returns what was generated.
public struct RandomProvider: Provider {
    static let kinds = ResourceKinds<any RandomResource.Type>(
        provider: "random", handlers: ["password": RandomPassword.self, "id": RandomID.self, "integer": RandomInteger.self],
        schema: { $0.schema })
    static let providerSchema = ProviderSchema(name: "random", version: "0.1.0", resources: kinds.schemas)

    public init() {}

    public static func register(into registry: inout ProviderRegistry) {
        registry.register { RandomProvider() }
    }

    public var schema: ProviderSchema { Self.providerSchema }

    public func validate(_ request: ValidateRequest) async throws -> ValidateResponse {
        Self.kinds.validate(request) { $0.validate(PropertyChecks(values: request.properties)) }
    }

    public func create(_ request: CreateRequest) async throws -> CreateResponse {
        let type = try Self.kinds.handler(request.kind)
        let generated = try type.generate(PropertyReader(request.properties, context: "random.\(request.kind)"))
        return CreateResponse(object: ResourceObject(id: generated.id, attributes: type.attributes(request.properties, generated.outputs)))
    }

    public func read(_ request: ReadRequest) async throws -> ReadResponse {
        _ = try Self.kinds.handler(request.kind)
        return ReadResponse(object: request.current)
    }

    /// Every setting forces replacement, so an update only records new values of settings that
    /// do not (none today) and keeps the generated outputs.
    public func update(_ request: UpdateRequest) async throws -> UpdateResponse {
        let type = try Self.kinds.handler(request.kind)
        let outputs = request.prior.attributes.filter { type.schema.properties[$0.key]?.isSettable == false }
        return UpdateResponse(object: ResourceObject(id: request.prior.id, attributes: type.attributes(request.properties, outputs)))
    }

    public func delete(_ request: DeleteRequest) async throws -> DeleteResponse {
        _ = try Self.kinds.handler(request.kind)
        return DeleteResponse()
    }

    public func importResource(_ request: ImportRequest) async throws -> ImportResponse {
        _ = try Self.kinds.handler(request.kind)
        throw ProviderError(
            "random.\(request.kind) cannot be imported: its value exists only in Cairn's state",
            hint: "declare the resource and let Cairn generate a new value")
    }
}
