import Foundation
import Testing

/// Colour only ever goes to a terminal, and never with --no-color or NO_COLOR.
@Suite struct ColorTests {
    static let stack = """
        stack: test
        resources:
          note:
            type: local.file
            properties: { path: "${path.stack}/../out/note.txt", content: hello }
        """
    static let broken = """
        stack: test
        resources:
          note:
            type: local.fiel
            properties: { path: x, content: y }
        """

    static var colourEnvironment: [String: String] { Sandbox.colourEnvironment }

    static func assertNoEscape(_ r: CLIResult, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(
            !r.stdout.contains(escapeCharacter), "ESC in stdout of \(what): \(r.stdout.debugDescription.prefix(300))",
            sourceLocation: sourceLocation)
        #expect(
            !r.stderr.contains(escapeCharacter), "ESC in stderr of \(what): \(r.stderr.debugDescription.prefix(300))",
            sourceLocation: sourceLocation)
    }

    @Test func noColorFlagAndEnvironmentGiveNoEscapes() throws {
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.stack)
        // The harness sets NO_COLOR; --no-color on top must not change that.
        let plan = try sb.cairn(["plan", "stack", "--no-color"])
        #expect(plan.status == 0, "\(plan.both)")
        #expect(plan.stdout.contains("+ note (local.file) will be created"))
        Self.assertNoEscape(plan, "plan --no-color")
        let apply = try sb.cairn(["apply", "stack", "--auto-approve", "--no-color"])
        #expect(apply.status == 0, "\(apply.both)")
        Self.assertNoEscape(apply, "apply --no-color")
    }

    @Test func outputToAFileIsNeverColouredEvenWithoutNoColor() throws {
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.stack)
        let env = Self.colourEnvironment
        let plan = try sb.cairnRawEnvironment(["plan", "stack"], environment: env)
        #expect(plan.status == 0, "\(plan.both)")
        #expect(plan.stdout.contains("Plan: 1 to add"), "\(plan.both)")
        Self.assertNoEscape(plan, "plan")
        let apply = try sb.cairnRawEnvironment(["apply", "stack", "--auto-approve"], environment: env)
        #expect(apply.status == 0, "\(apply.both)")
        #expect(apply.stdout.contains("Apply complete!"))
        Self.assertNoEscape(apply, "apply")
        for args in [
            ["plan", "stack"], ["output", "--stack", "stack"], ["show", "--stack", "stack"],
            ["state", "show", "note", "--stack", "stack"], ["state", "history", "--stack", "stack"],
            ["refresh", "stack"], ["providers"], ["validate", "stack"],
        ] {
            let r = try sb.cairnRawEnvironment(args, environment: env)
            #expect(r.status == 0, "\(args): \(r.both)")
            Self.assertNoEscape(r, args.joined(separator: " "))
        }
        try sb.writeFile("out/note.txt", "drifted")
        let drift = try sb.cairnRawEnvironment(["plan", "stack"], environment: env)
        #expect(drift.stdout.contains("Changes made outside Cairn"))
        Self.assertNoEscape(drift, "plan with drift")
        let destroy = try sb.cairnRawEnvironment(["destroy", "stack", "--auto-approve"], environment: env)
        #expect(destroy.status == 0, "\(destroy.both)")
        Self.assertNoEscape(destroy, "destroy")
    }

    @Test func errorsToAFileAreNeverColouredEvenWithoutNoColor() throws {
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.broken)
        let r = try sb.cairnRawEnvironment(["plan", "stack"], environment: Self.colourEnvironment)
        #expect(r.status == 1, "\(r.both)")
        #expect(r.stderr.contains("unknown resource type"), "\(r.stderr)")
        Self.assertNoEscape(r, "a failing plan")
    }

    #if os(Linux)
        @Test func terminalGetsColourUnlessSwitchedOff() throws {
            let sb = try Sandbox()
            try sb.write("stack.yaml", Self.stack)
            let coloured = try sb.onTerminal(["plan", "stack"])
            #expect(coloured.status == 0, "\(coloured)")
            #expect(coloured.terminal.contains("will be created"), "\(coloured.terminal.debugDescription)")
            // Proves the checks below can fail: on a terminal, without NO_COLOR, there is colour.
            #expect(coloured.terminal.contains(escapeCharacter), "no colour on a terminal: \(coloured.terminal.debugDescription)")

            let flag = try sb.onTerminal(["plan", "stack", "--no-color"])
            #expect(flag.terminal.contains("will be created"), "\(flag.terminal.debugDescription)")
            #expect(!flag.terminal.contains(escapeCharacter), "--no-color: \(flag.terminal.debugDescription)")

            let env = try sb.onTerminal(["plan", "stack"], extraEnvironment: ["NO_COLOR": "1"])
            #expect(env.terminal.contains("will be created"), "\(env.terminal.debugDescription)")
            #expect(!env.terminal.contains(escapeCharacter), "NO_COLOR: \(env.terminal.debugDescription)")
        }
    #endif
}
