import CairnProviderKit

/// What validating a block needs from its type's schema, worked out once per type: a stack
/// usually declares thousands of blocks of a handful of types.
struct BlockTypeFacts {
    let schema: ResourceSchema
    /// Required property names, sorted (the order their "missing" errors are reported in).
    let requiredNames: [String]
    /// The settable properties with a default, in the schema's own order.
    let defaults: [(name: String, value: Value)]

    init(schema: ResourceSchema) {
        self.schema = schema
        requiredNames = schema.properties.compactMap { $0.value.required ? $0.key : nil }.sorted()
        defaults = schema.properties.compactMap { name, prop in
            guard prop.isSettable, let d = prop.defaultValue else { return nil }
            return (name, d)
        }
    }

    /// `properties` with the schema's defaults filled in where a value is absent or null: what
    /// `Differ.withDefaults` gives, inserting in the same order, without walking the whole schema.
    func withDefaults(_ properties: [String: Value]) -> [String: Value] {
        var out = properties
        for (name, d) in defaults {
            if let v = out[name], !v.isNull { continue }
            out[name] = d
        }
        return out
    }

    /// Facts by resource type and by data source type (the same name may be both, with different schemas).
    struct Cache {
        private var resources: [String: BlockTypeFacts] = [:]
        private var dataSources: [String: BlockTypeFacts] = [:]

        /// The facts for `decl`'s type; `resolve` finds the schema the first time (and reports an
        /// unknown type, which is asked again for every block so each one gets its error).
        mutating func facts(for decl: ResourceDecl, resolve: () -> ResourceSchema?) -> BlockTypeFacts? {
            if let known = decl.isData ? dataSources[decl.type] : resources[decl.type] { return known }
            guard let schema = resolve() else { return nil }
            let facts = BlockTypeFacts(schema: schema)
            if decl.isData { dataSources[decl.type] = facts } else { resources[decl.type] = facts }
            return facts
        }
    }
}
