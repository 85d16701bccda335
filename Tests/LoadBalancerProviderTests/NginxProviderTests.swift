import CairnProviderKit
import Foundation
import NginxProvider
import TestServers
import Testing

/// The nginx provider against a real nginx with Python backends.
@Suite struct NginxProviderTests {
    @Test func requestsSpreadAcrossBackendsAndRemovingOneMovesTheTraffic() async throws {
        guard let lab = try await NginxLab.start(backends: 2) else { return }
        defer { lab.stop() }
        let up = try await lab.provider.create(kind: "upstream", properties: lab.upstream(servers: [0, 1]))
        _ = try await lab.provider.create(kind: "server", properties: lab.server())
        #expect(up.id == "app")
        #expect(lab.file("upstream-app.conf")?.contains("server \(lab.backends.address(1)) weight=1") == true)

        let spread = HTTPProbe.tally(port: lab.port, count: 20)
        #expect(spread["backend 1", default: 0] >= 5 && spread["backend 2", default: 0] >= 5, "\(spread)")
        #expect(spread.values.reduce(0, +) == spread["backend 1", default: 0] + spread["backend 2", default: 0], "\(spread)")
        let health = HTTPProbe.get(port: lab.port, path: "/health")
        #expect(health?.status == 200 && health?.body == "ok \"fine\"\n")

        let updated = try await lab.provider.update(kind: "upstream", prior: up, properties: lab.upstream(servers: [0]))
        #expect((updated.attributes["servers"]?.listValue?.count) == 1)
        #expect(HTTPProbe.tally(port: lab.port, count: 20) == ["backend 1": 20])
    }

    @Test func aRejectedChangePutsTheFilesBackAndNoRequestFails() async throws {
        guard let lab = try await NginxLab.start(backends: 2) else { return }
        defer { lab.stop() }
        let up = try await lab.provider.create(kind: "upstream", properties: lab.upstream(servers: [0, 1]))
        _ = try await lab.provider.create(kind: "server", properties: lab.server())
        let master = lab.nginx.masterPID
        let traffic = TrafficLoop(port: lab.port)

        // A valid change: the reload must not drop a request.
        let valid = try await lab.provider.update(kind: "upstream", prior: up, properties: lab.upstream(servers: [1]))
        #expect(TestServers.waitUntil(timeout: 5) { HTTPProbe.tally(port: lab.port, count: 4) == ["backend 2": 4] })
        let before = lab.file("upstream-app.conf")

        // nginx rejects a port out of range: the error names the resource and quotes nginx.
        var bad = lab.upstream(servers: [0])
        bad["servers"] = .list([.map(["address": "127.0.0.1:99999", "weight": 1, "backup": false, "max_fails": 1, "fail_timeout": "10s"])])
        let error = await #expect(throws: ProviderError.self) {
            _ = try await lab.provider.update(kind: "upstream", prior: valid, properties: bad)
        }
        #expect(error?.message.contains("nginx.upstream \"app\"") == true, "\(String(describing: error))")
        #expect(error?.message.contains("[emerg] invalid port in upstream \"127.0.0.1:99999\"") == true, "\(String(describing: error))")
        #expect(lab.file("upstream-app.conf") == before)

        // A new server nginx rejects leaves no file behind.
        var broken = lab.server("broken")
        broken["extra_directives"] = ["no_such_directive on;"]
        await #expect(throws: ProviderError.self) { _ = try await lab.provider.create(kind: "server", properties: broken) }
        #expect(lab.file("server-broken.conf") == nil)

