import CairnDigest
import CairnProviderKit
import Foundation
import TestServers
import Testing

@testable import DockerProvider

/// docker.image: a busybox root filesystem imported from a tarball, an image built FROM it, the
/// content hash that decides on a rebuild, and pull's error without a registry.
@Suite struct ImageTests {
    @Test func tarballImportThenBuildFromItServesTheCopiedPage() async throws {
        guard let fx = try DockerFixture.make() else { return }
        defer { fx.cleanUp() }
        let tarball = try Dockerd.busyboxRootfs()
        defer { try? FileManager.default.removeItem(at: tarball.deletingLastPathComponent()) }
        let baseName = "cairn-test/base-\(fx.tag):1"
        let base = try await fx.create("image", ["name": .string(baseName), "tarball": .string(tarball.path)])
        #expect(base.id.hasPrefix("sha256:"))
        let inspected = try fx.docker.api("GET", "/images/\(baseName)/json")
        #expect(inspected.status == 200)
        #expect((inspected.json as? [String: Any])?["Id"] as? String == base.id)
        #expect(base.attributes["source_hash"] == .string(Digest.sha256Hex(try Data(contentsOf: tarball))))

        let context = try TestServers.makeDirectory("ctx")
        defer { try? FileManager.default.removeItem(at: context) }
        try "FROM \(baseName)\nCOPY site/ /www/\n".write(
            to: context.appendingPathComponent("Dockerfile"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: context.appendingPathComponent("site"), withIntermediateDirectories: true)
        let page = context.appendingPathComponent("site/index.html")
        try "built \(fx.tag)\n".write(to: page, atomically: true, encoding: .utf8)
        let builtName = "cairn-test/built-\(fx.tag):1"
        let buildProps = fx.props(
            "image", ["name": .string(builtName), "build": ["context": .string(context.path), "dockerfile": "Dockerfile"]])
        let built = try await fx.provider.create(kind: "image", properties: buildProps)
        #expect(built.id != base.id)

        let network = try await fx.network()
        let port = try TestServers.freePort()
        var web = try fx.webServer(port: port, network: fx.name("net"))
        web["image"] = .string(built.id)
        let container = try await fx.provider.create(kind: "container", properties: web)
        #expect(await fetchPage("http://127.0.0.1:\(port)/") == "built \(fx.tag)\n")
        // The image's own labels and CMD are not reported as the container's.
        let read = try #require(try await fx.provider.read(kind: "container", current: container))
        #expect(read.attributes["image"] == .string(built.id))

        // Unchanged context: nothing to rebuild. Edited file: the planned hash changes and forces a rebuild.
        #expect(try await fx.provider.plan(kind: "image", prior: built, proposed: buildProps).requiresReplace.isEmpty)
        try "built again \(fx.tag)\n".write(to: page, atomically: true, encoding: .utf8)
        let replan = try await fx.provider.plan(kind: "image", prior: built, proposed: buildProps)
        #expect(replan.requiresReplace == ["source_hash"])
        #expect(replan.attributes["source_hash"] != built.attributes["source_hash"])
        #expect(replan.attributes["id"] == .unknown)

        try await fx.provider.delete(kind: "container", current: container)
        try await fx.provider.delete(kind: "network", current: network)
        try await fx.provider.delete(kind: "image", current: built)
        try await fx.provider.delete(kind: "image", current: base)
        #expect(try fx.docker.api("GET", "/images/\(builtName)/json").status == 404)
        #expect(try fx.docker.api("GET", "/images/\(baseName)/json").status == 404)
        #expect(try await fx.provider.read(kind: "image", current: base) == nil)
    }

    /// A create cut short after the Engine made the image: adopt finds it by name.
    @Test func adoptFindsAnImageByName() async throws {
        guard let fx = try DockerFixture.make() else { return }
        let tarball = try Dockerd.busyboxRootfs()
        defer { try? FileManager.default.removeItem(at: tarball.deletingLastPathComponent()) }
        let name = "cairn-test/adopt-\(fx.tag):1"
        let props = fx.props("image", ["name": .string(name), "tarball": .string(tarball.path)])
        #expect(try await fx.provider.adopt(kind: "image", properties: props) == nil)
        let made = try await fx.provider.create(kind: "image", properties: props)
        let adopted = try #require(try await fx.provider.adopt(kind: "image", properties: props))
        #expect(adopted == made)
        try await fx.provider.delete(kind: "image", current: adopted)
        #expect(try fx.docker.api("GET", "/images/\(name)/json").status == 404)
    }

    @Test func buildFailureCarriesTheBuildersMessage() async throws {
        guard let fx = try DockerFixture.make() else { return }
        let context = try TestServers.makeDirectory("ctx")
        defer { try? FileManager.default.removeItem(at: context) }
        try "FROM \(try fx.docker.baseImage())\nCOPY missing.txt /\n".write(
            to: context.appendingPathComponent("Dockerfile"), atomically: true, encoding: .utf8)
        let props = fx.props(
            "image",
            ["name": .string("cairn-test/broken-\(fx.tag):1"), "build": ["context": .string(context.path), "dockerfile": "Dockerfile"]])
        let error = await #expect(throws: ProviderError.self) {
            try await fx.provider.create(kind: "image", properties: props)
        }
        #expect(error?.message.contains("building image cairn-test/broken-\(fx.tag):1") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("missing.txt") == true, "\(error?.message ?? "")")
    }

    /// No registry can be reached here, so only the failure is tested: it must carry Docker's reason.
    @Test func pullWithoutARegistryFailsWithDockersReason() async throws {
        guard let fx = try DockerFixture.make() else { return }
        let props = fx.props("image", ["name": .string("cairn-test-unreachable.invalid/app:\(fx.tag)"), "pull": true])
        let error = await #expect(throws: ProviderError.self) {
            try await fx.provider.create(kind: "image", properties: props)
        }
        #expect(error?.message.contains("pulling image cairn-test-unreachable.invalid/app:\(fx.tag)") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("cairn-test-unreachable.invalid") == true)
        #expect(error?.hint?.contains("registry") == true)
    }

    @Test func exactlyOneSourceIsRequired() async throws {
        let provider = DockerProvider()
        #expect(
            try await provider.validate(kind: "image", properties: ["name": "a:1", "pull": false]).map(\.message) == [
                "docker.image needs a source"
            ])
        let two = try await provider.validate(kind: "image", properties: ["name": "a:1", "tarball": "/x.tar", "pull": true])
        #expect(two.first?.message.contains("only one of tarball, build and pull") == true)
        #expect(try await provider.validate(kind: "image", properties: ["name": "a:1", "pull": true]).isEmpty)
    }

    @Test func imageNamesSplitLikeDocker() {
        #expect(ImageName("app:1").repository == "app" && ImageName("app:1").tag == "1")
        #expect(ImageName("registry:5000/app").repository == "registry:5000/app" && ImageName("registry:5000/app").tag == "latest")
        #expect(ImageName("registry:5000/app:2").tag == "2")
    }
}
