import CairnProviderKit

/// One resource type of the docker provider.
protocol DockerResource: Sendable {
    static var schema: ResourceSchema { get }
    static func validate(_ properties: [String: Value]) -> [ProviderIssue]
    static func plan(prior: ResourceObject?, proposed: [String: Value]) -> PlanResponse
    static func create(_ properties: [String: Value], engine: Engine) async throws -> ResourceObject
    static func read(_ current: ResourceObject, engine: Engine) async throws -> ResourceObject?
    static func update(_ prior: ResourceObject, _ properties: [String: Value], engine: Engine) async throws -> ResourceObject
    static func delete(_ current: ResourceObject, engine: Engine) async throws
    static func importResource(id: String, engine: Engine) async throws -> ResourceObject?
    static func adopt(_ properties: [String: Value], engine: Engine) async throws -> ResourceObject?
}

extension DockerResource {
    static func validate(_ properties: [String: Value]) -> [ProviderIssue] { [] }

    /// Configured values as given; computed ones kept from `prior` or unknown.
    static func plan(prior: ResourceObject?, proposed: [String: Value]) -> PlanResponse {
        PlanResponse(attributes: schema.plannedAttributes(prior: prior, proposed: proposed))
    }

    /// Every other property forces replacement, so an update has nothing to send.
    static func update(_ prior: ResourceObject, _ properties: [String: Value], engine: Engine) async throws -> ResourceObject {
        guard
            let found = try await read(
                ResourceObject(id: prior.id, attributes: prior.attributes.merging(properties) { $1 }), engine: engine)
        else {
            throw ProviderError("\(prior.id) disappeared from the Docker Engine during the update", hint: "run plan again to create it")
        }
        return found
    }
}

/// Small conversions between Cairn values and the Engine's JSON.
enum Convert {
    static func stringMap(_ value: Value?) -> [String: String] {
        var out: [String: String] = [:]
        for (key, item) in value?.mapValue ?? [:] {
            if let text = item.stringValue { out[key] = text }
        }
        return out
    }

    static func stringList(_ value: Value?) -> [String]? {
        guard let items = value?.listValue else { return nil }
        return items.compactMap(\.stringValue)
    }

    static func value(_ map: [String: String]) -> Value { .map(map.mapValues { .string($0) }) }
    static func value(_ list: [String]) -> Value { .list(list.map { .string($0) }) }
}
