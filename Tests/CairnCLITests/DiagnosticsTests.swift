import Foundation
import Testing

/// Bad stacks fail with file:line:col, exit 1, and leave the state as it was.
@Suite struct DiagnosticsTests {
    static let good = """
        stack: test
        resources:
          a:
            type: local.file
            properties: { path: "${path.stack}/../out/a.txt", content: "a" }
        """

    /// Applies a good stack, swaps in `bad`, runs plan and returns its result; checks state bytes held.
    func planBroken(_ bad: String, file: String = "stack.yaml") throws -> CLIResult {
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.good)
        #expect(try sb.cairn(["apply", "stack", "--auto-approve"]).status == 0)
        let before = sb.stateBytes()
        try sb.write(file, bad)
        let r = try sb.cairn(["plan", "stack"])
        #expect(r.status == 1)
        #expect(sb.stateBytes() == before, "state changed")
        let apply = try sb.cairn(["apply", "stack", "--auto-approve"])
        #expect(apply.status == 1)
        #expect(sb.stateBytes() == before, "state changed")
        return r
    }

    @Test func malformedYAML() throws {
        let r = try planBroken("stack: test\nresources:\n  a:\n    type: local.file\n   properties: [\n")
        #expect(r.stderr.contains("stack/stack.yaml:5:"), "\(r.stderr)")
        #expect(r.stderr.contains("invalid YAML"))
    }

    @Test func unknownReference() throws {
        let r = try planBroken(
            """
            stack: test
            resources:
              a:
                type: local.file
                properties:
                  path: "${path.stack}/../out/a.txt"
                  content: "${missing.id}"
            """)
        #expect(r.stderr.contains("stack/stack.yaml:7:"), "\(r.stderr)")
        #expect(r.stderr.contains("undefined reference: missing"))
    }

    @Test func unknownType() throws {
        let r = try planBroken(
            """
            stack: test
            resources:
              a:
                type: local.fiel
                properties: { path: x, content: y }
            """)
        #expect(r.stderr.contains("stack/stack.yaml:4:11"), "\(r.stderr)")
        #expect(r.stderr.contains("unknown resource type \"local.fiel\""))
        #expect(r.stderr.contains("did you mean \"local.file\"?"))
    }

    @Test func dependencyCycleListsMembers() throws {
        let r = try planBroken(
            """
            stack: test
            resources:
              a:
                type: local.file
                properties: { path: "${b.path}.a", content: x }
              b:
                type: local.file
                properties: { path: "${c.path}.b", content: x }
              c:
                type: local.file
                properties: { path: "${a.path}.c", content: x }
            """)
        #expect(r.stderr.contains("stack/stack.yaml:3:3"), "\(r.stderr)")
        #expect(r.stderr.contains("dependency cycle: a → b → c → a"))
    }

    @Test func severalErrorsReportedTogether() throws {
        let r = try planBroken(
            """
            stack: test
            resources:
              a:
                type: local.file
                properties: { path: x, content: y, colour: red }
              b:
                type: local.file
                properties: { content: y }
            """)
        #expect(r.stderr.contains("unknown property \"colour\""))
        #expect(r.stderr.contains("missing required property \"path\""))
        #expect(r.stderr.contains("2 errors"))
    }

    @Test func nameDefinedTwiceAcrossFiles() throws {
        let r = try planBroken(
            """
            resources:
              a:
                type: local.file
                properties: { path: z, content: z }
            """, file: "more.yaml")
        #expect(r.stderr.contains("stack/more.yaml:2:3"), "\(r.stderr)")
        #expect(r.stderr.contains("defined twice (first at stack/stack.yaml:3:3)"))
    }

    @Test func validateNeedsNoState() throws {
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.good)
        let r = try sb.cairn(["validate", "stack"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("The stack is valid."))
        #expect(!sb.exists("state/test.sqlite"))
    }

    @Test func validateRunsTheProvidersOwnChecks() throws {
        let sb = try Sandbox()
        try sb.write(
            "stack.yaml",
            """
            stack: test
            resources:
              f:
                type: local.file
                properties: { path: x, content: y, mode: "999" }
              r:
                type: random.integer
                properties: { min: 9, max: 1 }
            """)
        let r = try sb.cairn(["validate", "stack"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("stack/stack.yaml:5:46: error: f: property \"mode\""), "\(r.stderr)")
        #expect(r.stderr.contains("stack/stack.yaml:8:24: error: r: property \"min\": min (9) is greater than max (1)"))
    }

    @Test func usageErrorsExitOne() throws {
        let sb = try Sandbox()
        let r = try sb.cairn(["output", "--raw"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("--raw needs an output name"))
    }

    @Test func validateChecksALiteralCount() throws {
        let sb = try Sandbox()
        try sb.write("stack.yaml", "stack: test\nresources:\n  r:\n    type: null.resource\n    count: 2000000\n")
        let r = try sb.cairn(["validate", "stack"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("stack/stack.yaml:5:12: error: r: count must be a whole number from 0 to 1000000"), "\(r.stderr)")
    }
}
