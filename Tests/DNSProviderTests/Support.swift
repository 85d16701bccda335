import CairnProviderKit
import Foundation
import TestServers

@testable import DNSProvider

/// Providers configured for the servers the tests start.
enum Configured {
    static func bind(_ server: BindServer, secret: String? = nil, keyName: String? = nil, timeout: Double = 5) async throws -> DNSProvider {
        let p = DNSProvider()
        try await p.configure([
            "server": "rfc2136", "address": .string(server.address), "tsig_key_name": .string(keyName ?? server.keyName),
            "tsig_algorithm": .string(server.algorithm), "tsig_secret": .string(secret ?? server.secret), "timeout": .number(timeout),
            "server_id": "localhost",
        ])
        return p
    }

    static func powerDNS(_ server: PowerDNSServer, apiKey: String? = nil) async throws -> DNSProvider {
        let p = DNSProvider()
        try await p.configure([
            "server": "powerdns", "api_url": .string(server.apiURL), "api_key": .string(apiKey ?? server.apiKey),
            "server_id": "localhost", "tsig_algorithm": "hmac-sha256", "timeout": 5,
        ])
        return p
    }
}

func record(zone: String = "example.test.", _ name: String, _ type: String, ttl: Int = 300, _ records: [String]) -> [String: Value] {
    [
        "zone": .string(zone), "name": .string(name), "type": .string(type), "ttl": .number(Double(ttl)),
        "records": .list(records.map { .string($0) }),
    ]
}

extension ResourceObject {
    var records: [String] { attributes["records"]?.listValue?.compactMap(\.stringValue) ?? [] }
}

#if canImport(Glibc)
    import Glibc
#endif

/// A UDP socket on a free loopback port that never answers: a server that hangs.
final class SilentUDPServer {
    let port: UInt16
    private let fd: Int32

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        self.fd = fd
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
        }
        guard ok else { throw POSIXError(.EADDRINUSE) }
        port = UInt16(bigEndian: addr.sin_port)
    }

    private var owned = true

    /// Hands the socket over to a caller who closes it.
    func takeDescriptor() -> Int32 {
        owned = false
        return fd
    }

    deinit { if owned { close(fd) } }
}

enum RFC2136ClientFor {
    static func bind(_ server: BindServer, secret: String? = nil) throws -> RFC2136Client {
        let key = try TSIGKey(name: server.keyName, algorithm: server.algorithm, base64Secret: secret ?? server.secret)
        return RFC2136Client(transport: DNSTransport(server: try ServerAddress(server.address), timeout: 5), signer: TSIGSigner(key: key))
    }
}

/// A UDP relay in front of a real server that changes one byte of each reply: its TSIG MAC's last
/// byte (replies here end with MAC, original ID, error and an empty other-data).
final class TamperingRelay: @unchecked Sendable {
    let port: UInt16
    private let fd: Int32
    private let upstream: UInt16
    private let thread: Thread?

    init(upstream: UInt16) throws {
        let silent = try SilentUDPServer()
        port = silent.port
        fd = silent.takeDescriptor()
        self.upstream = upstream
        let fd = fd
        let t = Thread {
            var buffer = [UInt8](repeating: 0, count: 65535)
            var client = sockaddr_in()
            var clientLen = socklen_t(MemoryLayout<sockaddr_in>.size)
            while true {
                let n = withUnsafeMutablePointer(to: &client) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(fd, &buffer, buffer.count, 0, $0, &clientLen) }
                }
                if n <= 0 { return }
                guard
                    var reply = try? Socket.udpExchange(
                        Array(buffer[0..<n]), id: UInt16(buffer[0]) << 8 | UInt16(buffer[1]),
                        server: ServerAddress("127.0.0.1:\(upstream)"), timeout: 2)
                else { continue }
                if reply.count > 7 { reply[reply.count - 7] ^= 0xFF }
                _ = withUnsafePointer(to: &client) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(fd, reply, reply.count, 0, $0, clientLen) }
                }
            }
        }
        thread = t
        t.start()
    }

    /// Closing the socket ends the relay's loop.
    deinit {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }
}

/// Runs blocking work (starting a server, running dig) on a Dispatch thread, so the async tests
/// leave Swift's small cooperative pool free for everyone else's tests.
func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { c in
        DispatchQueue.global().async { c.resume(with: Result { try work() }) }
    }
}

extension BindServer {
    static func started(algorithm: String = "hmac-sha256") async throws -> BindServer {
        try await offPool { try BindServer(algorithm: algorithm) }
    }
    func digAsync(_ name: String, _ type: String) async throws -> [String] { try await offPool { try self.dig(name, type) } }
    func ttlAsync(_ name: String, _ type: String) async throws -> Int? { try await offPool { try self.ttl(name, type) } }
    func nsupdateAsync(_ commands: String) async throws -> CommandResult { try await offPool { try self.nsupdate(commands) } }
}

extension PowerDNSServer {
    static func started() async throws -> PowerDNSServer { try await offPool { try PowerDNSServer() } }
    func digAsync(_ name: String, _ type: String) async throws -> [String] { try await offPool { try self.dig(name, type) } }
    func ttlAsync(_ name: String, _ type: String) async throws -> Int? { try await offPool { try self.ttl(name, type) } }
    func apiAsync(_ method: String, _ path: String, json: String? = nil) async throws -> (status: Int, body: String) {
        try await offPool { try self.api(method, path, json: json) }
    }
    func createZoneAsync(_ name: String) async throws { try await offPool { try self.createZone(name) } }
}

func runAsync(_ executable: String, _ arguments: [String], stdin: String? = nil, timeout: Double = 60) async throws -> CommandResult {
    try await offPool { try TestServers.run(executable, arguments, stdin: stdin, timeout: timeout) }
}
