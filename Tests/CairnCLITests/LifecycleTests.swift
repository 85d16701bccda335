import Foundation
import Testing

/// apply → no-op plan → change → count decrease → destroy, through the real binary.
@Suite struct LifecycleTests {
    static let stack = """
        stack: test
        variables:
          greeting: { type: string, default: hello }
          copies: { type: number, default: 3 }
          secret: { type: string, default: s3cr3t-value, sensitive: true }
        locals:
          dir: "${path.stack}/../out"
        resources:
          note:
            type: local.file
            properties:
              path: "${local.dir}/note.txt"
              content: "${var.greeting} world"
          copy:
            type: local.file
            count: "${var.copies}"
            properties:
              path: "${local.dir}/copy-${count.index}.txt"
              content: "copy ${count.index} of ${note.sha256}"
          token:
            type: random.password
            properties: { length: 20 }
        outputs:
          note_path: "${note.path}"
          copies: "${copy[*].path}"
          token: { value: "${token.result}", sensitive: true }
          secret: { value: "${var.secret}", sensitive: true }
        """

    @Test func applyThenPlanShowsNoChanges() throws {
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.stack)
        let apply = try sb.cairn(["apply", "stack", "--auto-approve"])
        #expect(apply.status == 0, "\(apply.stderr)")
        #expect(apply.stdout.contains("Plan: 5 to add, 0 to change, 0 to destroy."))
        #expect(apply.stdout.contains("Apply complete! Resources: 5 added, 0 changed, 0 destroyed."))
        #expect(sb.file("out/note.txt") == "hello world")
        #expect(sb.file("out/copy-2.txt")?.hasPrefix("copy 2 of ") == true)

        let plan = try sb.cairn(["plan", "stack", "--detailed-exitcode"])
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        #expect(plan.stdout.contains("No changes."))

