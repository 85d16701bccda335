import CairnDigest
import CairnProviderKit

/// The built-in `null` provider: `null.resource` does nothing real. It is for ordering,
/// re-running on trigger changes, and exercising the engine (delays and forced failures).
public struct NullProvider: Provider {
    static let resourceSchema = ResourceSchema(
        description: "A resource that manages nothing; changing triggers replaces it.",
        properties: [
            "triggers": .optional(.map(.string), forceNew: true, "Arbitrary values; changing any of them replaces the resource."),
            "delay_ms": .optional(.number, default: 0, "Milliseconds to wait in create, update and delete."),
            "fail": .optional(.bool, default: false, "Make create, update and delete fail (after the delay)."),
            "id": .computed(.string, "Random hex chosen at create."),
        ])

    public init() {}

    public static func register(into registry: inout ProviderRegistry) {
        registry.register { NullProvider() }
    }

    static let kinds = ResourceKinds<Void>(provider: "null", kinds: ["resource": .init(schema: resourceSchema, handler: ())])
    // Built once: the engine asks for it for every resource it plans or refreshes.
    static let providerSchema = ProviderSchema(name: "null", version: "0.1.0", resources: kinds.schemas)

    public var schema: ProviderSchema { Self.providerSchema }

    public func validate(_ request: ValidateRequest) async throws -> ValidateResponse {
        Self.kinds.validate(request) { Self.delayIssues(request.properties) }
    }

    private static func delayIssues(_ properties: [String: Value]) -> [ProviderIssue] {
        guard let delay = properties["delay_ms"], !delay.isNull, !delay.containsUnknown else { return [] }
        if let ms = delay.intValue, ms >= 0 { return [] }
        return [
            ProviderIssue(
                property: "delay_ms",
                message: "delay_ms must be a whole number of milliseconds, 0 or more, got \(delay.unmarked.jsonString())")
        ]
    }

    public func create(_ request: CreateRequest) async throws -> CreateResponse {
        try Self.kinds.handler(request.kind)
        try await act(request.properties)
        let id = Digest.hex(try Digest.randomBytes(8))
        return CreateResponse(object: ResourceObject(id: id, attributes: attributes(request.properties, id: id)))
    }

    public func read(_ request: ReadRequest) async throws -> ReadResponse {
        try Self.kinds.handler(request.kind)
        return ReadResponse(object: request.current)
    }

    /// Only delay_ms and fail can change in place; triggers force replacement.
    public func update(_ request: UpdateRequest) async throws -> UpdateResponse {
        try Self.kinds.handler(request.kind)
        try await act(request.properties)
        return UpdateResponse(
            object: ResourceObject(id: request.prior.id, attributes: attributes(request.properties, id: request.prior.id)))
    }

    public func delete(_ request: DeleteRequest) async throws -> DeleteResponse {
        try Self.kinds.handler(request.kind)
        try await act(request.current.attributes)
        return DeleteResponse()
    }

    public func importResource(_ request: ImportRequest) async throws -> ImportResponse {
        try Self.kinds.handler(request.kind)
        throw ProviderError(
            "null.resource cannot be imported: there is nothing real to adopt",
            hint: "declare it and let Cairn create it")
    }

    /// Waits delay_ms, then fails if asked to.
    private func act(_ values: [String: Value]) async throws {
        let reader = PropertyReader(values, context: "null.resource")
        let delay = try reader.int("delay_ms", default: 0)
        if delay > 0 { try await Task.sleep(for: .milliseconds(delay)) }
        if try reader.bool("fail", default: false) {
            throw ProviderError("null.resource failed because fail = true", hint: "set fail to false to let it succeed")
        }
    }

    private func attributes(_ properties: [String: Value], id: String) -> [String: Value] {
        var attributes = properties
        attributes["id"] = .string(id)
        for name in Self.resourceSchema.properties.keys where attributes[name] == nil { attributes[name] = .null }
        return attributes
    }
}
