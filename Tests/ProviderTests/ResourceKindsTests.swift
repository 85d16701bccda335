import CairnProviderKit
import Testing

@Suite struct ResourceKindsTests {
    static let thing = ResourceSchema(properties: ["name": .required(.string), "id": .computed(.string), "made": .computed(.bool)])
    static let other = ResourceSchema(properties: ["size": .optional(.number)])

    let kinds = ResourceKinds<String>(
        provider: "demo",
        kinds: [
            "thing": .init(schema: thing, handler: "thing handler"),
            "other": .init(schema: other, handler: "other handler"),
        ])

    @Test func declaresEachKindOnceWithSchemaAndHandler() throws {
        #expect(kinds.names == ["other", "thing"])
        #expect(kinds.schemas == ["thing": Self.thing, "other": Self.other])
        #expect(try kinds.handler("thing") == "thing handler")
        #expect(kinds["other"] == "other handler")
        #expect(kinds["nope"] == nil)
    }

    @Test func unknownKindIsRefusedTheSameWayEverywhere() {
        #expect {
            try kinds.handler("nope")
        } throws: { ($0 as? ProviderError)?.message == "provider demo has no resource type nope" }
        let data = ResourceKinds<Int>(provider: "demo", .dataSources, kinds: [:])
        #expect(data.unknown("facts").message == "provider demo has no data source facts")
        let issues = kinds.validate(ValidateRequest(kind: "nope", properties: [:])) { _ in
            Issue.record("the check of an unknown kind must not run")
            return []
        }.issues
        #expect(issues == [ProviderIssue(property: nil, message: "provider demo has no resource type nope")])
    }

    @Test func validateAndPlanReachTheKindsHandler() {
        let checked = kinds.validate(ValidateRequest(kind: "other", properties: ["size": -1])) { handler in
            [ProviderIssue(property: "size", message: "checked by \(handler)")]
        }
        #expect(checked.issues.map(\.message) == ["checked by other handler"])
        let planned = kinds.plan(PlanRequest(kind: "thing", prior: nil, proposed: ["name": "a"])) { handler in
            PlanResponse(attributes: ["by": .string(handler)], requiresReplace: ["name"])
        }
        #expect(planned == PlanResponse(attributes: ["by": "thing handler"], requiresReplace: ["name"]))
        let unknown = kinds.plan(PlanRequest(kind: "nope", prior: nil, proposed: ["name": "a"])) { _ in
            Issue.record("the plan of an unknown kind must not run")
            return PlanResponse(attributes: [:])
        }
        #expect(unknown == PlanResponse(attributes: ["name": "a"]))
    }

    @Test func handlersThatKnowTheirSchema() throws {
        let table = ResourceKinds<ResourceSchema>(provider: "demo", handlers: ["thing": Self.thing], schema: { $0 })
        #expect(table.schemas == ["thing": Self.thing])
        #expect(try table.handler("thing") == Self.thing)
    }
}

@Suite struct ComputedValueTests {
    let schema = ResourceSchema(properties: [
        "name": .required(.string), "id": .computed(.string), "made": .computed(.bool), "size": .optional(.number),
    ])

    @Test func createPlansEveryComputedValueUnknown() {
        let planned = schema.plannedAttributes(prior: nil, proposed: ["name": "a", "size": 2])
        #expect(planned == ["name": "a", "size": 2, "id": .unknown, "made": .unknown])
    }

    @Test func updateKeepsThePriorComputedValues() {
        let prior = ResourceObject(id: "x", attributes: ["name": "a", "id": "x", "made": true])
        let planned = schema.plannedAttributes(prior: prior, proposed: ["name": "b"])
        #expect(planned == ["name": "b", "id": "x", "made": true])
    }

    @Test func aProposedComputedValueStandsAndANullOneIsFilledIn() {
        let prior = ResourceObject(id: "x", attributes: ["id": "x"])
        let planned = schema.plannedAttributes(prior: prior, proposed: ["name": "b", "id": "given", "made": .null])
        #expect(planned["id"] == "given")
        // The prior object had no "made": unknown, not null.
        #expect(planned["made"] == .unknown)
        #expect(ResourceSchema.computedValue("id", prior: prior) == "x")
        #expect(ResourceSchema.computedValue("id", prior: nil) == .unknown)
    }

    @Test func theDefaultPlanIsTheHelpers() async throws {
        let prior = ResourceObject(id: "x", attributes: ["name": "a", "id": "x", "made": false])
        let provider = SchemaOnlyProvider(schema: ProviderSchema(name: "demo", version: "1", resources: ["thing": schema]))
        let planned = try await provider.plan(PlanRequest(kind: "thing", prior: prior, proposed: ["name": "b"]))
        #expect(planned.attributes == schema.plannedAttributes(prior: prior, proposed: ["name": "b"]))
        #expect(planned.requiresReplace.isEmpty)
    }
}

/// A provider that implements only what the protocol requires, so planning is the default one.
private struct SchemaOnlyProvider: Provider {
    let schema: ProviderSchema
    func create(_ request: CreateRequest) async throws -> CreateResponse { throw ProviderError("no") }
    func read(_ request: ReadRequest) async throws -> ReadResponse { ReadResponse(object: request.current) }
    func update(_ request: UpdateRequest) async throws -> UpdateResponse { throw ProviderError("no") }
    func delete(_ request: DeleteRequest) async throws -> DeleteResponse { DeleteResponse() }
}
