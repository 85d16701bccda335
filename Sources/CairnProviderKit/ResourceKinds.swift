/// A provider's types, declared once: each kind's name with its schema and the handler that serves
/// it. The provider's schema is built from the table and every operation finds its handler here, so
/// an unknown kind is refused the same way by every provider.
///
/// `Handler` is whatever the provider dispatches to: a resource type's metatype (`FileResource.self`),
/// or a case of the provider's own enum where its types share most of their code.
public struct ResourceKinds<Handler: Sendable>: Sendable {
    public struct Kind: Sendable {
        public let schema: ResourceSchema
        public let handler: Handler
        public init(schema: ResourceSchema, handler: Handler) {
            self.schema = schema
            self.handler = handler
        }
    }

    /// Whether the table holds resource types or data sources; it names them in its errors.
    public enum Role: Sendable { case resources, dataSources }

    public let provider: String
    public let role: Role
    private let kinds: [String: Kind]
    /// Built once: the engine asks for the schema for every resource it plans.
    public let schemas: [String: ResourceSchema]

    public init(provider: String, _ role: Role = .resources, kinds: [String: Kind]) {
        self.provider = provider
        self.role = role
        self.kinds = kinds
        schemas = kinds.mapValues(\.schema)
    }

    public var names: [String] { kinds.keys.sorted() }

    public subscript(kind: String) -> Handler? { kinds[kind]?.handler }

    /// The handler of `kind`, or the error every provider gives for a kind it does not have.
    public func handler(_ kind: String) throws(ProviderError) -> Handler {
        guard let k = kinds[kind] else { throw unknown(kind) }
        return k.handler
    }

    public func unknown(_ kind: String) -> ProviderError {
        switch role {
        case .resources: ProviderError("provider \(provider) has no resource type \(kind)")
        case .dataSources: ProviderError("provider \(provider) has no data source \(kind)")
        }
    }

    /// `check`'s issues for a known kind; for an unknown one, the one issue that says so.
    public func validate(_ request: ValidateRequest, _ check: (Handler) -> [ProviderIssue]) -> ValidateResponse {
        guard let handler = self[request.kind] else {
            return ValidateResponse(issues: [ProviderIssue(property: nil, message: unknown(request.kind).message)])
        }
        return ValidateResponse(issues: check(handler))
    }

    /// `refine`'s plan for a known kind; for an unknown one, the proposed values as they are (the
    /// engine reports the unknown type before it plans).
    public func plan(_ request: PlanRequest, _ refine: (Handler) -> PlanResponse) -> PlanResponse {
        guard let handler = self[request.kind] else { return PlanResponse(attributes: request.proposed) }
        return refine(handler)
    }
}

extension ResourceKinds {
    /// A table of handlers that know their own schema.
    public init(provider: String, _ role: Role = .resources, handlers: [String: Handler], schema: (Handler) -> ResourceSchema) {
        self.init(provider: provider, role, kinds: handlers.mapValues { Kind(schema: schema($0), handler: $0) })
    }
}
