import CairnProviderKit
import Foundation
import Testing

@testable import RandomProvider

@Suite("random")
struct RandomProviderTests {
    let provider = RandomProvider()

    func password(_ properties: [String: Value]) async throws -> String {
        let defaults: [String: Value] = ["length": 16, "upper": true, "lower": true, "numeric": true, "special": true]
        let object = try await provider.create(kind: "password", properties: defaults.merging(properties) { $1 })
        return try #require(object.attributes["result"]?.stringValue)
    }

    @Test func passwordHasRequestedLengthAndEveryClass() async throws {
        for length in [4, 16, 64, 4096] {
            let result = try await password(["length": .number(Double(length))])
            #expect(result.count == length)
            #expect(result.contains { $0.isUppercase })
            #expect(result.contains { $0.isLowercase })
            #expect(result.contains { $0.isNumber })
            #expect(result.contains { RandomPassword.special.contains($0) })
        }
    }

    @Test func passwordWithoutSpecialCharacters() async throws {
        for _ in 0..<50 {
            let result = try await password(["length": 40, "special": false])
            #expect(result.count == 40)
            #expect(result.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
        }
    }

    @Test func passwordFromASingleClass() async throws {
        let digits = try await password(["length": 30, "upper": false, "lower": false, "special": false])
        #expect(digits.count == 30)
        #expect(digits.allSatisfy { "0123456789".contains($0) })
    }

    @Test func passwordsDiffer() async throws {
        let first = try await password([:])
        let second = try await password([:])
        #expect(first != second)
    }

    @Test func passwordSchemaAndValidation() async throws {
        let schema = try #require(provider.schema.resources["password"])
        #expect(schema.properties["result"]?.sensitive == true)
        #expect(schema.properties["result"]?.computed == true)
        #expect(schema.properties["length"]?.defaultValue == 16)
        for name in ["length", "special", "upper", "lower", "numeric", "keepers"] {
            #expect(schema.properties[name]?.forceNew == true, "\(name) should force replacement")
        }
        #expect(try await provider.validate(kind: "password", properties: ["length": 0]).map(\.property) == ["length"])
        #expect(try await provider.validate(kind: "password", properties: ["length": 4097]).map(\.property) == ["length"])
        #expect(try await provider.validate(kind: "password", properties: ["length": 2.5]).map(\.property) == ["length"])
        #expect(try await provider.validate(kind: "password", properties: ["length": 4096]).isEmpty)
        #expect(try await provider.validate(kind: "password", properties: ["length": .unknown]).isEmpty)
        let none = try await provider.validate(
            kind: "password", properties: ["upper": false, "lower": false, "numeric": false, "special": false])
        #expect(none.count == 1)
        #expect(none.first?.message.contains("character class") == true)
    }

    @Test func readAndUpdateKeepTheGeneratedValue() async throws {
        let properties: [String: Value] = ["length": 20, "upper": true, "lower": true, "numeric": true, "special": true]
        let created = try await provider.create(kind: "password", properties: properties)
        #expect(created.attributes["keepers"] == .null)
        #expect(Set(created.attributes.keys) == Set(provider.schema.resources["password"]!.properties.keys))
        #expect(try await provider.read(kind: "password", current: created) == created)
        let updated = try await provider.update(kind: "password", prior: created, properties: properties)
        #expect(updated == created)
    }

    @Test func idHexHasTwiceTheByteLength() async throws {
        for bytes in [1, 4, 8, 32] {
            let object = try await provider.create(kind: "id", properties: ["byte_length": .number(Double(bytes))])
            let hex = try #require(object.attributes["hex"]?.stringValue)
            #expect(hex.count == 2 * bytes)
            #expect(hex.allSatisfy { "0123456789abcdef".contains($0) })
            #expect(object.attributes["id"] == .string(hex))
            #expect(object.id == hex)
        }
        #expect(try await provider.validate(kind: "id", properties: ["byte_length": 0]).map(\.property) == ["byte_length"])
        #expect(try await provider.validate(kind: "id", properties: ["byte_length": 8]).isEmpty)
    }

    @Test func integerStaysWithinBoundsAndCoversThem() async throws {
        var seen = Set<Int>()
        for _ in 0..<400 {
            let object = try await provider.create(kind: "integer", properties: ["min": -3, "max": 3, "keepers": ["a": "1"]])
            let result = try #require(object.attributes["result"]?.intValue)
            #expect((-3...3).contains(result))
            #expect(object.id == String(result))
            #expect(object.attributes["keepers"] == ["a": "1"])
            seen.insert(result)
        }
        #expect(seen == Set(-3...3))
        let single = try await provider.create(kind: "integer", properties: ["min": 7, "max": 7])
        #expect(single.attributes["result"] == 7)
    }

    @Test func integerMinAboveMaxIsInvalid() async throws {
        let issues = try await provider.validate(kind: "integer", properties: ["min": 10, "max": 1])
        #expect(issues.count == 1)
        #expect(issues.first?.property == "min")
        #expect(issues.first?.message == "min (10) is greater than max (1)")
        #expect(try await provider.validate(kind: "integer", properties: ["min": 1, "max": .unknown]).isEmpty)
        await #expect(throws: ProviderError.self) {
            _ = try await provider.create(kind: "integer", properties: ["min": 10, "max": 1])
        }
    }

    @Test func uniformDrawIsUnbiasedOverSmallRange() throws {
        // 3 does not divide 2^64, which is where a modulo shortcut would show bias (tiny here,
        // so this only checks the distribution is sane).
        var counts = [0, 0, 0]
        for _ in 0..<3000 { counts[Int(try SecureRandom.uniform(below: 3))] += 1 }
        #expect(counts.allSatisfy { (850...1150).contains($0) })
        let wide = -9_000_000_000_000_000...9_000_000_000_000_000
        for _ in 0..<100 { #expect(wide.contains(try SecureRandom.integer(in: wide))) }
        #expect(try SecureRandom.integer(in: 5...5) == 5)
    }

    @Test func everyTypeHasForceNewKeepersAndImportIsRefused() async throws {
        for kind in ["password", "id", "integer"] {
            #expect(provider.schema.resources[kind]?.properties["keepers"]?.forceNew == true)
            let error = await #expect(throws: ProviderError.self) {
                _ = try await provider.importResource(kind: kind, id: "x")
            }
            #expect(error?.message.contains("random.\(kind) cannot be imported") == true)
        }
    }
}
