import CairnProviderKit
import Foundation

/// Polls a container's health until Docker calls it healthy, it turns unhealthy or stops, or time runs out.
enum HealthWait {
    static func until(healthy id: String, name: String, timeout: TimeInterval, engine: Engine) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        var status = "unknown"
        var lastOutput = ""
        while true {
            guard let container = try await engine.find("/containers/\(id)/json", doing: "reading the health of container \(name)") else {
                throw ProviderError("container \(name) disappeared while waiting for it to become healthy", hint: "run apply again")
            }
            let state = container["State"] ?? .null
            guard let health = state["Health"], !health.isNull else {
                throw ProviderError(
                    "container \(name) has no health check to wait for",
                    hint: "set healthcheck on the container (or use an image that has one), or set wait_healthy: false")
            }
            status = health["Status"]?.stringValue ?? "unknown"
            if let last = health["Log"]?.listValue?.last?["Output"]?.stringValue {
                lastOutput = last.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            if status == "healthy" { return }
            if state["Running"]?.boolValue == false {
                let code = state["ExitCode"]?.intValue ?? -1
                throw ProviderError(
                    "container \(name) stopped (exit code \(code)) before it became healthy",
                    hint: "check its command and logs (docker logs \(name))")
            }
            if status == "unhealthy" {
                throw ProviderError(
                    "container \(name) is unhealthy: \(lastOutput.isEmpty ? "the health check failed" : lastOutput)",
                    hint: "fix the service or its healthcheck test")
            }
            if Date() >= deadline { break }
            try await Task.sleep(nanoseconds: 250_000_000)
        }
        throw ProviderError(
            "container \(name) was not healthy after \(Int(timeout)) s (status \(status))"
                + (lastOutput.isEmpty ? "" : "; last check said: \(lastOutput)"),
            hint: "raise healthy_timeout, or check the healthcheck test and the service")
    }
}
