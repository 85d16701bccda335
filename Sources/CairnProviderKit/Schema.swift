/// The type of a property, as declared in a provider's schema.
public indirect enum ValueType: Sendable, Hashable, CustomStringConvertible {
    case any
    case string
    case number
    case bool
    case list(ValueType)
    case map(ValueType)
    /// A map with a fixed set of attributes (e.g. one entry of `locations`).
    case object([String: PropertySchema])

    public var description: String {
        switch self {
        case .any: return "any"
        case .string: return "string"
        case .number: return "number"
        case .bool: return "bool"
        case .list(let t): return "list(\(t))"
        case .map(let t): return "map(\(t))"
        case .object(let attrs): return "object({" + attrs.keys.sorted().joined(separator: ", ") + "})"
        }
    }
}

/// One property of a resource, data source or provider configuration.
public struct PropertySchema: Sendable, Hashable {
    public var type: ValueType
    /// Must be set in configuration.
    public var required: Bool
    /// Set by the provider (an output); config may not set it unless also `optional`.
    public var computed: Bool
    /// May be set in configuration even though computed (the provider fills it when absent).
    public var optional: Bool
    public var defaultValue: Value?
    /// A change to this property cannot be made in place: the resource is replaced.
    public var forceNew: Bool
    public var sensitive: Bool
    public var description: String

    public init(
        _ type: ValueType, required: Bool = false, computed: Bool = false, optional: Bool = false,
        default defaultValue: Value? = nil, forceNew: Bool = false, sensitive: Bool = false,
        description: String = ""
    ) {
        self.type = type
        self.required = required
        self.computed = computed
        self.optional = optional
        self.defaultValue = defaultValue
        self.forceNew = forceNew
        self.sensitive = sensitive
        self.description = description
    }

    /// Whether configuration may set this property.
    public var isSettable: Bool { !computed || optional }

    public static func required(_ t: ValueType, forceNew: Bool = false, sensitive: Bool = false, _ doc: String = "") -> Self {
        .init(t, required: true, forceNew: forceNew, sensitive: sensitive, description: doc)
    }
    public static func optional(
        _ t: ValueType, default d: Value? = nil, forceNew: Bool = false, sensitive: Bool = false, _ doc: String = ""
    ) -> Self {
        .init(t, optional: true, default: d, forceNew: forceNew, sensitive: sensitive, description: doc)
    }
    public static func computed(_ t: ValueType, sensitive: Bool = false, _ doc: String = "") -> Self {
        .init(t, computed: true, sensitive: sensitive, description: doc)
    }
}

/// Schema of one resource or data-source type.
public struct ResourceSchema: Sendable, Hashable {
    public var description: String
    public var properties: [String: PropertySchema]

    public init(description: String = "", properties: [String: PropertySchema]) {
        self.description = description
        self.properties = properties
    }

    public var settableNames: [String] { properties.filter { $0.value.isSettable }.keys.sorted() }
}

/// Everything a provider declares about itself.
public struct ProviderSchema: Sendable, Hashable {
    public var name: String
    public var version: String
    public var config: [String: PropertySchema]
    /// Keyed by kind without the provider prefix: `file` for `local.file`.
    public var resources: [String: ResourceSchema]
    public var dataSources: [String: ResourceSchema]

    public init(
        name: String, version: String, config: [String: PropertySchema] = [:],
        resources: [String: ResourceSchema], dataSources: [String: ResourceSchema] = [:]
    ) {
        self.name = name
        self.version = version
        self.config = config
        self.resources = resources
        self.dataSources = dataSources
    }
}
