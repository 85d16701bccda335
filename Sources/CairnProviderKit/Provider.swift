/// What a provider knows about one real resource: its id and every attribute
/// (configured properties and computed ones).
public struct ResourceObject: Sendable, Hashable, Codable {
    public var id: String
    public var attributes: [String: Value]

    public init(id: String, attributes: [String: Value]) {
        self.id = id
        self.attributes = attributes
    }
}

/// The contract every provider implements, built in or external (a plugin process behind
/// `PluginProvider`).
///
/// Every operation takes one request value and answers one response value (ProviderRequests.swift)
/// and is `async throws`: a provider served by another process answers when it answers, and no
/// thread waits for it. A provider is used by one engine run at a time, but its operations may be
/// called concurrently for different resources. Most providers declare their types once in a
/// `ResourceKinds` table and look the handler up there.
public protocol Provider: Sendable {
    var schema: ProviderSchema { get }

    /// Receives the evaluated `providers:` block of its instance, before any call but validation.
    func configure(_ request: ConfigureRequest) async throws -> ConfigureResponse

    /// Checks properties beyond what the schema says (value ranges, combinations).
    func validate(_ request: ValidateRequest) async throws -> ValidateResponse

    /// What `cairn validate` can tell from the provider instance's settings alone, before anything
    /// is configured (a type the configured server can't manage); an issue is about the whole
    /// resource block. The default has none.
    func validateSettings(_ request: ValidateSettingsRequest) async throws -> ValidateResponse

    /// Refines a planned change: computed values the provider can tell now, `.unknown` for those
    /// known only after apply, and properties that force replacement. The default keeps computed
    /// values from the prior object (unknown on create).
    func plan(_ request: PlanRequest) async throws -> PlanResponse

    func create(_ request: CreateRequest) async throws -> CreateResponse
    func read(_ request: ReadRequest) async throws -> ReadResponse
    func update(_ request: UpdateRequest) async throws -> UpdateResponse
    func delete(_ request: DeleteRequest) async throws -> DeleteResponse
    /// The default refuses: the provider does not support import.
    func importResource(_ request: ImportRequest) async throws -> ImportResponse
    /// Reads a data source. The default has none.
    func readData(_ request: ReadDataRequest) async throws -> ReadDataResponse
    /// After a run was killed during a create: finds the object that create may have made, from
    /// the properties it was given (a file's path, a container's name). nil when nothing was made
    /// or the provider can't tell (the default); the engine then plans the create again.
    func adopt(_ request: AdoptRequest) async throws -> AdoptResponse
}

public struct ProviderIssue: Sendable, Hashable {
    public var property: String?
    public var message: String
    public var hint: String?
    public init(property: String?, message: String, hint: String? = nil) {
        self.property = property
        self.message = message
        self.hint = hint
    }
}

/// An error a provider reports. The engine adds the resource address.
public struct ProviderError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var hint: String?
    /// Set when the provider cannot tell whether the operation happened (its process died or
    /// timed out mid-call). The engine then keeps the intent, so the next plan checks reality.
    public var outcomeUnknown = false
    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }
    public var description: String { message }
}

extension Provider {
    public func configure(_ request: ConfigureRequest) async throws -> ConfigureResponse { ConfigureResponse() }

    public func validate(_ request: ValidateRequest) async throws -> ValidateResponse { ValidateResponse() }

    public func validateSettings(_ request: ValidateSettingsRequest) async throws -> ValidateResponse { ValidateResponse() }

    public func plan(_ request: PlanRequest) async throws -> PlanResponse { defaultPlan(request) }

    /// Planning from the schema alone: configured properties as given; computed attributes keep
    /// their prior value on update and are unknown on create.
    public func defaultPlan(_ request: PlanRequest) -> PlanResponse {
        guard let resource = schema.resources[request.kind] else { return PlanResponse(attributes: request.proposed) }
        return PlanResponse(attributes: resource.plannedAttributes(prior: request.prior, proposed: request.proposed))
    }

    public func importResource(_ request: ImportRequest) async throws -> ImportResponse {
        throw ProviderError("\(schema.name).\(request.kind) does not support import")
    }

    public func readData(_ request: ReadDataRequest) async throws -> ReadDataResponse {
        throw ProviderError("\(schema.name) has no data source \(request.kind)")
    }

    public func adopt(_ request: AdoptRequest) async throws -> AdoptResponse { AdoptResponse(object: nil) }
}
