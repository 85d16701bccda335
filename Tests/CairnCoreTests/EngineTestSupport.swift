import CairnProviderKit
import CairnState
import Foundation

@testable import CairnCore

/// A stack of `script.thing` resources, planned and applied the way the CLI wires the Planner and
/// the Applier (Sources/cairn/Operations.swift), against any state store.
struct ScriptedStack {
    let config: StackConfig
    let graph: ConfigGraph
    let registry: ProviderRegistry

    /// One `script.thing` per entry, named after it; `up` names the thing it depends on.
    init(_ things: [Thing], provider: ScriptedProvider) throws {
        var yaml = ["stack: engine", "resources:"]
        for t in things {
            var properties = ["name: \"\(t.name)\""]
            if let up = t.up { properties.append("up: \"${\(up).id}\"") }
            if let size = t.size { properties.append("size: \(size)") }
            yaml += ["  \(t.name):", "    type: script.thing", "    properties: { \(properties.joined(separator: ", ")) }"]
        }
        config = try StackLoader.load(sources: ["stack.yaml": yaml.joined(separator: "\n") + "\n"], directory: "/tmp")
        graph = try ConfigGraph.build(config)
        var registry = ProviderRegistry()
        registry.register { provider }
        self.registry = registry
    }

    struct Thing {
        var name: String
        var up: String?
        var size: Int?
        init(_ name: String, up: String? = nil, size: Int? = nil) {
            self.name = name
            self.up = up
            self.size = size
        }
    }

    func plan(_ state: any StateReader) async throws -> Plan {
        let planner = Planner(
            config: config, graph: graph, registry: registry, variables: [:],
            options: PlanOptions(environment: [:]), cairnVersion: "test")
        return try await planner.plan(from: state)
    }

    func apply(_ plan: Plan, to store: any StateReaderWriter, parallelism: Int = 10) async throws -> ApplyResult {
        var applier = Applier(config: config, graph: graph, registry: registry, store: store, plan: plan, environment: [:])
        applier.parallelism = parallelism
        return try await applier.apply(command: "apply", user: "test")
    }

    /// Plans and applies; the apply's result.
    @discardableResult
    func converge(_ store: any StateReaderWriter, parallelism: Int = 10) async throws -> ApplyResult {
        try await apply(try await plan(store), to: store, parallelism: parallelism)
    }
}

/// Addresses as text, whatever type the engine gives them.
func addressTexts<S: Sequence>(_ addresses: S) -> Set<String> {
    Set(addresses.map { "\($0)" })
}

/// A store that stops accepting writes after a number of them, as if the process had been killed
/// there; `committed` holds what was written until then.
final class KilledStore: StateReader, StateWriter {
    let committed: InMemoryStateStore
    private let writesLeft: Locked<Int>

    init(_ committed: InMemoryStateStore, allowedWrites: Int) {
        self.committed = committed
        writesLeft = Locked(allowedWrites)
    }

    var wasKilled: Bool { writesLeft.withLock { $0 < 0 } }

    private func take() throws {
        let left = writesLeft.withLock { n -> Int in
            n -= 1
            return n
        }
        if left < 0 { throw StateError("the process was killed") }
    }

    func snapshot() throws -> StateSnapshot { try committed.snapshot() }

    func beginVersion(command: String, user: String) throws -> Int {
        try take()
        return try committed.beginVersion(command: command, user: user)
    }

    func write(_ batch: [StateWrite]) throws {
        try take()
        try committed.write(batch)
    }

    func setOutputs(_ outputs: [String: Value]) throws {
        try take()
        try committed.setOutputs(outputs)
    }

    func finishVersion(serial: Int, summary: ChangeSummary, status: String, outputs: [String: Value]?) throws {
        try take()
        try committed.finishVersion(serial: serial, summary: summary, status: status, outputs: outputs)
    }
}
