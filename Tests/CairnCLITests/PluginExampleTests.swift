import Foundation
import Testing

/// External plugins through the real binary: the example inventory plugin end to end, and plugins
/// that fail in the middle of an apply.
@Suite struct PluginExampleTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("providers/examples")

    /// The example stack, copied into the sandbox with a plugins/ link to the example plugin.
    func exampleSandbox() throws -> Sandbox {
        let sb = try Sandbox()
        try sb.write("stack.yaml", String(contentsOf: Self.examples.appendingPathComponent("inventory/stack.yaml"), encoding: .utf8))
        try FileManager.default.createDirectory(atPath: sb.stackDir + "/plugins", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: sb.stackDir + "/plugins/cairn-provider-inventory",
            withDestinationPath: Self.examples.appendingPathComponent("cairn-provider-inventory").path)
        return sb
    }

    func inventory(_ sb: Sandbox) throws -> [String: [String: Any]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: sb.stackDir + "/out/inventory.json"))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return object?["items"] as? [String: [String: Any]] ?? [:]
    }

    func editInventory(_ sb: Sandbox, _ change: (inout [String: [String: Any]]) -> Void) throws {
        var items = try inventory(sb)
        change(&items)
        let data = try JSONSerialization.data(withJSONObject: ["items": items])
        try data.write(to: URL(fileURLWithPath: sb.stackDir + "/out/inventory.json"))
    }

    @Test func exampleStackAppliesChangesSeesDriftAndDestroys() throws {
        let sb = try exampleSandbox()
        let validate = try sb.cairn(["validate", "stack"])
        #expect(validate.status == 0, "\(validate.stderr)")

        let apply = try sb.cairn(["apply", "stack", "--auto-approve"])
        #expect(apply.status == 0, "\(apply.stdout)\(apply.stderr)")
        #expect(apply.stdout.contains("Apply complete! Resources: 4 added, 0 changed, 0 destroyed."))
        var items = try inventory(sb)
        #expect(items.keys.sorted() == ["apples", "crate-0", "crate-1", "flour"])
        #expect(items["apples"]?["quantity"] as? Int == 12)
        let sku = try #require(items["apples"]?["sku"] as? String)
        #expect(items["crate-0"]?["tags"] as? [String] == ["holds:\(sku)"])
        #expect(!apply.stdout.contains("ACME-0042"))

        let again = try sb.cairn(["plan", "stack", "--detailed-exitcode"])
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        #expect(again.stdout.contains("No changes."))

        let change = try sb.cairn(["apply", "stack", "--auto-approve", "--var", "apples=20"])
        #expect(change.stdout.contains("~ apples (inventory.item) will be updated in place"), "\(change.stdout)")
        #expect(change.stdout.contains("updated_at") && change.stdout.contains("(known after apply)"))
        #expect(change.stdout.contains("Resources: 0 added, 1 changed, 0 destroyed."), "\(change.stdout)\(change.stderr)")
        #expect(try inventory(sb)["apples"]?["quantity"] as? Int == 20)

        try editInventory(sb) { items in
            items["flour"]?["quantity"] = 99
            items["crate-1"] = nil
            items["pallet"] = ["location": "loading-dock", "quantity": 3]
        }
        let drift = try sb.cairn(["plan", "stack", "--var", "apples=20"])
        #expect(drift.stdout.contains("Changes made outside Cairn"), "\(drift.stdout)\(drift.stderr)")
        #expect(drift.stdout.contains("~ flour (inventory.item): quantity 4 → 99"), "\(drift.stdout)")
        #expect(drift.stdout.contains("- crate[1] (inventory.item) was deleted"), "\(drift.stdout)")
        #expect(drift.stdout.contains("Plan: 1 to add, 1 to change, 0 to destroy."), "\(drift.stdout)")
        #expect(drift.stdout.contains(#"~ at_loading_dock = [] → ["pallet"]"#), "\(drift.stdout)")
        let repair = try sb.cairn(["apply", "stack", "--auto-approve", "--var", "apples=20"])
        #expect(repair.status == 0, "\(repair.stderr)")
        items = try inventory(sb)
        #expect(items["flour"]?["quantity"] as? Int == 4)
        #expect(items["crate-1"] != nil)

        let destroy = try sb.cairn(["destroy", "stack", "--auto-approve", "--var", "apples=20"])
        #expect(destroy.status == 0, "\(destroy.stderr)")
        #expect(destroy.stdout.contains("Destroy complete! Resources: 4 destroyed."), "\(destroy.stdout)")
        #expect(try inventory(sb).keys.sorted() == ["pallet"])
        #expect(pluginProcesses(under: sb.path).isEmpty)
    }

    @Test func pluginChecksAndSavedPlansWork() throws {
        let sb = try exampleSandbox()
        let text = try #require(sb.file("stack/stack.yaml"))
        try sb.write("stack.yaml", text.replacingOccurrences(of: "quantity: 4,", with: "quantity: -1,"))
        let bad = try sb.cairn(["validate", "stack"])
        #expect(bad.status == 1)
        // Reported at the property's place in the file, like a built-in provider's check.
        #expect(bad.stderr.contains("stack.yaml:"), "\(bad.stderr)")
        #expect(bad.stderr.contains(": error: flour: property \"quantity\": must be a whole number, 0 or more, got -1"), "\(bad.stderr)")

        try sb.write("stack.yaml", text)
        let plan = try sb.cairn(["plan", "stack", "-o", "saved.plan"])
        #expect(plan.status == 0, "\(plan.stderr)")
        let apply = try sb.cairn(["apply", "saved.plan"])
        #expect(apply.status == 0, "\(apply.stderr)")
        #expect(apply.stdout.contains("Apply complete! Resources: 4 added"), "\(apply.stdout)")
        #expect(try inventory(sb).count == 4)
    }

    @Test func providersListsThePluginsSchema() throws {
        let sb = try Sandbox()
        let r = try sb.cairn(["providers", "inventory"], env: ["CAIRN_PLUGIN_PATH": Self.examples.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("inventory 1.0.0"))
        #expect(r.stdout.contains("resource inventory.item"))
        #expect(r.stdout.contains("data inventory.summary"))
        #expect(r.stdout.contains("forces replacement"))
        let all = try sb.cairn(["providers", "--json"], env: ["CAIRN_PLUGIN_PATH": Self.examples.path])
        #expect(all.stdout.contains("\"inventory\"") && all.stdout.contains("\"local\""))
    }

    @Test func debugLogShowsWhatThePluginLogged() throws {
        let sb = try exampleSandbox()
        let r = try sb.cairn(["plan", "stack", "--log-level", "debug"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("inventory["), "\(r.stderr)")
        #expect(r.stderr.contains("configured with"), "\(r.stderr)")
    }

    @Test func unknownProviderSaysWhereItLooked() throws {
        let sb = try Sandbox()
        try sb.write("stack.yaml", "stack: test\nresources:\n  x:\n    type: nothere.thing\n")
        let r = try sb.cairn(["validate", "stack"])
        #expect(r.status == 1)
        #expect(
            r.stderr.contains(
                "stack.yaml:4:11: error: unknown provider \"nothere\": it is not built in, and no cairn-provider-nothere was found"),
            "\(r.stderr)")
        #expect(r.stderr.contains("CAIRN_PLUGIN_PATH"))
    }

    // MARK: Failing plugins

    static let crashing = """
        #!/usr/bin/env python3
        import json, os, sys, time
        MODE = "%MODE%"
        open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "pids"), "a").write("%d\\n" % os.getpid())
        SCHEMA = {"resources": {"thing": {"properties": {"name": {"type": "string", "required": True},
                                                         "id": {"type": "string", "computed": True}}}}}
        for line in sys.stdin:
            req = json.loads(line)
            m, p = req["method"], req.get("params") or {}
            if m == "handshake": result = {"protocol": 1, "name": "flaky", "version": "1"}
            elif m == "schema": result = SCHEMA
            elif m == "create" and MODE == "crash":
                print("boom", file=sys.stderr, flush=True); os._exit(3)
            elif m == "create" and MODE == "hang": time.sleep(600)
            elif m in ("create", "update"): result = {"id": p["properties"]["name"], "attributes": dict(p["properties"], id=p["properties"]["name"])}
            elif m == "read": result = p["current"]
            else: result = None
            print(json.dumps({"jsonrpc": "2.0", "id": req["id"], "result": result}), flush=True)
        """

    func flakyStack(_ sb: Sandbox, mode: String) throws {
        try sb.write(
            "stack.yaml",
            """
            stack: test
            resources:
              note:
                type: local.file
                properties: { path: "${path.stack}/note.txt", content: hi }
              bad:
                type: flaky.thing
                properties: { name: bad }
            """)
        try sb.write("plugins/cairn-provider-flaky", Self.crashing.replacingOccurrences(of: "%MODE%", with: mode))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: sb.stackDir + "/plugins/cairn-provider-flaky")
    }

    @Test func crashingPluginFailsItsResourceOnly() throws {
        let sb = try Sandbox()
        try flakyStack(sb, mode: "crash")
        let r = try sb.cairn(["apply", "stack", "--auto-approve"])
        #expect(r.status == 1)
        #expect(
            r.stderr.contains(
                "error: bad: create failed: plugin flaky failed during create of flaky.thing: it exited with status 3; its last log line: \"boom\""
            ),
            "\(r.stderr)")
        #expect(sb.file("stack/note.txt") == "hi")
        #expect(try sb.cairn(["state", "list", "--stack", "stack"]).stdout == "note\n")
        #expect(pluginProcesses(under: sb.path).isEmpty)
        #expect(recordedPIDs(sb).allSatisfy { kill($0, 0) != 0 })

        try flakyStack(sb, mode: "ok")
        let retry = try sb.cairn(["apply", "stack", "--auto-approve"])
        #expect(retry.status == 0, "\(retry.stderr)")
        #expect(retry.stdout.contains("Resources: 1 added, 0 changed, 0 destroyed."), "\(retry.stdout)")
    }

    @Test func hungPluginTimesOutAndIsStopped() throws {
        let sb = try Sandbox()
        try flakyStack(sb, mode: "hang")
        let start = Date()
        let r = try sb.cairn(["apply", "stack", "--auto-approve"], env: ["CAIRN_PLUGIN_TIMEOUT": "1", "CAIRN_PLUGIN_GRACE": "0.2"])
        #expect(Date().timeIntervalSince(start) < 15)
        #expect(r.status == 1)
        #expect(
            r.stderr.contains(
                "bad: create failed: plugin flaky failed during create of flaky.thing: it did not answer within 1s; it was stopped"),
            "\(r.stderr)")
        #expect(r.stderr.contains("CAIRN_PLUGIN_TIMEOUT"))
        #expect(sb.file("stack/note.txt") == "hi")
        #expect(pluginProcesses(under: sb.path).isEmpty)
        #expect(recordedPIDs(sb).allSatisfy { kill($0, 0) != 0 })
    }

    func recordedPIDs(_ sb: Sandbox) -> [Int32] {
        (sb.file("stack/plugins/pids") ?? "").split(separator: "\n").compactMap { Int32($0) }
    }
}

/// Process ids whose command line mentions `path` (plugins started from a sandbox).
func pluginProcesses(under path: String) -> [Int32] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap(Int32.init).filter { pid in
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
        return String(decoding: data, as: UTF8.self).contains(path)
    }
}
