import CairnProviderKit
import Foundation
import LoadBalancerKit

#if canImport(Glibc)
    import Glibc
#endif

/// Changes a running HAProxy: files + `haproxy -c` + USR2 to the master for structure, the
/// runtime API for weights and states. One change at a time per provider instance.
final class HAProxyControl: Sendable {
    let settings: HAProxySettings
    let api: RuntimeAPI
    private let queue = SerialQueue(label: "cairn.haproxy")
    static let reloadTimeout = 15.0

    init(settings: HAProxySettings) {
        self.settings = settings
        api = RuntimeAPI(path: settings.socket)
    }

    func serialized<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await queue.run(work)
    }

    /// Writes `writes` for the resource `label`, validates the whole folder and reloads. A rejected
    /// configuration puts the previous files back. `freshBackend` names a backend whose runtime
    /// state must not be carried over (the caller sets it afresh after the reload).
    func reloadWith(_ label: String, _ writes: [String: String?], freshBackend: String? = nil) throws {
        try FileManager.default.createDirectory(atPath: settings.confDir, withIntermediateDirectories: true)
        let change = try FileChange.apply(writes)
        let check = try CommandRunner.run(settings.binary, ["-c", "-f", settings.confDir])
        guard check.succeeded else {
            change.restore()
            throw ProviderError(
                "HAProxy rejected the configuration for \(label): \(Self.alerts(check))",
                hint: "fix what HAProxy names; the previous files were put back and HAProxy keeps serving its current configuration")
        }
        do {
            try saveServerState(except: freshBackend)
            try reload()
        } catch {
            change.restore()
            throw error
        }
    }

    /// Writes a file HAProxy reads only at its next reload (weights and maint after a runtime change).
    func rewrite(_ path: String, _ text: String) throws {
        _ = try FileChange.apply([path: text])
    }

    /// USR2 to the master, then wait until a new worker answers on the runtime API.
    private func reload() throws {
        guard let master = ProcessTable.pid(fromFile: settings.masterPidFile) else {
            throw ProviderError(
                "HAProxy is not running: no live process in its master pid file \(settings.masterPidFile)",
                hint: "start HAProxy in master-worker mode (-W) with `pidfile \(settings.masterPidFile)`")
        }
        let before = try workerPID()
        guard kill(master, SIGUSR2) == 0 else {
            throw ProviderError("cannot signal HAProxy's master process \(master): \(String(cString: strerror(errno)))")
        }
        let reloaded = ProcessTable.waitUntil(timeout: Self.reloadTimeout) {
            guard let now = try? self.workerPID() else { return false }
            return now != before
        }
        guard reloaded else {
            var error = ProviderError(
                "HAProxy did not start a new worker within \(Int(Self.reloadTimeout)) s after the reload",
                hint: "see HAProxy's own log (the master reports why the new configuration did not load)")
            // The master got the signal and may still load the files: the next plan must look.
            error.outcomeUnknown = true
            throw error
        }
    }

    func workerPID() throws -> Int32 {
        let info = try api.send("show info")
        guard let line = info.split(separator: "\n").first(where: { $0.hasPrefix("Pid: ") }), let pid = Int32(line.dropFirst(5)) else {
            throw ProviderError("HAProxy's runtime API did not report its Pid: \(info.prefix(200))")
        }
        return pid
    }

    /// Saves every server's runtime state where `load-server-state-from-file` finds it, so drained
    /// and weighted servers of other backends stay as they are across the reload.
    private func saveServerState(except backend: String?) throws {
        guard let path = settings.serverStateFile else { return }
        let state = try api.send("show servers state")
        let kept = state.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
            guard let backend else { return true }
            let words = line.split(separator: " ")
            return words.count < 2 || words[1] != backend || line.hasPrefix("#")
        }
        _ = try FileChange.apply([path: kept.joined(separator: "\n")])
    }

    /// The servers HAProxy runs for `backend`, nil when it does not know the backend.
    func liveServers(_ backend: String) throws -> [LiveServer]? {
        LiveServer.parse(try api.send("show servers state \(backend)"))
    }

    /// Sets a server's weight and state through the runtime API.
    func setRuntime(backend: String, _ server: Backend.Server) throws {
        for command in [
            "set server \(backend)/\(server.name) weight \(server.weight)",
            "set server \(backend)/\(server.name) state \(server.state)",
        ] {
            let answer = try api.send(command).trimmingCharacters(in: .whitespacesAndNewlines)
            // Success is an empty answer (weight may also echo nothing); anything else is HAProxy's complaint.
            guard answer.isEmpty else {
                throw ProviderError(
                    "HAProxy refused \"\(command)\": \(answer)",
                    hint: "check the backend and server names; the running HAProxy must have loaded them")
            }
        }
    }

    /// Whether the running HAProxy has a frontend called `name`.
    func frontendIsLive(_ name: String) throws -> Bool {
        try api.send("show stat").split(separator: "\n").contains { $0.hasPrefix("\(name),FRONTEND,") }
    }

    /// HAProxy's own complaint: its [ALERT] lines, else everything it printed.
    static func alerts(_ output: CommandOutput) -> String {
        if output.timedOut { return "haproxy -c did not finish within the timeout" }
        let lines = output.output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let alerts = lines.filter { $0.contains("[ALERT]") && !$0.contains("Fatal errors found") && !$0.contains("Error(s) found") }
            .map(withoutProcessID)
        let chosen = alerts.isEmpty ? lines.filter { !$0.isEmpty } : alerts
        return chosen.isEmpty ? "exit status \(output.status)" : chosen.joined(separator: "; ")
    }

    /// "[ALERT]    (1234) : config : parsing …" → "[ALERT] config : parsing …".
    private static func withoutProcessID(_ line: String) -> String {
        guard let open = line.firstIndex(of: "("), let close = line[open...].firstIndex(of: ")"),
            line[line.index(after: open)..<close].allSatisfy(\.isNumber)
        else { return line }
        let rest = line[line.index(after: close)...].drop { $0 == " " || $0 == ":" }
        return "[ALERT] " + rest
    }
}
