import CairnProcess
import CairnProviderKit
import Foundation
import Testing

/// `cairn graph` and `cairn providers`.
@Suite struct GraphProvidersTests {
    static let stack = """
        stack: test
        resources:
          base:
            type: local.file
            properties: { path: "${path.stack}/../out/base.txt", content: base }
          app:
            type: local.file
            properties: { path: "${path.stack}/../out/app.txt", content: "${base.sha256}" }
          lonely:
            type: random.id
            properties: { byte_length: 4 }
        """

    /// The DOT node id whose label starts with `name\n`.
    static func nodeID(_ dot: String, _ name: String) -> String? {
        for line in dot.split(separator: "\n") {
            let t = line.trimmingCharacters(in: .whitespaces)
            guard t.contains("label = \"\(name)\\n") else { continue }
            return t.split(separator: " ").first.map(String.init)
        }
        return nil
    }

    static func hasEdge(_ dot: String, _ a: String, _ b: String) -> Bool {
        let lines = Set(dot.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
        return lines.contains("\(a) -> \(b);") || lines.contains("\(b) -> \(a);")
            || lines.contains("\(a) -> \(b)") || lines.contains("\(b) -> \(a)")
    }

    @Test func graphPrintsDOTWithTheDependencyEdge() throws {
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.stack)
        let g = try sb.cairn(["graph", "stack"])
        #expect(g.status == 0, "\(g.both)")
        #expect(g.stdout.hasPrefix("digraph"), "\(g.stdout)")
        #expect(g.stdout.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("}"))
        let base = try #require(Self.nodeID(g.stdout, "base"), "\(g.stdout)")
        let app = try #require(Self.nodeID(g.stdout, "app"), "\(g.stdout)")
        let lonely = try #require(Self.nodeID(g.stdout, "lonely"), "\(g.stdout)")
        #expect(Self.hasEdge(g.stdout, app, base), "app depends on base:\n\(g.stdout)")
        #expect(!Self.hasEdge(g.stdout, lonely, base))
        #expect(!Self.hasEdge(g.stdout, lonely, app))
        // graph reads no state.
        #expect(!sb.exists("state/test.sqlite"))
    }

