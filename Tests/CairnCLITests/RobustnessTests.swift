import Foundation
import Testing

/// Hostile stack files end in exit code 1 (not a signal, not a hang) with a message on stderr.
@Suite struct RobustnessTests {
    /// Writes `bytes` as stack.yaml, runs `commands` (by default `plan` and `validate`) and checks
    /// each fails cleanly. Returns plan's stderr.
    @discardableResult
    func rejects(
        _ bytes: Data, mentioning: [String] = [], commands: [String] = ["plan", "validate"],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String {
        let sb = try Sandbox()
        try sb.writeData("stack.yaml", bytes)
        var planErr = ""
        for command in commands {
            let g = try sb.cairnGuarded([command, "stack"])
            let hung = g.hung
            let exited = g.exited
            let status = g.result.status
            #expect(!hung, "\(command) hung", sourceLocation: sourceLocation)
            #expect(exited, "\(command) was killed by signal \(status)", sourceLocation: sourceLocation)
            #expect(status == 1, "\(command) exit \(g.result.status): \(g.result.both.prefix(2000))", sourceLocation: sourceLocation)
            let err = g.result.stderr
            #expect(err.contains("error"), "\(command): no error message: \(err.prefix(2000))", sourceLocation: sourceLocation)
            #expect(err.contains("stack.yaml"), "\(command): the file is not named: \(err.prefix(2000))", sourceLocation: sourceLocation)
            #expect(!err.contains("Fatal error") && !err.contains("crashed"), "\(err.prefix(2000))", sourceLocation: sourceLocation)
            #expect(
                err.utf8.count < 20_000, "\(command): the message is not short (\(err.utf8.count) bytes)", sourceLocation: sourceLocation)
            for m in mentioning {
                #expect(err.contains(m), "\(command): expected \"\(m)\" in \(err.prefix(2000))", sourceLocation: sourceLocation)
            }
            if command == "plan" { planErr = err }
        }
        if commands.contains("validate") {
            // Errors `validate` finds stop every command before it opens the state.
            #expect(!sb.exists("state/test.sqlite"), "a broken stack must not create state", sourceLocation: sourceLocation)
        }
        return planErr
    }

    @Test func emptyStackFile() throws {
        try rejects(Data(), mentioning: ["stack"])
    }

    @Test func whitespaceAndCommentOnlyStackFile() throws {
        try rejects(Data("\n   \n# nothing here\n".utf8))
    }

    @Test func stackFileThatIsAList() throws {
        try rejects(Data("- stack: test\n- resources: {}\n".utf8), mentioning: ["map"])
    }

    @Test func stackFileThatIsAScalar() throws {
        try rejects(Data("just some words\n".utf8))
    }

    @Test func binaryGarbage() throws {
        // Deterministic pseudo-random bytes, including NULs and invalid UTF-8.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var bytes = [UInt8]()
        for _ in 0..<8192 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            bytes.append(UInt8(truncatingIfNeeded: state >> 33))
        }
        try rejects(Data(bytes))
    }

    @Test func nulInsideOtherwiseValidYAML() throws {
        try rejects(Data("stack: test\nresources:\n  a\u{0}b:\n    type: local.file\n".utf8))
    }

    @Test func deeplyNestedFlowList() throws {
        let depth = 5000
        let nested = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        try rejects(Data("stack: test\nlocals:\n  deep: \(nested)\n".utf8))
    }

    @Test func deeplyNestedFlowListAsTheWholeFile() throws {
        let depth = 5000
        try rejects(Data((String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n").utf8))
    }

    @Test func deeplyNestedBlockMaps() throws {
        var text = "stack: test\nlocals:\n  deep:\n"
        for level in 0..<3000 { text += String(repeating: " ", count: 4 + level) + "k:\n" }
        try rejects(Data(text.utf8))
    }

    @Test func deeplyNestedExpression() throws {
        let depth = 5000
        let expr = String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth)
        try rejects(Data("stack: test\nlocals:\n  deep: \"${\(expr)}\"\n".utf8), mentioning: ["stack.yaml:3:"])
    }

    /// `count` is checked when planning (it may use variables), so `validate` is not asked.
    @Test func hugeCount() throws {
        let err = try rejects(
            Data(
                """
                stack: test
                resources:
                  many:
                    type: local.file
                    count: 2000000
                    properties: { path: "/nonexistent-cairn-dir/f-${count.index}", content: x }
                """.utf8), mentioning: ["count", "stack.yaml:5:"], commands: ["plan"])
        #expect(!err.contains("f-1999999"))
    }

    @Test func negativeAndFractionalCount() throws {
        for bad in ["-1", "2.5", "\"lots\""] {
            try rejects(
                Data(
                    """
                    stack: test
                    resources:
                      many:
                        type: local.file
                        count: \(bad)
                        properties: { path: "/nonexistent-cairn-dir/f-${count.index}", content: x }
                    """.utf8), mentioning: ["count"], commands: ["plan"])
        }
    }

    @Test func aliasBomb() throws {
        // "Billion laughs": each level refers to the one before ten times.
        var text = "stack: test\nlocals:\n  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for i in 1...12 {
            text += "  l\(i): &l\(i) [" + Array(repeating: "*l\(i - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        text += "  bad: ${nothing.here}\n"
        try rejects(Data(text.utf8))
    }

    @Test func hugeStringLiteralIsFine() throws {
        // Not an error: a big value is handled, and plan does not fall over.
        let sb = try Sandbox()
        let big = String(repeating: "abcdefghij", count: 100_000)
        try sb.write(
            "stack.yaml",
            """
            stack: test
            resources:
              big:
                type: local.file
                properties: { path: "${path.stack}/../out/big.txt", content: "\(big)" }
            """)
        let g = try sb.cairnGuarded(["apply", "stack", "--auto-approve"])
        #expect(!g.hung && g.exited)
        #expect(g.result.status == 0, "\(g.result.stderr.prefix(2000))")
        #expect(sb.file("out/big.txt")?.utf8.count == 1_000_000)
    }
}
