import CairnPluginHost
import CairnProviderKit
import Foundation
import Testing

/// A fresh folder for one test's scripts and files.
final class Scratch {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-plugin-test-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { "\(path)/\(name)" }

    /// Writes an executable file.
    @discardableResult
    func executable(_ name: String, _ text: String) throws -> String {
        let p = file(name)
        try FileManager.default.createDirectory(atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: p)
        return p
    }

    /// Writes `cairn-provider-NAME`: a small well-behaved Python plugin whose handlers `overrides`
    /// may redefine (`def on_create(req): …`).
    @discardableResult
    func pythonPlugin(_ name: String, _ overrides: String = "") throws -> String {
        try executable("cairn-provider-\(name)", PythonPlugin.source(name: name, overrides: overrides))
    }
}

enum PythonPlugin {
    static func source(name: String, overrides: String) -> String {
        """
        #!/usr/bin/env python3
        import json, os, sys, time
        NAME = "\(name)"
        SCHEMA = {"resources": {"thing": {"properties": {
            "name": {"type": "string", "required": True, "force_new": True},
            "size": {"type": "number", "optional": True, "default": 1},
            "id": {"type": "string", "computed": True}}}},
            "data_sources": {"facts": {"properties": {"answer": {"type": "number", "computed": True}}}}}
        def send(obj):
            sys.stdout.write(json.dumps(obj) + "\\n"); sys.stdout.flush()
        def reply(req, result):
            send({"jsonrpc": "2.0", "id": req["id"], "result": result})
        def fail(req, code, message, data=None):
            err = {"code": code, "message": message}
            if data is not None: err["data"] = data
            send({"jsonrpc": "2.0", "id": req["id"], "error": err})
        def on_handshake(req): reply(req, {"protocol": 1, "name": NAME, "version": "0.0.1"})
        def on_schema(req): reply(req, SCHEMA)
        def on_configure(req): reply(req, {})
        def on_create(req):
            p = req["params"]["properties"]
            reply(req, {"id": p["name"], "attributes": dict(p, id=p["name"])})
        def on_read(req): reply(req, req["params"]["current"])
        def on_update(req):
            p = req["params"]["properties"]
            reply(req, {"id": p["name"], "attributes": dict(p, id=p["name"])})
        def on_delete(req): reply(req, None)
        def on_read_data(req): reply(req, {"attributes": {"answer": 42}})
        \(overrides)
        for line in sys.stdin:
            req = json.loads(line)
            handler = globals().get("on_" + req["method"])
            if handler is None:
                fail(req, -32601, "no method " + req["method"])
            else:
                handler(req)
        """
    }
}

/// Options that keep misbehaving plugins from slowing the tests down.
func fastOptions(timeout: Double = 2) -> PluginHostOptions {
    PluginHostOptions(timeout: timeout, grace: 0.3, maxRestarts: 2, cairnVersion: "test")
}

/// Whether a process with this id still exists (a zombie counts: it has not been reaped).
func processExists(_ pid: Int32) -> Bool {
    kill(pid, 0) == 0 || errno != ESRCH
}

/// Waits until the process is gone and reaped; false if it is still there after `seconds`.
func waitUntilGone(_ pid: Int32, seconds: Double = 20) async -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if !processExists(pid) { return true }
        try? await Task.sleep(nanoseconds: 20_000_000)
    }
    return !processExists(pid)
}

/// The error a call throws, as the text the user would read.
func failure(_ body: () async throws -> Void) async -> ProviderError? {
    do {
        try await body()
        return nil
    } catch let e as ProviderError {
        return e
    } catch {
        Issue.record("expected a ProviderError, got \(error)")
        return nil
    }
}

enum BuiltExecutables {
    /// A product of this package's debug (or release) build.
    static func path(_ name: String) -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for candidate in [".build/debug/\(name)", ".build/release/\(name)"] {
            let p = root.appendingPathComponent(candidate).path
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return root.appendingPathComponent(".build/debug/\(name)").path
    }

    static var builtinServer: String { path("cairn-provider-builtin-test") }

    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
}
