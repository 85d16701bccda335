import CairnProviderKit
import CairnDigest

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

    // Built once: the engine asks for it for every resource it plans or refreshes.
    static let providerSchema = ProviderSchema(name: "null", version: "0.1.0", resources: ["resource": resourceSchema])

    public var schema: ProviderSchema { Self.providerSchema }

    public func validate(kind: String, properties: [String: Value]) -> [ProviderIssue] {
        guard kind == "resource" else { return [ProviderIssue(property: nil, message: unknownKind(kind).message)] }
        guard let delay = properties["delay_ms"], !delay.isNull, !delay.containsUnknown else { return [] }
        if let ms = delay.intValue, ms >= 0 { return [] }
        return [ProviderIssue(property: "delay_ms", message: "delay_ms must be a whole number of milliseconds, 0 or more, got \(delay.unmarked.jsonString())")]
    }

    public func create(kind: String, properties: [String: Value]) async throws -> ResourceObject {
        try checkKind(kind)
        try await act(properties)
        let id = Digest.hex(try Digest.randomBytes(8))
        return ResourceObject(id: id, attributes: attributes(properties, id: id))
    }

    public func read(kind: String, current: ResourceObject) async throws -> ResourceObject? {
        try checkKind(kind)
        return current
    }

    /// Only delay_ms and fail can change in place; triggers force replacement.
    public func update(kind: String, prior: ResourceObject, properties: [String: Value]) async throws -> ResourceObject {
        try checkKind(kind)
        try await act(properties)
        return ResourceObject(id: prior.id, attributes: attributes(properties, id: prior.id))
    }

    public func delete(kind: String, current: ResourceObject) async throws {
        try checkKind(kind)
        try await act(current.attributes)
    }

    public func importResource(kind: String, id: String) async throws -> ResourceObject? {
        try checkKind(kind)
        throw ProviderError("null.resource cannot be imported: there is nothing real to adopt",
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

    private func checkKind(_ kind: String) throws {
        guard kind == "resource" else { throw unknownKind(kind) }
    }
}
