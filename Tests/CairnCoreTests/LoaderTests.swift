import CairnProviderKit
import Foundation
import Testing

@testable import CairnCore

@Suite struct LoaderTests {
    func load(_ files: [String: String]) throws -> StackConfig {
        try StackLoader.load(sources: files, directory: "/tmp/stack")
    }

    func diagnostics(_ files: [String: String]) -> [Diagnostic] {
        do {
            _ = try load(files)
            return []
        } catch let e as DiagnosticError {
            return e.diagnostics
        } catch {
            return [.error("\(error)")]
        }
    }

    @Test func readsEverySection() throws {
        let c = try load([
            "stack.yaml": """
            stack: web
            description: two backends
            variables:
              env: { type: string, default: dev, sensitive: true }
              n: { type: number, default: 2 }
            locals:
              prefix: "${var.env}-web"
            providers:
              dns: { server: powerdns }
              bind: { type: dns, server: rfc2136 }
            data:
              zone: { type: dns.zone, properties: { name: example.test. } }
            resources:
              site:
                type: local.file
                count: 2
                provider: local
                properties: { path: /tmp/x, content: y }
                depends_on: [other]
                lifecycle: { create_before_destroy: true, ignore_changes: [content] }
              other: { type: null.resource }
            outputs:
              url: "${site[0].path}"
              token: { value: "${var.env}", sensitive: true }
            """
        ])
        #expect(c.name == "web")
        #expect(c.description == "two backends")
        #expect(c.variables["env"]?.sensitive == true)
        #expect(c.variables["n"]?.defaultValue == .number(2))
        #expect(c.variables["n"]?.type == .number)
        #expect(c.locals["prefix"] != nil)
        #expect(c.providers["bind"]?.providerName == "dns")
        #expect(c.providers["dns"]?.providerName == "dns")
        #expect(c.providers["bind"]?.config.map(\.key) == ["server"])
        #expect(c.dataSources["zone"]?.type == "dns.zone")
        let site = try #require(c.resources["site"])
        #expect(site.providerName == "local")
        #expect(site.kind == "file")
        #expect(site.count?.literalValue == .number(2))
        #expect(site.dependsOn.map(\.name) == ["other"])
        #expect(site.lifecycle.createBeforeDestroy)
        #expect(site.lifecycle.ignoreChanges == ["content"])
        #expect(site.location == SourceLocation(file: "/tmp/stack/stack.yaml", line: 14, column: 3))
        #expect(c.outputs["token"]?.sensitive == true)
        #expect(c.outputs["url"]?.sensitive == false)
    }

    @Test func yamlTypesFollowTheCoreSchema() throws {
        let c = try load([
            "stack.yaml": """
            stack: t
            locals:
              a: 3
              b: "3"
              c: true
              d: yes
              e: ~
              f: 2.5
              g: [1, x]
            """
        ])
        #expect(c.locals["a"]?.value.literalValue == .number(3))
        #expect(c.locals["b"]?.value.literalValue == .string("3"))
        #expect(c.locals["c"]?.value.literalValue == .bool(true))
        #expect(c.locals["d"]?.value.literalValue == .string("yes"))
        #expect(c.locals["e"]?.value.literalValue == .null)
        #expect(c.locals["f"]?.value.literalValue == .number(2.5))
        #expect(c.locals["g"]?.value.literalValue == .list([.number(1), .string("x")]))
    }

    @Test func badYAMLNamesLineAndColumn() {
        let d = diagnostics(["stack.yaml": "stack: t\nresources:\n  a: [1, 2\n"])
        #expect(d.count == 1)
        #expect(d.first?.location?.file == "/tmp/stack/stack.yaml")
        #expect((d.first?.location?.line ?? 0) >= 3)
        #expect(d.first?.message.hasPrefix("invalid YAML") == true)
    }

    @Test func duplicateKeyInOneFile() {
        let d = diagnostics(["stack.yaml": "stack: t\nlocals:\n  a: 1\n  a: 2\n"])
        #expect(d.first?.message.contains("duplicate key \"a\"") == true)
    }

    @Test func nameDefinedTwiceAcrossFilesNamesBothPlaces() {
        let d = diagnostics([
            "stack.yaml": "stack: t\nlocals:\n  a: 1\n",
            "more.yaml": "locals:\n  a: 2\n",
        ])
        #expect(d.count == 1)
        #expect(d.first?.location == SourceLocation(file: "/tmp/stack/more.yaml", line: 2, column: 3))
        #expect(d.first?.message == "local \"a\" is defined twice (first at /tmp/stack/stack.yaml:3:3)")
    }

