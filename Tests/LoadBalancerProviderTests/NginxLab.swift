import CairnProviderKit
import Foundation
import NginxProvider
import TestServers

/// A throwaway nginx with Python backends behind it and a configured provider pointing at it.
final class NginxLab: @unchecked Sendable {
    let dir: URL
    let backends: HTTPBackends
    let nginx: NginxServer
    let provider = NginxProvider()
    let port: UInt16

    /// nil when nginx or python3 is not installed (outside CI).
    static func start(backends count: Int = 2) async throws -> NginxLab? {
        guard try TestServers.available("nginx", "python3") else { return nil }
        return try await NginxLab(backends: count)
    }

    private init(backends count: Int) async throws {
        dir = try TestServers.makeDirectory("ngx")
        backends = try HTTPBackends(count: count, in: dir)
        nginx = try NginxServer(dir: dir)
        port = try TestServers.freePort()
        try await provider.configure(nginx.providerSettings.mapValues { .string($0) })
    }

    func upstream(_ name: String = "app", servers: [Int], method: String = "round_robin") -> [String: Value] {
        [
            "name": .string(name), "method": .string(method),
            "servers": .list(
                servers.map {
                    .map([
                        "address": .string(backends.address($0)), "weight": 1, "backup": false,
                        "max_fails": 1, "fail_timeout": "10s",
                    ])
                }),
        ]
    }

    func server(_ name: String = "web", upstream: String = "app") -> [String: Value] {
        [
            "name": .string(name), "listen": .string("127.0.0.1:\(port)"),
            "locations": .list([
                .map(["path": "/", "upstream": .string(upstream)]),
                .map(["path": "/health", "return": 200, "body": "ok \"fine\"\n"]),
            ]),
        ]
    }

    func file(_ name: String) -> String? {
        try? String(contentsOfFile: nginx.confDir + "/" + name, encoding: .utf8)
    }

    func stop() {
        nginx.stop()
        backends.stop()
        try? FileManager.default.removeItem(at: dir)
    }
}
