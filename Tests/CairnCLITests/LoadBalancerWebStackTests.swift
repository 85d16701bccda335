import Foundation
import TestServers
import Testing

/// The repository's stacks/web, applied as a user would: busybox containers on the test process's
/// shared dockerd, behind a real nginx started here.
@Suite struct LoadBalancerWebStackTests {
    @Test func webStackServesEveryContainerScalesWithoutAFailedRequestAndDestroysCleanly() throws {
        guard let docker = try Dockerd.shared(), try TestServers.available("nginx") else { return }
        let prefix = "w" + String(UUID().uuidString.prefix(6)).lowercased()
        let backend = { (i: Int) in "\(prefix)-backend-\(i)" }
        defer {
            for i in 0..<3 { _ = try? docker.api("DELETE", "/containers/\(backend(i))?force=1") }
            _ = try? docker.api("DELETE", "/networks/\(prefix)-net")
            _ = try? docker.api("DELETE", "/images/cairn-web/\(prefix)-busybox:1?force=1")
        }
        let dir = try TestServers.makeDirectory("e2eweb")
        defer { try? FileManager.default.removeItem(at: dir) }
        let nginx = try NginxServer(dir: dir)
        defer { nginx.stop() }
        let tarball = try Dockerd.busyboxRootfs()
        defer { try? FileManager.default.removeItem(at: tarball.deletingLastPathComponent()) }
        let sb = try Sandbox()
        try FileManager.default.copyItem(at: RepoRoot.url.appendingPathComponent("stacks/web"), to: URL(fileURLWithPath: sb.stackDir))

        let listen = try TestServers.freePort()
        let ports = [try TestServers.freePort(), try TestServers.freePort(), try TestServers.freePort()]
        let common = [
            "host=\(docker.host)", "tarball=\(tarball.path)", "prefix=\(prefix)",
            "nginx_prefix=\(nginx.dir.path)", "nginx_config=\(nginx.configPath)", "nginx_error_log=\(nginx.errorLog)",
            "conf_dir=\(nginx.confDir)", "listen=127.0.0.1:\(listen)",
        ]
        func vars(backends: Int) -> [String] {
            (common + ["backend_ports=[\(ports.prefix(backends).map(String.init).joined(separator: ", "))]"]).flatMap { ["--var", $0] }
        }

        // Two backends, each healthy in Docker's view and each answering through nginx with its own page.
        let apply = try sb.cairn(["apply", "stack", "--auto-approve"] + vars(backends: 2))
        try #require(apply.status == 0, "\(apply.both)")
        for i in 0..<2 {
            let (_, json) = try docker.api("GET", "/containers/\(backend(i))/json")
            let state = (json as? [String: Any])?["State"] as? [String: Any]
            #expect((state?["Health"] as? [String: Any])?["Status"] as? String == "healthy", "\(backend(i)): \(String(describing: state))")
        }
        let spread = HTTPProbe.tally(port: listen, count: 20)
        #expect(Set(spread.keys) == [backend(0), backend(1)] && spread.values.allSatisfy { $0 > 0 }, "\(spread)")
        #expect(HTTPProbe.get(port: listen, path: "/healthz")?.body == "ok\n")
        let plan = try sb.cairn(["plan", "stack", "--detailed-exitcode"] + vars(backends: 2))
        #expect(plan.status == 0, "\(plan.both)")

        // A third backend, with requests flowing through nginx the whole time.
        let traffic = TrafficLoop(port: listen)
        let scale = try sb.cairn(["apply", "stack", "--auto-approve"] + vars(backends: 3))
        let during = traffic.stop()
        #expect(scale.status == 0, "\(scale.both)")
        #expect(scale.stdout.contains("Plan: 2 to add, 1 to change, 0 to destroy."), "\(scale.stdout)")
        #expect(during.failures.isEmpty && during.succeeded > 0, "\(during.succeeded) succeeded, failures: \(during.failures)")
        let spread3 = HTTPProbe.tally(port: listen, count: 30)
        #expect(Set(spread3.keys) == [backend(0), backend(1), backend(2)] && spread3.values.allSatisfy { $0 > 0 }, "\(spread3)")
        let backends = try sb.cairn(["output", "backends", "--json", "--stack", "stack"])
        #expect(
            backends.stdout.filter { !$0.isWhitespace } == "[\(ports.map { "\"127.0.0.1:\($0)\"" }.joined(separator: ","))]",
            "\(backends.both)")

        // Destroy leaves nothing in Docker and no file in nginx's conf_dir; nginx stops listening.
        let destroy = try sb.cairn(["destroy", "stack", "--auto-approve"] + vars(backends: 3))
        #expect(destroy.status == 0, "\(destroy.both)")
        for i in 0..<3 { #expect(try docker.api("GET", "/containers/\(backend(i))/json").status == 404) }
        #expect(try docker.api("GET", "/networks/\(prefix)-net").status == 404)
        #expect(try docker.api("GET", "/images/cairn-web/\(prefix)-busybox:1/json").status == 404)
        #expect(try FileManager.default.contentsOfDirectory(atPath: nginx.confDir) == [])
        #expect(TestServers.waitUntil(timeout: 5) { HTTPProbe.get(port: listen, timeout: 1) == nil }, "nginx still answers on \(listen)")
    }
}
