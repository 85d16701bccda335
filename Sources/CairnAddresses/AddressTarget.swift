/// What `--target`, `--replace` and `state rm` name: a whole module call, a resource (every
/// instance of it) or one instance.
public enum AddressTarget: Sendable, Hashable, CustomStringConvertible {
    /// `module.app`: everything in that module call, at any depth below it.
    case module(ModulePath)
    /// `web`: every instance of the resource.
    case resource(ResourceAddress)
    /// `web[0]`: that instance only.
    case instance(ResourceInstanceAddress)

    /// Parses any of the three forms; a resource without a key is `.resource`.
    public static func parse(_ text: String) throws(AddressParseError) -> AddressTarget {
        let parts = try AddressParser.parse(text)
        guard let r = parts.resource else { return .module(parts.module) }
        let resource = ResourceAddress(module: parts.module, mode: r.mode, name: r.name)
        return r.key == .none ? .resource(resource) : .instance(resource.instance(r.key))
    }

    public var description: String {
        switch self {
        case .module(let m): return m.description
        case .resource(let r): return r.description
        case .instance(let i): return i.description
        }
    }

    /// The resource named, nil for a module target.
    public var resource: ResourceAddress? {
        switch self {
        case .module: return nil
        case .resource(let r): return r
        case .instance(let i): return i.resource
        }
    }

    /// Whether this target selects instance `address`.
    public func selects(_ address: ResourceInstanceAddress) -> Bool {
        switch self {
        case .module(let m): return m.contains(address.module)
        case .resource(let r): return r == address.resource
        case .instance(let i): return i == address
        }
    }
}
