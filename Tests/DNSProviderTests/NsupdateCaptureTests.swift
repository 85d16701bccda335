import CairnProviderKit
import Foundation
import TestServers
import Testing

@testable import DNSProvider

#if canImport(Glibc)
    import Glibc
#endif

/// Cross-checks against BIND's own client: what `nsupdate` sends right now, caught by a UDP
/// listener, decodes as the UPDATE we would build and carries a MAC our verifier accepts.
@Suite struct NsupdateCaptureTests {
    @Test func liveNsupdateMessageMatchesOurLayoutAndMAC() async throws {
        guard try TestServers.available("nsupdate", "tsig-keygen") else { return }
        let keygen = try await runAsync("tsig-keygen", ["-a", "hmac-sha512", "capkey"])
        let secret = try #require(keygen.stdout.split(separator: "\"").dropFirst(3).first.map(String.init))
        let listener = try SilentUDPServer()
        let captured = CapturedDatagram(fd: listener.takeDescriptor())
        let script =
            "server 127.0.0.1 \(listener.port)\nzone example.test\nupdate delete www.example.test. A\nupdate add www.example.test. 60 IN A 192.0.2.20\nsend\n"
        // nsupdate waits for an answer that never comes; the datagram is all we need.
        _ = try await runAsync(
            "nsupdate", ["-t", "1", "-u", "1", "-r", "0", "-y", "hmac-sha512:capkey:\(secret)"], stdin: script, timeout: 10)
        let bytes = try #require(captured.wait(seconds: 5))

        let message = try DNSMessage.decode(bytes)
        let ours = try DNSMessage.decode(
            try UpdateBuilder.replace(
                id: message.id,
                RRset(
                    key: RRsetKey(zone: "example.test.", fqdn: "www.example.test.", type: RRType.a), ttl: 60, records: ["192.0.2.20"])
            ).encode())
        #expect(message.opcode == ours.opcode)
        #expect(message.questions == ours.questions)
        #expect(message.answers == ours.answers)
        #expect(message.authority == ours.authority)

        let signer = TSIGSigner(key: try TSIGKey(name: "capkey", algorithm: "hmac-sha512", base64Secret: secret))
        let tsig = try signer.verify(response: bytes, decoded: message, requestMAC: [])
        #expect(tsig.mac.count == 64)
        #expect(tsig.fudge == 300)
    }
}

/// Receives one datagram on a background thread.
final class CapturedDatagram: @unchecked Sendable {
    private let lock = NSCondition()
    private var data: [UInt8]?
    private let fd: Int32

    init(fd: Int32) {
        self.fd = fd
        Thread {
            var buffer = [UInt8](repeating: 0, count: 65535)
            let n = recv(fd, &buffer, buffer.count, 0)
            self.lock.lock()
            self.data = n > 0 ? Array(buffer[0..<n]) : []
            self.lock.broadcast()
            self.lock.unlock()
        }.start()
    }

    func wait(seconds: Double) -> [UInt8]? {
        lock.lock()
        defer { lock.unlock() }
        let deadline = Date().addingTimeInterval(seconds)
        while data == nil, lock.wait(until: deadline) {}
        return data
    }

    deinit {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }
}
