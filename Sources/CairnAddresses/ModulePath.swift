/// One step into a module: `module.app` or `module.app["api"]`.
public struct ModuleInstanceStep: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The module call's name (`app`).
    public var name: String
    public var key: InstanceKey

    public init(name: String, key: InstanceKey = .none) {
        self.name = name
        self.key = key
    }

    public var description: String { "module." + name + key.description }

    public static func < (a: ModuleInstanceStep, b: ModuleInstanceStep) -> Bool {
        a.name == b.name ? a.key < b.key : a.name < b.name
    }
}

/// Where in the module tree something is: the root module (no steps), or calls nested in it.
/// The language has no modules yet, so every address is in the root; the path is carried already
/// so that addresses, state and `--target` need no change when modules arrive.
public struct ModulePath: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var steps: [ModuleInstanceStep]

    /// The root module. An empty array allocates nothing, so root addresses stay cheap to make,
    /// copy and hash.
    public static let root = ModulePath(steps: [])

    public init(steps: [ModuleInstanceStep]) { self.steps = steps }

    public var isRoot: Bool { steps.isEmpty }

    /// `module.a.module.b["x"]`; empty for the root.
    public var description: String { steps.map(\.description).joined(separator: ".") }

    /// This path one call deeper.
    public func child(_ name: String, key: InstanceKey = .none) -> ModulePath {
        ModulePath(steps: steps + [ModuleInstanceStep(name: name, key: key)])
    }

    /// Whether `other` is this path or lies below it, as `--target` means it: a step written
    /// without a key (`module.app`) stands for every instance of that call.
    public func contains(_ other: ModulePath) -> Bool {
        guard other.steps.count >= steps.count else { return false }
        for (mine, theirs) in zip(steps, other.steps) {
            guard mine.name == theirs.name, mine.key == .none || mine.key == theirs.key else { return false }
        }
        return true
    }

    /// Shorter paths (outer modules) first, then step by step.
    public static func < (a: ModulePath, b: ModulePath) -> Bool {
        for (x, y) in zip(a.steps, b.steps) where x != y { return x < y }
        return a.steps.count < b.steps.count
    }

    public func hash(into hasher: inout Hasher) {
        // The root, by far the most common path, adds one integer.
        hasher.combine(steps.count)
        for step in steps { hasher.combine(step) }
    }
}
