import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A server started by a test, writing to a log file, stopped by its PID (SIGTERM, then SIGKILL)
/// when `stop()` is called or the object goes away.
///
/// Started with posix_spawn rather than Foundation's Process: the test runner's threads block
/// SIGTERM, and a child inherits that mask through Process, so it could never be stopped politely.
/// Here the child starts with no signal blocked and every handler at its default.
public final class ServerProcess: @unchecked Sendable {
    public let pid: Int32
    public let logURL: URL
    private let lock = NSLock()
    private var exitStatus: Int32?
    private var stopped = false

    public init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                directory: URL? = nil, log: URL) throws {
        guard let path = TestServers.which(executable) else { throw TestServers.Missing(executables: [executable]) }
        var argv = [path] + arguments
        var program = path
        if let directory {
            // posix_spawn has no portable "change folder"; a shell does it, then becomes the server.
            program = "/bin/sh"
            argv = ["/bin/sh", "-c", "cd -- \"$0\" && exec \"$@\"", directory.path] + argv
        }
        let env = ProcessInfo.processInfo.environment.merging(environment ?? [:]) { $1 }.map { "\($0.key)=\($0.value)" }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log.path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var noneBlocked = sigset_t()
        sigemptyset(&noneBlocked)
        var allDefault = sigset_t()
        sigfillset(&allDefault)
        posix_spawnattr_setsigmask(&attr, &noneBlocked)
        posix_spawnattr_setsigdefault(&attr, &allDefault)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var child: pid_t = 0
        let rc = Self.withCStrings(argv) { cArgv in
            Self.withCStrings(env) { cEnv in posix_spawn(&child, program, &actions, &attr, cArgv, cEnv) }
        }
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EINVAL) }
        pid = child
        logURL = log
    }

    private static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { for p in pointers { free(p) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }

    /// Whether the process has not exited yet (reaps it once it has).
    public var isRunning: Bool {
        lock.withLock { reap(blocking: false) == nil }
    }

    /// The exit status once reaped: nil while running.
    private func reap(blocking: Bool) -> Int32? {
        if let exitStatus { return exitStatus }
        var status: Int32 = 0
        let r = waitpid(pid, &status, blocking ? 0 : WNOHANG)
        if r == pid || (r == -1 && errno == ECHILD) {
            exitStatus = status
            return status
        }
        return nil
    }

    /// What the server has written so far.
    public var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    /// Sends `signal`, waits up to `grace` seconds, then kills. Safe to call twice.
    public func stop(signal: Int32 = SIGTERM, grace: Double = 5) {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        guard reap(blocking: false) == nil else { return }
        kill(pid, signal)
        if !TestServers.waitUntil(timeout: grace, { reap(blocking: false) != nil }) {
            kill(pid, SIGKILL)
            _ = reap(blocking: true)
        }
    }

    deinit { stop(grace: 2) }
}
