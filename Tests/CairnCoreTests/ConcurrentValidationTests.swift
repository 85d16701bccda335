import CairnProviderKit
import Foundation
import Testing

@testable import CairnCore

/// A provider with something to find wrong: two required properties, a typed one, a computed one,
/// a range its own check enforces, a setting it rejects, and a data source.
private struct CheckedProvider: Provider {
    var schema: ProviderSchema {
        ProviderSchema(
            name: "checked", version: "1", config: ["region": .optional(.string)],
            resources: [
                "thing": ResourceSchema(properties: [
                    "name": .required(.string), "zone": .required(.string),
                    "size": .optional(.number), "id": .computed(.string),
                ])
            ],
            dataSources: ["lookup": ResourceSchema(properties: ["key": .required(.string), "value": .computed(.string)])])
    }
    func validate(_ request: ValidateRequest) async throws -> ValidateResponse {
        if let size = request.properties["size"]?.intValue, size > 10 {
            return ValidateResponse(issues: [ProviderIssue(property: "size", message: "must be at most 10")])
        }
        return ValidateResponse()
    }
    func validateSettings(_ request: ValidateSettingsRequest) async throws -> ValidateResponse {
        ValidateResponse(
            issues: request.settings["region"] == .string("mars")
                ? [ProviderIssue(property: nil, message: "no region mars", hint: "pick earth")] : [])
    }
    func create(_ request: CreateRequest) async throws -> CreateResponse { throw ProviderError("no") }
    func update(_ request: UpdateRequest) async throws -> UpdateResponse { throw ProviderError("no") }
    func delete(_ request: DeleteRequest) async throws -> DeleteResponse { DeleteResponse() }
    func read(_ request: ReadRequest) async throws -> ReadResponse { ReadResponse(object: request.current) }
}

@Suite struct ConcurrentValidationTests {
    let validator: StackValidator = {
        var registry = ProviderRegistry()
        registry.register { CheckedProvider() }
        return StackValidator(registry: registry)
    }()

    /// One resource of a long stack; `i` picks which mistakes it carries, so they fall into every range.
    private func resource(_ i: Int) -> String {
        let chained = i > 0 && i % 10 != 0 // chains of ten
        var props: [String] = []
        if i % 83 != 11 { // else both required properties are missing: two errors at one place
            props.append(i % 61 == 29 ? "name: \"${missing\(i).id}\"" : "name: n\(i)") // an undefined reference (the graph's)
            props.append(chained ? "zone: \"${r\(i - 1).id}\"" : "zone: z")
        }
        if i % 97 == 5 { props.append("colour: red") } // unknown property
        if i % 89 == 7 {
            props.append("size: big")
        } // wrong type
        else if i % 67 == 23 {
            props.append("size: 50")
        } // the provider's own range check
        if i % 59 == 3 { props.append("id: fixed") } // computed, cannot be set
        var lines = ["  r\(i):", "    type: \(i % 79 == 13 ? "checked.nope" : "checked.thing")"]
        if i % 73 == 17 {
            lines.append("    provider: checked.other")
        } // undeclared provider instance
        else if i % 53 == 31 {
            lines.append("    provider: marsbase")
        } // an instance whose setting the provider rejects
        if i % 71 == 19 { lines.append("    count: -1") }
        if i == 333 { lines.append("    depends_on: [nowhere]") }
        lines.append("    properties: { \(props.joined(separator: ", ")) }")
        return lines.joined(separator: "\n")
    }

    private func brokenStack(_ n: Int) throws -> StackConfig {
        let first = (0..<n / 2).map(resource).joined(separator: "\n")
        let second = (n / 2..<n).map(resource).joined(separator: "\n")
        let data = (0..<40).map { i in "  d\(i): { type: checked.lookup, properties: { \(i % 7 == 3 ? "" : "key: k") } }" }
            .joined(separator: "\n")
        return try StackLoader.load(
            sources: [
                "a.yaml": "stack: t\nproviders:\n  marsbase: { type: checked, region: mars }\nresources:\n\(first)\ndata:\n\(data)\n",
                // c0 and c1 need each other: a cycle, found only by the graph.
                "b.yaml": """
                resources:
                \(second)
                  c0: { type: checked.thing, properties: { name: "${c1.id}", zone: z } }
                  c1: { type: checked.thing, properties: { name: "${c0.id}", zone: z } }

                """,
            ], directory: "/tmp/stack")
    }

