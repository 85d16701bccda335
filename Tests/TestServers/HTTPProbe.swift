import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A minimal HTTP/1.0 GET over a plain socket, with a timeout, for counting which backend answered.
public enum HTTPProbe {
    public struct Response: Sendable {
        public var status: Int
        public var body: String
    }

    /// nil when the connection failed, timed out or the answer was not HTTP.
    public static func get(port: UInt16, path: String = "/", timeout: Double = 5) -> Response? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard connected else { return nil }
        let request = Array("GET \(path) HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
        guard request.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == request.count else { return nil }
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { break }
            if n < 0 { return nil }
            data += buffer[0..<n]
        }
        let text = String(decoding: data, as: UTF8.self)
        guard text.hasPrefix("HTTP/"), let headerEnd = text.range(of: "\r\n\r\n") else { return nil }
        let statusWords = text[..<headerEnd.lowerBound].split(separator: " ", maxSplits: 2)
        guard statusWords.count >= 2, let status = Int(statusWords[1]) else { return nil }
        return Response(status: status, body: String(text[headerEnd.upperBound...]))
    }

    /// Sends `count` requests and counts the bodies (trimmed); a failed request counts as "(failed)".
    public static func tally(port: UInt16, count: Int = 20, path: String = "/") -> [String: Int] {
        var out: [String: Int] = [:]
        for _ in 0..<count {
            let r = get(port: port, path: path)
            let key =
                r.map { $0.status == 200 ? $0.body.trimmingCharacters(in: .whitespacesAndNewlines) : "status \($0.status)" } ?? "(failed)"
            out[key, default: 0] += 1
        }
        return out
    }
}

/// Sends requests one after another on a background thread until stopped, counting failures: a
/// refused or cut connection, or any status other than 200.
public final class TrafficLoop: @unchecked Sendable {
    /// What the loop thread shares with its owner. The thread holds only this, so a loop whose
    /// test failed before `stop()` ends when its `TrafficLoop` goes away (or after `limit`).
    private final class State: @unchecked Sendable {
        let lock = NSLock()
        var running = true
        var succeeded = 0
        var failures: [String] = []
        let done = DispatchSemaphore(value: 0)
    }
    private let state = State()

    public init(port: UInt16, path: String = "/", limit: TimeInterval = 300) {
        let state = self.state
        let deadline = Date().addingTimeInterval(limit)
        Thread.detachNewThread {
            while state.lock.withLock({ state.running }), Date() < deadline {
                let r = HTTPProbe.get(port: port, path: path)
                state.lock.withLock {
                    if let r, r.status == 200 {
                        state.succeeded += 1
                    } else {
                        state.failures.append(r.map { "status \($0.status)" } ?? "connection failed")
                    }
                }
            }
            state.done.signal()
        }
    }

    deinit { state.lock.withLock { state.running = false } }

    /// Stops the loop and returns (requests that succeeded, failures).
    public func stop() -> (succeeded: Int, failures: [String]) {
        state.lock.withLock { state.running = false }
        state.done.wait()
        state.done.signal() // a second stop() must not wait forever
        return state.lock.withLock { (state.succeeded, state.failures) }
    }
}
