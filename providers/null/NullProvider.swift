import CairnProviderKit
import Foundation

/// `null.resource`: manages nothing. For demos, ordering, benchmarks and fault tests: it can wait
/// (`delay_ms`) and fail (`fail`) on purpose.
public struct NullProvider: Provider {
    public init() {}

    public var schema: ProviderSchema {
        ProviderSchema(name: "null", version: "1.0.0", resources: [
            "resource": ResourceSchema(description: "Nothing at all, with optional delay and failure", properties: [
                "triggers": .optional(.map(.string), forceNew: true, "Arbitrary values; a change replaces the resource"),
                "delay_ms": .optional(.number, default: 0, "Sleep this long in create, update and delete"),
                "fail": .optional(.bool, default: false, "Make create, update and delete fail"),
                "id": .computed(.string, "A random id"),
            ]),
        ])
    }

    public func validate(kind: String, properties: [String: Value]) -> [ProviderIssue] {
        if let d = properties["delay_ms"]?.numberValue, d < 0 || d > 3_600_000 {
            return [ProviderIssue(property: "delay_ms", message: "must be between 0 and 3600000")]
        }
        return []
    }

    public func create(kind: String, properties: [String: Value]) async throws -> ResourceObject {
        guard kind == "resource" else { throw unknownKind(kind) }
        try await act(properties)
        let id = Digest.hex(try Digest.randomBytes(8))
        var attrs = properties
        attrs["id"] = .string(id)
        return ResourceObject(id: id, attributes: attrs)
    }

    public func read(kind: String, current: ResourceObject) async throws -> ResourceObject? { current }

    public func update(kind: String, prior: ResourceObject, properties: [String: Value]) async throws -> ResourceObject {
        try await act(properties)
        var attrs = properties
        attrs["id"] = .string(prior.id)
        return ResourceObject(id: prior.id, attributes: attrs)
    }

    public func delete(kind: String, current: ResourceObject) async throws {
        try await act(current.attributes)
    }

    private func act(_ properties: [String: Value]) async throws {
        let delay = properties["delay_ms"]?.numberValue ?? 0
        if delay > 0 { try await Task.sleep(nanoseconds: UInt64(delay * 1_000_000)) }
        if properties["fail"]?.boolValue == true {
            throw ProviderError("null.resource failed because fail = true", hint: "set fail: false to let it succeed")
        }
    }
}
