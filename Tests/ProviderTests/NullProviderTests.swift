import CairnProviderKit
import Foundation
import Testing

@testable import NullProvider

@Suite("null.resource")
struct NullProviderTests {
    let provider = NullProvider()

    @Test func createHonoursDelayAndReturnsAllAttributes() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let object = try await provider.create(kind: "resource", properties: ["delay_ms": 120, "fail": false])
        #expect(clock.now - start >= .milliseconds(120))
        #expect(object.id.count == 16)
        #expect(object.attributes == ["delay_ms": 120, "fail": false, "triggers": .null, "id": .string(object.id)])
        #expect(try await provider.read(kind: "resource", current: object) == object)
    }

    @Test func updateKeepsIDAndHonoursDelay() async throws {
        let created = try await provider.create(kind: "resource", properties: ["delay_ms": 0, "fail": false, "triggers": ["v": "1"]])
        let clock = ContinuousClock()
        let start = clock.now
        let updated = try await provider.update(
            kind: "resource", prior: created, properties: ["delay_ms": 80, "fail": false, "triggers": ["v": "1"]])
        #expect(clock.now - start >= .milliseconds(80))
        #expect(updated.id == created.id)
        #expect(updated.attributes["delay_ms"] == 80)
        #expect(updated.attributes["triggers"] == ["v": "1"])
    }

    @Test func failThrowsAfterTheDelay() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let error = await #expect(throws: ProviderError.self) {
            _ = try await provider.create(kind: "resource", properties: ["delay_ms": 50, "fail": true])
        }
        #expect(clock.now - start >= .milliseconds(50))
        #expect(error?.message == "null.resource failed because fail = true")

        let object = ResourceObject(id: "abc", attributes: ["delay_ms": 0, "fail": true, "triggers": .null, "id": "abc"])
        await #expect(throws: ProviderError.self) { try await provider.delete(kind: "resource", current: object) }
        await #expect(throws: ProviderError.self) {
            _ = try await provider.update(kind: "resource", prior: object, properties: ["delay_ms": 0, "fail": true])
        }
    }

    @Test func idsAreRandom() async throws {
        let a = try await provider.create(kind: "resource", properties: [:])
        let b = try await provider.create(kind: "resource", properties: [:])
        #expect(a.id != b.id)
        #expect(a.attributes["id"] == .string(a.id))
    }

    @Test func schemaAndValidation() async throws {
        let schema = try #require(provider.schema.resources["resource"])
        #expect(schema.properties["triggers"]?.forceNew == true)
        #expect(schema.properties["triggers"]?.type == .map(.string))
        #expect(schema.properties["delay_ms"]?.forceNew == false)
        #expect(schema.properties["fail"]?.defaultValue == false)
        #expect(schema.properties["id"]?.computed == true)
        let issues = try await provider.validate(kind: "resource", properties: ["delay_ms": -5])
        #expect(issues.map(\.property) == ["delay_ms"])
        #expect(issues.first?.message.hasSuffix("got -5") == true)
        #expect(try await provider.validate(kind: "resource", properties: ["delay_ms": 10]).isEmpty)
        #expect(try await provider.validate(kind: "thing", properties: [:]).count == 1)
    }

    @Test func importIsRefused() async throws {
        await #expect(throws: ProviderError.self) { _ = try await provider.importResource(kind: "resource", id: "x") }
    }

    @Test func registersUnderItsName() {
        var registry = ProviderRegistry()
        NullProvider.register(into: &registry)
        #expect(registry.names == ["null"])
        #expect(registry.make("null")?.schema.name == "null")
    }
}
