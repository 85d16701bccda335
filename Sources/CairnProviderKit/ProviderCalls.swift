/// Shorthands for calling a provider directly (its tests, a script driving one provider): each
/// builds the request and unwraps the response. The engine itself sends the request values.
extension Provider {
    public func configure(_ config: [String: Value]) async throws {
        _ = try await configure(ConfigureRequest(config: config))
    }

    public func validate(kind: String, properties: [String: Value]) async throws -> [ProviderIssue] {
        try await validate(ValidateRequest(kind: kind, properties: properties)).issues
    }

    public func validate(kind: String, settings: [String: Value]) async throws -> [ProviderIssue] {
        try await validateSettings(ValidateSettingsRequest(kind: kind, settings: settings)).issues
    }

    public func plan(kind: String, prior: ResourceObject?, proposed: [String: Value]) async throws -> PlanResponse {
        try await plan(PlanRequest(kind: kind, prior: prior, proposed: proposed))
    }

    public func create(kind: String, properties: [String: Value]) async throws -> ResourceObject {
        try await create(CreateRequest(kind: kind, properties: properties)).object
    }

    public func read(kind: String, current: ResourceObject) async throws -> ResourceObject? {
        try await read(ReadRequest(kind: kind, current: current)).object
    }

    public func update(kind: String, prior: ResourceObject, properties: [String: Value]) async throws -> ResourceObject {
        try await update(UpdateRequest(kind: kind, prior: prior, properties: properties)).object
    }

    public func delete(kind: String, current: ResourceObject) async throws {
        _ = try await delete(DeleteRequest(kind: kind, current: current))
    }

    public func importResource(kind: String, id: String) async throws -> ResourceObject? {
        try await importResource(ImportRequest(kind: kind, id: id)).object
    }

    public func readData(kind: String, properties: [String: Value]) async throws -> [String: Value] {
        try await readData(ReadDataRequest(kind: kind, properties: properties)).attributes
    }

    public func adopt(kind: String, properties: [String: Value]) async throws -> ResourceObject? {
        try await adopt(AdoptRequest(kind: kind, properties: properties)).object
    }
}
