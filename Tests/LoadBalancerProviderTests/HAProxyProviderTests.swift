import CairnProviderKit
import Foundation
import HAProxyProvider
import TestServers
import Testing

/// The HAProxy provider against a real HAProxy (master-worker) with Python backends.
@Suite struct HAProxyProviderTests {
    @Test func requestsSpreadAndRemovingAServerMovesTheTrafficWithAReload() async throws {
        guard let lab = try await HAProxyLab.start(backends: 2) else { return }
        defer { lab.stop() }
        let app = try await lab.provider.create(kind: "backend", properties: lab.backend([(0, "ready", 1), (1, "ready", 1)]))
        _ = try await lab.provider.create(kind: "frontend", properties: lab.frontend())
        let spread = HTTPProbe.tally(port: lab.port, count: 20)
        #expect(spread == ["backend 1": 10, "backend 2": 10], "\(spread)")

        let worker = lab.haproxy.workerPID
        let master = try #require(lab.haproxy.masterPID)
        _ = try await lab.provider.update(kind: "backend", prior: app, properties: lab.backend([(0, "ready", 1)]))
        #expect(lab.haproxy.workerPID != worker, "removing a server is structural: a new worker must answer")
        #expect(lab.haproxy.masterPID == master, "a reload keeps the master")
        #expect(HTTPProbe.tally(port: lab.port, count: 20) == ["backend 1": 20])
        #expect(Set(lab.runtime().keys) == ["s1"])
        #expect(lab.file("backend-app.cfg")?.contains("server s2") == false)
    }

    @Test func drainAndWeightGoThroughTheRuntimeAPIWithoutAReload() async throws {
        guard let lab = try await HAProxyLab.start(backends: 3) else { return }
        defer { lab.stop() }
        let p = lab.provider
        let app = try await p.create(kind: "backend", properties: lab.backend([(0, "ready", 1), (1, "ready", 1)]))
        let other = try await p.create(kind: "backend", properties: lab.backend([(2, "ready", 1)], name: "other"))
        _ = try await p.create(kind: "frontend", properties: lab.frontend())
        let master = try #require(lab.haproxy.masterPID)
        let worker = try #require(lab.haproxy.workerPID)
        let reloads = { lab.haproxy.log.components(separatedBy: "Reloading HAProxy").count - 1 }
        let reloadsBefore = reloads()
        #expect(reloadsBefore >= 3, "each create reloaded")

        let drained = try await p.update(kind: "backend", prior: app, properties: lab.backend([(0, "ready", 4), (1, "drain", 1)]))
        #expect(lab.haproxy.workerPID == worker, "a drain must not reload")
        #expect(lab.haproxy.masterPID == master)
        #expect(reloads() == reloadsBefore, "the master logged no reload")
        #expect(lab.runtime()["s2"]?.admin == 8, "HAProxy's own view: s2 is in forced drain")
        #expect(lab.runtime()["s1"]?.weight == 4)
        #expect(HTTPProbe.tally(port: lab.port, count: 12) == ["backend 1": 12])
        #expect(
            lab.file("backend-app.cfg")?.contains("server s1 \(lab.backends.address(0)) weight 4\n") == true,
            "the file keeps the weight for the next reload")
        #expect(try await p.read(kind: "backend", current: drained) == drained)

        // Drift made with socat shows in read.
        let socat = try lab.haproxy.socat("set server app/s1 state maint")
        #expect(socat.status == 0 && socat.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(socat.both)")
        let drifted = try #require(try await p.read(kind: "backend", current: drained))
        let states = drifted.attributes["servers"]?.listValue?.compactMap { $0.mapValue?["state"]?.stringValue }
        #expect(states == ["maint", "drain"])