    @Test func everyRangeCountFindsTheSameDiagnosticsInTheSameOrder() async throws {
        let config = try brokenStack(600)
        let (sequential, noGraph) = await validator.diagnose(config, checkRanges: 0)
        #expect(noGraph == nil)
        let messages = sequential.items.map(\.message)
        // Every kind of mistake is there, from the checks and from the graph.
        for needle in [
            "unknown property \"colour\"", "property \"size\" must be", "missing required property \"name\"",
            "missing required property \"zone\"", "unknown resource type \"checked.nope\"",
            "provider instance \"checked.other\" is not declared", "count must be a whole number",
            "property \"size\": must be at most 10", "computed by the provider", "no region mars",
            "missing required property \"key\" for checked.lookup", "undefined reference: missing29",
            "depends_on names \"nowhere\"", "dependency cycle: c0 → c1 → c0",
        ] {
            #expect(messages.contains { $0.contains(needle) }, "\(needle)")
        }
        #expect(sequential.items.count > 60)
        // The graph's diagnostics come last, after every block's.
        let firstGraphError = try #require(messages.firstIndex { $0.hasPrefix("undefined reference") })
        #expect(!messages[firstGraphError...].contains { $0.hasPrefix("missing required") })
        // The blocks' diagnostics come block by block in the order of the blocks in the files.
        let starts = (config.resources.values.map(\.location) + config.dataSources.values.map(\.location)).sorted()
        let owners = try sequential.items[..<firstGraphError].map { d in
            try #require(starts.last { $0 <= d.location! })
        }
        #expect(owners == owners.sorted())
        #expect(Set(owners).count > 30)
        for ranges in [1, 2, 3, 7, 64, 1000] {
            let (split, graph) = await validator.diagnose(config, checkRanges: ranges)
            #expect(split.items == sequential.items, "\(ranges) ranges")
            #expect(graph == nil)
        }
    }

    @Test func validateReportsTheSameErrorsEitherWay() async throws {
        let config = try brokenStack(StackValidator.concurrentFrom + 100)
        let (sequential, _) = await validator.diagnose(config, checkRanges: 0)
        let expected = try #require(await throwing { try sequential.throwIfErrors() })
        let reported = try #require(await throwing { try await validator.validate(config) })
        #expect(config.resources.count >= StackValidator.concurrentFrom) // the concurrent path
        #expect(reported.diagnostics == expected.diagnostics)
    }

    @Test func aValidStackGivesTheSameGraphEitherWay() async throws {
        let body = (0..<400).map { i in
            "  r\(i): { type: checked.thing, properties: { name: n, zone: \(i % 10 == 0 ? "z" : "\"${r\(i - 1).id}\"") } }"
        }.joined(separator: "\n")
        let config = try StackLoader.load(sources: ["stack.yaml": "stack: t\nresources:\n\(body)\n"], directory: "/tmp/stack")
        let (bag, sequential) = await validator.diagnose(config, checkRanges: 0)
        #expect(bag.items.isEmpty)
        let (splitBag, split) = await validator.diagnose(config, checkRanges: 4)
        #expect(splitBag.items.isEmpty)
        let a = try #require(sequential)
        let b = try #require(split)
        #expect(a.nodes == b.nodes && a.order == b.order)
        #expect(a.dag.dependencies == b.dag.dependencies)
        #expect(try await validator.validate(config).order == a.order)
    }

    @Test func rangesCoverEverythingInOrder() {
        for (count, parts) in [(0, 4), (1, 4), (3, 8), (10, 3), (10_000, 4), (7, 7)] {
            let ranges = ConcurrentWork.ranges(count: count, parts: parts)
            #expect(ranges.count == max(1, min(parts, count)))
            #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == count)
            #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
            #expect(ranges.allSatisfy { $0.count >= count / parts && $0.count <= count / parts + 1 })
        }
    }

    /// Work on its own thread hands back its result whether it is awaited before or after it ends.
    @Test func startedWorkGivesItsValueWhenAwaitedEarlyOrLate() async throws {
        let slow = ConcurrentWork.start { () -> Int in
            Thread.sleep(forTimeInterval: 0.2)
            return 42
        }
        #expect(await slow.value() == 42)
        let quick = ConcurrentWork.start { 7 }
        try await Task.sleep(for: .milliseconds(200))
        #expect(await quick.value() == 7)
    }

    private func throwing(_ body: () async throws -> Void) async -> DiagnosticError? {
        do { try await body() } catch let e as DiagnosticError { return e } catch { return nil }
        return nil
    }
}
