import CairnProviderKit

/// Compares configured properties with an object's current attributes, using the schema.
public enum Differ {
    public struct Result: Sendable, Equatable {
        /// Properties whose configured value differs from the current one, sorted.
        public var changed: [String]
        /// The subset of `changed` that cannot be changed in place.
        public var forcesReplacement: [String]
        public var isEmpty: Bool { changed.isEmpty }
    }

    /// What `diff` needs from a schema, worked out once per resource type instead of once per
    /// instance: the settable properties, in name order.
    public struct Facts: Sendable {
        struct Property: Sendable {
            let name: String
            let computed: Bool
            let forceNew: Bool
        }
        let settable: [Property]
        /// Settable properties with a default, and the default.
        let defaults: [(name: String, value: Value)]

        public init(_ schema: ResourceSchema) {
            let settable = schema.properties.filter { $0.value.isSettable }.sorted { $0.key < $1.key }
            self.settable = settable.map { Property(name: $0.key, computed: $0.value.computed, forceNew: $0.value.forceNew) }
            defaults = settable.compactMap { p in p.value.defaultValue.map { (p.key, $0) } }
        }

        /// The settable property names, sorted.
        public var settableNames: [String] { settable.map(\.name) }
    }

    /// `proposed` holds the configured settable properties (defaults applied); `current` the object's
    /// attributes. An unknown proposed value counts as a change. Sensitive marks are ignored.
    public static func diff(
        schema: ResourceSchema, proposed: [String: Value], current: [String: Value],
        ignoreChanges: Set<String> = [], providerForcesNew: Set<String> = []
    ) -> Result {
        diff(Facts(schema), proposed: proposed, current: current, ignoreChanges: ignoreChanges, providerForcesNew: providerForcesNew)
    }

    public static func diff(
        _ facts: Facts, proposed: [String: Value], current: [String: Value],
        ignoreChanges: Set<String> = [], providerForcesNew: Set<String> = []
    ) -> Result {
        var changed: [String] = []
        var forcing: [String] = []
        for p in facts.settable {
            if !ignoreChanges.isEmpty, ignoreChanges.contains(p.name) { continue }
            let want = proposed[p.name] ?? .null
            // A computed+optional property left unset keeps whatever the provider chose.
            if p.computed, want.isNull { continue }
            guard !equivalent(want, current[p.name] ?? .null) else { continue }
            changed.append(p.name)
            if p.forceNew || (!providerForcesNew.isEmpty && providerForcesNew.contains(p.name)) { forcing.append(p.name) }
        }
        // In name order already, as the facts list the properties.
        return Result(changed: changed, forcesReplacement: forcing)
    }

    /// Equality ignoring sensitive marks; unknown never equals anything; an empty map or list
    /// equals null (providers often report one for the other).
    public static func equivalent(_ a: Value, _ b: Value) -> Bool {
        let x = a.unmarked
        let y = b.unmarked
        switch (x, y) {
        case (.unknown, _), (_, .unknown): return false
        case (.null, .map(let m)), (.map(let m), .null): return m.isEmpty
        case (.null, .list(let l)), (.list(let l), .null): return l.isEmpty
        case (.list(let l1), .list(let l2)):
            return l1.count == l2.count && zip(l1, l2).allSatisfy { equivalent($0, $1) }
        case (.map(let m1), .map(let m2)):
            // A key missing on one side compares as null there.
            for (k, v) in m1 where !equivalent(v, m2[k] ?? .null) { return false }
            for (k, v) in m2 where m1[k] == nil && !equivalent(.null, v) { return false }
            return true
        default: return x == y
        }
    }

    /// The configured properties with schema defaults filled in for unset ones.
    public static func withDefaults(_ properties: [String: Value], schema: ResourceSchema) -> [String: Value] {
        withDefaults(properties, facts: Facts(schema))
    }

    public static func withDefaults(_ properties: [String: Value], facts: Facts) -> [String: Value] {
        var out = properties
        fillDefaults(&out, facts: facts)
        return out
    }

    /// `withDefaults` in place, for a caller that owns the dictionary (no copy of it).
    static func fillDefaults(_ properties: inout [String: Value], facts: Facts) {
        for (name, d) in facts.defaults {
            if let v = properties[name], !v.isNull { continue }
            properties[name] = d
        }
    }

    /// Marks attributes sensitive where the schema says so or where the configured value was.
    public static func markSensitive(_ attrs: [String: Value], schema: ResourceSchema, proposed: [String: Value]) -> [String: Value] {
        // Walks the few sensitive names rather than looking every attribute up twice.
        var out = attrs
        func mark(_ name: String) {
            if let v = out[name], !v.isNull { out[name] = v.markedSensitive() }
        }
        for (name, prop) in schema.properties where prop.sensitive { mark(name) }
        for (name, v) in proposed where v.containsSensitive { mark(name) }
        return out
    }
}
