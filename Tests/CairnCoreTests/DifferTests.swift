import CairnAddresses
import CairnProviderKit
import Testing

@testable import CairnCore

@Suite struct DifferTests {
    let schema = ResourceSchema(properties: [
        "path": .required(.string, forceNew: true),
        "content": .required(.string),
        "mode": .optional(.string, default: "0644"),
        "tags": .optional(.map(.string)),
        "sha256": .computed(.string),
        "name": PropertySchema(.string, computed: true, optional: true),
    ])

    @Test func noChangesWhenEqual() {
        let r = Differ.diff(
            schema: schema, proposed: ["path": "/a", "content": "x", "mode": "0644"],
            current: ["path": "/a", "content": "x", "mode": "0644", "sha256": "abc", "name": "n"])
        #expect(r.isEmpty)
    }

    @Test func inPlaceChange() {
        let r = Differ.diff(
            schema: schema, proposed: ["path": "/a", "content": "y", "mode": "0600"],
            current: ["path": "/a", "content": "x", "mode": "0644"])
        #expect(r.changed == ["content", "mode"])
        #expect(r.forcesReplacement.isEmpty)
    }

    @Test func forceNewPropertyForcesReplacement() {
        let r = Differ.diff(schema: schema, proposed: ["path": "/b", "content": "x"], current: ["path": "/a", "content": "x"])
        #expect(r.changed == ["path"])
        #expect(r.forcesReplacement == ["path"])
    }

    @Test func providerCanForceReplacement() {
        let r = Differ.diff(
            schema: schema, proposed: ["path": "/a", "content": "y"], current: ["path": "/a", "content": "x"],
            providerForcesNew: ["content"])
        #expect(r.forcesReplacement == ["content"])
    }

    @Test func unknownCountsAsChange() {
        let r = Differ.diff(schema: schema, proposed: ["path": "/a", "content": .unknown], current: ["path": "/a", "content": "x"])
        #expect(r.changed == ["content"])
    }

    @Test func ignoreChangesSkipsProperties() {
        let r = Differ.diff(
            schema: schema, proposed: ["path": "/a", "content": "y"], current: ["path": "/a", "content": "x"],
            ignoreChanges: ["content"])
        #expect(r.isEmpty)
    }

    @Test func sensitiveMarksAndEmptyCollectionsDoNotCountAsChanges() {
        let r = Differ.diff(
            schema: schema, proposed: ["path": "/a", "content": .sensitive("x"), "tags": [:]],
            current: ["path": "/a", "content": "x"])
        #expect(r.isEmpty)
    }

    @Test func unsetOptionalComputedKeepsProviderValue() {
        let r = Differ.diff(
            schema: schema, proposed: ["path": "/a", "content": "x"], current: ["path": "/a", "content": "x", "name": "chosen"])
        #expect(r.isEmpty)
        let set = Differ.diff(
            schema: schema, proposed: ["path": "/a", "content": "x", "name": "mine"],
            current: ["path": "/a", "content": "x", "name": "chosen"])
        #expect(set.changed == ["name"])
    }

    @Test func defaultsFillUnsetProperties() {
        let d = Differ.withDefaults(["path": "/a", "content": "x"], schema: schema)
        #expect(d["mode"] == "0644")
        #expect(d["tags"] == nil)
    }

    @Test func markSensitiveBySchemaAndByInput() {
        let s = ResourceSchema(properties: [
            "result": .computed(.string, sensitive: true), "content": .required(.string), "id": .computed(.string),
        ])
        let marked = Differ.markSensitive(["result": "pw", "content": "c", "id": "1"], schema: s, proposed: ["content": .sensitive("c")])
        #expect(marked["result"] == .sensitive("pw"))
        #expect(marked["content"] == .sensitive("c"))
        #expect(marked["id"] == "1")
    }

    @Test func typeCheckConvertsAndReportsPaths() throws {
        #expect(try TypeCheck.conform("8080", to: .number).get() == .number(8080))
        #expect(try TypeCheck.conform(.number(3), to: .string).get() == "3")
        guard case .failure(let e) = TypeCheck.conform(["a": ["x"]], to: .map(.string)) else {
            Issue.record("expected a failure")
            return
        }
        #expect(e.path == "[\"a\"]")
        #expect(e.message == "must be a string, not a list")
        guard case .failure(let s) = TypeCheck.conform(.sensitive("hunter2"), to: .number) else {
            Issue.record("expected a failure")
            return
        }
        #expect(!s.message.contains("hunter2"))
    }

    /// Values that already conform come back as they are; conversions and error paths reach into
    /// nested lists, maps and objects.
    @Test func typeCheckConvertsNestedValuesAndKeepsConformingOnes() throws {
        let tags: Value = ["a": "1", "b": .list(["x", .number(2)])]
        #expect(try TypeCheck.conform(tags, to: .map(.any)).get() == tags)
        let ports: Value = .list(["80", .number(443), .sensitive("8080")])
        #expect(try TypeCheck.conform(ports, to: .list(.number)).get() == .list([.number(80), .number(443), .sensitive(.number(8080))]))
        #expect(try TypeCheck.conform(["k": .bool(true)], to: .map(.string)).get() == ["k": "true"])
        #expect(try TypeCheck.conform(.sensitive("s"), to: .string).get() == .sensitive("s"))
        guard case .failure(let deep) = TypeCheck.conform(["a": .list(["1", "x"])], to: .map(.list(.number)), path: ".tags") else {
            Issue.record("expected a failure")
            return
        }
        #expect(deep.path == ".tags[\"a\"][1]")
        #expect(deep.message == "must be a number, not the string \"x\"")
        let object = ValueType.object([
            "port": PropertySchema(.number, required: true),
            "host": PropertySchema(.string, default: "localhost"),
        ])
        #expect(try TypeCheck.conform(["port": "80"], to: object).get() == ["port": .number(80), "host": "localhost"])
        guard case .failure(let missing) = TypeCheck.conform(.list([["host": "h"]]), to: .list(object)) else {
            Issue.record("expected a failure")
            return
        }
        #expect(missing.path == "[0].port")
        #expect(missing.message == "is required")
        guard case .failure(let unknown) = TypeCheck.conform(["prot": 1, "port": 1], to: object) else {
            Issue.record("expected a failure")
            return
        }
        #expect(unknown.message == "unknown attribute \"prot\"")
        #expect(unknown.hint == "did you mean \"port\"?")
    }

    @Test func addressesParseAndOrder() {
        #expect((try? ResourceInstanceAddress.parse("web"))?.key == InstanceKey.none)
        #expect((try? ResourceInstanceAddress.parse("web[3]"))?.key == .index(3))
        #expect((try? ResourceInstanceAddress.parse("web[\"a b\"]"))?.key == .key("a b"))
        #expect((try? ResourceInstanceAddress.parse("data.zone"))?.resource.description == "data.zone")
        #expect((try? ResourceInstanceAddress.parse("web[")) == nil)
        #expect((try? ResourceInstanceAddress.parse("")) == nil)
        #expect((try? ResourceInstanceAddress.parse("web[-1]")) == nil)
        let sorted = ["web[10]", "web[2]", "api"].compactMap { try? ResourceInstanceAddress.parse($0) }.sorted().map(\.description)
        #expect(sorted == ["api", "web[2]", "web[10]"])
        #expect((try? AddressTarget.parse("web"))!.selects("web[1]"))
        #expect(!(try? AddressTarget.parse("web[0]"))!.selects("web[1]"))
    }
}
