import CairnAddresses
import CairnProviderKit
import CairnState
import Foundation
import Testing

@testable import CairnCore

/// A provider for walk tests: `grid.thing` objects, which refuse `n = 13`, and a `grid.echo` data
/// source that hands back its input and fails to read "fail".
private struct GridProvider: Provider {
    var schema: ProviderSchema {
        ProviderSchema(
            name: "grid", version: "1",
            resources: [
                "thing": ResourceSchema(properties: [
                    "up": .optional(.string), "n": .optional(.number), "id": .computed(.string),
                ])
            ],
            dataSources: ["echo": ResourceSchema(properties: ["v": .optional(.string), "echo": .computed(.string)])])
    }
    func validate(_ request: ValidateRequest) async throws -> ValidateResponse {
        ValidateResponse(issues: request.properties["n"] == 13 ? [ProviderIssue(property: "n", message: "13 is unlucky")] : [])
    }
    func create(_ request: CreateRequest) async throws -> CreateResponse { throw ProviderError("no") }
    func update(_ request: UpdateRequest) async throws -> UpdateResponse { throw ProviderError("no") }
    func delete(_ request: DeleteRequest) async throws -> DeleteResponse { DeleteResponse() }
    func read(_ request: ReadRequest) async throws -> ReadResponse { ReadResponse(object: request.current) }
    func readData(_ request: ReadDataRequest) async throws -> ReadDataResponse {
        if request.properties["v"] == "fail" { throw ProviderError("cannot read") }
        return ReadDataResponse(attributes: ["echo": request.properties["v"] ?? .null])
    }
}

