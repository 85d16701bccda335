import Foundation
import Testing

/// An apply that fails before its first provider call changes nothing in state; every version it
/// opens is closed.
@Suite struct FailedApplyTests {
    static let stack = """
        stack: test
        resources:
          w:
            type: local.file
            count: "${tonumber(env.WORKERS)}"
            properties: { path: "${path.stack}/../out/w${count.index}.txt", content: "x" }
        """

    @Test func aSavedPlanWhoseCountTurnsInvalidLeavesTheStateAsItWas() throws {
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.stack)
        let first = try sb.cairn(["apply", "stack", "--auto-approve"], env: ["WORKERS": "1"])
        #expect(first.status == 0, "\(first.both)")
        let plan = try sb.cairn(["plan", "stack", "-o", "grow.plan"], env: ["WORKERS": "2"])
        #expect(plan.status == 0, "\(plan.both)")
        let history = try sb.cairn(["state", "history", "--stack", "stack"]).stdout
        let bytes = sb.stateBytes()

        let failed = try sb.cairn(["apply", "grow.plan"], env: ["WORKERS": "-1"])
        #expect(failed.status == 1, "\(failed.both)")
        #expect(failed.stderr.contains("stack.yaml:5:"), "the error names the count: \(failed.stderr)")
        #expect(sb.stateBytes() == bytes, "the state file changed")
        #expect(try sb.cairn(["state", "history", "--stack", "stack"]).stdout == history)
        #expect(!sb.exists("out/w1.txt"))

        // Not stale: once the count is valid again, the same plan applies.
        let again = try sb.cairn(["apply", "grow.plan"], env: ["WORKERS": "2"])
        #expect(again.status == 0, "\(again.both)")
        #expect(sb.exists("out/w1.txt"))
        let after = try sb.cairn(["state", "history", "--json", "--stack", "stack"]).stdout
        #expect(!after.contains("\"running\""), "a version was left running: \(after)")
    }
}
