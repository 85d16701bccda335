import Foundation
import Testing

/// Secrets are sealed at rest and never printed unless `output --raw` asks.
@Suite struct SecretsTests {
    static let secret = "var-secret-7Qz9"
    static let stack = """
        stack: test
        variables:
          api_token: { type: string, sensitive: true }
        resources:
          pw:
            type: random.password
            properties: { length: 30, special: false }
          conf:
            type: local.file
            properties:
              path: "${path.stack}/../out/app.env"
              content: "TOKEN=${var.api_token}\\nPASSWORD=${pw.result}\\n"
        outputs:
          token: { value: "${var.api_token}", sensitive: true }
          password: { value: "${pw.result}", sensitive: true }
        """

    func stateBytes(_ sb: Sandbox) -> Data {
        var all = Data()
        for suffix in ["", "-wal", "-shm"] {
            if let d = FileManager.default.contents(atPath: sb.statePath + suffix) { all.append(d) }
        }
        return all
    }

    @Test func noSecretInTheDatabaseOrAnyOutput() throws {
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.stack)
        let env = ["CAIRN_VAR_api_token": Self.secret]
        var printed = ""
        for args in [
            ["plan", "stack"], ["apply", "stack", "--auto-approve", "--log-level", "trace"],
            ["plan", "stack", "--json", "--log-level", "trace", "--log-format", "json"],
            ["show", "--stack", "stack"], ["show", "--json", "--stack", "stack"], ["state", "show", "pw", "--stack", "stack"],
            ["output", "--stack", "stack"], ["output", "--json", "--stack", "stack"], ["apply", "stack", "--auto-approve", "--json"],
        ] {
            let r = try sb.cairn(args, env: env)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            printed += r.stdout + r.stderr
        }
        let password = try sb.cairn(["output", "password", "--raw", "--stack", "stack"]).stdout.trimmingCharacters(in: .newlines)
        #expect(password.count == 30)
        #expect(try sb.cairn(["output", "token", "--raw", "--stack", "stack"]).stdout == Self.secret + "\n")
        #expect(sb.file("out/app.env") == "TOKEN=\(Self.secret)\nPASSWORD=\(password)\n")

        #expect(!printed.contains(Self.secret))
        #expect(!printed.contains(password))
        let bytes = stateBytes(sb)
        #expect(bytes.count > 0)
        #expect(bytes.range(of: Data(Self.secret.utf8)) == nil)
        #expect(bytes.range(of: Data(password.utf8)) == nil)
        // The key was generated beside the state, private.
        let attrs = try FileManager.default.attributesOfItem(atPath: sb.root.appendingPathComponent("state/test.key").path)
        #expect((attrs[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test func wrongKeyIsRefusedAndRekeyMovesToANewKey() throws {
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.stack)
        let env = ["CAIRN_VAR_api_token": Self.secret]
        #expect(try sb.cairn(["apply", "stack", "--auto-approve"], env: env).status == 0)
        // Compare content, not bytes: opening the file may fold its WAL into it without changing anything.
        let before = try SQLiteShell.query(sb.statePath, ".dump")
        let wrong = try sb.cairn(
            ["plan", "stack"], env: env.merging(["CAIRN_STATE_KEY": Data(repeating: 3, count: 32).base64EncodedString()]) { $1 })
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("does not match"))
        #expect(try SQLiteShell.query(sb.statePath, ".dump") == before)

        let keyFile = sb.root.appendingPathComponent("state/test.key").path
        let oldKey = try String(contentsOfFile: keyFile, encoding: .utf8)
        let rekey = try sb.cairn(["state", "rekey", "--stack", "stack"])
        #expect(rekey.status == 0, "\(rekey.stderr)")
        #expect(rekey.stdout.contains("Re-encrypted"))
        let newKey = try String(contentsOfFile: keyFile, encoding: .utf8)
        #expect(newKey != oldKey)
        #expect(try sb.cairn(["output", "token", "--raw", "--stack", "stack"]).stdout == Self.secret + "\n")
        let plan = try sb.cairn(["plan", "stack", "--detailed-exitcode"], env: env)
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        let old = try sb.cairn(["state", "list", "--stack", "stack"], env: ["CAIRN_STATE_KEY": oldKey])
        #expect(old.status == 1)
    }
}
