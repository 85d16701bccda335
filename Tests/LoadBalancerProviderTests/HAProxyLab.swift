import CairnProviderKit
import Foundation
import HAProxyProvider
import TestServers

/// A throwaway HAProxy (master-worker) with Python backends and a configured provider pointing at it.
final class HAProxyLab: @unchecked Sendable {
    let dir: URL
    let backends: HTTPBackends
    let haproxy: HAProxyServer
    let provider = HAProxyProvider()
    let port: UInt16

    static func start(backends count: Int = 2) async throws -> HAProxyLab? {
        guard try TestServers.available("haproxy", "socat", "python3") else { return nil }
        return try await HAProxyLab(backends: count)
    }

    private init(backends count: Int) async throws {
        dir = try TestServers.makeDirectory("hap")
        backends = try HTTPBackends(count: count, in: dir)
        haproxy = try HAProxyServer(dir: dir)
        port = try TestServers.freePort()
        try await provider.configure(haproxy.providerSettings.mapValues { .string($0) })
    }

    /// servers: (backend index, state, weight); server names are s1, s2… after the backend index.
    func backend(_ servers: [(Int, String, Int)], name: String = "app", balance: String = "roundrobin") -> [String: Value] {
        [
            "name": .string(name), "mode": "http", "balance": .string(balance),
            "servers": .list(
                servers.map { i, state, weight in
                    .map([
                        "name": .string("s\(i + 1)"), "address": .string(backends.address(i)), "weight": .number(Double(weight)),
                        "check": false, "state": .string(state),
                    ])
                }),
        ]
    }

    func frontend(_ name: String = "web", backend: String = "app") -> [String: Value] {
        ["name": .string(name), "mode": "http", "bind": .string("127.0.0.1:\(port)"), "default_backend": .string(backend)]
    }

    func file(_ name: String) -> String? {
        try? String(contentsOfFile: haproxy.confDir + "/" + name, encoding: .utf8)
    }

    /// `show servers state BACKEND` rows as [server name: (admin state, user weight)].
    func runtime(_ backend: String = "app") -> [String: (admin: Int, weight: Int)] {
        var out: [String: (Int, Int)] = [:]
        for line in haproxy.command("show servers state \(backend)").split(separator: "\n") where !line.hasPrefix("#") {
            let w = line.split(separator: " ")
            if w.count > 8, let admin = Int(w[6]), let weight = Int(w[7]) { out[String(w[3])] = (admin, weight) }
        }
        return out
    }

    func stop() {
        haproxy.stop()
        backends.stop()
        try? FileManager.default.removeItem(at: dir)
    }
}