    @Test func resourceDefinedTwiceAcrossFilesNamesBothPlaces() {
        let d = diagnostics([
            "stack.yaml": "stack: t\nresources:\n  web: { type: null.resource }\ndata:\n  web: { type: null.resource }\n",
            "more.yaml": "resources:\n  db: { type: null.resource }\n  web: { type: null.resource }\n",
        ])
        // A data source may share a resource's name; a second resource may not.
        #expect(d.count == 1)
        #expect(d.first?.location == SourceLocation(file: "/tmp/stack/more.yaml", line: 3, column: 3))
        #expect(d.first?.message == "resource \"web\" is defined twice (first at /tmp/stack/stack.yaml:3:3)")
    }

    @Test func unknownSectionAndFieldGetHints() {
        let d = diagnostics([
            "stack.yaml": """
            stack: t
            resorces: {}
            resources:
              a: { type: local.file, propertes: {} }
            """
        ])
        #expect(d.count == 2)
        #expect(d.contains { $0.message == "unknown section \"resorces\"" && $0.hint == "did you mean \"resources\"?" })
        #expect(
            d.contains {
                $0.message.contains("unknown field \"propertes\"") && $0.hint == "did you mean \"properties\"?"
                    && $0.location == SourceLocation(file: "/tmp/stack/stack.yaml", line: 4, column: 26)
            })
    }

    /// Data sources take no lifecycle; a block must be a map; the full message names the block.
    @Test func blockFieldsAreCheckedPerKindOfBlock() {
        let d = diagnostics([
            "stack.yaml": """
            stack: t
            data:
              z: { type: local.file, lifecycle: {} }
            resources:
              a: { type: local.file, lifecycle: { prevent_destroy: true }, count: 2 }
              b: just-text
            """
        ])
        #expect(d.map(\.message).sorted() == ["resource \"b\" must be a map", "unknown field \"lifecycle\" in data source \"z\""])
        #expect(
            d.first { $0.message.hasPrefix("unknown field") }?.hint
                == "fields are: count, depends_on, for_each, properties, provider, type")
    }

    @Test func missingTypeAndBadTypeShape() {
        let d = diagnostics([
            "stack.yaml": """
            stack: t
            resources:
              a: { properties: {} }
              b: { type: file }
            """
        ])
        #expect(d.contains { $0.message == "resource \"a\" has no type" })
        #expect(d.contains { $0.message == "type \"file\" must be PROVIDER.KIND" })
    }

    @Test func movedEntriesAreRead() throws {
        let c = try load(["stack.yaml": "stack: t\nmoved:\n  - { from: a, to: b }\n"])
        #expect(c.moved.map(\.from) == ["a"])
        #expect(c.moved.map(\.to) == ["b"])
        #expect(c.moved.first?.location == SourceLocation(file: "/tmp/stack/stack.yaml", line: 3, column: 5))
    }

    @Test func missingStackName() {
        let d = diagnostics(["stack.yaml": "resources: {}\n"])
        #expect(d.first?.message == "the stack has no name")
    }

    @Test func reservedNamesAreRejected() {
        let d = diagnostics(["stack.yaml": "stack: t\nresources:\n  var: { type: null.resource }\n"])
        #expect(d.first?.message.contains("reserved word") == true)
    }

    @Test func variableInputsPrecedenceAndTypes() throws {
        let c = try load([
            "stack.yaml": """
            stack: t
            variables:
              s: { type: string, default: a }
              n: { type: number }
              l: { type: list, default: [] }
              m: { type: map }
              secret: { type: string, sensitive: true, default: x }
            """
        ])
        let inputs = VariableInputs(
            assignments: ["n=5", "l=[1, \"b\"]", "s=from-flag"],
            environment: ["CAIRN_VAR_s": "from-env", "CAIRN_VAR_m": "{\"k\": 1}"])
        let v = try inputs.resolve(for: c)
        #expect(v["s"] == .string("from-flag"))
        #expect(v["n"] == .number(5))
        #expect(v["l"] == .list([.number(1), .string("b")]))
        #expect(v["m"] == .map(["k": .number(1)]))
        #expect(v["secret"] == .sensitive(.string("x")))
    }

    @Test func variableErrors() throws {
        let c = try load([
            "stack.yaml": """
            stack: t
            variables:
              n: { type: number }
              b: { type: bool, default: 1 }
            """
        ])
        do {
            _ = try VariableInputs(assignments: ["nn=1"], environment: [:]).resolve(for: c)
            Issue.record("expected errors")
        } catch let e as DiagnosticError {
            let messages = e.diagnostics.map(\.message)
            #expect(messages.contains("--var sets \"nn\", which the stack does not declare"))
            #expect(messages.contains("variable \"n\" has no value"))
            #expect(messages.contains("the default of variable \"b\" must be a bool, not a number"))
            #expect(e.diagnostics.first { $0.message.contains("nn") }?.hint == "did you mean \"n\"?")
        }
    }
}
