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
public struct ResourceDecl: Sendable {
    public var name: String
    public var isData: Bool
    /// Full type (`local.file`).
    public var type: String
    public var providerName: String
    /// Kind without provider prefix (`file`).
    public var kind: String
    /// Provider instance key: `provider:` when given, else the provider's name.
    public var providerKey: String
    public var providerKeyLocation: SourceLocation?
    public var properties: [(key: String, keyLocation: SourceLocation, value: ConfigExpr)]
    public var count: ConfigExpr?
    public var forEach: ConfigExpr?
    public var dependsOn: [(name: String, location: SourceLocation)]
    public var lifecycle: Lifecycle
    public var location: SourceLocation
    public var typeLocation: SourceLocation

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
    public var from: String
    public var to: String
    public var location: SourceLocation
}
