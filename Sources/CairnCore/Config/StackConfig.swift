import CairnAddresses
import CairnProviderKit

/// A stack, as loaded from its YAML files: declarations with expressions still unevaluated.
public struct StackConfig: Sendable {
    public var name: String
    public var description: String
    /// Absolute path of the stack folder.
    public var directory: String
    /// The `backend:` setting (a state path or URL), if any.
    public var backend: String?
    public var variables: [String: VariableDecl] = [:]
    public var locals: [String: LocalDecl] = [:]
    public var providers: [String: ProviderDecl] = [:]
    public var resources: [String: ResourceDecl] = [:]
    public var dataSources: [String: ResourceDecl] = [:]
    public var outputs: [String: OutputDecl] = [:]
    public var moved: [MovedDecl] = []
    /// File name → text of every file the stack was loaded from (saved into plan files).
    public var sources: [String: String] = [:]

    /// The resource block `address` names: managed resources of the root module only (data
    /// sources are looked up by name where they are meant).
    public func resource(at address: ResourceAddress) -> ResourceDecl? {
        guard address.mode == .managed, address.module.isRoot else { return nil }
        return resources[address.name]
    }
}

public struct VariableDecl: Sendable {
    public enum VarType: String, Sendable, CaseIterable { case string, number, bool, list, map, any }
    public var name: String
    public var type: VarType
    public var defaultValue: Value?
    public var description: String
    public var sensitive: Bool
    public var validation: ConfigExpr?
    public var errorMessage: String?
    public var location: SourceLocation
}

public struct LocalDecl: Sendable {
    public var name: String
    public var value: ConfigExpr
    public var location: SourceLocation
}

public struct ProviderDecl: Sendable {
    /// The instance key under `providers:`.
    public var key: String
    /// The provider's name (`dns`): `type:` when given, else the key itself.
    public var providerName: String
    public var config: [(key: String, keyLocation: SourceLocation, value: ConfigExpr)]
    public var location: SourceLocation
}

public struct Lifecycle: Sendable {
    public var createBeforeDestroy = false
    public var preventDestroy = false
    public var ignoreChanges: Set<String> = []
    public init() {}
}

/// A resource or data source block.
/// A class, not a struct: a declaration is read by the validator, the graph, the planner and the
/// applier, often while walking a dictionary of thousands, and copying one meant retaining each of
/// its strings, locations and expressions; now it is one reference.
public final class ResourceDecl: Sendable {
    public let name: String
    public let isData: Bool
    /// `web` or `data.zone`, in the root module (the only one so far).
    public let address: ResourceAddress
    /// `local.file`.
    public let type: ResourceType
    /// The provider's name (`local`).
    public var providerName: String { type.provider }
    /// Kind without provider prefix (`file`).
    public var kind: String { type.kind }
    /// Provider instance key: `provider:` when given, else the provider's name.
    public let providerKey: String
    public let providerKeyLocation: SourceLocation?
    public let properties: [(key: String, keyLocation: SourceLocation, value: ConfigExpr)]
    public let count: ConfigExpr?
    public let forEach: ConfigExpr?
    public let dependsOn: [(name: String, location: SourceLocation)]
    public let lifecycle: Lifecycle
    public let location: SourceLocation
    public let typeLocation: SourceLocation

    public init(
        name: String, isData: Bool, type: ResourceType, providerKey: String,
        providerKeyLocation: SourceLocation?, properties: [(key: String, keyLocation: SourceLocation, value: ConfigExpr)],
        count: ConfigExpr?, forEach: ConfigExpr?, dependsOn: [(name: String, location: SourceLocation)],
        lifecycle: Lifecycle, location: SourceLocation, typeLocation: SourceLocation
    ) {
        self.name = name
        self.isData = isData
        self.address = ResourceAddress(mode: isData ? .data : .managed, name: name)
        self.type = type
        self.providerKey = providerKey
        self.providerKeyLocation = providerKeyLocation
        self.properties = properties
        self.count = count
        self.forEach = forEach
        self.dependsOn = dependsOn
        self.lifecycle = lifecycle
        self.location = location
        self.typeLocation = typeLocation
    }

    /// Name used in addresses and graph nodes: `web` or `data.zone`.
    public var qualifiedName: String { isData ? "data.\(name)" : name }

    /// Every reference in the block (properties, count, for_each).
    public var references: [Reference] {
        var refs = properties.flatMap { $0.value.references }
        if let count { refs += count.references }
        if let forEach { refs += forEach.references }
        return refs
    }
}

public struct OutputDecl: Sendable {
    public var name: String
    public var value: ConfigExpr
    public var sensitive: Bool
    public var description: String
    public var location: SourceLocation
}

public struct MovedDecl: Sendable {
    /// The entry as written.
    public var from: String
    public var to: String
    /// Both addresses, parsed when loaded; nil when either is malformed (reported when planning).
    public var addresses: (from: ResourceInstanceAddress, to: ResourceInstanceAddress)?
    public var location: SourceLocation

    public init(from: String, to: String, location: SourceLocation) {
        self.from = from
        self.to = to
        self.location = location
        if let f = try? ResourceInstanceAddress.parse(from), let t = try? ResourceInstanceAddress.parse(to) { addresses = (f, t) }
    }
}
