import CairnHTTP
import CairnProviderKit
import Foundation
import TestServers
import Testing

@testable import DockerProvider

/// What a docker provider test needs: the shared dockerd, a provider pointed at it, and a unique
/// tag that goes into every name and into a `cairn.test` label, so tests running side by side
/// never touch each other's objects.
struct DockerFixture {
    let docker: Dockerd
    let provider: DockerProvider
    let tag: String

    /// nil when dockerd is not installed (outside CI).
    static func make() throws -> DockerFixture? {
        guard let docker = try Dockerd.shared() else { return nil }
        return DockerFixture(
            docker: docker, provider: try DockerProvider(host: docker.host),
            tag: String(UUID().uuidString.prefix(8)).lowercased())
    }

    func name(_ base: String) -> String { "\(base)-\(tag)" }
    var label: String { "cairn.test=\(tag)" }
    var labels: Value { ["cairn.test": .string(tag)] }

    /// Properties as the engine passes them: schema defaults filled in.
    func props(_ kind: String, _ given: [String: Value]) -> [String: Value] {
        var out = given
        for (name, property) in provider.schema.resources[kind]?.properties ?? [:] where out[name] == nil {
            if let value = property.defaultValue { out[name] = value }
        }
        return out
    }

    func create(_ kind: String, _ given: [String: Value]) async throws -> ResourceObject {
        try await provider.create(kind: kind, properties: props(kind, given))
    }

    /// A network for containers to join, made through the provider.
    func network() async throws -> ResourceObject {
        try await create("network", ["name": .string(name("net")), "labels": labels])
    }

    /// Properties of a busybox httpd container serving /www on 127.0.0.1:port.
    func webServer(port: UInt16, network: String, extra: [String: Value] = [:]) throws -> [String: Value] {
        var given: [String: Value] = [
            "name": .string(name("web")),
            "image": .string(try docker.baseImage()),
            "command": ["httpd", "-f", "-p", "80", "-h", "/www"],
            "init": true,
            "networks": [.string(network)],
            "ports": [["internal": 80, "external": .number(Double(port)), "ip": "127.0.0.1", "protocol": "tcp"]],
            "labels": labels,
        ]
        for (key, value) in extra { given[key] = value }
        return props("container", given)
    }

    /// The Engine's own view of a container (`GET /containers/{id}/json`).
    func inspect(_ id: String) throws -> [String: Any]? {
        let (status, json) = try docker.api("GET", "/containers/\(id)/json")
        return status == 200 ? json as? [String: Any] : nil
    }

    /// Everything this test labelled, as the Engine lists it.
    func leftovers() throws -> [String] {
        try docker.names("containers", label: label) + docker.names("networks", label: label) + docker.names("volumes", label: label)
    }

    /// Best-effort removal after a failed test, so nothing keeps a port or a subnet.
    func cleanUp() {
        for name in (try? docker.names("containers", label: label)) ?? [] { _ = try? docker.api("DELETE", "/containers/\(name)?force=1") }
        for name in (try? docker.names("networks", label: label)) ?? [] { _ = try? docker.api("DELETE", "/networks/\(name)") }
        for name in (try? docker.names("volumes", label: label)) ?? [] { _ = try? docker.api("DELETE", "/volumes/\(name)") }
    }
}

/// GETs `url` until it answers 200 (httpd needs a moment after start); the body, or nil.
func fetchPage(_ url: String, within seconds: Double = 10) async -> String? {
    let client = HTTPClient()
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if let response = try? await client.send(HTTPRequest(url: url, timeout: 3)), response.status == 200 {
            return response.text
        }
        try? await Task.sleep(nanoseconds: 100_000_000)
    }
    return nil
}
