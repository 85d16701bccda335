import CairnProviderKit
import Testing

@testable import CairnCore

@Suite struct BlockTypeFactsTests {
    let schema = ResourceSchema(properties: [
        "name": .required(.string),
        "alpha": .required(.number),
        "size": .optional(.number, default: .number(3)),
        "mode": .optional(.string, default: .string("fast")),
        "note": .optional(.string),
        "id": .computed(.string),
        "fixed": PropertySchema(.string, computed: true, default: .string("x")),
    ])

    @Test func requiredNamesAreSorted() {
        #expect(BlockTypeFacts(schema: schema).requiredNames == ["alpha", "name"])
    }

    @Test func cacheResolvesEachKnownTypeOnceAndUnknownOnesEveryTime() throws {
        let config = try StackLoader.load(
            sources: [
                "stack.yaml": """
                stack: t
                resources:
                  a: { type: null.resource }
                  b: { type: null.resource }
                  c: { type: nope.thing }
                  d: { type: nope.thing }
                data:
                  e: { type: null.resource }
                """
            ], directory: "/tmp/stack")
        var cache = BlockTypeFacts.Cache()
        var asked: [String] = []
        for name in ["a", "b", "c", "d"] {
            let decl = try #require(config.resources[name])
            let facts = cache.facts(for: decl) {
                asked.append(name)
                return decl.providerName == "null" ? schema : nil
            }
            #expect((facts == nil) == (decl.providerName == "nope"))
        }
        let data = try #require(config.dataSources["e"])
        _ = cache.facts(for: data) {
            asked.append("e")
            return nil
        } // a data source type is its own entry
        #expect(asked == ["a", "c", "d", "e"])
    }
}
