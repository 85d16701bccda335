import Foundation
import TestServers
import Testing

/// stacks/containers, applied as a user would (with its own host, prefix and ports), against the
/// test process's shared dockerd.
@Suite struct DockerExampleStackTests {
    @Test func exampleStackServesBothPagesRebuildsOnEditAndDestroysCleanly() throws {
        guard let docker = try Dockerd.shared() else { return }
        let sb = try Sandbox()
        let prefix = "ex" + String(UUID().uuidString.prefix(6)).lowercased()
        let label = "prefix=\(prefix)"
        defer {
            for name in (try? docker.names("containers", label: label)) ?? [] {
                _ = try? docker.api("DELETE", "/containers/\(name)?force=1")
            }
            for name in (try? docker.names("networks", label: label)) ?? [] { _ = try? docker.api("DELETE", "/networks/\(name)") }
            for name in (try? docker.names("volumes", label: label)) ?? [] { _ = try? docker.api("DELETE", "/volumes/\(name)") }
        }
        try FileManager.default.copyItem(
            at: RepoRoot.url.appendingPathComponent("stacks/containers"), to: URL(fileURLWithPath: sb.stackDir))
        let tarball = try Dockerd.busyboxRootfs()
        try FileManager.default.moveItem(at: tarball, to: URL(fileURLWithPath: sb.stackDir).appendingPathComponent("busybox.tar"))
        try? FileManager.default.removeItem(at: tarball.deletingLastPathComponent())
        let ports = [try TestServers.freePort(), try TestServers.freePort()]
        let vars = ["--var", "host=\(docker.host)", "--var", "prefix=\(prefix)", "--var", "web_ports=[\(ports[0]), \(ports[1])]"]

        let apply = try sb.cairn(["apply", "stack", "--auto-approve"] + vars)
        #expect(apply.status == 0, "\(apply.both)")
        for port in ports {
            let page = try TestServers.run("curl", ["-sf", "--max-time", "5", "http://127.0.0.1:\(port)/"])
            #expect(page.stdout == "<h1>Hello from a Cairn-managed container</h1>\n", "\(page.both)")
        }
        let web0 = try #require(try sb.stateRecord("web[0]")?["id"] as? String)
        let (_, json) = try docker.api("GET", "/containers/\(web0)/json")
        #expect(
            ((json as? [String: Any])?["State"] as? [String: Any]).flatMap { ($0["Health"] as? [String: Any])?["Status"] as? String }
                == "healthy")
        #expect(try sb.cairn(["plan", "stack", "--detailed-exitcode"] + vars).status == 0)

        try sb.write("site/index.html", "<h1>Edited</h1>\n")
        let plan = try sb.cairn(["plan", "stack", "--detailed-exitcode"] + vars)
        #expect(plan.status == 2, "\(plan.both)")
        #expect(plan.stdout.contains("-/+ site (docker.image) must be replaced (forced by source_hash)"), "\(plan.stdout)")
        #expect(plan.stdout.contains("-/+ web[0] (docker.container) must be replaced"), "\(plan.stdout)")
        #expect(plan.stdout.contains("Plan: 3 to add, 0 to change, 3 to destroy."), "\(plan.stdout)")
        let again = try sb.cairn(["apply", "stack", "--auto-approve"] + vars)
        #expect(again.status == 0, "\(again.both)")
        #expect(try TestServers.run("curl", ["-sf", "--max-time", "5", "http://127.0.0.1:\(ports[1])/"]).stdout == "<h1>Edited</h1>\n")

        let destroy = try sb.cairn(["destroy", "stack", "--auto-approve"] + vars)
        #expect(destroy.status == 0, "\(destroy.both)")
        #expect(
            try docker.names("containers", label: label) + docker.names("networks", label: label) + docker.names("volumes", label: label)
                == [])
        #expect(try docker.api("GET", "/images/cairn-containers/\(prefix)-site:1/json").status == 404)
        #expect(try docker.api("GET", "/images/cairn-containers/\(prefix)-base:1/json").status == 404)
    }
}
