import Foundation
import TestServers
import Testing

/// What a user sees through `cairn` when Docker says no: Docker's own message with the resource's
/// address, or a plan-time error at the property's position.
@Suite struct DockerErrorsE2ETests {
    func stack(_ container: String) -> String {
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
        \(container)
        """
    }

    @Test func engineRefusalShowsDockersMessageAndTheAddress() throws {
        guard let docker = try Dockerd.shared() else { return }
        let sb = try Sandbox()
        let tag = String(UUID().uuidString.prefix(8)).lowercased()
        try sb.write(
            "stack.yaml",
            stack(
                """
                      name: "Bad Name \(tag)!"
                      image: "${var.image}"
                      command: [sleep, "1"]
                      networks: [none]
                """))
        let r = try sb.cairn([
            "apply", "stack", "--auto-approve", "--var", "host=\(docker.host)", "--var", "image=\(try docker.baseImage())",
        ])
        #expect(r.status == 1, "\(r.both)")
        #expect(
            r.stderr.contains("error: web: create failed: creating container Bad Name \(tag)!: the Docker Engine answered 400"), "\(r.both)"
        )
        #expect(r.stderr.contains("Invalid container name (Bad Name \(tag)!)"), "\(r.both)")
        #expect(try sb.stateList() == [])
    }

    @Test func failingHealthCheckFailsTheApplyWithTheChecksOutput() throws {
        guard let docker = try Dockerd.shared() else { return }
        let sb = try Sandbox()
        let tag = String(UUID().uuidString.prefix(8)).lowercased()
        try sb.write(
            "stack.yaml",
            stack(
                """
                      name: "sick-\(tag)"
                      image: "${var.image}"
                      command: [sleep, "60"]
                      init: true
                      networks: [none]
                      labels: { cairn.test: "\(tag)" }
                      healthcheck: { test: [CMD-SHELL, "echo database unreachable; exit 1"], interval: 0.2, retries: 1 }
                      wait_healthy: true
                      healthy_timeout: 20
                """))
        let r = try sb.cairn([
            "apply", "stack", "--auto-approve", "--var", "host=\(docker.host)", "--var", "image=\(try docker.baseImage())",
        ])
        #expect(r.status == 1, "\(r.both)")
        #expect(r.stderr.contains("error: web: create failed: container sick-\(tag) is unhealthy: database unreachable"), "\(r.both)")
        #expect(try docker.names("containers", label: "cairn.test=\(tag)") == [], "a failed create leaves no container")
    }

    @Test func badRestartPolicyIsAPlanErrorAtItsLine() throws {
        guard let docker = try Dockerd.shared() else { return }
        let sb = try Sandbox()
        try sb.write(
            "stack.yaml",
            stack(
                """
                      name: web
                      image: "${var.image}"
                      restart: sometimes
                """))
        let r = try sb.cairn(["plan", "stack", "--var", "host=\(docker.host)", "--var", "image=x"])
        #expect(r.status == 1, "\(r.both)")
        #expect(r.stderr.contains("stack/stack.yaml:13:"), "\(r.both)")
        #expect(r.stderr.contains("unknown restart policy \"sometimes\""), "\(r.both)")
        #expect(r.stderr.contains("always"), "\(r.both)")
    }
}
