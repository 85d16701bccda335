import CairnAddresses
import CairnProviderKit

/// What validating a block needs from its type's schema, worked out once per type: a stack
/// usually declares thousands of blocks of a handful of types.
struct BlockTypeFacts {
    let schema: ResourceSchema
    /// Required property names, sorted (the order their "missing" errors are reported in).
    let requiredNames: [String]
    /// What filling in defaults (and diffing) needs.
    let diff: Differ.Facts
    init(schema: ResourceSchema) {
        self.schema = schema
        requiredNames = schema.properties.compactMap { $0.value.required ? $0.key : nil }.sorted()
        diff = Differ.Facts(schema)
    }

    /// Facts by resource type and by data source type (the same name may be both, with different schemas).
    struct Cache {
        private var resources: [ResourceType: BlockTypeFacts] = [:]
        private var dataSources: [ResourceType: BlockTypeFacts] = [:]

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
