import CairnProviderKit
import Foundation
import TestServers
import Testing

@testable import DockerProvider

/// docker.container against a real dockerd: busybox httpd published on 127.0.0.1, drift found
/// by read, repairs by update, import and adopt.
@Suite struct ContainerTests {
    @Test func containerServesAPageFromABindMountAndDestroyLeavesNothing() async throws {
        guard let fx = try DockerFixture.make() else { return }
        defer { fx.cleanUp() }
        let site = try TestServers.makeDirectory("site")
        defer { try? FileManager.default.removeItem(at: site) }
        try "served from the host \(fx.tag)\n".write(to: site.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
        let port = try TestServers.freePort()
        let network = try await fx.network()
        let volume = try await fx.create("volume", ["name": .string(fx.name("data")), "labels": fx.labels])
        let props = try fx.webServer(
            port: port, network: fx.name("net"),
            extra: [
                "entrypoint": ["httpd"],
                "command": ["-f", "-p", "80", "-h", "/www"],
                "env": ["GREETING": "hello"],
                "mounts": [
                    ["type": "bind", "source": .string(site.path), "target": "/www", "read_only": true],
                    ["type": "volume", "source": .string(fx.name("data")), "target": "/data", "read_only": false],
                ],
            ])
        let container = try await fx.provider.create(kind: "container", properties: props)

        #expect(await fetchPage("http://127.0.0.1:\(port)/") == "served from the host \(fx.tag)\n")
        #expect(container.attributes["state"] == "running")
        #expect(container.attributes["ip_address"]?.stringValue?.isEmpty == false)
        let seen = try #require(try fx.inspect(container.id))
        let host = seen["HostConfig"] as? [String: Any]
        #expect(host?["Init"] as? Bool == true)
        #expect(((seen["Config"] as? [String: Any])?["Env"] as? [String])?.contains("GREETING=hello") == true)
        #expect((seen["Config"] as? [String: Any])?["Entrypoint"] as? [String] == ["httpd"])
        #expect(((seen["Config"] as? [String: Any])?["Labels"] as? [String: String])?["cairn.test"] == fx.tag)
        let networks = ((seen["NetworkSettings"] as? [String: Any])?["Networks"] as? [String: Any])?.keys.sorted()
        #expect(networks == [fx.name("net")])
        let mounts = (seen["Mounts"] as? [[String: Any]])?.map {
            "\($0["Type"] ?? "") \($0["Destination"] ?? "") rw=\(($0["RW"] as? Bool).map { "\($0)" } ?? "?")"
        }.sorted()
        #expect(mounts == ["bind /www rw=false", "volume /data rw=true"])
        #expect(volume.attributes["mountpoint"]?.stringValue?.hasSuffix("/_data") == true)

        // Read reports exactly what was configured: no drift right after create.
        let read = try #require(try await fx.provider.read(kind: "container", current: container))
        for key in props.keys.sorted() {
            #expect(read.attributes[key] == props[key], "\(key): read \(read.attributes[key] ?? .null), configured \(props[key] ?? .null)")
        }

        try await fx.provider.delete(kind: "container", current: container)
        try await fx.provider.delete(kind: "network", current: network)
        try await fx.provider.delete(kind: "volume", current: volume)
        #expect(try fx.leftovers() == [])
        #expect(try await fx.provider.read(kind: "container", current: container) == nil)
        // Deleting what is already gone is fine.
        try await fx.provider.delete(kind: "container", current: container)
    }

    @Test func stoppedOutOfBandReadsAsNotRunningAndUpdateStartsIt() async throws {
        guard let fx = try DockerFixture.make() else { return }
        defer { fx.cleanUp() }
        let port = try TestServers.freePort()
        let network = try await fx.network()
        let props = try fx.webServer(port: port, network: fx.name("net"))
        let container = try await fx.provider.create(kind: "container", properties: props)
        #expect(await fetchPage("http://127.0.0.1:\(port)/") == "hello from busybox\n")

        let stop = try fx.docker.api("POST", "/containers/\(container.id)/stop?t=5")
        #expect(stop.status == 204)
        let drifted = try #require(try await fx.provider.read(kind: "container", current: container))
        #expect(drifted.attributes["running"] == false)
        #expect(drifted.attributes["state"] == "exited")

        let repaired = try await fx.provider.update(kind: "container", prior: drifted, properties: props)
        #expect(repaired.id == container.id)
        #expect(repaired.attributes["running"] == true)
        #expect(await fetchPage("http://127.0.0.1:\(port)/") == "hello from busybox\n")

        try await fx.provider.delete(kind: "container", current: repaired)
        try await fx.provider.delete(kind: "network", current: network)
        #expect(try fx.leftovers() == [])
    }

    @Test func removedOutOfBandReadsAsGoneAndRecreatedOneShowsItsLabels() async throws {
        guard let fx = try DockerFixture.make() else { return }
        defer { fx.cleanUp() }
        let network = try await fx.network()
        let props = try fx.webServer(port: try TestServers.freePort(), network: fx.name("net"))
        let container = try await fx.provider.create(kind: "container", properties: props)

        #expect(try fx.docker.api("DELETE", "/containers/\(container.id)?force=1").status == 204)
        #expect(try await fx.provider.read(kind: "container", current: container) == nil)

        // Someone recreates it by hand under the same name, with other labels.
        let body = """
            {"Image":"\(try fx.docker.baseImage())","Cmd":["sleep","60"],"Labels":{"cairn.test":"\(fx.tag)","owner":"someone-else"}}
            """
        #expect(try fx.docker.api("POST", "/containers/create?name=\(fx.name("web"))", json: body).status == 201)
        let found = try #require(try await fx.provider.read(kind: "container", current: container))
        #expect(found.id != container.id)
        #expect(found.attributes["labels"] == ["cairn.test": .string(fx.tag), "owner": "someone-else"])
        #expect(found.attributes["command"] == ["sleep", "60"])
        #expect(found.attributes["running"] == false)

        try await fx.provider.delete(kind: "container", current: found)
        try await fx.provider.delete(kind: "network", current: network)
        #expect(try fx.leftovers() == [])
    }

    @Test func importByNameOrIdAndAdoptByName() async throws {
        guard let fx = try DockerFixture.make() else { return }
        defer { fx.cleanUp() }
        let network = try await fx.network()
        let props = try fx.webServer(port: try TestServers.freePort(), network: fx.name("net"), extra: ["env": ["MODE": "import"]])
        let container = try await fx.provider.create(kind: "container", properties: props)

        let byName = try #require(try await fx.provider.importResource(kind: "container", id: fx.name("web")))
        let byID = try #require(try await fx.provider.importResource(kind: "container", id: container.id))
        #expect(byName == byID)
        #expect(byName.id == container.id)
        for key in ["name", "image", "command", "env", "ports", "networks", "labels", "init", "restart", "running"] {
            #expect(byName.attributes[key] == props[key], "\(key)")
        }
        #expect(try await fx.provider.importResource(kind: "container", id: fx.name("nothing")) == nil)

        let adopted = try #require(try await fx.provider.adopt(kind: "container", properties: props))
        #expect(adopted.id == container.id)
        var other = props
        other["name"] = .string(fx.name("never-made"))
        #expect(try await fx.provider.adopt(kind: "container", properties: other) == nil)

        try await fx.provider.delete(kind: "container", current: container)
        try await fx.provider.delete(kind: "network", current: network)
    }

    @Test func restartPolicyChangesInPlace() async throws {
        guard let fx = try DockerFixture.make() else { return }
        defer { fx.cleanUp() }
        let network = try await fx.network()
        var props = try fx.webServer(port: try TestServers.freePort(), network: fx.name("net"))
        let container = try await fx.provider.create(kind: "container", properties: props)
        props["restart"] = "unless-stopped"
        let updated = try await fx.provider.update(kind: "container", prior: container, properties: props)
        #expect(updated.id == container.id)
        let seen = try #require(try fx.inspect(container.id))
        #expect(((seen["HostConfig"] as? [String: Any])?["RestartPolicy"] as? [String: Any])?["Name"] as? String == "unless-stopped")
        #expect(updated.attributes["restart"] == "unless-stopped")
        try await fx.provider.delete(kind: "container", current: updated)
        try await fx.provider.delete(kind: "network", current: network)
    }

    @Test func waitHealthyReturnsOnceTheCheckPasses() async throws {
        guard let fx = try DockerFixture.make() else { return }
        defer { fx.cleanUp() }
        let network = try await fx.network()
        let props = try fx.webServer(
            port: try TestServers.freePort(), network: fx.name("net"),
            extra: [
                "healthcheck": ["test": ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1/"], "interval": 0.3, "retries": 5],
                "wait_healthy": true, "healthy_timeout": 30,
            ])
        let container = try await fx.provider.create(kind: "container", properties: props)
        let seen = try #require(try fx.inspect(container.id))
        #expect(((seen["State"] as? [String: Any])?["Health"] as? [String: Any])?["Status"] as? String == "healthy")
        let read = try #require(try await fx.provider.read(kind: "container", current: container))
        #expect(read.attributes["healthcheck"] == props["healthcheck"])
        try await fx.provider.delete(kind: "container", current: container)
        try await fx.provider.delete(kind: "network", current: network)
    }

    @Test func waitHealthyFailsWithTheChecksOutputAndLeavesNoContainer() async throws {
        guard let fx = try DockerFixture.make() else { return }
        defer { fx.cleanUp() }
        let network = try await fx.network()
        let props = try fx.webServer(
            port: try TestServers.freePort(), network: fx.name("net"),
            extra: [
                "healthcheck": ["test": ["CMD-SHELL", "echo backend-not-ready; exit 1"], "interval": 0.2, "retries": 1],
                "wait_healthy": true, "healthy_timeout": 20,
            ])
        let error = await #expect(throws: ProviderError.self) {
            try await fx.provider.create(kind: "container", properties: props)
        }
        #expect(error?.message.contains("unhealthy") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("backend-not-ready") == true, "\(error?.message ?? "")")
        #expect(try fx.docker.names("containers", label: fx.label) == [])
        try await fx.provider.delete(kind: "network", current: network)
    }

    @Test func aTakenPortFailsTheStartWithDockersReasonAndLeavesNoContainer() async throws {
        guard let fx = try DockerFixture.make() else { return }
        defer { fx.cleanUp() }
        let network = try await fx.network()
        let port = try TestServers.freePort()
        let first = try await fx.provider.create(kind: "container", properties: try fx.webServer(port: port, network: fx.name("net")))
        var second = try fx.webServer(port: port, network: fx.name("net"))
        second["name"] = .string(fx.name("second"))
        let error = await #expect(throws: ProviderError.self) {
            try await fx.provider.create(kind: "container", properties: second)
        }
        #expect(error?.message.contains("starting container \(fx.name("second"))") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("Bind for 127.0.0.1:\(port) failed: port is already allocated") == true, "\(error?.message ?? "")")
        #expect(error?.hint?.contains("port") == true)
        #expect(try fx.docker.names("containers", label: fx.label) == [fx.name("web")])
        try await fx.provider.delete(kind: "container", current: first)
        try await fx.provider.delete(kind: "network", current: network)
    }

    @Test func engineErrorsCarryDockersOwnMessage() async throws {
        guard let fx = try DockerFixture.make() else { return }
        var props = try fx.webServer(port: try TestServers.freePort(), network: "none")
        props["image"] = .string("cairn-test/no-such-image:\(fx.tag)")
        props["networks"] = nil
        let error = await #expect(throws: ProviderError.self) {
            try await fx.provider.create(kind: "container", properties: props)
        }
        #expect(error?.message.contains("No such image: cairn-test/no-such-image:\(fx.tag)") == true, "\(error?.message ?? "")")
        #expect(error?.hint?.contains("docker.image") == true)

        let taken = try fx.webServer(port: try TestServers.freePort(), network: fx.name("missing-net"))
        let noNetwork = await #expect(throws: ProviderError.self) {
            try await fx.provider.create(kind: "container", properties: taken)
        }
        #expect(noNetwork?.message.contains("network \(fx.name("missing-net")) not found") == true, "\(noNetwork?.message ?? "")")
        #expect(try fx.docker.names("containers", label: fx.label) == [])
    }
}
