import CairnProviderKit
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// HAProxy's runtime API over its unix socket: one command per connection, answer read to EOF.
struct RuntimeAPI: Sendable {
    let path: String
    var timeout: Double = 5

    func send(_ command: String) throws -> String {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw failure("cannot open a socket: \(Self.errnoText())") }
        defer { close(fd) }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: addr.sun_path)
        guard bytes.count < capacity else { throw failure("the socket path is longer than \(capacity - 1) bytes") }
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0 }
        }
        guard connected else { throw failure("cannot connect: \(Self.errnoText())") }
        let request = Array((command + "\n").utf8)
        var sent = 0
        while sent < request.count {
            let n = request[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw failure("sending \"\(command)\" failed: \(Self.errnoText())") }
            sent += n
        }
        var answer = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { break }
            guard n > 0 else {
                var err = failure("no complete answer to \"\(command)\" within \(Int(timeout)) s: \(Self.errnoText())")
                err.outcomeUnknown = true
                throw err
            }
            answer += buffer[0..<n]
        }
        let text = String(decoding: answer, as: UTF8.self)
        if text.hasPrefix("Permission denied") {
            throw ProviderError(
                "HAProxy's runtime API at \(path) refused \"\(command)\": \(text.trimmingCharacters(in: .whitespacesAndNewlines))",
                hint: "give the stats socket `level admin` in HAProxy's global section")
        }
        return text
    }

    private func failure(_ what: String) -> ProviderError {
        ProviderError(
            "HAProxy's runtime API at \(path): \(what)",
            hint: "check that HAProxy runs with `stats socket \(path) level admin` and that the provider's socket setting names it")
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}
