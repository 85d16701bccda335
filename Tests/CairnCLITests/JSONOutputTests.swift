import Foundation
import Testing

/// `plan --json` (one document) and `apply --json` (one event a line).
@Suite struct JSONOutputTests {
    static let secret = "hunter2-Zq9xK7"

    static let stack = """
        stack: test
        variables:
          secret: { type: string, sensitive: true }
          copies: { type: number, default: 2 }
        resources:
          keyfile:
            type: local.file
            properties: { path: "${path.stack}/../out/key.txt", content: "key=${var.secret}" }
          copy:
            type: local.file
            count: "${var.copies}"
            properties: { path: "${path.stack}/../out/copy-${count.index}.txt", content: "copy ${count.index}" }
          token:
            type: random.password
            properties: { length: 18 }
        outputs:
          secret: { value: "${var.secret}", sensitive: true }
          shout: "${upper(var.secret)}"
          key_path: "${keyfile.path}"
        """

    func sandbox() throws -> Sandbox {
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.stack)
        return sb
    }

    var secretVar: [String] { ["--var", "secret=\(Self.secret)"] }

    @Test func planJSONIsOneDocumentWithSummaryAndNoSecrets() throws {
        let sb = try sandbox()
        let plan = try sb.cairn(["plan", "stack", "--json"] + secretVar)
        #expect(plan.status == 0, "\(plan.both)")
        let doc = try #require(plan.json as? [String: Any], "not one JSON document:\n\(plan.stdout)")
        let summary = try #require(doc["summary"] as? [String: Any])
        #expect(summary["add"] as? Int == 4)
        #expect(summary["change"] as? Int == 0)
        #expect(summary["destroy"] as? Int == 0)
        #expect(doc["has_changes"] as? Bool == true)
        #expect(doc["stack"] as? String == "test")

        let changes = try #require(doc["changes"] as? [[String: Any]])
        #expect(Set(changes.compactMap { $0["address"] as? String }) == ["keyfile", "copy[0]", "copy[1]", "token"])
        #expect(changes.allSatisfy { $0["action"] as? String == "create" })
        let keyfile = try #require(changes.first { $0["address"] as? String == "keyfile" })
        let after = try #require(keyfile["after"] as? [String: Any])
        #expect(after["content"] as? String == "(sensitive)", "\(after)")
        let token = try #require(changes.first { $0["address"] as? String == "token" })
        #expect((token["unknown_after_apply"] as? [String])?.contains("result") == true, "\(token)")

        let outputs = try #require(doc["outputs"] as? [String: Any])
        #expect((outputs["secret"] as? [String: Any])?["sensitive"] as? Bool == true)
        // Derived from a sensitive value, so sensitive too.
        #expect((outputs["shout"] as? [String: Any])?["sensitive"] as? Bool == true, "\(outputs)")

        #expect(!plan.stdout.contains(Self.secret))
        #expect(!plan.stdout.contains(Self.secret.uppercased()))
        #expect(!plan.stderr.contains(Self.secret))
        // Human output hides it as well.
        let human = try sb.cairn(["plan", "stack"] + secretVar)
        #expect(human.stdout.contains("(sensitive)"))
        #expect(!human.stdout.contains(Self.secret))
        #expect(!human.stdout.contains(Self.secret.uppercased()))
    }

    @Test func planJSONReportsUpdatesDestroysAndDrift() throws {
        let sb = try sandbox()
        #expect(try sb.cairn(["apply", "stack", "--auto-approve"] + secretVar).status == 0)
        try sb.writeFile("out/copy-0.txt", "edited by hand")
        let plan = try sb.cairn(["plan", "stack", "--json", "--var", "copies=1", "--detailed-exitcode"] + secretVar)
        #expect(plan.status == 2, "\(plan.both)")
        let doc = try #require(plan.json as? [String: Any], "not one JSON document:\n\(plan.stdout)")
        let summary = try #require(doc["summary"] as? [String: Any])
        #expect(summary["add"] as? Int == 0)
        #expect(summary["change"] as? Int == 1)
        #expect(summary["destroy"] as? Int == 1)
        let changes = try #require(doc["changes"] as? [[String: Any]])
        let byAddress = Dictionary(uniqueKeysWithValues: changes.compactMap { c in (c["address"] as? String).map { ($0, c) } })
        #expect(byAddress["copy[0]"]?["action"] as? String == "update")
        #expect(byAddress["copy[1]"]?["action"] as? String == "delete")
        #expect(byAddress["keyfile"] == nil)
        let drift = try #require(doc["drift"] as? [[String: Any]])
        #expect(drift.count == 1)
        #expect(drift.first?["address"] as? String == "copy[0]")
        #expect((drift.first?["changed"] as? [String])?.contains("content") == true)
        #expect(!plan.stdout.contains(Self.secret))
    }

    @Test func planJSONWithoutChanges() throws {
        let sb = try sandbox()
        #expect(try sb.cairn(["apply", "stack", "--auto-approve"] + secretVar).status == 0)
        let plan = try sb.cairn(["plan", "stack", "--json", "--detailed-exitcode"] + secretVar)
        #expect(plan.status == 0, "\(plan.both)")
        let doc = try #require(plan.json as? [String: Any], "not one JSON document:\n\(plan.stdout)")
        #expect(doc["has_changes"] as? Bool == false)
        #expect((doc["changes"] as? [Any])?.isEmpty == true)
        #expect(!plan.stdout.contains(Self.secret))
    }

    @Test func applyJSONIsOneEventALine() throws {
        let sb = try sandbox()
        let apply = try sb.cairn(["apply", "stack", "--json", "--auto-approve"] + secretVar)
        #expect(apply.status == 0, "\(apply.both)")
        let lines = apply.lines
        #expect(!lines.isEmpty)
        var events: [[String: Any]] = []
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            let event = try #require(object, "not a JSON object: \(line)")
            events.append(event)
        }
        let addresses: Set<String> = ["keyfile", "copy[0]", "copy[1]", "token"]
        let starts = events.filter { $0["type"] as? String == "start" }
        let dones = events.filter { $0["type"] as? String == "done" }
        #expect(Set(starts.compactMap { $0["address"] as? String }) == addresses)
        #expect(Set(dones.compactMap { $0["address"] as? String }) == addresses)
        #expect(starts.count == 4 && dones.count == 4)
        #expect(dones.allSatisfy { ($0["elapsed"] as? Double).map { $0 >= 0 } == true }, "\(dones)")
        #expect(events.allSatisfy { $0["type"] as? String != "error" })
        // Each resource starts before it is done.
        for a in addresses {
            let s = events.firstIndex { $0["type"] as? String == "start" && $0["address"] as? String == a }
            let d = events.firstIndex { $0["type"] as? String == "done" && $0["address"] as? String == a }
            #expect(s != nil && d != nil && s! < d!, "\(a)")
        }
        let last = try #require(events.last)
        #expect(last["type"] as? String == "summary", "\(last)")
        #expect(last["added"] as? Int == 4)
        #expect(last["changed"] as? Int == 0)
        #expect(last["destroyed"] as? Int == 0)
        #expect(last["failed"] as? Int == 0)
        #expect(last["succeeded"] as? Bool == true)
        #expect(events.filter { $0["type"] as? String == "summary" }.count == 1)

        #expect(!apply.stdout.contains(Self.secret))
        #expect(sb.file("out/key.txt") == "key=\(Self.secret)")
    }

    @Test func applyJSONReportsFailuresAndSkips() throws {
        let sb = try Sandbox()
        try sb.write(
            "stack.yaml",
            """
            stack: test
            resources:
              broken: { type: null.resource, properties: { fail: true } }
              after: { type: null.resource, properties: { triggers: { x: "${broken.id}" } } }
              fine:
                type: local.file
                properties: { path: "${path.stack}/../out/fine.txt", content: fine }
            """)
        let apply = try sb.cairn(["apply", "stack", "--json", "--auto-approve"])
        #expect(apply.status == 1, "\(apply.both)")
        let events = try apply.lines.map { line -> [String: Any] in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not JSON: \(line)")
        }
        let error = try #require(events.first { $0["type"] as? String == "error" })
        #expect(error["address"] as? String == "broken")
        #expect((error["message"] as? String)?.contains("fail") == true, "\(error)")
        let skipped = try #require(events.first { $0["type"] as? String == "skipped" })
        #expect(skipped["address"] as? String == "after")
        #expect(events.contains { $0["type"] as? String == "done" && $0["address"] as? String == "fine" })
        let last = try #require(events.last)
        #expect(last["type"] as? String == "summary")
        #expect(last["succeeded"] as? Bool == false)
        #expect(last["failed"] as? Int == 1)
        #expect(last["skipped"] as? Int == 1)
        #expect(last["added"] as? Int == 1)
    }

    @Test func destroyJSONIsOneEventALine() throws {
        let sb = try sandbox()
        #expect(try sb.cairn(["apply", "stack", "--auto-approve"] + secretVar).status == 0)
        let destroy = try sb.cairn(["destroy", "stack", "--json", "--auto-approve"] + secretVar)
        #expect(destroy.status == 0, "\(destroy.both)")
        let events = try destroy.lines.map { line -> [String: Any] in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not JSON: \(line)")
        }
        #expect(events.filter { $0["type"] as? String == "done" }.count == 4)
        #expect(events.last?["type"] as? String == "summary")
        #expect(events.last?["destroyed"] as? Int == 4)
        #expect(!sb.exists("out/key.txt"))
    }
}
