import Foundation
import Testing

/// `--target ADDR` and `--replace ADDR`.
@Suite struct TargetReplaceTests {
    static let stack = """
        stack: test
        resources:
          base:
            type: local.file
            properties: { path: "${path.stack}/../out/base.txt", content: base }
          app:
            type: local.file
            properties: { path: "${path.stack}/../out/app.txt", content: "app of ${base.sha256}" }
          unrelated:
            type: local.file
            properties: { path: "${path.stack}/../out/unrelated.txt", content: unrelated }
          copy:
            type: local.file
            count: 3
            properties: { path: "${path.stack}/../out/copy-${count.index}.txt", content: "copy ${count.index}" }
          ids:
            type: random.id
            count: 2
            properties: { byte_length: 8 }
          token:
            type: random.password
            properties: { length: 16 }
          uses_token:
            type: local.file
            properties: { path: "${path.stack}/../out/uses-token.txt", content: "${length(token.result)}" }
        outputs:
          ids: "${ids[*].hex}"
          token: { value: "${token.result}", sensitive: true }
        """

    @Test func targetPlansOnlyTheAddressAndItsDependencies() throws {
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.stack)
        let plan = try sb.cairn(["plan", "stack", "--target", "app", "--detailed-exitcode"])
        #expect(plan.status == 2, "\(plan.both)")
        #expect(plan.stdout.contains("+ app (local.file) will be created"), "\(plan.stdout)")
        #expect(plan.stdout.contains("+ base (local.file) will be created"), "\(plan.stdout)")
        for other in ["unrelated", "copy[0]", "ids[0]", "token", "uses_token"] {
            #expect(!plan.stdout.contains("+ \(other) ("), "\(other) is not a dependency of app: \(plan.stdout)")
        }
        #expect(plan.stdout.contains("Plan: 2 to add, 0 to change, 0 to destroy."), "\(plan.stdout)")

        let apply = try sb.cairn(["apply", "stack", "--target", "app", "--auto-approve"])
        #expect(apply.status == 0, "\(apply.both)")
        #expect(try sb.stateList() == ["app", "base"])
        #expect(sb.exists("out/app.txt") && sb.exists("out/base.txt"))
        #expect(!sb.exists("out/unrelated.txt"))

        // A full plan afterwards still wants the rest.
        let rest = try sb.cairn(["plan", "stack"])
        #expect(rest.stdout.contains("+ unrelated (local.file) will be created"), "\(rest.stdout)")
        #expect(!rest.stdout.contains("app (local.file) will"), "\(rest.stdout)")
    }

    @Test func targetOfADependencyDoesNotPullInItsDependents() throws {
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.stack)
        let plan = try sb.cairn(["plan", "stack", "--target", "base"])
        #expect(plan.status == 0, "\(plan.both)")
        #expect(plan.stdout.contains("+ base (local.file) will be created"), "\(plan.stdout)")
        #expect(!plan.stdout.contains("app (local.file)"), "\(plan.stdout)")
        #expect(plan.stdout.contains("Plan: 1 to add, 0 to change, 0 to destroy."), "\(plan.stdout)")
    }

    @Test func targetOfOneInstanceAndOfABareName() throws {
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.stack)
        let one = try sb.cairn(["plan", "stack", "--target", "copy[1]"])
        #expect(one.stdout.contains("+ copy[1] (local.file) will be created"), "\(one.stdout)")
        #expect(!one.stdout.contains("copy[0]"), "\(one.stdout)")
        #expect(!one.stdout.contains("copy[2]"), "\(one.stdout)")
        #expect(one.stdout.contains("Plan: 1 to add, 0 to change, 0 to destroy."), "\(one.stdout)")

        let all = try sb.cairn(["plan", "stack", "--target", "copy", "--target", "unrelated"])
        for a in ["copy[0]", "copy[1]", "copy[2]", "unrelated"] {
            #expect(all.stdout.contains("+ \(a) (local.file) will be created"), "\(all.stdout)")
        }
        #expect(all.stdout.contains("Plan: 4 to add, 0 to change, 0 to destroy."), "\(all.stdout)")
    }

    @Test func targetLimitsUpdatesAndDestroysToo() throws {
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.stack)
        #expect(try sb.cairn(["apply", "stack", "--auto-approve"]).status == 0)
        let changed = Self.stack
            .replacingOccurrences(of: "content: unrelated", with: "content: changed")
            .replacingOccurrences(of: "count: 3", with: "count: 1")
        try sb.write("stack.yaml", changed)
        let plan = try sb.cairn(["plan", "stack", "--target", "copy[2]"])
        #expect(plan.stdout.contains("- copy[2] (local.file) will be destroyed"), "\(plan.stdout)")
        #expect(!plan.stdout.contains("copy[1] (local.file)"), "\(plan.stdout)")
        #expect(!plan.stdout.contains("unrelated (local.file)"), "\(plan.stdout)")
        #expect(plan.stdout.contains("Plan: 0 to add, 0 to change, 1 to destroy."), "\(plan.stdout)")
    }

    @Test func replaceForcesReplacementOfOneInstance() throws {
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.stack)
        #expect(try sb.cairn(["apply", "stack", "--auto-approve"]).status == 0)
        let before = try #require(try sb.cairn(["output", "ids", "--json", "--stack", "stack"]).json as? [String])
        #expect(before.count == 2)

        let plan = try sb.cairn(["plan", "stack", "--replace", "ids[1]", "--detailed-exitcode"])
        #expect(plan.status == 2, "\(plan.both)")
        #expect(plan.stdout.contains("-/+ ids[1] (random.id) must be replaced"), "\(plan.stdout)")
        #expect(!plan.stdout.contains("ids[0] (random.id)"), "\(plan.stdout)")
        #expect(plan.stdout.contains("Plan: 1 to add, 0 to change, 1 to destroy."), "\(plan.stdout)")

        let apply = try sb.cairn(["apply", "stack", "--replace", "ids[1]", "--auto-approve"])
        #expect(apply.status == 0, "\(apply.both)")
        let after = try #require(try sb.cairn(["output", "ids", "--json", "--stack", "stack"]).json as? [String])
        #expect(after.count == 2)
        #expect(after.first == before.first, "ids[0] must be kept")
        #expect(after.last != before.last, "ids[1] must have been generated anew")

        // Without --replace there is nothing to do again.
        #expect(try sb.cairn(["plan", "stack", "--detailed-exitcode"]).status == 0)
    }

    @Test func replaceUpdatesWhatDependsOnTheReplacedValue() throws {
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.stack)
        #expect(try sb.cairn(["apply", "stack", "--auto-approve"]).status == 0)
        let before = try sb.cairn(["output", "token", "--raw", "--stack", "stack"]).stdout
        let apply = try sb.cairn(["apply", "stack", "--replace", "token", "--auto-approve"])
        #expect(apply.status == 0, "\(apply.both)")
        #expect(apply.stdout.contains("-/+ token (random.password) must be replaced"), "\(apply.stdout)")
        let after = try sb.cairn(["output", "token", "--raw", "--stack", "stack"]).stdout
        #expect(after.trimmingCharacters(in: .newlines).count == 16)
        #expect(after != before)
        #expect(!apply.stdout.contains(after.trimmingCharacters(in: .newlines)), "the new password must not print")
        #expect(sb.file("out/uses-token.txt") == "16")
    }
}
