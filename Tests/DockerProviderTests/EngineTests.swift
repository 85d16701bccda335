import CairnProviderKit
import Foundation
import TestServers
import Testing

@testable import DockerProvider

/// The Engine client: host settings, API version negotiation, errors when the daemon is away.
@Suite struct EngineTests {
    @Test func hostSettingsParse() throws {
        let unix = try DockerEndpoint.parse("unix:///run/x/docker.sock")
        #expect(unix.socketPath == "/run/x/docker.sock")
        let tcp = try DockerEndpoint.parse("tcp://127.0.0.1:2375")
        #expect(tcp.socketPath == nil && tcp.baseURL == "http://127.0.0.1:2375")
        #expect(try DockerEndpoint.resolve(setting: nil, environment: ["DOCKER_HOST": "unix:///a.sock"]).socketPath == "/a.sock")
        #expect(try DockerEndpoint.resolve(setting: nil, environment: [:]).socketPath == "/var/run/docker.sock")
        #expect(try DockerEndpoint.resolve(setting: "tcp://h:1", environment: ["DOCKER_HOST": "unix:///a.sock"]).baseURL == "http://h:1")
        let bad = #expect(throws: ProviderError.self) { try DockerEndpoint.parse("ssh://box") }
        #expect(bad?.hint?.contains("unix:///var/run/docker.sock") == true)
        #expect(throws: ProviderError.self) { try DockerEndpoint.parse("unix://relative.sock") }
    }

    @Test func versionIsTheLowerOfTheServersAndOurs() {
        #expect(APIVersion.negotiate(server: APIVersion("1.41")!) == APIVersion("1.41")!)
        #expect(APIVersion.negotiate(server: APIVersion("1.47")!) == APIVersion.newestSupported)
        #expect(APIVersion("1.9")! < APIVersion("1.41")!)
        #expect(APIVersion("one") == nil)
    }

    @Test func negotiatesWithTheRealDaemon() async throws {
        guard let docker = try Dockerd.shared() else { return }
        let (_, json) = try docker.api("GET", "/version")
        let server = try #require(APIVersion(((json as? [String: Any])?["ApiVersion"] as? String) ?? ""))
        let engine = Engine(endpoint: try DockerEndpoint.parse(docker.host))
        #expect(try await engine.apiVersion() == min(server, APIVersion.newestSupported))
        let info = try await engine.call("GET", "/info", doing: "reading info")
        #expect(info["ID"]?.stringValue?.isEmpty == false)
    }

    @Test func anAbsentDaemonIsNamedInTheError() async throws {
        let folder = try TestServers.makeDirectory("nodk")
        defer { try? FileManager.default.removeItem(at: folder) }
        let provider = try DockerProvider(host: "unix://\(folder.path)/docker.sock")
        let error = await #expect(throws: ProviderError.self) {
            _ = try await provider.read(kind: "volume", current: ResourceObject(id: "v", attributes: [:]))
        }
        #expect(
            error?.message.contains("cannot reach the Docker Engine at unix://\(folder.path)/docker.sock") == true,
            "\(error?.message ?? "")")
        #expect(error?.hint?.contains("DOCKER_HOST") == true)
    }

    @Test func tcpHostReachesTheSameDaemon() async throws {
        guard let fx = try DockerFixture.make() else { return }
        defer { fx.cleanUp() }
        let overTCP = try DockerProvider(host: fx.docker.tcpHost)
        let props = fx.props("volume", ["name": .string(fx.name("tcp")), "labels": fx.labels])
        let volume = try await overTCP.create(kind: "volume", properties: props)
        #expect(try fx.docker.api("GET", "/volumes/\(fx.name("tcp"))").status == 200)
        #expect(try await fx.provider.read(kind: "volume", current: volume) == volume)
        try await overTCP.delete(kind: "volume", current: volume)
        #expect(try fx.docker.api("GET", "/volumes/\(fx.name("tcp"))").status == 404)
    }

    @Test func configureTakesTheHostSetting() async throws {
        guard let docker = try Dockerd.shared() else { return }
        let provider = DockerProvider()
        try await provider.configure(["host": .string(docker.host)])
        // A volume nobody made: the daemon answers 404, which read turns into "gone".
        #expect(
            try await provider.read(
                kind: "volume", current: ResourceObject(id: "cairn-none-\(UUID().uuidString.prefix(6))", attributes: [:])) == nil)
    }
}

/// The ustar writer behind build contexts, checked with GNU tar.
@Suite struct TarWriterTests {
    @Test func gnuTarReadsWhatItWrites() throws {
        let folder = try TestServers.makeDirectory("tarw")
        defer { try? FileManager.default.removeItem(at: folder) }
        let deep = String(repeating: "d", count: 60) + "/" + String(repeating: "e", count: 60)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("ctx/\(deep)"), withIntermediateDirectories: true)
        try "one\n".write(to: folder.appendingPathComponent("ctx/a.txt"), atomically: true, encoding: .utf8)
        try Data(repeating: 7, count: 1300).write(to: folder.appendingPathComponent("ctx/\(deep)/big.bin"))
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("ctx/link").path, withDestinationPath: "a.txt")
        let context = try BuildContext(folder: folder.appendingPathComponent("ctx").path)
        #expect(context.archive.count % 512 == 0)
        #expect(try BuildContext(folder: folder.appendingPathComponent("ctx").path).hash == context.hash)
        let tarPath = folder.appendingPathComponent("out.tar")
        try context.archive.write(to: tarPath)
        let out = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let extract = try TestServers.run("tar", ["-xf", tarPath.path, "-C", out.path])
        #expect(extract.status == 0, "\(extract.both)")
        #expect(try String(contentsOf: out.appendingPathComponent("a.txt"), encoding: .utf8) == "one\n")
        #expect(try Data(contentsOf: out.appendingPathComponent("\(deep)/big.bin")) == Data(repeating: 7, count: 1300))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: out.appendingPathComponent("link").path) == "a.txt")

        try "two\n".write(to: folder.appendingPathComponent("ctx/a.txt"), atomically: true, encoding: .utf8)
        #expect(try BuildContext(folder: folder.appendingPathComponent("ctx").path).hash != context.hash)
    }
}
