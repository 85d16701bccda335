import CairnProcess
import CairnProviderKit
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What tests that talk to real servers share: finding executables, free loopback ports,
/// throwaway folders, running a command to completion, and waiting for readiness.
public enum TestServers {
    /// True when running under CI (`CI=true`), where a missing server is a failure, not a skip.
    public static var inCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    public struct Missing: Error, CustomStringConvertible {
        public let executables: [String]
        public var description: String {
            "required test server(s) not installed: \(executables.joined(separator: ", ")) — run scripts/install-deps --test"
        }
    }

    /// Whether every executable can be found. When one is missing this throws under CI (so the test
    /// fails) and returns false elsewhere (so the test returns early, with a note on stderr).
    public static func available(_ executables: String...) throws -> Bool {
        let missing = executables.filter { which($0) == nil }
        guard !missing.isEmpty else { return true }
        if inCI { throw Missing(executables: missing) }
        FileHandle.standardError.write(Data("note: skipping, not installed: \(missing.joined(separator: ", "))\n".utf8))
        return false
    }

    /// The full path of an executable on PATH (plus the sbin folders, where daemons live).
    public static func which(_ name: String) -> String? {
        if name.hasPrefix("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let folders = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin", "/usr/local/sbin"]
        for folder in folders {
            let candidate = folder + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// A port on 127.0.0.1 that is free for both TCP and UDP at the moment of asking.
    public static func freePort() throws -> UInt16 {
        for _ in 0..<50 {
            let tcp = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(tcp) }
            guard tcp >= 0, let port = bindLoopback(tcp, port: 0) else { continue }
            let udp = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
            defer { close(udp) }
            if udp >= 0, bindLoopback(udp, port: port) != nil { return port }
        }
        throw POSIXError(.EADDRINUSE)
    }

    private static func bindLoopback(_ fd: Int32, port: UInt16) -> UInt16? {
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { ptr -> Bool in
                bind(fd, ptr, len) == 0 && getsockname(fd, ptr, &len) == 0
            }
        }
        return bound ? UInt16(bigEndian: addr.sin_port) : nil
    }

    /// A new empty folder under the temporary directory. Short, because unix socket paths are
    /// limited to 107 bytes.
    public static func makeDirectory(_ prefix: String) throws -> URL {
        let url = URL(fileURLWithPath: "/tmp").appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Polls `check` until it answers true or `timeout` seconds pass.
    @discardableResult
    public static func waitUntil(timeout: Double, interval: Double = 0.05, _ check: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        repeat {
            if check() { return true }
            Thread.sleep(forTimeInterval: interval)
        } while Date() < deadline
        return check()
    }

    /// Runs a command to completion (killed after `timeout` seconds) and returns what it printed.
    public static func run(
        _ executable: String, _ arguments: [String], stdin: String? = nil,
        environment: [String: String]? = nil, timeout: Double = 60
    ) throws -> CommandResult {
        guard let path = which(executable) else { throw Missing(executables: [executable]) }
        let env = environment.map { ProcessInfo.processInfo.environment.merging($0) { $1 } }
        let r = try Subprocess.run(path, arguments, environment: env, stdin: stdin.map { Data($0.utf8) }, timeout: timeout)
        return CommandResult(
            status: r.status, stdout: String(decoding: r.stdout, as: UTF8.self),
            stderr: String(decoding: r.stderr, as: UTF8.self))
    }
}

public struct CommandResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    public var both: String { "exit \(status)\nstdout:\n\(stdout)\nstderr:\n\(stderr)" }
}
