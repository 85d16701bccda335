import Foundation
import TestServers
import Testing

/// cairn killed while it waits for a new container to become healthy: the next run adopts the
/// container by name instead of making a second one or losing it.
@Suite struct DockerCrashE2ETests {
    @Test func killedDuringCreateAdoptsTheContainer() throws {
        guard let docker = try Dockerd.shared() else { return }
        let sb = try Sandbox()
        let tag = String(UUID().uuidString.prefix(8)).lowercased()
        let label = "cairn.test=\(tag)"
        defer {
            for name in (try? docker.names("containers", label: label)) ?? [] {
                _ = try? docker.api("DELETE", "/containers/\(name)?force=1")
            }
        }
        try sb.write(
            "stack.yaml",
            """
            stack: test
            variables:
              host: { type: string }
              image: { type: string }
            providers:
              docker: { host: "${var.host}" }
            resources:
              web:
                type: docker.container
                properties:
                  name: "slow-\(tag)"
                  image: "${var.image}"
                  command: [sh, -c, "sleep 3; touch /tmp/ready; exec sleep 300"]
                  init: true
                  networks: [none]
                  labels: { cairn.test: "\(tag)" }
                  healthcheck: { test: [CMD, test, -f, /tmp/ready], interval: 0.3, retries: 30 }
                  wait_healthy: true
                  healthy_timeout: 30
            """)
        let vars = ["--var", "host=\(docker.host)", "--var", "image=\(try docker.baseImage())"]
        let run = try sb.start(["apply", "stack", "--auto-approve"] + vars)
        let appeared = TestServers.waitUntil(timeout: 20, interval: 0.1) {
            ((try? docker.names("containers", label: label)) ?? []).isEmpty == false
        }
        #expect(appeared)
        #expect(run.process.isRunning, "apply should still be waiting for the health check")
        kill(run.process.processIdentifier, SIGKILL)
        _ = run.wait()
        let made = try docker.names("containers", label: label)
        #expect(made == ["slow-\(tag)"])

        let plan = try sb.cairn(["plan", "stack"] + vars)
        #expect(plan.status == 0, "\(plan.both)")
        #expect(plan.both.contains("adopted"), "\(plan.both)")
        #expect(!plan.stdout.contains("will be created"), "\(plan.both)")
        let apply = try sb.cairn(["apply", "stack", "--auto-approve"] + vars)
        #expect(apply.status == 0, "\(apply.both)")
        #expect(try docker.names("containers", label: label) == ["slow-\(tag)"], "one container, not two")
        #expect(try sb.stateList() == ["web"])
        #expect(try sb.cairn(["plan", "stack", "--detailed-exitcode"] + vars).status == 0)
        #expect(try sb.cairn(["destroy", "stack", "--auto-approve"] + vars).status == 0)
        #expect(try docker.names("containers", label: label) == [])
    }
}
