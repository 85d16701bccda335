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

/// The contract every provider implements, built in or external.
///
/// Types are named by kind without the provider prefix (`file`, not `local.file`).
/// `properties` are the configured values with schema defaults applied; sensitive values arrive
/// unmarked. A provider is used by one engine run at a time, but its methods may be called
/// concurrently for different resources.
public protocol Provider: Sendable {
    var schema: ProviderSchema { get }

    /// Receives the evaluated `providers:` block of its instance, before any other call.
    func configure(_ config: [String: Value]) async throws

    /// Checks properties beyond what the schema says (value ranges, combinations).
    /// Returns problems as (property name or nil, message).
    func validate(kind: String, properties: [String: Value]) -> [ProviderIssue]

    /// What `cairn validate` can tell from the provider instance's settings alone, before anything
    /// is configured (a type the configured server can't manage): only the settings written
    /// literally are given, and an issue is about the whole resource block. The default has none.
    func validate(kind: String, settings: [String: Value]) -> [ProviderIssue]

    /// Refines a planned change: given the prior object (nil for a create) and the proposed
    /// properties, returns the planned attributes, with `.unknown` for values known only after apply,
    /// and any properties that force replacement beyond the schema's `forceNew`.
    func plan(kind: String, prior: ResourceObject?, proposed: [String: Value]) -> PlannedAttributes

    func create(kind: String, properties: [String: Value]) async throws -> ResourceObject
    /// Returns nil when the resource no longer exists.
    func read(kind: String, current: ResourceObject) async throws -> ResourceObject?
    func update(kind: String, prior: ResourceObject, properties: [String: Value]) async throws -> ResourceObject
    func delete(kind: String, current: ResourceObject) async throws
    /// Adopts an existing resource by its id; nil when nothing has that id.
    func importResource(kind: String, id: String) async throws -> ResourceObject?
    /// Reads a data source.
    func readData(kind: String, properties: [String: Value]) async throws -> [String: Value]
    /// After a run was killed during a create: finds the object that create may have made, from
    /// the properties it was given (a file's path, a container's name). nil when nothing was made
    /// or the provider can't tell; the engine then plans the create again.
    func adopt(kind: String, properties: [String: Value]) async throws -> ResourceObject?
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

public struct PlannedAttributes: Sendable, Hashable {
    public var attributes: [String: Value]
    /// Properties whose change requires replacing the resource (in addition to schema forceNew ones).
    public var requiresReplace: Set<String>
    public init(attributes: [String: Value], requiresReplace: Set<String> = []) {
        self.attributes = attributes
        self.requiresReplace = requiresReplace
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
    public func configure(_ config: [String: Value]) async throws {}

    public func validate(kind: String, properties: [String: Value]) -> [ProviderIssue] { [] }

    public func validate(kind: String, settings: [String: Value]) -> [ProviderIssue] { [] }

    /// Default planning from the schema: configured properties as given; computed attributes keep
    /// their prior value on update and are unknown on create.
    public func plan(kind: String, prior: ResourceObject?, proposed: [String: Value]) -> PlannedAttributes {
        PlannedAttributes(attributes: defaultPlannedAttributes(kind: kind, prior: prior, proposed: proposed))
    }

    public func defaultPlannedAttributes(kind: String, prior: ResourceObject?, proposed: [String: Value]) -> [String: Value] {
        var attrs = proposed
        for (name, prop) in schema.resources[kind]?.properties ?? [:] where prop.computed {
            if let p = proposed[name], !p.isNull { continue }
            attrs[name] = prior?.attributes[name] ?? .unknown
        }
        return attrs
    }

    public func importResource(kind: String, id: String) async throws -> ResourceObject? {
        throw ProviderError("\(schema.name).\(kind) does not support import")
    }

    public func readData(kind: String, properties: [String: Value]) async throws -> [String: Value] {
        throw ProviderError("\(schema.name) has no data source \(kind)")
    }

    public func adopt(kind: String, properties: [String: Value]) async throws -> ResourceObject? { nil }

    public func unknownKind(_ kind: String) -> ProviderError {
        ProviderError("provider \(schema.name) has no resource type \(kind)")
    }
}

/// Finds providers by name. Built-in providers register a factory; each provider instance in a
/// stack gets its own object.
public struct ProviderRegistry: Sendable {
    public typealias Factory = @Sendable () -> any Provider
    private var factories: [String: Factory] = [:]
    private var schemas: [String: ProviderSchema] = [:]

    public init() {}

    public mutating func register(_ factory: @escaping Factory) {
        let schema = factory().schema
        factories[schema.name] = factory
        schemas[schema.name] = schema
    }

    public var names: [String] { factories.keys.sorted() }
    public func schema(named name: String) -> ProviderSchema? { schemas[name] }
    public func make(_ name: String) -> (any Provider)? { factories[name]?() }
}
