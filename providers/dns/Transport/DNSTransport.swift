import CairnProviderKit
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Sends one DNS message and returns the reply's bytes: over UDP, or TCP when the message is too
/// big for a plain UDP datagram or the UDP reply comes back truncated (TC bit). Every step has a
/// timeout, so a silent or missing server is an error, never a hang.
struct DNSTransport: Sendable {
    let server: ServerAddress
    let timeout: TimeInterval

    /// RFC 1035's limit for a UDP message when neither side has said otherwise (no EDNS here).
    static let udpLimit = 512

    enum Channel: String {
        case udp = "UDP"
        case tcp = "TCP"
    }

    // Socket calls block their thread, so they run here rather than on Swift's cooperative pool.
    private static let queue = DispatchQueue(label: "cairn.dns", attributes: .concurrent)

    /// Sends `build()`'s bytes and returns the raw reply. `build` runs again for a TCP retry, so a
    /// TSIG signature is made fresh for each send.
    func exchange(id: UInt16, _ build: @escaping @Sendable () throws -> [UInt8]) async throws -> (bytes: [UInt8], via: Channel) {
        let server = server
        let timeout = timeout
        return try await withCheckedThrowingContinuation { continuation in
            Self.queue.async {
                continuation.resume(
                    with: Result {
                        let first = try build()
                        if first.count <= Self.udpLimit {
                            let reply = try Socket.udpExchange(first, id: id, server: server, timeout: timeout)
                            // Byte 2 bit 1 is TC: the answer did not fit, ask again over TCP.
                            if reply.count < 3 || reply[2] & 0x02 == 0 { return (reply, .udp) }
                        }
                        let again = first.count <= Self.udpLimit ? try build() : first
                        return (try Socket.tcpExchange(again, server: server, timeout: timeout), .tcp)
                    })
            }
        }
    }

    /// Sends one request over TCP and reads replies until `done` says the last one has come (AXFR).
    func stream(_ request: [UInt8], done: @escaping @Sendable ([UInt8]) throws -> Bool) async throws -> [[UInt8]] {
        let server = server
        let timeout = timeout
        return try await withCheckedThrowingContinuation { continuation in
            Self.queue.async {
                continuation.resume(with: Result { try Socket.tcpStream(request, server: server, timeout: timeout, done: done) })
            }
        }
    }
}

