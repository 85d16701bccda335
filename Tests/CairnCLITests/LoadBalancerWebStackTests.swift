import Foundation
import TestServers
import Testing

/// The repository's stacks/web puts two backends behind a real nginx when its variables point there.
@Suite struct LoadBalancerWebStackTests {
    @Test func webStackSpreadsRequestsOverBothBackends() throws {
        guard try TestServers.available("nginx", "python3") else { return }
        let source = RepoRoot.url.appendingPathComponent("stacks/web")
        let dir = try TestServers.makeDirectory("e2eweb")
        defer { try? FileManager.default.removeItem(at: dir) }
        let backends = try HTTPBackends(count: 2, in: dir)
        defer { backends.stop() }
        let nginx = try NginxServer(dir: dir)
        defer { nginx.stop() }
        let port = try TestServers.freePort()
        let sb = try Sandbox()
        try sb.write("stack.yaml", try String(contentsOf: source.appendingPathComponent("stack.yaml"), encoding: .utf8))
        let vars = ["nginx_prefix=\(nginx.dir.path)", "nginx_config=\(nginx.configPath)", "nginx_error_log=\(nginx.errorLog)",
                    "conf_dir=\(nginx.confDir)", "listen=127.0.0.1:\(port)",
                    "backend_1=\(backends.address(0))", "backend_2=\(backends.address(1))", "method=least_conn"]
            .flatMap { ["--var", $0] }

        let apply = try sb.cairn(["apply", "stack", "--auto-approve"] + vars)
        #expect(apply.status == 0, "\(apply.both)")
        let spread = HTTPProbe.tally(port: port, count: 20)
        #expect(spread["backend 1", default: 0] > 0 && spread["backend 2", default: 0] > 0
                && spread.values.reduce(0, +) == spread["backend 1", default: 0] + spread["backend 2", default: 0], "\(spread)")
        #expect(HTTPProbe.get(port: port, path: "/healthz")?.body == "ok\n")
        #expect(try String(contentsOfFile: nginx.confDir + "/upstream-web-app.conf", encoding: .utf8).contains("    least_conn;\n"))
        let url = try sb.cairn(["output", "url", "--raw", "--stack", "stack"])
        #expect(url.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "http://127.0.0.1:\(port)/", "\(url.both)")
        #expect(try sb.cairn(["plan", "stack", "--detailed-exitcode"] + vars).status == 0)

        #expect(try sb.cairn(["destroy", "stack", "--auto-approve"] + vars).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: nginx.confDir).isEmpty)
    }
}