    @Test func graphDOTIsAcceptedByGraphviz() throws {
        let dot = "/usr/bin/dot"
        try #require(FileManager.default.isExecutableFile(atPath: dot), "Graphviz is missing: run scripts/install-deps --test")
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.stack)
        let g = try sb.cairn(["graph", "stack"])
        try g.stdout.write(toFile: sb.absolute("graph.dot"), atomically: true, encoding: .utf8)
        let r = try Subprocess.run(dot, ["-Tcanon", "-o", sb.absolute("graph.canon"), sb.absolute("graph.dot")], timeout: 60)
        #expect(r.status == 0, "dot rejected:\n\(g.stdout)")
    }

    @Test func graphSVG() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/dot"), "Graphviz is missing: run scripts/install-deps --test")
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.stack)
        let svg = try sb.cairn(["graph", "stack", "--format", "svg"])
        #expect(svg.status == 0, "\(svg.both)")
        #expect(svg.stdout.contains("<svg"), "\(svg.stdout.prefix(500))")
        #expect(svg.stdout.contains(">app</text>"), "the resources are drawn")
        #expect(svg.stdout.contains(">base</text>"))
        #expect(svg.stdout.contains("class=\"edge\""), "the dependency is drawn")
        #expect(!svg.stdout.contains("digraph"), "svg, not DOT source")
    }

    @Test func graphOfABrokenStackFails() throws {
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.stack.replacingOccurrences(of: "${base.sha256}", with: "${nothing.sha256}"))
        let g = try sb.cairn(["graph", "stack"])
        #expect(g.status == 1, "\(g.both)")
        #expect(g.stderr.contains("undefined reference: nothing"), "\(g.stderr)")
    }

    @Test func providersListsEveryProviderAndLocalFileProperties() throws {
        let sb = try Sandbox()
        let r = try sb.cairn(["providers"])
        #expect(r.status == 0, "\(r.both)")
        for p in ["local", "random", "null"] {
            #expect(r.lines.contains { $0.hasPrefix("\(p) ") }, "\(p) is listed: \(r.stdout)")
        }
        #expect(r.stdout.contains("resource local.file"), "\(r.stdout)")
        #expect(r.stdout.contains("resource random.password"), "\(r.stdout)")
        #expect(r.stdout.contains("resource null.resource"), "\(r.stdout)")

        let one = try sb.cairn(["providers", "local.file"])
        #expect(one.status == 0, "\(one.both)")
        #expect(one.stdout.contains("resource local.file"), "\(one.stdout)")
        #expect(!one.stdout.contains("resource local.directory"), "only the asked type: \(one.stdout)")
        let props = Dictionary(
            uniqueKeysWithValues: one.lines.compactMap { line -> (String, String)? in
                let t = line.trimmingCharacters(in: .whitespaces)
                guard let name = t.split(separator: " ").first, ["path", "content", "mode", "id", "sha256", "size"].contains(String(name))
                else { return nil }
                return (String(name), t)
            })
        #expect(props["path"]?.contains("required") == true, "\(one.stdout)")
        #expect(props["path"]?.contains("forces replacement") == true, "\(one.stdout)")
        #expect(props["content"]?.contains("required") == true, "\(one.stdout)")
        #expect(props["mode"]?.contains("optional") == true, "\(one.stdout)")
        #expect(props["mode"]?.contains("0644") == true, "the default is shown: \(one.stdout)")
        #expect(props["sha256"]?.contains("computed") == true, "\(one.stdout)")
    }

    @Test func providersJSONIsValid() throws {
        let sb = try Sandbox()
        let r = try sb.cairn(["providers", "local.file", "--json"])
        #expect(r.status == 0, "\(r.both)")
        let doc = try #require(r.json, "not JSON:\n\(r.stdout)")
        // One provider, either as the document or as the only element of a list.
        let provider = try #require((doc as? [[String: Any]])?.first ?? (doc as? [String: Any]), "\(r.stdout)")
        #expect(provider["name"] as? String == "local")
        let resources = try #require(provider["resources"] as? [String: Any])
        #expect(Array(resources.keys) == ["file"], "\(resources.keys)")
        let file = try #require(resources["file"] as? [String: Any])
        let path = try #require(file["path"] as? [String: Any])
        #expect(path["required"] as? Bool == true)
        #expect(path["force_new"] as? Bool == true)
        #expect(path["type"] as? String == "string")
        let sha = try #require(file["sha256"] as? [String: Any])
        #expect(sha["computed"] as? Bool == true)
        #expect(sha["required"] as? Bool == false)
        let mode = try #require(file["mode"] as? [String: Any])
        #expect(mode["default"] as? String == "0644")

        let all = try sb.cairn(["providers", "--json"])
        #expect(all.status == 0, "\(all.both)")
        let list = try #require(all.json as? [[String: Any]], "\(all.stdout.prefix(300))")
        #expect(Set(list.compactMap { $0["name"] as? String }).isSuperset(of: ["local", "random", "null"]))
    }

    @Test func unknownProviderOrTypeExitsOneWithAHint() throws {
        let sb = try Sandbox()
        let nope = try sb.cairn(["providers", "nope"])
        #expect(nope.status == 1, "\(nope.both)")
        #expect(nope.stderr.contains("nope"), "\(nope.stderr)")
        #expect(nope.stderr.contains("hint:"), "\(nope.stderr)")
        #expect(nope.stderr.contains("local"), "the hint names the providers there are: \(nope.stderr)")
        #expect(nope.stdout.isEmpty)

        let typo = try sb.cairn(["providers", "locl"])
        #expect(typo.status == 1, "\(typo.both)")
        #expect(typo.stderr.contains("did you mean \"local\"?"), "\(typo.stderr)")

        let kind = try sb.cairn(["providers", "local.fil"])
        #expect(kind.status == 1, "\(kind.both)")
        #expect(kind.stderr.contains("local.file"), "the hint names the types there are: \(kind.stderr)")
    }
}
