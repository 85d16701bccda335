import CairnAddresses
import CairnProviderKit
import CairnState
import Testing

@testable import CairnCore

/// A provider whose objects drift by id: `same*` read back as recorded, `moved*` read back with
/// another attribute, `gone*` are gone, `broken*` fail to read.
private struct DriftingProvider: Provider {
    var schema: ProviderSchema {
        ProviderSchema(
            name: "drifting", version: "1",
            resources: [
                "thing": ResourceSchema(properties: [
                    "size": .optional(.number), "secret": .optional(.string, sensitive: true), "id": .computed(.string),
                ])
            ])
    }
    func create(_ request: CreateRequest) async throws -> CreateResponse { throw ProviderError("no") }
    func update(_ request: UpdateRequest) async throws -> UpdateResponse { throw ProviderError("no") }
    func delete(_ request: DeleteRequest) async throws -> DeleteResponse { DeleteResponse() }
    func read(_ request: ReadRequest) async throws -> ReadResponse {
        let current = request.current
        if current.id.hasPrefix("gone") { return ReadResponse(object: nil) }
        if current.id.hasPrefix("broken") { throw ProviderError("cannot read") }
        if current.id.hasPrefix("moved") {
            var attrs = current.attributes
            attrs["size"] = 99
            return ReadResponse(object: ResourceObject(id: current.id, attributes: attrs))
        }
        return ReadResponse(object: current)
    }
}

@Suite struct RefresherTests {
    private func refresher(parallelism: Int) throws -> Refresher {
        let config = try StackLoader.load(sources: ["stack.yaml": "stack: t\n"], directory: "/tmp")
        var registry = ProviderRegistry()
        registry.register { DriftingProvider() }
        let scope = EvaluationScope(config: config, table: ValueTable(variables: [:]), environment: [:])
        return Refresher(
            providers: ProviderSet(config: config, registry: registry, scope: scope), registry: registry,
            parallelism: parallelism)
    }

    private func record(_ id: String) -> ResourceRecord {
        ResourceRecord(
            address: "r_\(id)", type: "drifting.thing", provider: "drifting", id: id, inputs: ["size": 1],
            attributes: ["size": 1, "secret": .sensitive("s"), "id": .string(id)], dependencies: [])
    }

    @Test func handsBackOnlyWhatTheReadChanged() async throws {
        let ids = (0..<200).map { i in ["same", "moved", "gone"][i % 3] + "\(i)" }
        for parallelism in [1, 3, 10] {
            let result = try await refresher(parallelism: parallelism).refresh(ids.map(record))
            #expect(result.records.count == ids.count { !$0.hasPrefix("same") })
            for id in ids {
                let found = result.records["r_\(id)"]
                if id.hasPrefix("same") { #expect(found == nil) }
                if id.hasPrefix("gone") { #expect(found != nil && found! == nil) }
                if id.hasPrefix("moved") {
                    #expect(found??.attributes["size"] == 99)
                    #expect(found??.attributes["secret"] == .sensitive("s")) // marks survive the read
                }
            }
            #expect(result.drift.map(\.address.description) == ids.filter { !$0.hasPrefix("same") }.map { "r_\($0)" }.sorted())
            #expect(result.drift.first { $0.address == "r_moved1" }?.changed == ["size"])
        }
    }

    @Test func reportsEveryFailedRead() async throws {
        let ids = ["same0", "broken1", "broken2", "same3"]
        await #expect(throws: DiagnosticError.self) { try await refresher(parallelism: 2).refresh(ids.map(record)) }
        do {
            _ = try await refresher(parallelism: 2).refresh(ids.map(record))
        } catch let e as DiagnosticError {
            #expect(Set(e.diagnostics.compactMap(\.address)) == ["r_broken1", "r_broken2"])
        }
    }
}
