import CairnProviderKit
import Foundation
import TestServers
import Testing

@testable import DockerProvider

/// docker.network and docker.volume against a real dockerd.
@Suite struct NetworkVolumeTests {
    @Test func networkIsCreatedReadAndRemoved() async throws {
        guard let fx = try DockerFixture.make() else { return }
        defer { fx.cleanUp() }
        let props = fx.props("network", ["name": .string(fx.name("net")), "internal": true, "labels": fx.labels])
        let network = try await fx.provider.create(kind: "network", properties: props)
        let (status, json) = try fx.docker.api("GET", "/networks/\(fx.name("net"))")
        #expect(status == 200)
        let seen = json as? [String: Any]
        #expect(seen?["Id"] as? String == network.id)
        #expect(seen?["Internal"] as? Bool == true)
        #expect(seen?["Driver"] as? String == "bridge")
        #expect((seen?["Labels"] as? [String: String])?["cairn.test"] == fx.tag)
        let read = try #require(try await fx.provider.read(kind: "network", current: network))
        for key in props.keys.sorted() { #expect(read.attributes[key] == props[key], "\(key)") }
        #expect(read.attributes["id"] == .string(network.id))

        let duplicate = await #expect(throws: ProviderError.self) {
            try await fx.provider.create(kind: "network", properties: props)
        }
        #expect(duplicate?.message.contains("already exists") == true, "\(duplicate?.message ?? "")")

        let imported = try #require(try await fx.provider.importResource(kind: "network", id: fx.name("net")))
        #expect(imported == read)
        #expect(try await fx.provider.importResource(kind: "network", id: network.id) == read)
        #expect(try await fx.provider.adopt(kind: "network", properties: props) == read)
        var other = props
        other["name"] = .string(fx.name("never-made"))
        #expect(try await fx.provider.adopt(kind: "network", properties: other) == nil)
        try await fx.provider.delete(kind: "network", current: network)
        #expect(try fx.docker.api("GET", "/networks/\(network.id)").status == 404)
        #expect(try await fx.provider.read(kind: "network", current: network) == nil)
    }

    @Test func networkRecreatedOutOfBandShowsItsLabels() async throws {
        guard let fx = try DockerFixture.make() else { return }
        defer { fx.cleanUp() }
        let network = try await fx.network()
        #expect(try fx.docker.api("DELETE", "/networks/\(network.id)").status == 204)
        let body = #"{"Name":"\#(fx.name("net"))","Labels":{"cairn.test":"\#(fx.tag)","team":"other"}}"#
        #expect(try fx.docker.api("POST", "/networks/create", json: body).status == 201)
        let found = try #require(try await fx.provider.read(kind: "network", current: network))
        #expect(found.id != network.id)
        #expect(found.attributes["labels"] == ["cairn.test": .string(fx.tag), "team": "other"])
        try await fx.provider.delete(kind: "network", current: found)
        #expect(try fx.leftovers() == [])
    }

    @Test func volumeIsCreatedReadImportedAndRemoved() async throws {
        guard let fx = try DockerFixture.make() else { return }
        defer { fx.cleanUp() }
        let props = fx.props("volume", ["name": .string(fx.name("vol")), "labels": fx.labels])
        let volume = try await fx.provider.create(kind: "volume", properties: props)
        #expect(volume.id == fx.name("vol"))
        let (status, json) = try fx.docker.api("GET", "/volumes/\(fx.name("vol"))")
        #expect(status == 200)
        #expect((json as? [String: Any])?["Mountpoint"] as? String == volume.attributes["mountpoint"]?.stringValue)
        let read = try #require(try await fx.provider.read(kind: "volume", current: volume))
        for key in props.keys.sorted() { #expect(read.attributes[key] == props[key], "\(key)") }

        // Docker would hand back the existing volume; the provider refuses to take it silently.
        let taken = await #expect(throws: ProviderError.self) {
            try await fx.provider.create(kind: "volume", properties: props)
        }
        #expect(taken?.message.contains("already exists") == true)
        #expect(taken?.hint?.contains("cairn import") == true)
        #expect(try await fx.provider.importResource(kind: "volume", id: fx.name("vol")) == read)
        #expect(try await fx.provider.adopt(kind: "volume", properties: props) == read)

        try await fx.provider.delete(kind: "volume", current: volume)
        #expect(try fx.docker.api("GET", "/volumes/\(fx.name("vol"))").status == 404)
        #expect(try await fx.provider.read(kind: "volume", current: volume) == nil)
    }

    @Test func volumeRecreatedOutOfBandShowsItsLabels() async throws {
        guard let fx = try DockerFixture.make() else { return }
        defer { fx.cleanUp() }
        let volume = try await fx.create("volume", ["name": .string(fx.name("vol")), "labels": fx.labels])
        #expect(try fx.docker.api("DELETE", "/volumes/\(volume.id)").status == 204)
        #expect(try await fx.provider.read(kind: "volume", current: volume) == nil)
        let body = #"{"Name":"\#(fx.name("vol"))","Labels":{"cairn.test":"\#(fx.tag)","team":"other"}}"#
        #expect(try fx.docker.api("POST", "/volumes/create", json: body).status == 201)
        let found = try #require(try await fx.provider.read(kind: "volume", current: volume))
        #expect(found.attributes["labels"] == ["cairn.test": .string(fx.tag), "team": "other"])
        try await fx.provider.delete(kind: "volume", current: found)
        #expect(try fx.leftovers() == [])
    }

    @Test func volumeInUseCannotBeRemovedAndSaysWhy() async throws {
        guard let fx = try DockerFixture.make() else { return }
        defer { fx.cleanUp() }
        let volume = try await fx.create("volume", ["name": .string(fx.name("busy")), "labels": fx.labels])
        let body = """
            {"Image":"\(try fx.docker.baseImage())","Cmd":["true"],"Labels":{"cairn.test":"\(fx.tag)"},
             "HostConfig":{"Mounts":[{"Type":"volume","Source":"\(fx.name("busy"))","Target":"/data"}]}}
            """
        #expect(try fx.docker.api("POST", "/containers/create?name=\(fx.name("user"))", json: body).status == 201)
        let error = await #expect(throws: ProviderError.self) {
            try await fx.provider.delete(kind: "volume", current: volume)
        }
        #expect(error?.message.contains("volume is in use") == true, "\(error?.message ?? "")")
        #expect(error?.hint?.contains("container") == true)
    }
}