        // Another backend's drain survives a reload (server-state file); the changed backend gets its own states back.
        _ = try await p.update(kind: "backend", prior: other, properties: lab.backend([(2, "drain", 1)], name: "other"))
        #expect(lab.runtime("other")["s3"]?.admin == 8)
        _ = try await p.update(
            kind: "backend", prior: drifted, properties: lab.backend([(0, "ready", 4), (1, "drain", 1), (2, "ready", 2)]))
        #expect(lab.haproxy.workerPID != worker, "adding a server reloads")
        #expect(lab.haproxy.masterPID == master)
        #expect(lab.runtime("other")["s3"]?.admin == 8, "\(lab.haproxy.command("show servers state other"))")
        #expect(lab.runtime()["s2"]?.admin == 8)
        #expect(lab.runtime()["s1"]?.admin == 0 && lab.runtime()["s1"]?.weight == 4)
        let tally = HTTPProbe.tally(port: lab.port, count: 12)
        #expect(tally == ["backend 1": 8, "backend 3": 4], "\(tally)")
    }

    @Test func aRejectedChangePutsTheFilesBackAndNoRequestFails() async throws {
        guard let lab = try await HAProxyLab.start(backends: 2) else { return }
        defer { lab.stop() }
        let p = lab.provider
        let app = try await p.create(kind: "backend", properties: lab.backend([(0, "ready", 1), (1, "ready", 1)]))
        _ = try await p.create(kind: "frontend", properties: lab.frontend())
        let traffic = TrafficLoop(port: lab.port)

        let valid = try await p.update(kind: "backend", prior: app, properties: lab.backend([(1, "ready", 1)], balance: "leastconn"))
        let before = lab.file("backend-app.cfg")
        let worker = lab.haproxy.workerPID
        let error = await #expect(throws: ProviderError.self) {
            _ = try await p.update(kind: "backend", prior: valid, properties: lab.backend([(0, "ready", 1)], balance: "bogus"))
        }
        #expect(error?.message.contains("haproxy.backend \"app\"") == true, "\(String(describing: error))")
        #expect(
            error?.message.contains("[ALERT] config : parsing [") == true && error?.message.contains("balance only supports") == true,
            "\(String(describing: error))")
        #expect(lab.file("backend-app.cfg") == before)
        #expect(lab.haproxy.workerPID == worker)

        // Deleting a backend a frontend still uses is refused the same way.
        await #expect(throws: ProviderError.self) { try await p.delete(kind: "backend", current: valid) }
        #expect(lab.file("backend-app.cfg") == before)

        try await Task.sleep(for: .milliseconds(300))
        let seen = traffic.stop()
        #expect(seen.failures.isEmpty, "\(seen.failures.count) failed requests: \(seen.failures.prefix(5))")
        #expect(seen.succeeded > 10)
        #expect(HTTPProbe.tally(port: lab.port, count: 4) == ["backend 2": 4])
    }

    @Test func readReturnsNilForAMissingFileAndImportFindsByName() async throws {
        guard let lab = try await HAProxyLab.start(backends: 1) else { return }
        defer { lab.stop() }
        let app = try await lab.provider.create(kind: "backend", properties: lab.backend([(0, "maint", 2)]))
        #expect(lab.file("backend-app.cfg")?.contains("weight 2 disabled") == true)
        #expect(lab.runtime()["s1"].map { $0.admin & 1 } == 1)
        #expect(try await lab.provider.importResource(kind: "backend", id: "app") == app)
        try FileManager.default.removeItem(atPath: lab.haproxy.confDir + "/backend-app.cfg")
        #expect(try await lab.provider.read(kind: "backend", current: app) == nil)
    }

    @Test func aReloadHAProxyCannotCarryOutFailsAndPutsTheFileBack() async throws {
        guard let lab = try await HAProxyLab.start(backends: 1) else { return }
        defer { lab.stop() }
        _ = try await lab.provider.create(kind: "backend", properties: lab.backend([(0, "ready", 1)]))
        let worker = lab.haproxy.workerPID
        // haproxy -c does not bind: a port already taken (by the Python backend) fails only in the master.
        var taken = lab.frontend()
        taken["bind"] = .string(lab.backends.address(0))
        let error = await #expect(throws: ProviderError.self) {
            _ = try await lab.provider.create(kind: "frontend", properties: taken)
        }
        #expect(error?.message.contains("did not start a new worker") == true, "\(String(describing: error))")
        #expect(error?.outcomeUnknown == true)
        #expect(lab.file("frontend-web.cfg") == nil)
        #expect(lab.haproxy.workerPID == worker, "the old worker goes on")
        #expect(lab.haproxy.log.contains("cannot bind socket"))
        let frontend = try await lab.provider.create(kind: "frontend", properties: lab.frontend())
        #expect(HTTPProbe.tally(port: lab.port, count: 3) == ["backend 1": 3])
        #expect(try await lab.provider.read(kind: "frontend", current: frontend) == frontend)
    }
}
