import Foundation
import Testing

/// Expressions that would need gigabytes end in exit 1 with a located error naming the limit,
/// and leave the state and its lock as they were.
@Suite struct EvaluationLimitsCLITests {
    static let good = """
        stack: test
        resources:
          a:
            type: local.file
            properties: { path: "${path.stack}/../out/a.txt", content: "one" }
        """

    /// The expression from the report, which made `plan` die asking for 64 GB.
    static let reported = """
        stack: test
        locals:
          n: 1
          bomb: '${length(join(join(jsonencode(range(1024)), split("", jsonencode(range(1024)))), split("", jsonencode(range(1024)))))}'
        resources:
          a:
            type: local.file
            properties: { path: "${path.stack}/../out/a.txt", content: "${local.bomb}" }
        """

    /// Thirty locals, each twice the one before (l0 is line 3).
    static func doubling(_ count: Int = 30) -> String {
        var text = "stack: test\nlocals:\n  l0: \"x\"\n"
        for i in 1..<count { text += "  l\(i): \"${local.l\(i - 1)}${local.l\(i - 1)}\"\n" }
        text += """
            resources:
              a:
                type: local.file
                properties: { path: "${path.stack}/../out/a.txt", content: "${local.l\(count - 1)}" }
            """
        return text
    }

    /// Applies `good`, then runs plan and apply on `stack`: both must fail cleanly, mentioning
    /// `expected`; afterwards the history is unchanged and `good` plans in sync with no lock.
    func expectCleanFailure(
        _ stack: String, mentioning expected: [String], env: [String: String] = [:],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.good)
        let first = try sb.cairn(["apply", "stack", "--auto-approve"])
        #expect(first.status == 0, "\(first.both)", sourceLocation: sourceLocation)
        let history = try sb.cairn(["state", "history", "--stack", "stack"]).stdout
        try sb.write("stack.yaml", stack)
        for args in [["plan", "stack"], ["apply", "stack", "--auto-approve"]] {
            let g = try sb.cairnGuarded(args, env: env)
            #expect(g.exited && !g.hung, "\(args[0]) was killed or hung: \(g.result.both)", sourceLocation: sourceLocation)
            #expect(g.result.status == 1, "\(args[0]): \(g.result.both)", sourceLocation: sourceLocation)
            #expect(!g.result.stderr.contains("Fatal error"), sourceLocation: sourceLocation)
            for text in expected {
                #expect(
                    g.result.stderr.contains(text), "\(args[0]): no \"\(text)\" in \(g.result.stderr)",
                    sourceLocation: sourceLocation)
            }
        }
        #expect(try sb.cairn(["state", "history", "--stack", "stack"]).stdout == history, sourceLocation: sourceLocation)
        #expect(sb.file("out/a.txt") == "one", sourceLocation: sourceLocation)
        try sb.write("stack.yaml", Self.good)
        let plan = try sb.cairn(["plan", "stack", "--detailed-exitcode"])
        #expect(plan.status == 0, "\(plan.both)", sourceLocation: sourceLocation)
        #expect(!plan.stderr.contains("Warning"), "a lock was left behind: \(plan.stderr)", sourceLocation: sourceLocation)
    }

    @Test func theReportedExpressionStopsAtTheStringLimit() throws {
        // Column 19 is the outer join, the call that would have built 64 GB.
        try expectCleanFailure(
            Self.reported,
            mentioning: [
                "stack.yaml:4:19", "join() would build a string of",
                "CAIRN_MAX_STRING_BYTES",
            ])
    }

    @Test func thirtyDoublingLocalsStopAtTheStringLimit() throws {
        // l27 would be 128 MiB; the error points at its second interpolation (line 30, column 21).
        try expectCleanFailure(Self.doubling(), mentioning: ["stack.yaml:30:21", "CAIRN_MAX_STRING_BYTES"])
    }

    @Test func theLimitsAreSetThroughTheEnvironment() throws {
        // l10 is 1024 bytes.
        try expectCleanFailure(
            Self.doubling(12), mentioning: ["stack.yaml:13:20", "1024 bytes", "CAIRN_MAX_STRING_BYTES"],
            env: ["CAIRN_MAX_STRING_BYTES": "1000"])
        // l0…l11 add up to 4095 bytes; the local that passes 3000 is l11, declared on line 14.
        try expectCleanFailure(
            Self.doubling(12), mentioning: ["stack.yaml:14:", "local.l11", "CAIRN_MAX_LOCALS_WORK"],
            env: ["CAIRN_MAX_LOCALS_WORK": "3000"])
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.good)
        let bad = try sb.cairn(["plan", "stack"], env: ["CAIRN_MAX_STRING_BYTES": "lots"])
        #expect(bad.status == 1, "\(bad.both)")
        #expect(bad.stderr.contains("CAIRN_MAX_STRING_BYTES must be a positive whole number"), "\(bad.stderr)")
    }
}
