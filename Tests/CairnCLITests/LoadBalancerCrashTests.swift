import Foundation
import TestServers
import Testing

/// Applies to a real nginx killed at random moments converge: no file left that nginx has not
/// loaded, nothing duplicated, and nginx serving throughout.
@Suite struct LoadBalancerCrashTests {
    static func stack(_ nginx: NginxServer, port: UInt16, backends: [String]) -> String {
        let settings = nginx.providerSettings.map { "    \($0.key): \"\($0.value)\"" }.sorted().joined(separator: "\n")
        return """
            stack: crash
            providers:
              nginx:
            \(settings)
            resources:
              up:
                type: nginx.upstream
                count: 6
                properties:
                  name: "up-${count.index}"
                  servers:
            \(backends.map { "        - { address: \"\($0)\" }" }.joined(separator: "\n"))
              web:
                type: nginx.server
                properties:
                  name: web
                  listen: "127.0.0.1:\(port)"
                  locations: [{ path: /, upstream: "${up[0].name}" }]

            """
    }

    @Test func killedNginxAppliesConverge() throws {
        guard try TestServers.available("nginx", "python3") else { return }
        let dir = try TestServers.makeDirectory("crashngx")
        defer { try? FileManager.default.removeItem(at: dir) }
        let backends = try HTTPBackends(count: 2, in: dir)
        defer { backends.stop() }
        let nginx = try NginxServer(dir: dir)
        defer { nginx.stop() }
        let port = try TestServers.freePort()
        let sb = try Sandbox()
        let layouts = [[backends.address(0)], [backends.address(0), backends.address(1)], [backends.address(1)]]
        var killed = 0
        for round in 0..<6 {
            try sb.write("stack.yaml", Self.stack(nginx, port: port, backends: layouts[round % 3]))
            let run = try sb.start(["apply", "stack", "--auto-approve"])
            Thread.sleep(forTimeInterval: Double(round * 97 % 400) / 1000)
            if run.process.isRunning {
                kill(run.process.processIdentifier, SIGKILL)
                killed += 1
            }
            _ = run.wait()
        }
        #expect(killed > 0, "at least one apply was killed mid-way")

        try sb.write("stack.yaml", Self.stack(nginx, port: port, backends: layouts[1]))
        let final = try sb.cairn(["apply", "stack", "--auto-approve"])
        #expect(final.status == 0, "\(final.both)")
        let plan = try sb.cairn(["plan", "stack", "--detailed-exitcode"])
        #expect(plan.status == 0, "\(plan.both)")
        let files = try FileManager.default.contentsOfDirectory(atPath: nginx.confDir).sorted()
        #expect(files == (["server-web.conf"] + (0..<6).map { "upstream-up-\($0).conf" }).sorted(), "\(files)")
        #expect(try sb.stateList().count == 7)
        let spread = HTTPProbe.tally(port: port, count: 10)
        #expect(spread["backend 1", default: 0] > 0 && spread["backend 2", default: 0] > 0, "\(spread)")
    }
}
