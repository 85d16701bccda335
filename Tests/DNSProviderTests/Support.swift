import CairnProviderKit
import Foundation
@testable import DNSProvider
import TestServers

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
    ["zone": .string(zone), "name": .string(name), "type": .string(type), "ttl": .number(Double(ttl)), "records": .list(records.map { .string($0) })]
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

    deinit { close(fd) }
}

enum RFC2136ClientFor {
    static func bind(_ server: BindServer, secret: String? = nil) throws -> RFC2136Client {
        let key = try TSIGKey(name: server.keyName, algorithm: server.algorithm, base64Secret: secret ?? server.secret)
        return RFC2136Client(transport: DNSTransport(server: try ServerAddress(server.address), timeout: 5), signer: TSIGSigner(key: key))
    }
}
