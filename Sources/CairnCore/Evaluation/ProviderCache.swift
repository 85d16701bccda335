import CairnProviderKit

/// One worker's memo of the providers it has been handed, so each block it plans costs a
/// dictionary lookup rather than a hop onto the ProviderSet actor. A failure isn't kept: asking
/// again gets the same error from the set.
struct ProviderCache {
    let set: ProviderSet
    private var known: [String: any Provider] = [:]
    /// The last resource type asked for, with its provider and schema: blocks come mostly in runs
    /// of one type, and this spares the lookups and the copy of the provider's whole schema.
    private var lastResource: (key: String, kind: String, provider: any Provider, schema: ResourceSchema?, facts: Differ.Facts?)?

    init(_ set: ProviderSet) { self.set = set }

    mutating func provider(key: String, providerName: String) async throws -> any Provider {
        if let p = known[key] { return p }
        let p = try await set.provider(key: key, providerName: providerName)
        known[key] = p
        return p
    }

    /// The provider for instance `key`, its schema of resource type `kind` (nil when it has none)
    /// and what diffing against that schema needs.
    mutating func resource(key: String, providerName: String, kind: String) async throws
        -> (provider: any Provider, schema: ResourceSchema?, facts: Differ.Facts?)
    {
        if let last = lastResource, last.key == key, last.kind == kind { return (last.provider, last.schema, last.facts) }
        let p = try await provider(key: key, providerName: providerName)
        let schema = p.schema.resources[kind]
        let facts = schema.map(Differ.Facts.init)
        lastResource = (key, kind, p, schema, facts)
        return (p, schema, facts)
    }
}
