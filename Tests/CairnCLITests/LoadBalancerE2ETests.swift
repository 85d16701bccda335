import Foundation
import TestServers
import Testing

/// nginx and HAProxy providers through the built `cairn` binary, against real servers.
@Suite struct LoadBalancerE2ETests {
    static func nginxStack(_ nginx: NginxServer, port: UInt16, servers: [String]) -> String {
        let settings = nginx.providerSettings.map { "    \($0.key): \"\($0.value)\"" }.sorted().joined(separator: "\n")
        return """
            stack: test
            providers:
              nginx:
            \(settings)
            resources:
              app:
                type: nginx.upstream
                properties:
                  name: app
                  servers:
            \(servers.map { "        - { address: \"\($0)\" }" }.joined(separator: "\n"))
              web:
                type: nginx.server
                properties:
                  name: web
                  listen: "127.0.0.1:\(port)"
                  locations:
                    - { path: /, upstream: "${app.name}" }
                    - { path: /health, return: 200, body: "ok" }

            """
    }

    @Test func nginxApplyDriftRepairRejectedChangeAndDestroy() throws {
        guard try TestServers.available("nginx", "python3") else { return }
        let dir = try TestServers.makeDirectory("e2engx")
        defer { try? FileManager.default.removeItem(at: dir) }
        let backends = try HTTPBackends(count: 2, in: dir)
        defer { backends.stop() }
        let nginx = try NginxServer(dir: dir)
        defer { nginx.stop() }
        let port = try TestServers.freePort()
        let sb = try Sandbox()
        let both = [backends.address(0), backends.address(1)]

        try sb.write("stack.yaml", Self.nginxStack(nginx, port: port, servers: both))
        let apply = try sb.cairn(["apply", "stack", "--auto-approve"])
        #expect(apply.status == 0, "\(apply.both)")
        let spread = HTTPProbe.tally(port: port, count: 20)
        #expect(spread["backend 1", default: 0] >= 5 && spread["backend 2", default: 0] >= 5, "\(spread)")
        #expect(HTTPProbe.get(port: port, path: "/health")?.body == "ok")
        let clean = try sb.cairn(["plan", "stack", "--detailed-exitcode"])
        #expect(clean.status == 0, "what was applied reads back unchanged\n\(clean.both)")

        // Edited out of band: plan shows it, apply puts the file back.
        let file = nginx.confDir + "/upstream-app.conf"
        let original = try String(contentsOfFile: file, encoding: .utf8)
        try original.replacingOccurrences(of: "weight=1", with: "weight=9").write(toFile: file, atomically: true, encoding: .utf8)
        let drift = try sb.cairn(["plan", "stack", "--detailed-exitcode"])
        #expect(drift.status == 2, "\(drift.both)")
        #expect(drift.stdout.contains("Changes made outside Cairn"), "\(drift.stdout)")
        #expect(drift.stdout.contains("~ app (nginx.upstream) will be updated in place"), "\(drift.stdout)")
        #expect(try sb.cairn(["apply", "stack", "--auto-approve"]).status == 0)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == original)

        // Removing a backend moves all traffic; a client running throughout sees no failed request.
        let traffic = TrafficLoop(port: port)
        try sb.write("stack.yaml", Self.nginxStack(nginx, port: port, servers: [both[0]]))
        #expect(try sb.cairn(["apply", "stack", "--auto-approve"]).status == 0)
        #expect(HTTPProbe.tally(port: port, count: 20) == ["backend 1": 20])
        let kept = try String(contentsOfFile: file, encoding: .utf8)

        // A change nginx rejects fails with nginx's message; files and traffic stay as they were.
        try sb.write("stack.yaml", Self.nginxStack(nginx, port: port, servers: ["127.0.0.1:99999"]))
        let rejected = try sb.cairn(["apply", "stack", "--auto-approve"])
        #expect(rejected.status != 0)
        #expect(
            rejected.stderr.contains(
                "app: update failed: nginx rejected the configuration for nginx.upstream \"app\": [emerg] invalid port"),
            "\(rejected.both)")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == kept)
        #expect(HTTPProbe.tally(port: port, count: 5) == ["backend 1": 5])
        let seen = traffic.stop()
        #expect(seen.failures.isEmpty && seen.succeeded > 10, "\(seen.succeeded) succeeded, failures: \(seen.failures.prefix(5))")

        let destroy = try sb.cairn(["destroy", "stack", "--auto-approve"])
        #expect(destroy.status == 0, "\(destroy.both)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: nginx.confDir).isEmpty)
        #expect(TestServers.waitUntil(timeout: 5) { HTTPProbe.get(port: port) == nil }, "nothing listens after destroy")
    }

    @Test func haproxyDrainMadeWithSocatShowsInPlanAndApplyUndoesItWithoutReload() throws {
        guard try TestServers.available("haproxy", "socat", "python3") else { return }
        let dir = try TestServers.makeDirectory("e2ehap")
        defer { try? FileManager.default.removeItem(at: dir) }
        let backends = try HTTPBackends(count: 2, in: dir)
        defer { backends.stop() }
        let haproxy = try HAProxyServer(dir: dir)
        defer { haproxy.stop() }
        let port = try TestServers.freePort()
        let sb = try Sandbox()
        let settings = haproxy.providerSettings.map { "    \($0.key): \"\($0.value)\"" }.sorted().joined(separator: "\n")
        try sb.write(
            "stack.yaml",
            """
            stack: test
            providers:
              haproxy:
            \(settings)
            resources:
              app:
                type: haproxy.backend
                properties:
                  name: app
                  servers:
                    - { name: s1, address: "\(backends.address(0))" }
                    - { name: s2, address: "\(backends.address(1))", weight: 2 }
              web:
                type: haproxy.frontend
                properties:
                  name: web
                  bind: "127.0.0.1:\(port)"
                  default_backend: "${app.name}"

            """)
        let apply = try sb.cairn(["apply", "stack", "--auto-approve"])
        #expect(apply.status == 0, "\(apply.both)")
        #expect(HTTPProbe.tally(port: port, count: 12) == ["backend 1": 4, "backend 2": 8])
        #expect(try sb.cairn(["plan", "stack", "--detailed-exitcode"]).status == 0)

        let socat = try haproxy.socat("set server app/s2 state drain")
        #expect(socat.status == 0, "\(socat.both)")
        #expect(HTTPProbe.tally(port: port, count: 6) == ["backend 1": 6])
        let worker = haproxy.workerPID
        let plan = try sb.cairn(["plan", "stack", "--detailed-exitcode"])
        #expect(plan.status == 2, "\(plan.both)")
        #expect(plan.stdout.contains("Changes made outside Cairn"), "\(plan.stdout)")
        #expect(plan.stdout.contains("\"drain\""), "\(plan.stdout)")

        var traffic = TrafficLoop(port: port)
        let repair = try sb.cairn(["apply", "stack", "--auto-approve"])
        #expect(repair.status == 0, "\(repair.both)")
        #expect(haproxy.workerPID == worker, "undoing a drain needs no reload")
        var seen = traffic.stop()
        #expect(seen.failures.isEmpty && seen.succeeded > 0, "\(seen.succeeded) succeeded, failures: \(seen.failures.prefix(5))")
        // Weighted again, 1:2; after a state change HAProxy's round robin restarts at no fixed
        // point of its cycle, so the split of 30 requests is checked within one cycle's slack.
        let shares = HTTPProbe.tally(port: port, count: 30)
        #expect(shares.keys.sorted() == ["backend 1", "backend 2"] && (8...12).contains(shares["backend 1"] ?? 0), "\(shares)")

        // A change HAProxy rejects fails with its message and leaves the file and the traffic alone.
        traffic = TrafficLoop(port: port)
        let file = haproxy.confDir + "/backend-app.cfg"
        let kept = try String(contentsOfFile: file, encoding: .utf8)
        let stack = try #require(sb.file("stack/stack.yaml"))
        try sb.write("stack.yaml", stack.replacingOccurrences(of: "      name: app\n", with: "      name: app\n      balance: bogus\n"))
        let rejected = try sb.cairn(["apply", "stack", "--auto-approve"])
        #expect(rejected.status != 0)
        #expect(
            rejected.stderr.contains("app: update failed: HAProxy rejected the configuration for haproxy.backend \"app\": [ALERT]"),
            "\(rejected.both)")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == kept)
        #expect(haproxy.workerPID == worker)
        // And a valid structural change reloads HAProxy under the same client.
        try sb.write("stack.yaml", stack.replacingOccurrences(of: "      name: app\n", with: "      name: app\n      balance: leastconn\n"))
        let reload = try sb.cairn(["apply", "stack", "--auto-approve"])
        #expect(reload.status == 0, "\(reload.both)")
        #expect(haproxy.workerPID != worker, "a new balance algorithm needs a reload")
        seen = traffic.stop()
        #expect(seen.failures.isEmpty && seen.succeeded > 0, "\(seen.succeeded) succeeded, failures: \(seen.failures.prefix(5))")

        #expect(try sb.cairn(["destroy", "stack", "--auto-approve"]).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: haproxy.confDir) == ["00-global.cfg"])
    }
}