        try await Task.sleep(for: .milliseconds(300))
        let seen = traffic.stop()
        #expect(seen.failures.isEmpty, "\(seen.failures.count) failed requests: \(seen.failures.prefix(5))")
        #expect(seen.succeeded > 10)
        #expect(lab.nginx.masterPID == master)
        #expect(HTTPProbe.tally(port: lab.port, count: 4) == ["backend 2": 4])
    }

    @Test func readSeesFilesEditedOrRemovedOutOfBand() async throws {
        guard let lab = try await NginxLab.start(backends: 1) else { return }
        defer { lab.stop() }
        let up = try await lab.provider.create(kind: "upstream", properties: lab.upstream(servers: [0]))
        let srv = try await lab.provider.create(kind: "server", properties: lab.server())
        #expect(try await lab.provider.read(kind: "upstream", current: up) == up)
        #expect(try await lab.provider.read(kind: "server", current: srv) == srv)

        let path = lab.nginx.confDir + "/upstream-app.conf"
        let edited = try #require(lab.file("upstream-app.conf"))
            .replacingOccurrences(of: "weight=1", with: "weight=5")
            .replacingOccurrences(of: "}\n", with: "    keepalive 8;\n}\n")
        try edited.write(toFile: path, atomically: true, encoding: .utf8)
        let drifted = try #require(try await lab.provider.read(kind: "upstream", current: up))
        let server = drifted.attributes["servers"]?.listValue?.first?.mapValue
        #expect(server?["weight"] == 5)
        #expect(drifted.attributes["extra_directives"] == ["keepalive 8;"])

        // Update rewrites the file as configured.
        let repaired = try await lab.provider.update(kind: "upstream", prior: drifted, properties: lab.upstream(servers: [0]))
        #expect(try await lab.provider.read(kind: "upstream", current: repaired) == up)

        #expect(try await lab.provider.importResource(kind: "server", id: "web") == srv)
        #expect(try await lab.provider.adopt(kind: "server", properties: lab.server()) == srv)

        try FileManager.default.removeItem(atPath: path)
        #expect(try await lab.provider.read(kind: "upstream", current: up) == nil)
    }

    @Test func adoptLoadsAFileAnInterruptedCreateLeftAndDropsOneNginxRejects() async throws {
        guard let lab = try await NginxLab.start(backends: 1) else { return }
        defer { lab.stop() }
        // As if a run died after writing the file, before nginx reloaded.
        try """
        server {
            listen 127.0.0.1:\(lab.port);
            location / {
                return 200 "adopted";
            }
        }

        """.write(toFile: lab.nginx.confDir + "/server-late.conf", atomically: true, encoding: .utf8)
        #expect(HTTPProbe.get(port: lab.port) == nil, "nginx has not loaded it yet")
        let late: [String: Value] = [
            "name": "late", "listen": .string("127.0.0.1:\(lab.port)"),
            "locations": .list([.map(["path": "/", "return": 200, "body": "adopted"])]),
        ]
        let adopted = try #require(try await lab.provider.adopt(kind: "server", properties: late))
        #expect(adopted.attributes["listen"] == .string("127.0.0.1:\(lab.port)"))
        #expect(HTTPProbe.get(port: lab.port)?.body == "adopted")

        try "server { listen 127.0.0.1:1; bogus_directive; }\n".write(
            toFile: lab.nginx.confDir + "/server-torn.conf", atomically: true, encoding: .utf8)
        #expect(try await lab.provider.adopt(kind: "server", properties: ["name": "torn"]) == nil)
        #expect(lab.file("server-torn.conf") == nil, "a file nginx rejects is removed, so the create runs again")
        #expect(HTTPProbe.get(port: lab.port)?.body == "adopted")
    }

    @Test func parallelChangesDoNotInterleaveAndDeleteRemovesTheFile() async throws {
        guard let lab = try await NginxLab.start(backends: 2) else { return }
        defer { lab.stop() }
        let p = lab.provider
        async let a = p.create(kind: "upstream", properties: lab.upstream("a", servers: [0], method: "least_conn"))
        async let b = p.create(kind: "upstream", properties: lab.upstream("b", servers: [1], method: "ip_hash"))
        async let c = p.create(kind: "upstream", properties: lab.upstream("c", servers: [0, 1]))
        let made = try await [a, b, c]
        #expect(made.map(\.id) == ["a", "b", "c"])
        #expect(lab.file("upstream-b.conf")?.contains("    ip_hash;\n") == true)
        _ = try await p.create(kind: "server", properties: lab.server("web", upstream: "b"))
        #expect(HTTPProbe.tally(port: lab.port, count: 5) == ["backend 2": 5])

        // The upstream is still used by the server: nginx refuses, the file stays.
        await #expect(throws: ProviderError.self) { try await p.delete(kind: "upstream", current: made[1]) }
        #expect(lab.file("upstream-b.conf") != nil)
        try await p.delete(kind: "upstream", current: made[0])
        #expect(lab.file("upstream-a.conf") == nil)
        #expect(HTTPProbe.tally(port: lab.port, count: 3) == ["backend 2": 3])
    }

    @Test func aServerWithACertificateAnswersOverTLS() async throws {
        guard try TestServers.available("openssl", "curl"), let lab = try await NginxLab.start(backends: 1) else { return }
        defer { lab.stop() }
        let cert = lab.dir.path + "/site.pem"
        let key = lab.dir.path + "/site.key"
        let made = try TestServers.run(
            "openssl",
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=localhost",
            ])
        try #require(made.status == 0, "\(made.both)")
        _ = try await lab.provider.create(kind: "upstream", properties: lab.upstream(servers: [0]))
        var site = lab.server()
        site["tls_certificate"] = .string(cert)
        site["tls_certificate_key"] = .string(key)
        let created = try await lab.provider.create(kind: "server", properties: site)
        #expect(try await lab.provider.read(kind: "server", current: created) == created)
        let health = try TestServers.run("curl", ["-sk", "--max-time", "5", "https://127.0.0.1:\(lab.port)/health"])
        #expect(health.stdout == "ok \"fine\"\n", "\(health.both)")
        let proxied = try TestServers.run("curl", ["-sk", "--max-time", "5", "https://127.0.0.1:\(lab.port)/"])
        #expect(proxied.stdout == "backend 1\n", "\(proxied.both)")
    }

    @Test func aFolderNginxDoesNotIncludeOrAStoppedNginxIsAnErrorAndLeavesNoFile() async throws {
        guard let lab = try await NginxLab.start(backends: 1) else { return }
        defer { lab.stop() }
        let stray = NginxProvider()
        var settings = lab.nginx.providerSettings
        settings["conf_dir"] = lab.dir.path + "/elsewhere"
        try await stray.configure(settings.mapValues { .string($0) })
        let notIncluded = await #expect(throws: ProviderError.self) {
            _ = try await stray.create(kind: "upstream", properties: lab.upstream("z", servers: [0]))
        }
        #expect(
            notIncluded?.message.contains("does not include conf_dir \(lab.dir.path)/elsewhere") == true,
            "\(String(describing: notIncluded))")
        #expect(!FileManager.default.fileExists(atPath: lab.dir.path + "/elsewhere/upstream-z.conf"))

        // nginx -t does not bind ports: a port in use fails only at the reload, and is reported as such.
        let master = lab.nginx.masterPID
        let up = try await lab.provider.create(kind: "upstream", properties: lab.upstream(servers: [0]))
        var taken = lab.server("taken")
        taken["listen"] = .string(lab.backends.address(0))
        let bindError = await #expect(throws: ProviderError.self) {
            _ = try await lab.provider.create(kind: "server", properties: taken)
        }
        #expect(
            bindError?.message.contains("nginx did not load the new configuration: [emerg] bind() to \(lab.backends.address(0)) failed")
                == true,
            "\(String(describing: bindError))")
        #expect(lab.file("server-taken.conf") == nil)
        #expect(lab.nginx.masterPID == master)
        try await lab.provider.delete(kind: "upstream", current: up)

        lab.nginx.stop()
        let stopped = await #expect(throws: ProviderError.self) {
            _ = try await lab.provider.create(kind: "upstream", properties: lab.upstream(servers: [0]))
        }
        #expect(stopped?.message.contains("nginx is not running") == true, "\(String(describing: stopped))")
        #expect(lab.file("upstream-app.conf") == nil)
    }
}
