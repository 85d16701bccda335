/// Whether a block is a managed resource or a data source (`data.NAME`).
public enum ResourceMode: Sendable, Hashable {
    case managed
    case data
}

/// A resource or data source block of one module instance: `web`, `data.zone`,
/// `module.app["api"].file`.
public struct ResourceAddress: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var module: ModulePath
    public var mode: ResourceMode
    public var name: String

    public init(module: ModulePath = .root, mode: ResourceMode = .managed, name: String) {
        self.module = module
        self.mode = mode
        self.name = name
    }

    /// `web` or `data.zone`: the name within its module, as the module's own graph knows it.
    public var localName: String { mode == .data ? "data." + name : name }

    public var description: String { module.isRoot ? localName : module.description + "." + localName }

    /// The instance of this resource with `key`.
    public func instance(_ key: InstanceKey = .none) -> ResourceInstanceAddress {
        ResourceInstanceAddress(resource: self, key: key)
    }

    /// Module path first, then the local name as text (`data.zone` between `alpha` and `web`),
    /// the order `state list` has always shown.
    public static func < (a: ResourceAddress, b: ResourceAddress) -> Bool {
        if a.module != b.module { return a.module < b.module }
        if a.mode == b.mode { return a.name < b.name }
        return a.localName < b.localName
    }

    public static func == (a: ResourceAddress, b: ResourceAddress) -> Bool {
        a.name == b.name && a.mode == b.mode && a.module == b.module
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(mode == .data)
        if !module.isRoot { hasher.combine(module) }
    }
}

/// One instance of a resource: `site`, `backend[0]`, `backend["a"]`, `data.zone`,
/// `module.app["api"].file[0]`.
public struct ResourceInstanceAddress: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var resource: ResourceAddress
    public var key: InstanceKey

    public init(resource: ResourceAddress, key: InstanceKey = .none) {
        self.resource = resource
        self.key = key
    }

    public var module: ModulePath { resource.module }

    public var description: String {
        key == .none ? resource.description : resource.description + key.description
    }

    public static func < (a: ResourceInstanceAddress, b: ResourceInstanceAddress) -> Bool {
        a.resource == b.resource ? a.key < b.key : a.resource < b.resource
    }
}