/// The parallel plan walk must give exactly the plan the sequential one gives.
@Suite(.timeLimit(.minutes(1))) struct ParallelPlanWalkTests {
    /// Chains, a fan-out under one root, locals (one of them on a resource), data sources (one with
    /// count), count and for_each; `broken` adds nodes that fail in the middle of the graph.
    private func stack(chains: Int, length: Int, leaves: Int, broken: Bool) -> String {
        var y = [
            "stack: walk", "variables:", "  keys:", "    type: list", "locals:", "  base: \"b\"",
            "  derived: \"${local.base}-d\"", "  first: \"${c0_0.id}\"", "data:",
            "  info:", "    type: grid.echo", "    properties: { v: \"${local.derived}\" }",
            "  several:", "    type: grid.echo", "    count: 2", "    properties: { v: \"s${count.index}\" }",
        ]
        if broken {
            y += ["  bad:", "    type: grid.echo", "    properties: { v: \"fail\" }"]
        }
        y.append("resources:")
        func thing(_ name: String, _ props: String, extra: [String] = []) {
            y += ["  \(name):", "    type: grid.thing"] + extra.map { "    " + $0 } + ["    properties: { \(props) }"]
        }
        for c in 0..<chains {
            for i in 0..<length {
                let n = broken && c == 3 && i == 0 ? 13 : i
                thing("c\(c)_\(i)", i == 0 ? "n: \(n)" : "up: \"${c\(c)_\(i - 1).id}\", n: \(n)")
            }
        }
        thing("root", "up: \"${local.first}-${data.info.echo}\"")
        for l in 0..<leaves {
            thing("leaf\(l)", "up: \"${root.id}-${data.several[\(l % 2)].echo}\", n: \(l + 100)")
        }
        thing("many", "up: \"${leaf1.id}\", n: \"${count.index}\"", extra: ["count: 3"])
        thing("after_many", "up: \"${many[2].id}\"")
        thing("keyed", "up: \"${each.key}-${local.base}\"", extra: ["for_each: \"${var.keys}\""])
        thing("after_keyed", "up: '${keyed[\"b\"].id}'")
        if broken {
            thing("negative", "n: 1", extra: ["count: \"${-1}\""])
            thing("after_negative", "up: \"${negative[0].id}\"")
            thing("after_after", "up: \"${after_negative.id}\"")
            thing("reads_bad", "up: \"${data.bad.echo}\"")
        }
        return y.joined(separator: "\n") + "\n"
    }

    private let variables: [String: Value] = ["keys": .list(["a", "b", "c"])]

    /// Some instances already exist: chain heads as configured (but recorded without inputs, so
    /// their records are refreshed), every third `leaf` with another `n` (an update).
    private func state(chains: Int, leaves: Int) -> StateSnapshot {
        var records: [ResourceInstanceAddress: ResourceRecord] = [:]
        func add(_ text: String, _ attributes: [String: Value]) {
            let address = try! ResourceInstanceAddress.parse(text)
            records[address] = ResourceRecord(
                address: address, type: "grid.thing", provider: "grid", id: "id-\(text)",
                inputs: [:], attributes: attributes, dependencies: [])
        }
        for c in 0..<chains { add("c\(c)_0", ["n": 0, "id": .string("id-c\(c)_0")]) }
        add("root", ["up": "x", "id": "id-root"])
        for l in stride(from: 0, to: leaves, by: 3) { add("leaf\(l)", ["up": "x", "n": 1000, "id": .string("id-leaf\(l)")]) }
        return StateSnapshot(lineage: "l", serial: 1, resources: records, outputs: [:])
    }

    private func setup(_ yaml: String) throws -> (StackConfig, ConfigGraph, ProviderRegistry) {
        let config = try StackLoader.load(sources: ["stack.yaml": yaml], directory: "/tmp")
        var registry = ProviderRegistry()
        registry.register { GridProvider() }
        return (config, try ConfigGraph.build(config), registry)
    }

    /// A walk on a fresh table, as the planner sets it up.
    private func walk(
        _ config: StackConfig, _ graph: ConfigGraph, _ registry: ProviderRegistry, state: StateSnapshot,
        workers: Int
    ) async -> (PlanWalk.Result, ValueTable) {
        let table = ValueTable(variables: variables, config: config)
        let scope = EvaluationScope(config: config, table: table, environment: [:])
        let walk = PlanWalk(
            config: config, graph: graph, planner: InstancePlanner(config: config, graph: graph, replace: []),
            scope: scope, table: table, providers: ProviderSet(config: config, registry: registry, scope: scope),
            priors: PriorRecords(refreshed: [:], stored: state.resources))
        return (workers == 1 ? await walk.sequential() : await walk.parallel(workers: workers), table)
    }

    private func expectSame(_ a: PlanWalk.Result, _ b: PlanWalk.Result) {
        #expect(a.changes == b.changes)
        #expect(a.refreshed == b.refreshed)
        #expect(a.configured == b.configured)
        #expect(a.data == b.data)
        #expect(a.diagnostics == b.diagnostics)
    }

    @Test func parallelWalkGivesTheSequentialResult() async throws {
        let (config, graph, registry) = try setup(stack(chains: 40, length: 6, leaves: 60, broken: false))
        let state = state(chains: 40, leaves: 60)
        let (expected, expectedTable) = await walk(config, graph, registry, state: state, workers: 1)
        #expect(expected.diagnostics.isEmpty)
        #expect(expected.changes.map(\.action).contains(.update))
        #expect(expected.changes.map(\.action).contains(.create))
        #expect(!expected.refreshed.isEmpty)
        #expect(expected.data.count == 3)
        #expect(expected.configured.contains("keyed[\"c\"]") && expected.configured.contains("many[2]"))
        for workers in [2, 3, 8] {
            for _ in 0..<5 {
                let (got, table) = await walk(config, graph, registry, state: state, workers: workers)
                expectSame(got, expected)
                for name in config.resources.keys.sorted() {
                    #expect(table.resource(name) == expectedTable.resource(name), "\(name)")
                }
                for name in config.dataSources.keys.sorted() {
                    #expect(table.resource("data.\(name)") == expectedTable.resource("data.\(name)"), "data.\(name)")
                }
                for name in config.locals.keys.sorted() { #expect(table.local(name) == expectedTable.local(name), "\(name)") }
            }
        }
    }

    @Test func failingNodesInTheMiddleGiveTheSameDiagnosticsAndTheWalkEnds() async throws {
        let (config, graph, registry) = try setup(stack(chains: 40, length: 6, leaves: 60, broken: true))
        let state = state(chains: 40, leaves: 60)
        let (expected, _) = await walk(config, graph, registry, state: state, workers: 1)
        let messages = expected.diagnostics.map(\.message)
        #expect(messages.contains("property \"n\": 13 is unlucky"))
        #expect(messages.contains { $0.hasPrefix("count must be a whole number") })
        #expect(messages.contains { $0.hasPrefix("undefined reference: negative") })
        #expect(messages.contains { $0.contains("reading data source failed") })
        // The chain goes on past its failed link, as the sequential walk does.
        #expect(expected.configured.contains("c3_5"))
        for workers in [2, 4] {
            for _ in 0..<5 {
                let (got, _) = await walk(config, graph, registry, state: state, workers: workers)
                expectSame(got, expected)
            }
        }
    }

    @Test func plannerGivesTheSamePlanAndErrorsOnOneWorkerAndOnAll() async throws {
        for broken in [false, true] {
            let (config, graph, registry) = try setup(stack(chains: 30, length: 5, leaves: 40, broken: broken))
            func plan(parallelism: Int) async -> Result<Plan, DiagnosticError> {
                var options = PlanOptions(environment: [:])
                options.parallelism = parallelism
                let planner = Planner(
                    config: config, graph: graph, registry: registry, variables: variables, options: options,
                    cairnVersion: "test")
                do {
                    var p = try await planner.plan(state: state(chains: 30, leaves: 40))
                    p.createdAt = Date(timeIntervalSince1970: 0)
                    return .success(p)
                } catch let e as DiagnosticError {
                    return .failure(e)
                } catch {
                    Issue.record("unexpected \(error)")
                    return .failure(DiagnosticError([]))
                }
            }
            let one = await plan(parallelism: 1)
            let all = await plan(parallelism: 10)
            switch (one, all) {
            case (.success(let a), .success(let b)):
                #expect(!broken)
                #expect(a == b)
            case (.failure(let a), .failure(let b)):
                #expect(broken)
                #expect(a.diagnostics == b.diagnostics)
            default:
                Issue.record("one worker and all of them disagree")
            }
        }
    }

    @Test func readyNodesHandsOutEveryNodeOnceAfterItsDependencies() async {
        // A random DAG: each node depends on up to three earlier ones.
        var built = DAG(count: 0)
        var rng = SystemRandomNumberGenerator()
        for n in 0..<2000 {
            built.addNode()
            for _ in 0..<Int.random(in: 0...3, using: &rng) where n > 0 {
                built.addEdge(from: n, dependsOn: Int.random(in: 0..<n, using: &rng))
            }
        }
        let dag = built
        let walked = (0..<2000).filter { $0 % 7 != 3 } // some nodes are left out, as variables are
        let ready = ReadyNodes(nodes: walked, dag: dag, workers: 4)
        let done = DoneLog()
        let walkedSet = Set(walked)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    var finished: [Int] = []
                    while true {
                        let batch = await ready.next(finishing: finished)
                        if batch.isEmpty { return }
                        for n in batch { done.record(n, dependencies: dag.dependencies[n], walked: walkedSet) }
                        finished = batch
                    }
                }
            }
        }
        #expect(done.order.sorted() == walked)
        #expect(done.violations == 0)
    }
}

/// Which nodes ran, and how many ran before a walked dependency of theirs had finished.
private final class DoneLog: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: Set<Int> = []
    private(set) var order: [Int] = []
    private(set) var violations = 0

    func record(_ n: Int, dependencies: [Int], walked: Set<Int>) {
        lock.withLock {
            if dependencies.contains(where: { walked.contains($0) && !seen.contains($0) }) { violations += 1 }
            seen.insert(n)
            order.append(n)
        }
    }
}
