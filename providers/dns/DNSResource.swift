import CairnProviderKit

/// What each dns type does once the provider is configured: the operations of one type, on the
/// configured server.
protocol DNSResource {
    func create(_ properties: [String: Value]) async throws -> ResourceObject
    func read(_ current: ResourceObject) async throws -> ResourceObject?
    func update(prior: ResourceObject, _ properties: [String: Value]) async throws -> ResourceObject
    func delete(_ current: ResourceObject) async throws
    func importResource(id: String) async throws -> ResourceObject?
    func adopt(_ properties: [String: Value]) async throws -> ResourceObject?
}

extension RecordResource: DNSResource {
    /// A record is replaced whole, whatever it was.
    func update(prior: ResourceObject, _ properties: [String: Value]) async throws -> ResourceObject {
        try await update(properties)
    }
}

extension ZoneResource: DNSResource {}
