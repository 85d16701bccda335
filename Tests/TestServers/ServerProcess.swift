import CairnProcess
import CairnProviderKit
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A server started by a test, writing to a log file, stopped by its PID (SIGTERM, then SIGKILL)
/// when `stop()` is called or the object goes away. Started through `Subprocess`: no signal
/// blocked in the child (the test runner's threads block SIGTERM), exit noticed by waitpid.
public final class ServerProcess: @unchecked Sendable {
    public let pid: Int32
    public let logURL: URL
    private let process: Subprocess
    private let lock = NSLock()
    private var stopped = false

    public init(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
        directory: URL? = nil, log: URL
    ) throws {
        guard let path = TestServers.which(executable) else { throw TestServers.Missing(executables: [executable]) }
        let env = environment.map { ProcessInfo.processInfo.environment.merging($0) { $1 } }
        process = try Subprocess(
            path, arguments, environment: env, directory: directory?.path,
            stdout: .file(log.path), stderr: .standardOutput)
        pid = process.processIdentifier
        logURL = log
    }

    public var isRunning: Bool { process.isRunning }

    /// What the server has written so far.
    public var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    /// Sends `signal`, waits up to `grace` seconds, then kills. Safe to call twice.
    public func stop(signal: Int32 = SIGTERM, grace: Double = 5) {
        let first = lock.withLock { () -> Bool in
            defer { stopped = true }
            return !stopped
        }
        guard first, process.isRunning else { return }
        kill(pid, signal)
        _ = process.wait(timeout: grace)
    }

    deinit { stop(grace: 2) }
}
