import CairnPluginHost
import CairnPluginProtocol
import CairnProviderKit
import Foundation
import LocalProvider
import NullProvider
import RandomProvider
import Testing

/// The built-in providers served out of process (`cairn-provider-builtin-test NAME`) through the
/// plugin host answer exactly as they do in process.
@Suite struct ParityTests {
    static func served(_ name: String) async throws -> PluginProvider {
        let plugin = try await PluginExecutable.load(
            path: BuiltExecutables.builtinServer, arguments: [name], expectedName: name,
            options: fastOptions(timeout: 10))
        let provider = plugin.makeProvider()
        try await provider.configure([:])
        return provider
    }

    /// Runs `steps` against a provider and writes down every answer (or error) as text.
    final class Transcript: @unchecked Sendable {
        var lines: [String] = []
        let provider: any Provider
        let scrub: String

        init(_ provider: any Provider, scrub: String) {
            self.provider = provider
            self.scrub = scrub
        }

        func note(_ label: String, _ value: Value) {
            lines.append("\(label): " + value.jsonString().replacingOccurrences(of: scrub, with: "<dir>"))
        }

        func step(_ label: String, _ body: () async throws -> Value) async {
            do {
                note(label, try await body())
            } catch let e as ProviderError {
                lines.append("\(label) failed: \(e.message) | \(e.hint ?? "")".replacingOccurrences(of: scrub, with: "<dir>"))
            } catch {
                lines.append("\(label) threw \(error)")
            }
        }
    }

    @Test(arguments: ["local", "random", "null"])
    func schemasAreEqual(_ name: String) async throws {
        let inProcess: ProviderSchema =
            switch name {
            case "local": LocalProvider().schema
            case "random": RandomProvider().schema
            default: NullProvider().schema
            }
        #expect(try await Self.served(name).schema == inProcess)
    }

    @Test func localFileLifecycleMatches() async throws {
        let scratch = try Scratch()
        let served = try await Self.served("local")
        let a = try await localLifecycle(LocalProvider(), dir: scratch.file("in-process"))
        let b = try await localLifecycle(served, dir: scratch.file("plugin"))
        #expect(a == b)
        #expect(a.count == 14)
        #expect(!a.contains { $0.contains(" threw ") })
    }

    private func localLifecycle(_ p: any Provider, dir: String) async throws -> [String] {
        let t = Transcript(p, scrub: dir)
        let path = "\(dir)/sub/note.txt"
        let props: [String: Value] = ["path": .string(path), "content": "hello\n", "mode": "0600"]
        t.note(
            "validate bad mode",
            PluginCodec.encode(try await p.validate(kind: "file", properties: ["path": "x", "content": "", "mode": "999"])))
        t.note("plan create", PluginCodec.encode(try await p.plan(kind: "file", prior: nil, proposed: props)))
        await t.step("adopt before create") { PluginCodec.encode(try await p.adopt(kind: "file", properties: props)) }
        await t.step("create") { PluginCodec.encode(try await p.create(kind: "file", properties: props)) }
        let object = ResourceObject(id: path, attributes: props.merging(["id": .string(path)]) { a, _ in a })
        await t.step("read") { PluginCodec.encode(try await p.read(kind: "file", current: object)) }
        try? "changed outside".write(toFile: path, atomically: true, encoding: .utf8)
        await t.step("read drifted") { PluginCodec.encode(try await p.read(kind: "file", current: object)) }
        t.note(
            "plan update",
            PluginCodec.encode(try await p.plan(kind: "file", prior: object, proposed: props.merging(["content": "bye"]) { _, b in b })))
        await t.step("update") {
            PluginCodec.encode(try await p.update(kind: "file", prior: object, properties: props.merging(["content": "bye"]) { _, b in b }))
        }
        await t.step("import") { PluginCodec.encode(try await p.importResource(kind: "file", id: path)) }
        await t.step("import missing") { PluginCodec.encode(try await p.importResource(kind: "file", id: "\(dir)/nothing")) }
        await t.step("delete") {
            try await p.delete(kind: "file", current: object)
            return .null
        }
        await t.step("read deleted") { PluginCodec.encode(try await p.read(kind: "file", current: object)) }
        await t.step("create where a directory is") {
            PluginCodec.encode(
                try await p.create(kind: "file", properties: ["path": .string("\(dir)/sub"), "content": "x", "mode": "0644"]))
        }
        await t.step("data source") { .map(try await p.readData(kind: "nothing", properties: [:])) }
        return t.lines
    }

    @Test func randomMatchesExceptForTheRandomValues() async throws {
        let served = try await Self.served("random")
        let a = try await randomSteps(RandomProvider())
        let b = try await randomSteps(served)
        #expect(a == b)
        #expect(a.count == 6)
    }

    private func randomSteps(_ p: any Provider) async throws -> [String] {
        let t = Transcript(p, scrub: "\u{0}")
        t.note("validate", PluginCodec.encode(try await p.validate(kind: "integer", properties: ["min": 5, "max": 1])))
        t.note("plan", PluginCodec.encode(try await p.plan(kind: "password", prior: nil, proposed: ["length": 12, "special": false])))
        await t.step("create shape") {
            let o = try await p.create(kind: "integer", properties: ["min": 3, "max": 3])
            return .map(["result": o.attributes["result"] ?? .null, "keys": .list(o.attributes.keys.sorted().map(Value.string))])
        }
        await t.step("password shape") {
            let o = try await p.create(
                kind: "password", properties: ["length": 12, "special": false, "upper": true, "lower": true, "numeric": true])
            return .number(Double(o.attributes["result"]?.stringValue?.count ?? -1))
        }
        await t.step("import") { PluginCodec.encode(try await p.importResource(kind: "password", id: "x")) }
        await t.step("create invalid") { PluginCodec.encode(try await p.create(kind: "integer", properties: ["min": 9, "max": 1])) }
        return t.lines
    }

    @Test func nullFailuresMatch() async throws {
        let served = try await Self.served("null")
        for p in [NullProvider() as any Provider, served] {
            let t = Transcript(p, scrub: "\u{0}")
            await t.step("fail") { PluginCodec.encode(try await p.create(kind: "resource", properties: ["fail": true, "delay_ms": 0])) }
            #expect(t.lines == ["fail failed: null.resource failed because fail = true | set fail to false to let it succeed"])
        }
    }
}
