import Foundation
import Testing

/// Saved plans hold no secret in plain text, still apply, and are refused when their format is
/// another one or the file is damaged.
@Suite struct PlanFileTests {
    static let first = "first-token-Hw73"
    static let second = "second-token-Pq19"

    func bytes(_ sb: Sandbox, _ file: String) throws -> Data {
        try #require(FileManager.default.contents(atPath: sb.root.appendingPathComponent(file).path))
    }

    func contains(_ data: Data, _ text: String) -> Bool { data.range(of: Data(text.utf8)) != nil }

    @Test func savedPlansHoldNoSecretAndStillApply() throws {
        let sb = try Sandbox()
        try sb.write("stack.yaml", SecretsTests.stack)

        // From empty state: the variable is known, the password not yet.
        let plan1 = try sb.cairn(["plan", "stack", "-o", "one.plan"], env: ["CAIRN_VAR_api_token": Self.first])
        #expect(plan1.status == 0, "\(plan1.stderr)")
        let one = try bytes(sb, "one.plan")
        #expect(contains(one, #""format_version":2"#))
        #expect(contains(one, "$sealed"))
        #expect(!contains(one, Self.first))
        // The plan carries its variables: applying needs no token in the environment.
        let apply1 = try sb.cairn(["apply", "one.plan"])
        #expect(apply1.status == 0, "\(apply1.stderr)")
        let password = try sb.cairn(["output", "password", "--raw", "--stack", "stack"]).stdout.trimmingCharacters(in: .newlines)
        #expect(password.count == 30)
        #expect(sb.file("out/app.env") == "TOKEN=\(Self.first)\nPASSWORD=\(password)\n")

        // Now the password is in state: a plan that changes the token holds both, and the old token.
        let plan2 = try sb.cairn(["plan", "stack", "-o", "two.plan"], env: ["CAIRN_VAR_api_token": Self.second])
        #expect(plan2.status == 0, "\(plan2.stderr)")
        let two = try bytes(sb, "two.plan")
        for secret in [Self.first, Self.second, password] {
            #expect(!contains(two, secret), "\(secret) is in the plan file")
        }
        let shown = try sb.cairn(["show", "two.plan"])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("conf"))
        #expect(!shown.stdout.contains(Self.second) && !shown.stdout.contains(password))
        let apply2 = try sb.cairn(["apply", "two.plan"])
        #expect(apply2.status == 0, "\(apply2.stderr)")
        #expect(sb.file("out/app.env") == "TOKEN=\(Self.second)\nPASSWORD=\(password)\n")
        #expect(try sb.cairn(["output", "token", "--raw", "--stack", "stack"]).stdout == Self.second + "\n")
    }

    @Test func aPlanFileOfAnotherFormatOrDamagedIsRefusedWithoutTouchingState() throws {
        let sb = try Sandbox()
        try sb.write("stack.yaml", SafetyTests.stack)
        #expect(try sb.cairn(["apply", "stack", "--auto-approve"]).status == 0)
        try sb.write("stack.yaml", SafetyTests.stack.replacingOccurrences(of: "default: one", with: "default: two"))
        #expect(try sb.cairn(["plan", "stack", "-o", "saved.plan"]).status == 0)
        let saved = try bytes(sb, "saved.plan")
        let before = try SQLiteShell.query(sb.statePath, ".dump")
        let path = sb.root.appendingPathComponent("saved.plan").path

        let newer = String(decoding: saved, as: UTF8.self).replacingOccurrences(of: #""format_version":2"#, with: #""format_version":3"#)
        try Data(newer.utf8).write(to: URL(fileURLWithPath: path))
        for args in [["apply", "saved.plan"], ["show", "saved.plan"]] {
            let r = try sb.cairn(args)
            #expect(r.status == 1)
            #expect(r.stderr.contains("plan file saved.plan has format 3, which a newer Cairn wrote; this Cairn"), "\(r.stderr)")
            #expect(r.stderr.contains("reads plan format 2 only"))
            #expect(r.stderr.contains("cairn plan -o saved.plan"))
        }

        try saved.prefix(saved.count / 2).write(to: URL(fileURLWithPath: path))
        let damaged = try sb.cairn(["apply", "saved.plan"])
        #expect(damaged.status == 1)
        #expect(damaged.stderr.contains("saved.plan is not a Cairn plan file, or it is damaged"), "\(damaged.stderr)")

        #expect(try SQLiteShell.query(sb.statePath, ".dump") == before)
        #expect(sb.file("out/a.txt") == "one")

        // Made again, the plan applies.
        #expect(try sb.cairn(["plan", "stack", "-o", "saved.plan"]).status == 0)
        let apply = try sb.cairn(["apply", "saved.plan"])
        #expect(apply.status == 0, "\(apply.stderr)")
        #expect(sb.file("out/a.txt") == "two")
    }
}
