/// What the engine asks a provider and what the provider answers: one value in, one value out for
/// every operation, so an operation can grow a field without every provider changing its signature.
///
/// `kind` is the type without the provider prefix (`file`, not `local.file`). Properties are the
/// configured values with schema defaults applied; sensitive values arrive unmarked.

/// The evaluated `providers:` block of the instance, sent before any other call but validation.
public struct ConfigureRequest: Sendable, Hashable {
    public var config: [String: Value]
    public init(config: [String: Value]) { self.config = config }
}

public struct ConfigureResponse: Sendable, Hashable {
    public init() {}
}

/// A resource's properties to check beyond what the schema says (ranges, combinations). Values not
/// known until apply are `.unknown`.
public struct ValidateRequest: Sendable, Hashable {
    public var kind: String
    public var properties: [String: Value]
    public init(kind: String, properties: [String: Value]) {
        self.kind = kind
        self.properties = properties
    }
}

/// What `cairn validate` can tell from the provider instance's settings alone, before anything is
/// configured: only the settings written literally are given.
public struct ValidateSettingsRequest: Sendable, Hashable {
    public var kind: String
    public var settings: [String: Value]
    public init(kind: String, settings: [String: Value]) {
        self.kind = kind
        self.settings = settings
    }
}

/// The problems found; an issue with no property is about the whole block.
public struct ValidateResponse: Sendable, Hashable {
    public var issues: [ProviderIssue]
    public init(issues: [ProviderIssue] = []) { self.issues = issues }
}

/// A change to refine: the prior object (nil for a create) and the proposed properties.
public struct PlanRequest: Sendable, Hashable {
    public var kind: String
    public var prior: ResourceObject?
    public var proposed: [String: Value]
    public init(kind: String, prior: ResourceObject?, proposed: [String: Value]) {
        self.kind = kind
        self.prior = prior
        self.proposed = proposed
    }
}

/// The planned attributes, `.unknown` where a value is known only after apply, and the properties
/// that force replacement beyond the schema's `forceNew`.
public struct PlanResponse: Sendable, Hashable {
    public var attributes: [String: Value]
    public var requiresReplace: Set<String>
    public init(attributes: [String: Value], requiresReplace: Set<String> = []) {
        self.attributes = attributes
        self.requiresReplace = requiresReplace
    }
}

public struct CreateRequest: Sendable, Hashable {
    public var kind: String
    public var properties: [String: Value]
    public init(kind: String, properties: [String: Value]) {
        self.kind = kind
        self.properties = properties
    }
}

public struct CreateResponse: Sendable, Hashable {
    public var object: ResourceObject
    public init(object: ResourceObject) { self.object = object }
}

public struct ReadRequest: Sendable, Hashable {
    public var kind: String
    public var current: ResourceObject
    public init(kind: String, current: ResourceObject) {
        self.kind = kind
        self.current = current
    }
}

/// `object` is nil when the resource no longer exists.
public struct ReadResponse: Sendable, Hashable {
    public var object: ResourceObject?
    public init(object: ResourceObject?) { self.object = object }
}

public struct UpdateRequest: Sendable, Hashable {
    public var kind: String
    public var prior: ResourceObject
    public var properties: [String: Value]
    public init(kind: String, prior: ResourceObject, properties: [String: Value]) {
        self.kind = kind
        self.prior = prior
        self.properties = properties
    }
}

public struct UpdateResponse: Sendable, Hashable {
    public var object: ResourceObject
    public init(object: ResourceObject) { self.object = object }
}

public struct DeleteRequest: Sendable, Hashable {
    public var kind: String
    public var current: ResourceObject
    public init(kind: String, current: ResourceObject) {
        self.kind = kind
        self.current = current
    }
}

public struct DeleteResponse: Sendable, Hashable {
    public init() {}
}

/// Adopts an existing resource by its id.
public struct ImportRequest: Sendable, Hashable {
    public var kind: String
    public var id: String
    public init(kind: String, id: String) {
        self.kind = kind
        self.id = id
    }
}

/// `object` is nil when nothing has that id.
public struct ImportResponse: Sendable, Hashable {
    public var object: ResourceObject?
    public init(object: ResourceObject?) { self.object = object }
}

public struct ReadDataRequest: Sendable, Hashable {
    public var kind: String
    public var properties: [String: Value]
    public init(kind: String, properties: [String: Value]) {
        self.kind = kind
        self.properties = properties
    }
}

public struct ReadDataResponse: Sendable, Hashable {
    public var attributes: [String: Value]
    public init(attributes: [String: Value]) { self.attributes = attributes }
}

/// After a run was killed during a create: the properties that create was given.
public struct AdoptRequest: Sendable, Hashable {
    public var kind: String
    public var properties: [String: Value]
    public init(kind: String, properties: [String: Value]) {
        self.kind = kind
        self.properties = properties
    }
}

/// The object that create made; nil when nothing was made or the provider can't tell.
public struct AdoptResponse: Sendable, Hashable {
    public var object: ResourceObject?
    public init(object: ResourceObject?) { self.object = object }
}