/// Blocking socket work behind `DNSTransport`.
enum Socket {
    static func udpExchange(_ message: [UInt8], id: UInt16, server: ServerAddress, timeout: TimeInterval) throws -> [UInt8] {
        let fd = try connected(server, type: SOCK_DGRAM, timeout: timeout)
        defer { close(fd) }
        guard send(fd, message, message.count, 0) == message.count else {
            throw failure("sending to \(server) over UDP failed", errno)
        }
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 65535)
        while true {
            try waitReadable(fd, until: deadline, server: server, what: "UDP reply")
            let n = recv(fd, &buffer, buffer.count, 0)
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                // A refused port comes back here as ECONNREFUSED through the ICMP error.
                throw failure("no DNS server answers at \(server) (UDP)", errno)
            }
            // A stray datagram with another ID is not our answer: keep waiting.
            if n >= 2, UInt16(buffer[0]) << 8 | UInt16(buffer[1]) == id { return Array(buffer[0..<n]) }
        }
    }

    static func tcpExchange(_ message: [UInt8], server: ServerAddress, timeout: TimeInterval) throws -> [UInt8] {
        var reply: [UInt8] = []
        _ = try tcpStream(message, server: server, timeout: timeout) {
            reply = $0
            return true
        }
        return reply
    }

    static func tcpStream(
        _ message: [UInt8], server: ServerAddress, timeout: TimeInterval,
        done: ([UInt8]) throws -> Bool
    ) throws -> [[UInt8]] {
        guard message.count <= 0xFFFF else { throw ProviderError("DNS message of \(message.count) bytes is too large to send") }
        let fd = try connected(server, type: SOCK_STREAM, timeout: timeout)
        defer { close(fd) }
        let framed = [UInt8(message.count >> 8), UInt8(message.count & 0xff)] + message
        var sent = 0
        while sent < framed.count {
            let n = framed[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure("sending to \(server) over TCP failed", errno)
            }
            sent += n
        }
        let deadline = Date().addingTimeInterval(timeout)
        var replies: [[UInt8]] = []
        while true {
            let header = try readExactly(fd, 2, until: deadline, server: server)
            let reply = try readExactly(fd, Int(header[0]) << 8 | Int(header[1]), until: deadline, server: server)
            replies.append(reply)
            if try done(reply) { return replies }
        }
    }

    private static func readExactly(_ fd: Int32, _ count: Int, until deadline: Date, server: ServerAddress) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            try waitReadable(fd, until: deadline, server: server, what: "TCP reply")
            let n = out[got...].withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw failure("reading from \(server) over TCP failed", errno)
            }
            if n == 0 { throw ProviderError("\(server) closed the TCP connection before its reply was complete") }
            got += n
        }
        return out
    }

    private static func waitReadable(_ fd: Int32, until deadline: Date, server: ServerAddress, what: String) throws {
        while true {
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { throw timedOut(server, what) }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let r = poll(&p, 1, Int32(max(1, left * 1000)))
            if r > 0 { return }
            if r == 0 { throw timedOut(server, what) }
            if errno != EINTR { throw failure("waiting for \(server) failed", errno) }
        }
    }

    /// A socket connected to `server`, trying each address it resolves to; the connect itself is
    /// bounded by `timeout`.
    private static func connected(_ server: ServerAddress, type: __socket_type, timeout: TimeInterval) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_socktype = Int32(type.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(server.host, String(server.port), &hints, &list)
        guard rc == 0, let first = list else {
            throw ProviderError(
                "cannot resolve DNS server host \(server.host): \(String(cString: gai_strerror(rc)))",
                hint: "check the provider's address setting")
        }
        defer { freeaddrinfo(list) }
        var lastError: Int32 = 0
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let ai = cursor {
            cursor = ai.pointee.ai_next
            let fd = socket(ai.pointee.ai_family, ai.pointee.ai_socktype, ai.pointee.ai_protocol)
            guard fd >= 0 else {
                lastError = errno
                continue
            }
            if connectWithTimeout(fd, ai.pointee.ai_addr, ai.pointee.ai_addrlen, timeout: timeout) { return fd }
            lastError = errno
            close(fd)
        }
        if lastError == ETIMEDOUT { throw timedOut(server, "TCP connection") }
        throw failure("cannot connect to DNS server \(server)", lastError)
    }

    private static func connectWithTimeout(_ fd: Int32, _ addr: UnsafeMutablePointer<sockaddr>?, _ len: socklen_t, timeout: TimeInterval)
        -> Bool
    {
        let flags = fcntl(fd, F_GETFL, 0)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        defer { _ = fcntl(fd, F_SETFL, flags) }
        if connect(fd, addr, len) == 0 { return true }
        guard errno == EINPROGRESS else { return false }
        var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        guard poll(&p, 1, Int32(max(1, timeout * 1000))) == 1 else {
            errno = ETIMEDOUT
            return false
        }
        var err: Int32 = 0
        var errLen = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &errLen)
        if err != 0 {
            errno = err
            return false
        }
        return true
    }

    private static func timedOut(_ server: ServerAddress, _ what: String) -> ProviderError {
        ProviderError(
            "DNS server \(server) did not answer in time (waiting for its \(what))",
            hint: "check that a DNS server listens on \(server) and that the timeout setting is long enough")
    }

    private static func failure(_ what: String, _ code: Int32) -> ProviderError {
        ProviderError(
            "\(what): \(String(cString: strerror(code)))", hint: "check that a DNS server listens there (the provider's address setting)")
    }
}
