import CairnProviderKit

/// One worker's memo of the providers it has been handed and of their resource types, so each
/// block it plans, or record it refreshes, costs a dictionary lookup rather than a hop onto the
/// ProviderSet actor, a copy of the provider's whole schema and a schema lookup. A failure isn't
/// kept: asking again gets the same error from the set.
struct ProviderCache {
    /// A resource type of one provider instance.
    struct Resource {
        let provider: any Provider
        /// nil when the provider has no such type.
        let schema: ResourceSchema?
        /// What diffing against `schema` needs.
        let facts: Differ.Facts?
    }

    let set: ProviderSet
    private var known: [String: any Provider] = [:]
    /// By provider instance key, then kind.
    private var resources: [String: [String: Resource]] = [:]
    /// The last one asked for, looked at first: blocks and records come mostly in runs of one type.
    private var last: (key: String, kind: String, resource: Resource)?

    init(_ set: ProviderSet) { self.set = set }

    mutating func provider(key: String, providerName: String) async throws -> any Provider {
        if let p = known[key] { return p }
        let p = try await set.provider(key: key, providerName: providerName)
        known[key] = p
        return p
    }

    /// The provider for instance `key` and its resource type `kind`.
    mutating func resource(key: String, providerName: String, kind: String) async throws -> Resource {
        if let last, last.key == key, last.kind == kind { return last.resource }
        if let r = resources[key]?[kind] {
            last = (key, kind, r)
            return r
        }
        let p = try await provider(key: key, providerName: providerName)
        let schema = p.schema.resources[kind]
        let r = Resource(provider: p, schema: schema, facts: schema.map(Differ.Facts.init))
        resources[key, default: [:]][kind] = r
        last = (key, kind, r)
        return r
    }
}