        let state = try sb.cairn(["state", "list", "--stack", "stack"])
        #expect(state.stdout.split(separator: "\n") == ["copy[0]", "copy[1]", "copy[2]", "note", "token"])
    }

    @Test func sensitiveValuesAreMaskedUnlessRaw() throws {
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.stack)
        let apply = try sb.cairn(["apply", "stack", "--auto-approve"])
        #expect(apply.status == 0)
        #expect(!apply.stdout.contains("s3cr3t-value"))
        let outputs = try sb.cairn(["output", "--stack", "stack"])
        #expect(outputs.stdout.contains("secret = (sensitive)"))
        #expect(outputs.stdout.contains("token = (sensitive)"))
        let raw = try sb.cairn(["output", "secret", "--raw", "--stack", "stack"])
        #expect(raw.stdout == "s3cr3t-value\n")
        let token = try sb.cairn(["output", "token", "--raw", "--stack", "stack"])
        #expect(token.stdout.trimmingCharacters(in: .newlines).count == 20)
        let show = try sb.cairn(["show", "--stack", "stack"])
        #expect(!show.stdout.contains("s3cr3t-value"))
        #expect(!show.stdout.contains(token.stdout.trimmingCharacters(in: .newlines)))
    }

    @Test func variableChangeUpdatesInPlace() throws {
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.stack)
        #expect(try sb.cairn(["apply", "stack", "--auto-approve"]).status == 0)
        let plan = try sb.cairn(["plan", "stack", "--var", "greeting=goodbye", "--detailed-exitcode"])
        #expect(plan.status == 2, "\(plan.stderr)")
        #expect(plan.stdout.contains("~ note (local.file) will be updated in place"))
        #expect(plan.stdout.contains(#"content = "hello world" → "goodbye world""#))
        // The copies embed note's sha256, which is computed at plan time: they update too.
        #expect(plan.stdout.contains("Plan: 0 to add, 4 to change, 0 to destroy."))
        let apply = try sb.cairn(["apply", "stack", "--var", "greeting=goodbye", "--auto-approve"])
        #expect(apply.status == 0, "\(apply.stderr)")
        #expect(sb.file("out/note.txt") == "goodbye world")
    }

    @Test func forceNewChangeReplaces() throws {
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.stack)
        #expect(try sb.cairn(["apply", "stack", "--auto-approve"]).status == 0)
        try sb.write("stack.yaml", Self.stack.replacingOccurrences(of: "length: 20", with: "length: 24"))
        let plan = try sb.cairn(["plan", "stack"])
        #expect(plan.stdout.contains("-/+ token (random.password) must be replaced (forced by length)"), "\(plan.stdout)")
        #expect(plan.stdout.contains("Plan: 1 to add, 0 to change, 1 to destroy."))
        #expect(try sb.cairn(["apply", "stack", "--auto-approve"]).status == 0)
        let token = try sb.cairn(["output", "token", "--raw", "--stack", "stack"])
        #expect(token.stdout.trimmingCharacters(in: .newlines).count == 24)
    }

    @Test func countDecreaseDestroysExtraInstances() throws {
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.stack)
        #expect(try sb.cairn(["apply", "stack", "--auto-approve"]).status == 0)
        let plan = try sb.cairn(["plan", "stack", "--var", "copies=1"])
        #expect(plan.stdout.contains("- copy[1] (local.file) will be destroyed"))
        #expect(plan.stdout.contains("- copy[2] (local.file) will be destroyed"))
        #expect(plan.stdout.contains("Plan: 0 to add, 0 to change, 2 to destroy."))
        let apply = try sb.cairn(["apply", "stack", "--var", "copies=1", "--auto-approve"])
        #expect(apply.status == 0, "\(apply.stderr)")
        #expect(sb.exists("out/copy-0.txt"))
        #expect(!sb.exists("out/copy-1.txt"))
        #expect(!sb.exists("out/copy-2.txt"))
        let list = try sb.cairn(["state", "list", "--stack", "stack"])
        #expect(list.stdout.split(separator: "\n") == ["copy[0]", "note", "token"])
    }

    @Test func destroyLeavesNothing() throws {
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.stack)
        #expect(try sb.cairn(["apply", "stack", "--auto-approve"]).status == 0)
        let destroy = try sb.cairn(["destroy", "stack", "--auto-approve"])
        #expect(destroy.status == 0, "\(destroy.stderr)")
        #expect(destroy.stdout.contains("Plan: 0 to add, 0 to change, 5 to destroy."))
        #expect(destroy.stdout.contains("Destroy complete! Resources: 5 destroyed."))
        for f in ["out/note.txt", "out/copy-0.txt", "out/copy-1.txt", "out/copy-2.txt"] { #expect(!sb.exists(f)) }
        let list = try sb.cairn(["state", "list", "--stack", "stack"])
        #expect(list.status == 0)
        #expect(list.stdout.isEmpty)
        let outputs = try sb.cairn(["output", "--json", "--stack", "stack"])
        #expect(outputs.stdout == "{}\n")
    }

    @Test func applyWithoutTerminalNeedsAutoApprove() throws {
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.stack)
        let apply = try sb.cairn(["apply", "stack"])
        #expect(apply.status == 1)
        #expect(apply.stderr.contains("--auto-approve"))
        #expect(!sb.exists("out/note.txt"))
    }

    @Test func historyRecordsEachVersion() throws {
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.stack)
        #expect(try sb.cairn(["apply", "stack", "--auto-approve"]).status == 0)
        #expect(try sb.cairn(["apply", "stack", "--var", "greeting=hi", "--auto-approve"]).status == 0)
        let history = try sb.cairn(["state", "history", "--json", "--stack", "stack"])
        let entries = try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(entries.count == 2)
        #expect(entries.map { $0["added"] as? Int } == [5, 0])
        #expect(entries.map { $0["changed"] as? Int } == [0, 4])
        #expect(entries.allSatisfy { $0["status"] as? String == "complete" })
        let past = try sb.cairn(["state", "show", "note", "--serial", "1", "--json", "--stack", "stack"])
        #expect(past.stdout.contains("hello world"))
    }

    @Test func multiLineChangesShowAsLineDiff() throws {
        let sb = try Sandbox()
        let stack = """
            stack: test
            variables:
              port: { type: number, default: 80 }
            resources:
              conf:
                type: local.file
                properties:
                  path: "${path.stack}/../out/site.conf"
                  content: |
                    server {
                      listen ${var.port};
                      root /srv;
                    }
            """
        try sb.write("stack.yaml", stack)
        let create = try sb.cairn(["plan", "stack"])
        #expect(create.stdout.contains("+ content = <<EOT\n            server {\n              listen 80;"), "\(create.stdout)")
        #expect(try sb.cairn(["apply", "stack", "--auto-approve"]).status == 0)
        let plan = try sb.cairn(["plan", "stack", "--var", "port=8080"])
        #expect(plan.stdout.contains("          -   listen 80;\n          +   listen 8080;"), "\(plan.stdout)")
        #expect(plan.stdout.contains("            server {"))
    }

    @Test func movedEntriesRenameWithoutDestroying() throws {
        let sb = try Sandbox()
        try sb.write(
            "stack.yaml",
            """
            stack: test
            resources:
              old_name:
                type: random.id
                count: 2
                properties: { byte_length: 8 }
            outputs:
              ids: "${old_name[*].hex}"
            """)
        #expect(try sb.cairn(["apply", "stack", "--auto-approve"]).status == 0)
        let before = try sb.cairn(["output", "ids", "--json", "--stack", "stack"]).stdout
        try sb.write(
            "stack.yaml",
            """
            stack: test
            resources:
              new_name:
                type: random.id
                count: 2
                properties: { byte_length: 8 }
            outputs:
              ids: "${new_name[*].hex}"
            moved:
              - { from: old_name, to: new_name }
            """)
        let plan = try sb.cairn(["plan", "stack", "--detailed-exitcode"])
        #expect(plan.status == 2)
        #expect(plan.stdout.contains("~ old_name[0] → new_name[0]"), "\(plan.stdout)")
        #expect(plan.stdout.contains("Plan: 0 to add, 0 to change, 0 to destroy."))
        #expect(try sb.cairn(["apply", "stack", "--auto-approve"]).status == 0)
        #expect(try sb.cairn(["state", "list", "--stack", "stack"]).stdout == "new_name[0]\nnew_name[1]\n")
        #expect(try sb.cairn(["output", "ids", "--json", "--stack", "stack"]).stdout == before)
        #expect(try sb.cairn(["plan", "stack", "--detailed-exitcode"]).status == 0)
    }

    @Test func removedAndAlreadyGoneIsForgotten() throws {
        let sb = try Sandbox()
        let two = """
            stack: test
            resources:
              keep: { type: local.file, properties: { path: "${path.stack}/../out/keep.txt", content: k } }
              gone: { type: local.file, properties: { path: "${path.stack}/../out/gone.txt", content: g } }
            """
        try sb.write("stack.yaml", two)
        #expect(try sb.cairn(["apply", "stack", "--auto-approve"]).status == 0)
        try FileManager.default.removeItem(atPath: sb.root.appendingPathComponent("out/gone.txt").path)
        try sb.write("stack.yaml", two.components(separatedBy: "\n").filter { !$0.contains("gone:") }.joined(separator: "\n"))
        let plan = try sb.cairn(["plan", "stack"])
        #expect(plan.stdout.contains("- gone (local.file) was deleted"), "\(plan.stdout)")
        #expect(plan.stdout.contains("No changes."))
        #expect(try sb.cairn(["apply", "stack", "--auto-approve"]).status == 0)
        #expect(try sb.cairn(["state", "list", "--stack", "stack"]).stdout == "keep\n")
        let again = try sb.cairn(["plan", "stack"])
        #expect(!again.stdout.contains("was deleted"))
    }
}
